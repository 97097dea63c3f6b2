package dev.nodes.operator.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nodes.operator.ProjectPaths;
import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CRD in crds/ (and the chart's copy) must be what the Java classes generate.
 * Regenerate both with: mvn -pl operator test -Dtest=CrdIsCurrentTest -Dnodes.crd.update=true
 */
class CrdIsCurrentTest {

    static String generateCrd() throws IOException {
        Path out = Path.of("target", "generated-crd");
        Files.createDirectories(out);
        new CRDGenerator()
                .customResourceClasses(NodesPlatform.class)
                .forCRDVersions("v1")
                .inOutputDir(out.toFile())
                .generate();
        return Files.readString(out.resolve(ProjectPaths.CRD_FILE_NAME));
    }

    @Test
    void checkedInCrdIsWhatTheClassesGenerate() throws IOException {
        String generated = generateCrd();
        if (Boolean.getBoolean("nodes.crd.update")) {
            Files.writeString(ProjectPaths.checkedInCrd(), generated);
            Files.createDirectories(ProjectPaths.chartCrdCopy().getParent());
            Files.writeString(ProjectPaths.chartCrdCopy(), generated);
        }
        assertEquals(generated, Files.readString(ProjectPaths.checkedInCrd()),
                "crds/ is stale: rerun with -Dnodes.crd.update=true and commit the result");
        assertEquals(generated, Files.readString(ProjectPaths.chartCrdCopy()),
                "the chart's copy of the CRD is stale: rerun with -Dnodes.crd.update=true");
    }
}
