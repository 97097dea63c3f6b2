package dev.nodes.operator.dependent;

import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import java.util.function.Function;

/**
 * A child the workflow creates and keeps as wanted: applied (server-side) whenever a field it sets differs.
 *
 * <p>Its subclasses say {@code createResourceOnlyIfNotExistingWithSSA = false}: JOSDK would send the first
 * apply with {@code resourceVersion: "1"}, which Kubernetes 1.20 refuses for an object that does not exist
 * yet ({@code 500 resourceVersion should not be set on objects to be created}; kubernetes#106745,
 * java-operator-sdk#2033). An apply is idempotent: creating what exists already is harmless.
 */
abstract class AppliedDependent<R extends HasMetadata> extends OwnedDependent<R>
        implements Creator<R, NodesPlatform>, Updater<R, NodesPlatform> {
    AppliedDependent(Class<R> type, Function<NodesPlatform, String> name) {
        super(type, (np, context) -> name.apply(np));
    }
}
