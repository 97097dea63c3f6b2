package dev.nodes.service.users;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.nodes.service.auth.Caller;
import dev.nodes.service.db.Database;

/**
 * Records each user in {@code users} the first time this process sees it (they are the broadcast audience
 * {@code all_users}), without a write on every request.
 */
public final class KnownUsers {
    private static final int MAX_REMEMBERED = 100_000;
    private static final System.Logger LOG = System.getLogger(KnownUsers.class.getName());

    private final Database database;
    private final Map<UUID, String> recorded = new ConcurrentHashMap<>();

    public KnownUsers(Database database) {
        this.database = database;
    }

    public void remember(Caller caller) {
        if (recorded.containsKey(caller.userId())) {
            return;
        }
        try {
            database.execute().dml("""
                    INSERT INTO users (id, subject, role) VALUES (?, ?, ?)
                    ON CONFLICT (id) DO NOTHING""",
                    caller.userId(), caller.subject(), caller.role().claim());
        } catch (RuntimeException e) {
            // not fatal for the request: the next request of this user tries again
            LOG.log(System.Logger.Level.WARNING, "cannot record user " + caller.userId() + ": " + e.getMessage());
            return;
        }
        if (recorded.size() >= MAX_REMEMBERED) {
            recorded.clear();
        }
        recorded.put(caller.userId(), caller.subject());
    }
}
