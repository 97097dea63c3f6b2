package dev.nodes.operator;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository that the operator's tests check, located from the module directory. */
public final class ProjectPaths {
    public static final String CRD_FILE_NAME = "nodesplatforms.platform.nodes.dev-v1.yml";

    private ProjectPaths() {}

    public static Path repoRoot() {
        Path module = Path.of("").toAbsolutePath();
        Path root = Files.exists(module.resolve("crds")) ? module : module.getParent();
        if (!Files.isDirectory(root.resolve("crds"))) {
            throw new IllegalStateException("cannot find the repository root from " + module);
        }
        return root;
    }

    public static Path checkedInCrd() {
        return repoRoot().resolve("crds").resolve(CRD_FILE_NAME);
    }

    public static Path chart() {
        return repoRoot().resolve("charts").resolve("nodes-platform");
    }

    /** The chart's copy of the CRD, rendered by templates/crd.yaml. */
    public static Path chartCrdCopy() {
        return chart().resolve("files").resolve(CRD_FILE_NAME);
    }
}
