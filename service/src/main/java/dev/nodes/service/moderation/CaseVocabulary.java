package dev.nodes.service.moderation;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a case's fields may hold. {@code status} and {@code priority} are fixed sets (stored lower-case; status
 * drives the workflow, so an unknown one is refused in bodies and filters alike). {@code type} and {@code queue}
 * are free text (trimmed, 1..64 characters, stored as given): teams add queues and case types without a release,
 * and the filters match them case-insensitively through the lower(...) expression indexes.
 */
final class CaseVocabulary {
    static final Set<String> STATUSES = Set.of("open", "in_review", "escalated", "resolved", "dismissed");
    static final Set<String> PRIORITIES = Set.of("urgent", "high", "normal", "low");
    static final int TITLE_MAX = 300;
    static final int DESCRIPTION_MAX = 20_000;
    static final int LABEL_MAX = 64;
    static final int SUBJECT_ID_MAX = 200;
    static final int NOTE_MAX = 10_000;
    static final int TAGS_MAX = 32;
    static final Pattern TAG = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");

    private CaseVocabulary() {}
}
