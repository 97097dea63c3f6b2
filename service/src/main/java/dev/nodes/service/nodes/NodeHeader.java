package dev.nodes.service.nodes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.nodes.service.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * The fields of a node that access checks and ETags need, read from its JSON with a streaming parser that stops
 * as soon as it has them (they are written first), so a cache hit never parses the content.
 */
public record NodeHeader(long id, String slug, UUID authorId, boolean isPublic, String status, int version) {

    public static NodeHeader of(Node node) {
        return new NodeHeader(node.id(), node.slug(), node.authorId(), node.isPublic(), node.status(), node.version());
    }

    public static NodeHeader peek(String json) {
        long id = 0;
        String slug = null;
        UUID author = null;
        Boolean isPublic = null;
        String status = null;
        Integer version = null;
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("cached node is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "id" -> id = parser.getLongValue();
                    case "slug" -> slug = parser.getText();
                    case "author_id" -> author = UUID.fromString(parser.getText());
                    case "is_public" -> isPublic = parser.getBooleanValue();
                    case "status" -> status = parser.getText();
                    case "version" -> version = parser.getIntValue();
                    default -> parser.skipChildren();
                }
                if (slug != null
                        && author != null
                        && isPublic != null
                        && status != null
                        && version != null
                        && id != 0) {
                    return new NodeHeader(id, slug, author, isPublic, status, version);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("cached node lacks header fields");
    }

    public String etag() {
        return "\"" + version + "\"";
    }
}
