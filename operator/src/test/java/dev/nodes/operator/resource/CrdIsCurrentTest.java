package dev.nodes.operator.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nodes.operator.ProjectPaths;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
                .withPostProcessor(new CRDPostProcessor() {
                    @Override
                    public HasMetadata process(HasMetadata crd, String version) {
                        return withRedisExactlyOneTarget((CustomResourceDefinition) crd);
                    }
                })
                .inOutputDir(out.toFile())
                .generate();
        return Files.readString(out.resolve(ProjectPaths.CRD_FILE_NAME));
    }

    /** spec.redis: exactly one of host and secretRef, as a structural-schema oneOf (no annotation for it). */
    static CustomResourceDefinition withRedisExactlyOneTarget(CustomResourceDefinition crd) {
        JSONSchemaProps redis = crd.getSpec()
                .getVersions()
                .getFirst()
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec")
                .getProperties()
                .get("redis");
        redis.setOneOf(List.of(
                new JSONSchemaPropsBuilder().withRequired("host").build(),
                new JSONSchemaPropsBuilder().withRequired("secretRef").build()));
        return crd;
    }

    @Test
    void checkedInCrdIsWhatTheClassesGenerate() throws IOException {
        String generated = generateCrd();
        if (Boolean.getBoolean("nodes.crd.update")) {
            Files.writeString(ProjectPaths.checkedInCrd(), generated);
            Files.createDirectories(ProjectPaths.chartCrdCopy().getParent());
            Files.writeString(ProjectPaths.chartCrdCopy(), generated);
        }
        assertEquals(
                generated,
                Files.readString(ProjectPaths.checkedInCrd()),
                "crds/ is stale: rerun with -Dnodes.crd.update=true and commit the result");
        assertEquals(
                generated,
                Files.readString(ProjectPaths.chartCrdCopy()),
                "the chart's copy of the CRD is stale: rerun with -Dnodes.crd.update=true");
    }
}
