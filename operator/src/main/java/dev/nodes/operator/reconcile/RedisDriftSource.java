package dev.nodes.operator.reconcile;

import dev.nodes.operator.redis.RedisConfig;
import dev.nodes.operator.redis.RedisConfigurator;
import dev.nodes.operator.redis.RedisTarget;
import dev.nodes.operator.resource.NodesPlatform;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.ResourceIDMapper;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Each NodesPlatform's Redis settings, read every {@link #PERIOD} on the event source's own threads: a change by
 * anyone else (a {@code CONFIG SET} by hand, a restarted Redis with its file's settings) is an event, and the
 * reconcile it triggers sets them back, well before the resync, and a slow Redis never holds a reconciler thread.
 * A Redis that does not answer reads as nothing: no event until it answers again.
 */
final class RedisDriftSource {
    static final Duration PERIOD = Duration.ofSeconds(5);

    private RedisDriftSource() {}

    static PerResourcePollingEventSource<RedisConfig, NodesPlatform, String> create(
            EventSourceContext<NodesPlatform> context,
            RedisConfigurator redis,
            Function<NodesPlatform, Optional<RedisTarget>> target) {
        PerResourcePollingEventSource.ResourceFetcher<RedisConfig, NodesPlatform> fetcher = np -> {
            try {
                return target.apply(np).flatMap(redis::current).map(Set::of).orElse(Set.of());
            } catch (RuntimeException e) {
                return Set.of(); // a spec the reconcile reports as invalid: nothing to poll
            }
        };
        return new PerResourcePollingEventSource<>(
                RedisConfig.class,
                context,
                new PerResourcePollingConfigurationBuilder<RedisConfig, NodesPlatform, String>(fetcher, PERIOD)
                        .withName("redis-settings")
                        .withResourceIDMapper(ResourceIDMapper.singleResourceResourceIDMapper())
                        .withRegisterPredicate(np -> np.getSpec() != null && np.getSpec().redis != null)
                        .build());
    }
}
