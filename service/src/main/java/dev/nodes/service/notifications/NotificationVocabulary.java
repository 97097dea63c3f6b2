package dev.nodes.service.notifications;

import java.util.Set;

/** The fixed values of the contract (also enforced by CHECK constraints in the schema). */
public final class NotificationVocabulary {
    public static final Set<String> PLACEMENTS = Set.of("inbox", "banner");
    public static final Set<String> PRIORITIES = Set.of("urgent", "high", "normal", "low");
    public static final int TITLE_MAX = 300;
    public static final int MESSAGE_MAX = 10_000;
    public static final int TOPIC_MAX = 100;
    public static final int URL_MAX = 2048;
    public static final int EVENT_ID_MAX = 200;

    private NotificationVocabulary() {}
}
