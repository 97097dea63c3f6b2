package dev.nodes.service.auth;

import java.util.Locale;
import java.util.Optional;

/** The roles a token may carry in its {@code role} claim. */
public enum Role {
    USER,
    MODERATOR,
    ADMIN;

    /** Absent means user; otherwise exactly one of the contract's lower-case names ("ADMIN" is not a role). */
    public static Optional<Role> parse(String claim) {
        if (claim == null) {
            return Optional.of(USER);
        }
        return switch (claim) {
            case "user" -> Optional.of(USER);
            case "moderator" -> Optional.of(MODERATOR);
            case "admin" -> Optional.of(ADMIN);
            default -> Optional.empty();
        };
    }

    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }
}
