package dev.nodes.operator.watch;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ready pods behind a Service, from its EndpointSlices: {@code discovery.k8s.io/v1}, or {@code v1beta1} where the
 * server does not serve v1 (Kubernetes 1.20 and older; v1 Endpoints are deprecated since 1.33). The two versions
 * have the same shape for what is read here, so a v1beta1 slice is read as a v1 one.
 */
public final class ServiceEndpoints {
    /** The label the EndpointSlice controller puts on a Service's slices. */
    static final String SERVICE_LABEL = "kubernetes.io/service-name";

    private final KubernetesClient client;
    /** Whether the server serves discovery.k8s.io/v1; asked once. */
    private volatile Boolean servesV1;

    public ServiceEndpoints(KubernetesClient client) {
        this.client = client;
    }

    /** The Service's ready pods on the port named http (or the only port); empty when it has no slices at all. */
    public Optional<List<MetricsScraper.Target>> read(String namespace, String service) {
        List<EndpointSlice> slices = v1()
                ? client.discovery()
                        .v1()
                        .endpointSlices()
                        .inNamespace(namespace)
                        .withLabel(SERVICE_LABEL, service)
                        .list()
                        .getItems()
                : client
                        .discovery()
                        .v1beta1()
                        .endpointSlices()
                        .inNamespace(namespace)
                        .withLabel(SERVICE_LABEL, service)
                        .list()
                        .getItems()
                        .stream()
                        .map(beta -> Serialization.unmarshal(Serialization.asJson(beta), EndpointSlice.class))
                        .toList();
        return slices.isEmpty() ? Optional.empty() : Optional.of(targets(slices));
    }

    private boolean v1() {
        Boolean known = servesV1;
        if (known == null) {
            known = client.supports(EndpointSlice.class);
            servesV1 = known;
        }
        return known;
    }

    /** Ready endpoints (a missing condition counts as ready, as the API says), one target per pod address, by key. */
    public static List<MetricsScraper.Target> targets(List<EndpointSlice> slices) {
        Map<String, MetricsScraper.Target> targets = new LinkedHashMap<>();
        for (EndpointSlice slice : slices) {
            Integer port = port(slice.getPorts());
            if (port == null || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                boolean ready = endpoint.getConditions() == null
                        || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
                if (!ready || endpoint.getAddresses() == null) {
                    continue;
                }
                String pod = endpoint.getTargetRef() != null
                                && endpoint.getTargetRef().getName() != null
                        ? endpoint.getTargetRef().getName() + "@"
                        : "";
                for (String ip : endpoint.getAddresses()) {
                    // a pod may sit in two slices for a moment while they are rebalanced
                    targets.putIfAbsent(
                            pod + ip + ":" + port, new MetricsScraper.Target(pod + ip + ":" + port, ip, port));
                }
            }
        }
        List<MetricsScraper.Target> sorted = new ArrayList<>(targets.values());
        sorted.sort(Comparator.comparing(MetricsScraper.Target::key));
        return sorted;
    }

    private static Integer port(List<EndpointPort> ports) {
        if (ports == null || ports.isEmpty()) {
            return null;
        }
        for (EndpointPort p : ports) {
            if (MetricsScraper.PORT_NAME.equals(p.getName())) {
                return p.getPort();
            }
        }
        return ports.size() == 1 ? ports.getFirst().getPort() : null;
    }
}
