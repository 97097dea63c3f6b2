package dev.nodes.profiling.bench;

import java.util.List;

/** The values the seeded moderation cases use, and the filtered listing the benchmark asks for. */
final class ModerationFilter {
    static final List<String> TYPES = List.of("spam", "abuse", "copyright", "other");
    static final List<String> QUEUES = List.of("default", "trust-safety", "legal");

    /** Two of the filters with several values each, one in upper case (the filters are case-insensitive). */
    static final String QUERY = "?status=open&type=spam,ABUSE&queue=default,trust-safety&limit=20";

    private ModerationFilter() {}
}
