package dev.nodes.e2e;

import dev.nodes.operator.resource.NodesPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * The platform as a cluster admin first meets it, on the local cluster that {@code scripts/cluster.sh demo} has
 * brought up with the images loaded: the chart installed, Redis and the Secrets, the example NodesPlatform applied
 * and Ready; then prints how to call the API and where to look.
 *
 * <p>Arguments: the image tag, the file to write the JWT signing secret into.
 */
public final class ClusterDemo {
    static final String NAMESPACE = "demo";
    static final String NAME = "nodes";
    static final String DATABASE = "nodes_demo";

    private ClusterDemo() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ClusterDemo TAG SECRET_FILE (run by scripts/cluster.sh demo)");
            System.exit(2);
        }
        String tag = args[0];
        Path secretFile = Path.of(args[1]);
        try (LocalCluster cluster = LocalCluster.attach()) {
            PlatformSetup setup = new PlatformSetup(cluster);
            step("helm install " + PlatformSetup.RELEASE + " (operator image " + Images.OPERATOR + ":" + tag + ")");
            if (cluster.client()
                            .apps()
                            .deployments()
                            .inNamespace(PlatformSetup.OPERATOR_NAMESPACE)
                            .withName(PlatformSetup.OPERATOR_DEPLOYMENT)
                            .get()
                    == null) {
                setup.installChart(tag, Map.of());
            }
            step("Redis and the Secrets in namespace " + NAMESPACE + "; database " + DATABASE
                    + " on the host's PostgreSQL");
            setup.namespace(NAMESPACE);
            setup.deployRedis(NAMESPACE);
            PlatformSetup.recreateDatabase(DATABASE);
            String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
            Files.writeString(secretFile, secret);
            setup.secrets(NAMESPACE, DATABASE, secret);
            step("kubectl apply the NodesPlatform " + NAME);
            NodesPlatform np = PlatformSetup.platform(NAMESPACE, NAME, Images.SERVICE + ":" + tag);
            cluster.client()
                    .resources(NodesPlatform.class)
                    .inNamespace(NAMESPACE)
                    .resource(np)
                    .serverSideApply();
            step("kubectl wait --for=condition=Ready np/" + NAME + " (migration Job, then the rollout)");
            cluster.kubectlOk("-n", NAMESPACE, "wait", "--for=condition=Ready", "np/" + NAME, "--timeout=600s");
            String ip = cluster.client()
                    .services()
                    .inNamespace(NAMESPACE)
                    .withName(NAME)
                    .get()
                    .getSpec()
                    .getClusterIP();
            String token = ApiClient.token(secret, UUID.randomUUID(), "admin", Duration.ofHours(12));
            System.out.println(cluster.kubectlOk("-n", NAMESPACE, "get", "np,deploy,jobs,pods"));
            System.out.printf(
                    """
                    The platform is Ready. Its API is the Service %s/%s at http://%s (from this machine):

                      TOKEN=%s   # admin, 12 h
                      curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                           -d '{"title":"Hello","tags":["dev-blog"]}' http://%s/v1/nodes
                      curl -s http://%s/v1/nodes/dev-blog
                      curl -s http://%s/openapi.yaml

                    Where to look (scripts/cluster.sh kubectl ... is kubectl with the cluster's kubeconfig):
                      scripts/cluster.sh kubectl -n %s get np                  # phase, regression column
                      scripts/cluster.sh kubectl -n %s describe np %s          # conditions, Events, last profiling
                      scripts/cluster.sh kubectl -n %s get events --sort-by=.lastTimestamp
                      scripts/cluster.sh kubectl -n %s logs deploy/%s      # the operator
                      flame graphs: GET http://%s/v1/admin/profiling/captures/{id}/flamegraph.svg with the token
                        (the id is in status.lastProfiling.captureId once a regression was profiled)
                    The JWT signing secret is in %s. Stop everything with: scripts/cluster.sh down
                    """,
                    NAMESPACE,
                    NAME,
                    ip,
                    token,
                    ip,
                    ip,
                    ip,
                    NAMESPACE,
                    NAMESPACE,
                    NAME,
                    NAMESPACE,
                    PlatformSetup.OPERATOR_NAMESPACE,
                    PlatformSetup.OPERATOR_DEPLOYMENT,
                    ip,
                    secretFile);
        }
    }

    private static void step(String what) {
        System.out.println("demo: " + what);
    }
}
