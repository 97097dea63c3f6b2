package dev.nodes.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The project's local cluster (scripts/cluster.sh): up, load images, kubectl, down. */
public final class LocalCluster implements AutoCloseable {
    private static final List<String> SCRIPT = List.of("bash", "scripts/cluster.sh");
    private final Path kubeconfig;
    private final KubernetesClient client;

    private LocalCluster(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
        try {
            this.client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the cluster (a fresh etcd; images already loaded stay) and waits for its node. */
    public static LocalCluster up() {
        Shell.Result r = Shell.check(Duration.ofMinutes(5), Map.of(), Shell.concat(SCRIPT, "up"));
        return new LocalCluster(Path.of(r.lastLine()));
    }

    /** The cluster that is up already (scripts/cluster.sh up printed its kubeconfig). */
    public static LocalCluster attach() {
        Shell.Result r = Shell.check(Duration.ofMinutes(1), Map.of(), Shell.concat(SCRIPT, "kubeconfig"));
        return new LocalCluster(Path.of(r.lastLine()));
    }

    /** Stops everything and undoes what up did; safe to call when it is not up. */
    public static void down() {
        Shell.run(Duration.ofMinutes(3), Map.of(), Shell.concat(SCRIPT, "down"));
    }

    public void load(String... images) {
        Shell.check(Duration.ofMinutes(10), Map.of(), Shell.concat(SCRIPT, "load", images));
    }

    /** kubectl with the admin kubeconfig; the result whatever its exit code. */
    public Shell.Result kubectl(Duration timeout, String... args) {
        return Shell.run(timeout, Map.of(), Shell.concat(SCRIPT, "kubectl", args));
    }

    /** kubectl that must succeed. */
    public String kubectlOk(String... args) {
        Shell.Result r = kubectl(Duration.ofMinutes(3), args);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(
                    "kubectl " + String.join(" ", args) + " exited " + r.exitCode() + ": " + r.stderr() + r.stdout());
        }
        return r.stdout();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
