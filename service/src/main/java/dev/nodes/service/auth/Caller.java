package dev.nodes.service.auth;

import dev.nodes.service.http.ApiException;
import java.util.UUID;

/** The authenticated user of a request. */
public record Caller(UUID userId, String subject, Role role) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public Caller requireAdmin() {
        if (role != Role.ADMIN) {
            throw ApiException.forbidden("this route needs the admin role");
        }
        return this;
    }

    public Caller requireModerator() {
        if (role != Role.ADMIN && role != Role.MODERATOR) {
            throw ApiException.forbidden("this route needs the moderator or admin role");
        }
        return this;
    }
}
