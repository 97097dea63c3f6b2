package dev.nodes.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The project's images, built by scripts/images.sh with podman (no registry). */
public final class Images {
    public static final String SERVICE = "localhost/nodes-service";
    public static final String OPERATOR = "localhost/nodes-operator";
    /** Built by scripts/k8s-install.sh with the other base images. */
    public static final String REDIS = "localhost/redis:7.0";

    private Images() {}

    /**
     * Builds both images with this tag.
     *
     * @param packaged true when mvn package already ran (the suite runs after the other modules' package phase)
     */
    public static void build(String tag, boolean packaged) {
        Map<String, String> env = new HashMap<>();
        if (packaged) {
            env.put("SKIP_MVN", "1");
        }
        Shell.check(Duration.ofMinutes(15), env, "bash", "scripts/images.sh", "build", tag);
    }

    /** A second name for an image: how a new release is exercised without rebuilding. */
    public static void tag(String image, String newName) {
        Shell.check(Duration.ofMinutes(1), Map.of(), "podman", "tag", image, newName);
    }

    /** The image's size in bytes, as podman reports it. */
    public static long size(String image) {
        return Long.parseLong(Shell.check(
                        Duration.ofMinutes(1), Map.of(), "podman", "image", "inspect", "--format", "{{.Size}}", image)
                .stdout()
                .strip());
    }
}
