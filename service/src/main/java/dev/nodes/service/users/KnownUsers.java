package dev.nodes.service.users;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.service.auth.Caller;
import dev.nodes.service.db.Database;
import dev.nodes.service.db.GroupCommit;
import dev.nodes.service.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records each user in {@code users} the first time this process sees it (they are the broadcast audience
 * {@code all_users}), without a write on every request. The request that sees a user first waits until its row
 * is committed (so a broadcast sent after it reaches that user); the first sights that arrive together share one
 * insert (a fresh process, or many new users at once, costs one transaction per batch, not one per user).
 */
public final class KnownUsers implements AutoCloseable {
    private static final int MAX_REMEMBERED = 100_000;
    private static final System.Logger LOG = System.getLogger(KnownUsers.class.getName());

    private final UserRepository users;
    private final Map<UUID, String> recorded = new ConcurrentHashMap<>();
    private final GroupCommit<Caller, Boolean> inserts;

    public KnownUsers(Database database, GroupCommit.Metrics groupCommits) {
        this.users = new UserRepository(database);
        this.inserts = new GroupCommit<>("users", 1_000, 50_000, this::insert, groupCommits);
    }

    public void remember(Caller caller) {
        if (recorded.containsKey(caller.userId())) {
            return;
        }
        try {
            if (!inserts.submit(caller)) {
                return;
            }
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

    /** One insert for many first sights; whether each could be recorded. */
    private List<Boolean> insert(List<Caller> callers) {
        ArrayNode rows = Json.MAPPER.createArrayNode();
        List<Boolean> recordable = new ArrayList<>(callers.size());
        for (Caller caller : callers) {
            // PostgreSQL's text cannot hold NUL: such a subject is never recorded, and must not fail the others
            boolean ok = caller.subject().indexOf('\0') < 0;
            recordable.add(ok);
            if (!ok) {
                continue;
            }
            ObjectNode row = rows.addObject();
            row.put("id", caller.userId().toString());
            row.put("subject", caller.subject());
            row.put("role", caller.role().claim());
        }
        users.insertNew(rows.toString());
        return recordable;
    }

    /** Records the first sights still waiting, then stops; before the database closes. */
    @Override
    public void close() {
        inserts.close();
    }
}
