package dev.nodes.service.notifications.broadcasts;

import dev.nodes.service.db.Database;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.TimeKeyset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** The rules of broadcasts an admin manages: only a draft or scheduled broadcast can be changed, sent now or cancelled. */
public final class BroadcastService {
    private final BroadcastRepository broadcasts;

    public BroadcastService(Database database) {
        this.broadcasts = new BroadcastRepository(database);
    }

    Broadcast create(BroadcastDraft draft, UUID createdBy) {
        return broadcasts.create(draft, createdBy);
    }

    Broadcast find(UUID id) {
        return broadcasts.find(id).orElseThrow(() -> ApiException.notFound("broadcast"));
    }

    BroadcastRepository.Slice list(Set<String> statuses, Optional<TimeKeyset> after, int limit) {
        return broadcasts.list(statuses, after, limit);
    }

    Broadcast replace(UUID id, BroadcastDraft draft) {
        return whileEditable(id, "cannot be changed", i -> broadcasts.replace(i, draft));
    }

    /** Due now: the worker picks it up at its next poll. */
    Broadcast sendNow(UUID id) {
        return whileEditable(id, "cannot be sent now", broadcasts::sendNow);
    }

    Broadcast cancel(UUID id) {
        return whileEditable(id, "cannot be cancelled", broadcasts::cancel);
    }

    /** The guarded change, or why it did not apply: no such broadcast (404), or its status (409). */
    private Broadcast whileEditable(UUID id, String action, Function<UUID, Optional<Broadcast>> change) {
        Optional<Broadcast> changed = change.apply(id);
        if (changed.isPresent()) {
            return changed.get();
        }
        throw ApiException.invalidStatus("a broadcast in status " + find(id).status() + " " + action
                + "; only draft and scheduled broadcasts can");
    }
}
