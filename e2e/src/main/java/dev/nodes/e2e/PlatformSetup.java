package dev.nodes.e2e;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.UpgradeCommand;
import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.resource.NodesPlatformSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a cluster admin does to run the platform: install the chart, provide Redis, PostgreSQL and the Secrets,
 * apply a NodesPlatform. Shared by the end-to-end suite and {@code scripts/cluster.sh demo}.
 */
public final class PlatformSetup {
    public static final String RELEASE = "nodes-platform";
    public static final String OPERATOR_NAMESPACE = "nodes-system";
    /** The operator's Deployment: the chart's full name for this release. */
    public static final String OPERATOR_DEPLOYMENT = RELEASE;
    /** The host's PostgreSQL as pods see it: the cluster's gateway forwards :5432 to 127.0.0.1:5432. */
    public static final String GATEWAY = "10.253.128.1";
    /** The role scripts/ensure-backends.sh creates (password auth works under trust and scram-sha-256). */
    public static final String DB_USER = "nodes_test";

    public static final String DB_PASSWORD = "nodes_test";

    private final LocalCluster cluster;

    public PlatformSetup(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /** helm install of the chart with the local operator image; waits until the operator is Ready. */
    public void installChart(String operatorTag, Map<String, Object> values) {
        InstallCommand install = new Helm(Shell.repoRoot().resolve("charts/nodes-platform"))
                .install()
                .withName(RELEASE)
                .withNamespace(OPERATOR_NAMESPACE)
                .createNamespace()
                .withKubeConfig(cluster.kubeconfig())
                .set("image.repository", Images.OPERATOR)
                .set("image.tag", operatorTag)
                .waitReady()
                .withTimeout(300);
        values.forEach(install::set);
        install.call();
    }

    /** helm upgrade with these values on top of the release's image; waits until the operator is Ready. */
    public void upgradeChart(String operatorTag, Map<String, Object> values) {
        UpgradeCommand upgrade = new Helm(Shell.repoRoot().resolve("charts/nodes-platform"))
                .upgrade()
                .withName(RELEASE)
                .withNamespace(OPERATOR_NAMESPACE)
                .withKubeConfig(cluster.kubeconfig())
                .set("image.repository", Images.OPERATOR)
                .set("image.tag", operatorTag)
                .waitReady()
                .withTimeout(300);
        values.forEach(upgrade::set);
        upgrade.call();
    }

    public void uninstallChart() {
        Helm.uninstall(RELEASE)
                .withNamespace(OPERATOR_NAMESPACE)
                .withKubeConfig(cluster.kubeconfig())
                .call();
    }

    public void namespace(String name) {
        cluster.client()
                .namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    /**
     * A Redis of our own in the namespace (the operator reconfigures it; the host's Redis must not be touched):
     * Debian's redis-server from the local image, non-root, read-only root, data only in memory.
     */
    public void deployRedis(String namespace) {
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "redis");
        KubernetesClient k = cluster.client();
        k.apps()
                .deployments()
                .inNamespace(namespace)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("redis")
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(1)
                        .withNewSelector()
                        .withMatchLabels(labels)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(10002L)
                        .withRunAsGroup(10002L)
                        .withNewSeccompProfile()
                        .withType("RuntimeDefault")
                        .endSeccompProfile()
                        .endSecurityContext()
                        .addNewContainer()
                        .withName("redis")
                        .withImage(Images.REDIS)
                        .withImagePullPolicy("IfNotPresent")
                        .withArgs(
                                "--bind",
                                "0.0.0.0",
                                "--protected-mode",
                                "no",
                                "--save",
                                "",
                                "--appendonly",
                                "no",
                                "--dir",
                                "/tmp")
                        .addNewPort()
                        .withName("redis")
                        .withContainerPort(6379)
                        .withProtocol("TCP")
                        .endPort()
                        .withNewReadinessProbe()
                        .withNewTcpSocket()
                        .withPort(new IntOrString(6379))
                        .endTcpSocket()
                        .withPeriodSeconds(2)
                        .endReadinessProbe()
                        .withNewSecurityContext()
                        .withAllowPrivilegeEscalation(false)
                        .withReadOnlyRootFilesystem(true)
                        .withNewCapabilities()
                        .withDrop("ALL")
                        .endCapabilities()
                        .endSecurityContext()
                        .withNewResources()
                        .addToLimits("memory", new Quantity("128Mi"))
                        .endResources()
                        .addNewVolumeMount()
                        .withName("tmp")
                        .withMountPath("/tmp")
                        .endVolumeMount()
                        .endContainer()
                        .addNewVolume()
                        .withName("tmp")
                        .withNewEmptyDir()
                        .endEmptyDir()
                        .endVolume()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .serverSideApply();
        k.services()
                .inNamespace(namespace)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("redis")
                        .endMetadata()
                        .withNewSpec()
                        .withSelector(labels)
                        .addNewPort()
                        .withName("redis")
                        .withPort(6379)
                        .withProtocol("TCP")
                        .withTargetPort(new IntOrString("redis"))
                        .endPort()
                        .endSpec()
                        .build())
                .serverSideApply();
        k.apps().deployments().inNamespace(namespace).withName("redis").waitUntilReady(3, TimeUnit.MINUTES);
    }

    /** A fresh database on the host's PostgreSQL, owned by the test role. */
    public static void recreateDatabase(String name) {
        try (Connection c =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", DB_USER, DB_PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create database " + name + " on 127.0.0.1:5432 as " + DB_USER
                            + " (scripts/ensure-backends.sh creates that role)",
                    e);
        }
    }

    public static void dropDatabase(String name) {
        try (Connection c =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", DB_USER, DB_PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop database " + name + ": " + e.getMessage());
        }
    }

    /** The Secrets a NodesPlatform names: the database URL and credentials, the JWT signing secret. */
    public void secrets(String namespace, String database, String jwtSecret) {
        KubernetesClient k = cluster.client();
        k.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("nodes-db")
                        .endMetadata()
                        .withStringData(Map.of(
                                "url",
                                "jdbc:postgresql://" + GATEWAY + ":5432/" + database,
                                "username",
                                DB_USER,
                                "password",
                                DB_PASSWORD))
                        .build())
                .serverSideApply();
        k.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("nodes-jwt")
                        .endMetadata()
                        .withStringData(Map.of("secret", jwtSecret))
                        .build())
                .serverSideApply();
    }

    /** The NodesPlatform a cluster admin would write for this cluster. */
    public static NodesPlatform platform(String namespace, String name, String image) {
        NodesPlatform np = new NodesPlatform();
        np.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        NodesPlatformSpec spec = new NodesPlatformSpec();
        spec.image = image;
        spec.replicas = 2;
        spec.database.secretRef = "nodes-db";
        spec.auth.jwtSecretRef = "nodes-jwt";
        // the Service's DNS name: the operator (another namespace) and the service pods both reach it by it
        spec.redis.host = "redis." + namespace + ".svc";
        spec.redis.port = 6379;
        spec.redis.maxmemory = "64mb";
        np.setSpec(spec);
        return np;
    }

    public NodesPlatform apply(NodesPlatform np) {
        return cluster.client()
                .resources(NodesPlatform.class)
                .inNamespace(np.getMetadata().getNamespace())
                .resource(np)
                .create();
    }
}
