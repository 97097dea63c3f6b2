package dev.nodes.operator.child;

import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names, labels and the owner reference every child object carries. */
public final class ChildMetadata {
    public static final String APP = "nodes-service";
    public static final String MANAGED_BY = "nodes-operator";
    public static final String DESIRED_HASH = "platform.nodes.dev/desired-hash";
    public static final String CONFIG_HASH = "platform.nodes.dev/config-hash";
    public static final String MIGRATION_HASH = "platform.nodes.dev/migration-hash";
    public static final String COMPONENT = "app.kubernetes.io/component";

    private ChildMetadata() {
    }

    public static String configMapName(NodesPlatform np) {
        return np.getMetadata().getName() + "-config";
    }

    public static String deploymentName(NodesPlatform np) {
        return np.getMetadata().getName();
    }

    public static String serviceName(NodesPlatform np) {
        return np.getMetadata().getName();
    }

    public static String migrationJobName(NodesPlatform np, String hash) {
        return np.getMetadata().getName() + "-migrate-" + hash;
    }

    public static final String PROFILING_JOB_INFIX = "-profile-";

    public static String profilingJobName(NodesPlatform np, long number) {
        return np.getMetadata().getName() + PROFILING_JOB_INFIX + number;
    }

    /** Selects the service pods of one NodesPlatform; never changes, as a Deployment's selector cannot. */
    public static Map<String, String> selectorLabels(NodesPlatform np) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", APP);
        labels.put("app.kubernetes.io/instance", np.getMetadata().getName());
        return labels;
    }

    public static Map<String, String> labels(NodesPlatform np, String component) {
        Map<String, String> labels = selectorLabels(np);
        labels.put(COMPONENT, component);
        labels.put("app.kubernetes.io/managed-by", MANAGED_BY);
        return labels;
    }

    /**
     * Labels of a Job's pods: never the service's selector pair, so neither the Service nor the Deployment
     * ever selects a migration or profiling pod.
     */
    public static Map<String, String> jobPodLabels(NodesPlatform np, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "nodes-" + component);
        labels.put("app.kubernetes.io/instance", np.getMetadata().getName());
        labels.put(COMPONENT, component);
        labels.put("app.kubernetes.io/managed-by", MANAGED_BY);
        return labels;
    }

    public static ObjectMeta metadata(NodesPlatform np, String name, String component) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(np.getMetadata().getNamespace())
                .withLabels(labels(np, component))
                .withAnnotations(new LinkedHashMap<>())
                .withOwnerReferences(ownerReference(np))
                .build();
    }

    public static OwnerReference ownerReference(NodesPlatform np) {
        return new OwnerReferenceBuilder()
                .withApiVersion(np.getApiVersion())
                .withKind(np.getKind())
                .withName(np.getMetadata().getName())
                .withUid(np.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
