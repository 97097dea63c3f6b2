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
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    /** What the operator's informers of children select: only what it labelled. */
    public static final String MANAGED_BY_SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY;

    public static final String CONFIG_HASH = "platform.nodes.dev/config-hash";
    public static final String MIGRATION_HASH = "platform.nodes.dev/migration-hash";
    public static final String COMPONENT = "app.kubernetes.io/component";

    private ChildMetadata() {}

    public static String configMapName(NodesPlatform np) {
        return np.getMetadata().getName() + "-config";
    }

    public static String deploymentName(NodesPlatform np) {
        return np.getMetadata().getName();
    }

    /** A DNS-1035 label: the resource's name when it is one (the usual case). */
    public static String serviceName(NodesPlatform np) {
        return KubernetesNames.dns1035Label(np.getMetadata().getName());
    }

    /** At most 63 characters: the Job controller puts the Job's name in a label of its pods. */
    public static String migrationJobName(NodesPlatform np, String hash) {
        return KubernetesNames.fit(np.getMetadata().getName(), "-migrate-" + hash, KubernetesNames.MAX_LABEL);
    }

    private static final String PROFILING_JOB_INFIX = "-profile-";
    /** Room left for the Job's number (up to 8 digits) within 63 characters. */
    private static final int PROFILING_NUMBER_DIGITS = 8;

    /** {@code <name>-profile-}, shortened so that any number up to 8 digits still fits 63 characters. */
    public static String profilingJobPrefix(String npName) {
        return KubernetesNames.fit(npName, PROFILING_JOB_INFIX, KubernetesNames.MAX_LABEL - PROFILING_NUMBER_DIGITS);
    }

    public static String profilingJobName(NodesPlatform np, long number) {
        return profilingJobPrefix(np.getMetadata().getName()) + number;
    }

    /** The resource's name as a label value (at most 63 characters). */
    public static String instanceLabel(NodesPlatform np) {
        return KubernetesNames.fit(np.getMetadata().getName(), "", KubernetesNames.MAX_LABEL);
    }

    /** Selects the service pods of one NodesPlatform; never changes, as a Deployment's selector cannot. */
    public static Map<String, String> selectorLabels(NodesPlatform np) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", APP);
        labels.put("app.kubernetes.io/instance", instanceLabel(np));
        return labels;
    }

    public static Map<String, String> labels(NodesPlatform np, String component) {
        Map<String, String> labels = selectorLabels(np);
        labels.put(COMPONENT, component);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        return labels;
    }

    /**
     * Labels of a Job's pods: never the service's selector pair, so neither the Service nor the Deployment
     * ever selects a migration or profiling pod.
     */
    public static Map<String, String> jobPodLabels(NodesPlatform np, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "nodes-" + component);
        labels.put("app.kubernetes.io/instance", instanceLabel(np));
        labels.put(COMPONENT, component);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
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
