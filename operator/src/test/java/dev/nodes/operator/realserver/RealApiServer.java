package dev.nodes.operator.realserver;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real kube-apiserver (v1.20.2, RBAC on) for the test JVM, from the binaries that
 * scripts/kube-apiserver-binaries.sh provides. Missing binaries fail the tests, they never skip them.
 */
final class RealApiServer {
    static final String VERSION = "1.20.2";
    private static KubeAPIServer server;
    private static String kubeconfig;

    private RealApiServer() {}

    static synchronized Config adminConfig() {
        if (server == null) {
            String dir = System.getenv()
                    .getOrDefault("KUBE_API_TEST_DIR", System.getProperty("user.home") + "/.kubeapitest");
            Path binaries = Path.of(dir, "k8s", VERSION + "-linux-amd64", "kube-apiserver");
            if (!Files.isExecutable(binaries)) {
                throw new IllegalStateException("no kube-apiserver at " + binaries
                        + ": run scripts/kube-apiserver-binaries.sh first (the project's test script does)");
            }
            // pinned version + offline: kube-api-test must never try to download anything
            server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                    .withTestDir(dir)
                    .withApiServerVersion(VERSION)
                    .withOfflineMode(true)
                    .withUpdateKubeConfig(false)
                    .build());
            server.start();
            kubeconfig = server.getKubeConfigYaml();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "kube-apiserver-stop"));
        }
        return Config.fromKubeconfig(kubeconfig);
    }

    /** The admin kubeconfig, for running the matching kubectl against the server. */
    static synchronized String kubeconfigYaml() {
        adminConfig();
        return kubeconfig;
    }

    /** kubectl of the same version, laid out next to the server binaries. */
    static Path kubectl() {
        String dir =
                System.getenv().getOrDefault("KUBE_API_TEST_DIR", System.getProperty("user.home") + "/.kubeapitest");
        return Path.of(dir, "k8s", VERSION + "-linux-amd64", "kubectl");
    }
}
