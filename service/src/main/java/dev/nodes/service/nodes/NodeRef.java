package dev.nodes.service.nodes;

import java.util.regex.Pattern;

/** The {@code {ref}} of a node route: a numeric id, or a slug. Slugs are never all digits, so this is unambiguous. */
public sealed interface NodeRef {
    Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{0,79}$");

    record ById(long id) implements NodeRef {}

    record BySlug(String slug) implements NodeRef {}

    /** A ref that cannot name any node (malformed): its routes answer 404. */
    record Invalid() implements NodeRef {}

    static NodeRef parse(String ref) {
        if (!ref.isEmpty() && ref.length() <= 19 && ref.chars().allMatch(Character::isDigit)) {
            try {
                return new ById(Long.parseLong(ref));
            } catch (NumberFormatException e) {
                return new Invalid();
            }
        }
        return SLUG.matcher(ref).matches() ? new BySlug(ref) : new Invalid();
    }
}
