package dev.nodes.service.nodes;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Normalises tags as the contract says: trimmed, lower-cased, de-duplicated, {@code ^[a-z0-9][a-z0-9-]{0,63}$}. */
public final class TagList {
    public static final int MAX_TAGS = 32;
    public static final int MAX_LENGTH = 64;
    private static final Pattern TAG = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");

    private TagList() {}

    /** The normalised tags, or a reason why they are not acceptable. */
    public static Result normalise(List<String> raw) {
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : raw) {
            String normalised = tag.trim().toLowerCase(Locale.ROOT);
            if (!TAG.matcher(normalised).matches()) {
                return new Result(
                        List.of(), Optional.of("'" + tag + "' is not a valid tag (^[a-z0-9][a-z0-9-]{0,63}$)"));
            }
            tags.add(normalised);
        }
        if (tags.size() > MAX_TAGS) {
            return new Result(List.of(), Optional.of("at most " + MAX_TAGS + " tags"));
        }
        return new Result(tags.stream().sorted().toList(), Optional.empty());
    }

    public record Result(List<String> tags, Optional<String> problem) {}
}
