package dev.nodes.service.nodes.engagement;

import dev.nodes.service.db.Rows;
import io.helidon.dbclient.DbTransaction;
import java.util.Optional;
import java.util.UUID;

/** All SQL of likes: one row per user and node, and the node's counter moved with it in the same transaction. */
final class LikeRepository {

    /** Adds (or removes) the user's like; whether a row changed. */
    boolean setLike(DbTransaction tx, long nodeId, UUID user, boolean liked) {
        long changed = liked
                ? tx.dml("INSERT INTO node_likes (node_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", nodeId, user)
                : tx.dml("DELETE FROM node_likes WHERE node_id = ? AND user_id = ?", nodeId, user);
        return changed > 0;
    }

    /**
     * The node's likes counter, moved by one in the direction of {@code liked} when {@code moved}, else as it is;
     * empty when the node does not exist or is deleted.
     */
    Optional<Long> likesCount(DbTransaction tx, long nodeId, boolean moved, boolean liked) {
        String sql = moved
                ? "UPDATE nodes SET likes_count = likes_count " + (liked ? "+" : "-") + " 1"
                        + " WHERE id = ? AND deleted_at IS NULL RETURNING likes_count"
                : "SELECT likes_count FROM nodes WHERE id = ? AND deleted_at IS NULL";
        return tx.get(sql, nodeId).map(row -> Rows.longValue(row, "likes_count"));
    }
}
