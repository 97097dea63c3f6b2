package dev.nodes.operator.dependent;

import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A child of a NodesPlatform, written by the workflow. It carries the NodesPlatform's controller owner
 * reference, so Kubernetes deletes it with its NodesPlatform; the workflow itself never deletes one (no
 * {@code Deleter}): a reconcile precondition that does not hold leaves the child as it is, where a
 * {@code CRUDKubernetesDependentResource} would delete it (the running Deployment while a referenced Secret
 * is missing, a finished migration Job whose logs are kept a day).
 */
abstract class OwnedDependent<R extends HasMetadata> extends KubernetesDependentResource<R, NodesPlatform> {
    private final String kind;
    private final BiFunction<NodesPlatform, Context<NodesPlatform>, String> name;

    /** @param name the child's name, known without computing the desired object */
    OwnedDependent(Class<R> type, BiFunction<NodesPlatform, Context<NodesPlatform>, String> name) {
        super(type);
        this.kind = HasMetadata.getKind(type);
        this.name = name;
    }

    @Override
    protected ResourceID targetSecondaryResourceID(NodesPlatform np, Context<NodesPlatform> context) {
        return new ResourceID(name.apply(np, context), np.getMetadata().getNamespace());
    }

    @Override
    protected boolean addOwnerReference() {
        return true;
    }

    @Override
    protected Optional<SecondaryToPrimaryMapper<R>> getSecondaryToPrimaryMapper(
            EventSourceContext<NodesPlatform> context) {
        return Optional.of(Mappers.fromOwnerReferences(NodesPlatform.class));
    }

    @Override
    protected void onCreated(NodesPlatform np, R created, Context<NodesPlatform> context) {
        super.onCreated(np, created, context);
        ChildWrites.in(context)
                .add(new ChildWrites.Write(
                        kind,
                        created.getMetadata().getName(),
                        ChildWrites.Action.CREATED,
                        created.getMetadata().getResourceVersion()));
    }

    @Override
    protected void onUpdated(NodesPlatform np, R updated, R actual, Context<NodesPlatform> context) {
        super.onUpdated(np, updated, actual, context);
        ChildWrites.in(context)
                .add(new ChildWrites.Write(
                        kind,
                        updated.getMetadata().getName(),
                        ChildWrites.Action.UPDATED,
                        updated.getMetadata().getResourceVersion()));
    }
}
