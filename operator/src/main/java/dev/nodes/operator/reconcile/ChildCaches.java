package dev.nodes.operator.reconcile;

import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.secret.SecretReference;
import dev.nodes.operator.secret.SecretReferences;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The informers the reconciler reads children and Secrets from: a reconcile that changes nothing
 * then makes no API call at all.
 */
final class ChildCaches {
    private static final String SECRET_INDEX = "referenced-secrets";
    private static final String OWNED = "app.kubernetes.io/managed-by=" + ChildMetadata.MANAGED_BY;

    private ChildCaches() {
    }

    static List<EventSource<?, NodesPlatform>> owned(EventSourceContext<NodesPlatform> context) {
        return List.of(
                owned(ConfigMap.class, context),
                owned(Deployment.class, context),
                owned(Service.class, context),
                owned(Job.class, context));
    }

    /** Secrets are not owned: a changed Secret maps to the NodesPlatforms that reference it. */
    static InformerEventSource<Secret, NodesPlatform> secrets(EventSourceContext<NodesPlatform> context) {
        context.getPrimaryCache().addIndexer(SECRET_INDEX, ChildCaches::secretKeys);
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class, NodesPlatform.class)
                .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                        .byIndex(SECRET_INDEX, key(secret.getMetadata().getNamespace(), secret.getMetadata().getName()))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build(), context);
    }

    private static <R extends HasMetadata> InformerEventSource<R, NodesPlatform> owned(Class<R> type,
                                                                                   EventSourceContext<NodesPlatform> context) {
        // only what this operator labelled: the caches stay small in busy namespaces
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, NodesPlatform.class)
                .withLabelSelector(OWNED).build(), context);
    }

    private static List<String> secretKeys(NodesPlatform np) {
        if (np.getSpec() == null || np.getSpec().database == null || np.getSpec().auth == null || np.getSpec().redis == null) {
            return List.of();
        }
        return SecretReferences.of(np.getSpec()).stream()
                .map(SecretReference::name)
                .filter(name -> name != null && !name.isEmpty())
                .map(name -> key(np.getMetadata().getNamespace(), name))
                .toList();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    @SuppressWarnings("unchecked")
    static <R extends HasMetadata> InformerEventSource<R, NodesPlatform> of(Context<NodesPlatform> context, Class<R> type) {
        return (InformerEventSource<R, NodesPlatform>) context.eventSourceRetriever().getEventSourceFor(type);
    }

    static <R extends HasMetadata> Optional<R> get(Context<NodesPlatform> context, Class<R> type, NodesPlatform np, String name) {
        return of(context, type).get(new ResourceID(name, np.getMetadata().getNamespace()));
    }
}
