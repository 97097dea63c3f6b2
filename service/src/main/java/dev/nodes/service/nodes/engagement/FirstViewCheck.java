package dev.nodes.service.nodes.engagement;

import java.time.Instant;
import java.util.UUID;

/**
 * A fast "already counted today" for repeat views, in front of PostgreSQL, which decides. A view is remembered only
 * after PostgreSQL has it, so a remembered view is always a counted one; a view not remembered (never seen, or
 * forgotten by an outage or an eviction) goes to PostgreSQL, whose unique key counts it at most once.
 */
public interface FirstViewCheck {
    /** True when this viewer's view of the node on the UTC day of {@code now} is known to be in PostgreSQL. */
    boolean countedToday(long nodeId, UUID viewerId, Instant now);

    /** Remembers a view PostgreSQL has (just committed, or found already there) until the end of its UTC day. */
    void rememberCounted(long nodeId, UUID viewerId, Instant now);
}
