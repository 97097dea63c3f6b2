package dev.nodes.operator.resource;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One deployment of the Nodes service with its cache, migrations and regression watch. */
@Group(NodesPlatform.GROUP)
@Version("v1alpha1")
@Plural("nodesplatforms")
@ShortNames("np")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "TTL", jsonPath = ".spec.cache.ttlSeconds", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Cap", jsonPath = ".spec.cache.maxEntries", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Redis Policy", jsonPath = ".spec.redis.maxmemoryPolicy", type = Type.STRING)
@AdditionalPrinterColumn(
        name = "Regression",
        jsonPath = ".status.conditions[?(@.type==\"RegressionDetected\")].reason",
        type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class NodesPlatform extends CustomResource<NodesPlatformSpec, NodesPlatformStatus> implements Namespaced {
    public static final String GROUP = "platform.nodes.dev";

    @Override
    protected NodesPlatformSpec initSpec() {
        return new NodesPlatformSpec();
    }
}
