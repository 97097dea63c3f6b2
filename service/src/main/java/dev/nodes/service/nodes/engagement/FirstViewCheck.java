package dev.nodes.service.nodes.engagement;

import java.time.Instant;
import java.util.UUID;

/** Answers whether this is the viewer's first view of the node on the UTC day of {@code now}, and records it. */
public interface FirstViewCheck {
    boolean firstViewToday(long nodeId, UUID viewerId, Instant now);

    /** Takes back a recorded first view whose count could not be written, so a retry counts. */
    void forget(long nodeId, UUID viewerId, Instant now);
}
