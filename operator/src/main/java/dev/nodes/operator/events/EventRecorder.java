package dev.nodes.operator.events;

import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits a Kubernetes Event for every action, once: an Event identical (same object, reason and
 * message) to one already emitted by this process is not re-emitted.
 */
public class EventRecorder {
    public static final String COMPONENT = "nodes-operator";
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final int REMEMBERED = 4096;

    private final KubernetesClient client;
    private final Clock clock;
    private final String instance;
    private final Map<String, Boolean> emitted = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    public EventRecorder(KubernetesClient client, Clock clock, String instance) {
        this.client = client;
        this.clock = clock;
        this.instance = instance;
    }

    public void normal(NodesPlatform np, String reason, String message) {
        emit(np, "Normal", reason, message);
    }

    public void warning(NodesPlatform np, String reason, String message) {
        emit(np, "Warning", reason, message);
    }

    private void emit(NodesPlatform np, String type, String reason, String message) {
        String key = np.getMetadata().getUid() + "|" + reason + "|" + message;
        synchronized (emitted) {
            if (emitted.putIfAbsent(key, Boolean.TRUE) != null) {
                return;
            }
        }
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(np.getMetadata().getName() + "."
                        + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
                .withNamespace(np.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(np.getApiVersion())
                .withKind(np.getKind())
                .withName(np.getMetadata().getName())
                .withNamespace(np.getMetadata().getNamespace())
                .withUid(np.getMetadata().getUid())
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(instance)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
        try {
            client.v1()
                    .events()
                    .inNamespace(np.getMetadata().getNamespace())
                    .resource(event)
                    .create();
        } catch (KubernetesClientException e) {
            // an Event is information, not state: never fail a reconcile for it, but allow a retry
            synchronized (emitted) {
                emitted.remove(key);
            }
            LOG.warn(
                    "could not record event {} for {}: {}",
                    reason,
                    np.getMetadata().getName(),
                    e.getMessage());
        }
    }
}
