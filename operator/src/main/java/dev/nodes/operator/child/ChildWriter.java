package dev.nodes.operator.child;

import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Creates or updates one child object, and writes nothing when it already matches. "Matches" is
 * judged by a hash of the desired object kept in an annotation: the API server adds defaults to
 * what it stores, so comparing specs field by field would see a difference on every reconcile.
 */
public class ChildWriter {
    public enum Result { CREATED, UPDATED, UNCHANGED }

    private final KubernetesClient client;

    public ChildWriter(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param actual      the child as the informer cache has it, or null
     * @param copyDesired copies the fields the operator owns from the desired object onto the actual one
     * @param cache       told about the write so that the next reconcile sees it even before the watch does
     */
    public <R extends HasMetadata> Result apply(NodesPlatform owner, R desired, R actual, BiConsumer<R, R> copyDesired,
                                                InformerEventSource<R, NodesPlatform> cache) {
        String hash = ContentHash.ofJson(desired);
        annotations(desired).put(ChildMetadata.DESIRED_HASH, hash);
        ResourceID ownerId = ResourceID.fromResource(owner);
        if (actual == null) {
            R created = client.resource(desired).create();
            cache.handleRecentResourceCreate(ownerId, created);
            return Result.CREATED;
        }
        if (hash.equals(annotations(actual).get(ChildMetadata.DESIRED_HASH))) {
            return Result.UNCHANGED;
        }
        R merged = client.getKubernetesSerialization().clone(actual);
        copyDesired.accept(desired, merged);
        labels(merged).putAll(desired.getMetadata().getLabels());
        annotations(merged).putAll(desired.getMetadata().getAnnotations());
        merged.getMetadata().setOwnerReferences(desired.getMetadata().getOwnerReferences());
        R updated = client.resource(merged).update(); // optimistic: fails on a stale resourceVersion, JOSDK retries
        cache.handleRecentResourceUpdate(ownerId, updated, actual);
        return Result.UPDATED;
    }

    private static Map<String, String> annotations(HasMetadata resource) {
        if (resource.getMetadata().getAnnotations() == null) {
            resource.getMetadata().setAnnotations(new HashMap<>());
        }
        return resource.getMetadata().getAnnotations();
    }

    private static Map<String, String> labels(HasMetadata resource) {
        if (resource.getMetadata().getLabels() == null) {
            resource.getMetadata().setLabels(new HashMap<>());
        }
        return resource.getMetadata().getLabels();
    }
}
