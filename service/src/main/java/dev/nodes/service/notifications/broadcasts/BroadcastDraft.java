package dev.nodes.service.notifications.broadcasts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.service.http.BodyFields;
import dev.nodes.service.http.Json;
import dev.nodes.service.notifications.NotificationVocabulary;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A validated create or replace body. The audience is kept in a canonical form: {@code {"type":"all_users"}}
 * or {@code {"type":"explicit_users","user_ids":[..]}} with the ids de-duplicated and sorted, which is also the
 * order the worker delivers them in.
 */
public record BroadcastDraft(
        String title,
        String message,
        String placement,
        String priority,
        String audienceJson,
        Optional<Instant> scheduledAt) {
    public static final int MAX_EXPLICIT_USERS = 10_000;
    private static final Set<String> FIELDS =
            Set.of("title", "message", "placement", "priority", "audience", "scheduled_at");

    /** Reads and validates the body; throws the 400 naming every problem. */
    public static BroadcastDraft parse(ObjectNode json) {
        BodyFields body = new BodyFields(json, FIELDS);
        Optional<String> title = body.requiredString("title", NotificationVocabulary.TITLE_MAX);
        Optional<String> message = body.requiredString("message", NotificationVocabulary.MESSAGE_MAX);
        String placement =
                body.oneOf("placement", NotificationVocabulary.PLACEMENTS).orElse("inbox");
        String priority =
                body.oneOf("priority", NotificationVocabulary.PRIORITIES).orElse("normal");
        Optional<String> audience = Optional.empty();
        if (!body.has("audience") || body.isNull("audience")) {
            body.reject("audience", "is required");
        } else {
            audience = body.object("audience").flatMap(a -> audience(a, body));
        }
        Optional<Instant> scheduledAt = body.string("scheduled_at", 64).flatMap(s -> timestamp(s, body));
        body.validate();
        return new BroadcastDraft(
                title.orElseThrow(), message.orElseThrow(), placement, priority, audience.orElseThrow(), scheduledAt);
    }

    private static Optional<String> audience(ObjectNode audience, BodyFields body) {
        for (Iterator<String> names = audience.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("type") && !name.equals("user_ids")) {
                body.reject("audience." + name, "unknown field");
                return Optional.empty();
            }
        }
        JsonNode type = audience.get("type");
        if (type == null || !type.isTextual()) {
            body.reject("audience.type", "must be all_users or explicit_users");
            return Optional.empty();
        }
        ObjectNode canonical = Json.MAPPER.createObjectNode();
        switch (type.textValue()) {
            case "all_users" -> {
                if (audience.has("user_ids")) {
                    body.reject("audience.user_ids", "only with type explicit_users");
                    return Optional.empty();
                }
                canonical.put("type", "all_users");
            }
            case "explicit_users" -> {
                Optional<List<String>> ids = userIds(audience.get("user_ids"), body);
                if (ids.isEmpty()) {
                    return Optional.empty();
                }
                canonical.put("type", "explicit_users");
                ArrayNode array = canonical.putArray("user_ids");
                ids.get().forEach(array::add);
            }
            default -> {
                body.reject("audience.type", "must be all_users or explicit_users");
                return Optional.empty();
            }
        }
        return Optional.of(Json.write(canonical));
    }

    private static Optional<List<String>> userIds(JsonNode node, BodyFields body) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            body.reject("audience.user_ids", "must be a non-empty array of UUIDs");
            return Optional.empty();
        }
        if (node.size() > MAX_EXPLICIT_USERS) {
            body.reject("audience.user_ids", "must have at most " + MAX_EXPLICIT_USERS + " items");
            return Optional.empty();
        }
        // sorted as PostgreSQL sorts uuid (unsigned bytes), so the worker's keyset over them is this order
        TreeSet<String> ids = new TreeSet<>();
        for (JsonNode item : node) {
            try {
                if (!item.isTextual()) {
                    throw new IllegalArgumentException();
                }
                UUID id = UUID.fromString(item.textValue());
                if (!id.toString().equalsIgnoreCase(item.textValue())) {
                    throw new IllegalArgumentException();
                }
                ids.add(id.toString());
            } catch (IllegalArgumentException e) {
                body.reject("audience.user_ids", "must be a non-empty array of UUIDs");
                return Optional.empty();
            }
        }
        return Optional.of(new ArrayList<>(ids));
    }

    private static Optional<Instant> timestamp(String value, BodyFields body) {
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            body.reject("scheduled_at", "must be an RFC 3339 timestamp");
            return Optional.empty();
        }
    }
}
