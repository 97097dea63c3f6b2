package dev.nodes.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.nodes.service.nodes.EmbeddingScheduler;
import dev.nodes.service.nodes.cache.NodeCache;
import dev.nodes.service.nodes.engagement.FirstViewCheck;
import io.helidon.dbclient.DbExecute;

/**
 * TEMPORARY: stand-ins used while the node cache, the Redis view de-duplication and the embedding worker are
 * being merged. To be deleted by the merge; nothing here is a finished feature.
 */
final class InterimWiring {
    private InterimWiring() {
    }

    static NodeCache uncachedNodes() {
        return new NodeCache() {
            @Override
            public Optional<String> getById(long id) {
                return Optional.empty();
            }

            @Override
            public Optional<String> getBySlug(String slug) {
                return Optional.empty();
            }

            @Override
            public void put(long id, String slug, String json) {
            }

            @Override
            public void invalidate(long id, String... slugs) {
            }

            @Override
            public String backend() {
                return "memory";
            }

            @Override
            public void close() {
            }
        };
    }

    static EmbeddingScheduler embeddingJobsOnly() {
        return new EmbeddingScheduler() {
            @Override
            public void schedule(DbExecute tx, long nodeId) {
                tx.dml("INSERT INTO embedding_jobs (node_id) VALUES (?) ON CONFLICT DO NOTHING", nodeId);
                tx.dml("UPDATE nodes SET embedding_status = 'pending' WHERE id = ?", nodeId);
            }

            @Override
            public String initialStatus() {
                return "pending";
            }

            @Override
            public void wakeUp() {
            }
        };
    }

    static FirstViewCheck firstViewsInMemory() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        return (long nodeId, UUID viewer, Instant now) ->
                seen.add(nodeId + ":" + viewer + ":" + LocalDate.ofInstant(now, ZoneOffset.UTC));
    }
}
