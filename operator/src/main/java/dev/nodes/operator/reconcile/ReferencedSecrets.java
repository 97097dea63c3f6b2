package dev.nodes.operator.reconcile;

import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.secret.SecretReference;
import dev.nodes.operator.secret.SecretReferences;
import dev.nodes.operator.secret.SecretSnapshot;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The informer of the Secrets the NodesPlatforms reference. They are not owned: a changed Secret maps to
 * the NodesPlatforms that reference it, through an index of the primary cache.
 */
final class ReferencedSecrets {
    private static final String SECRET_INDEX = "referenced-secrets";

    private ReferencedSecrets() {}

    static InformerEventSource<Secret, NodesPlatform> eventSource(EventSourceContext<NodesPlatform> context) {
        context.getPrimaryCache().addIndexer(SECRET_INDEX, ReferencedSecrets::secretKeys);
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Secret.class, NodesPlatform.class)
                        .withSecondaryToPrimaryMapper(secret -> context
                                .getPrimaryCache()
                                .byIndex(
                                        SECRET_INDEX,
                                        key(
                                                secret.getMetadata().getNamespace(),
                                                secret.getMetadata().getName()))
                                .stream()
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .build(),
                context);
    }

    /** The NodesPlatform's referenced Secrets as this informer has them now. */
    static SecretSnapshot snapshot(InformerEventSource<Secret, NodesPlatform> secrets, NodesPlatform np) {
        return SecretSnapshot.lookup(
                SecretReferences.of(np.getSpec()),
                name -> secrets.get(new ResourceID(name, np.getMetadata().getNamespace())));
    }

    @SuppressWarnings("unchecked")
    static InformerEventSource<Secret, NodesPlatform> of(Context<NodesPlatform> context) {
        return (InformerEventSource<Secret, NodesPlatform>)
                context.eventSourceRetriever().getEventSourceFor(Secret.class);
    }

    private static List<String> secretKeys(NodesPlatform np) {
        if (np.getSpec() == null
                || np.getSpec().database == null
                || np.getSpec().auth == null
                || np.getSpec().redis == null) {
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
}
