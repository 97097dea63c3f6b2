package dev.nodes.service.nodes.engagement;

import java.time.Instant;
import java.util.UUID;

/** Answers whether this is the viewer's first view of the node on the UTC day of {@code now}, and records it. */
@FunctionalInterface
public interface FirstViewCheck {
    boolean firstViewToday(long nodeId, UUID viewerId, Instant now);
}
