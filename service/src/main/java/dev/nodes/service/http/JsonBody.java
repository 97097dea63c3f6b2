package dev.nodes.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/** Reads a request body as a JSON object, enforcing the media type and the 1 MiB limit. */
public final class JsonBody {
    public static final int MAX_BYTES = 1024 * 1024;

    private JsonBody() {}

    /** The body as an object; an absent body is an empty object. */
    public static ObjectNode readObject(ServerRequest req) {
        byte[] bytes = readBytes(req);
        if (bytes.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        requireJsonMediaType(req);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ApiException(
                    Status.BAD_REQUEST_400, "invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(Status.BAD_REQUEST_400, "invalid_json", "the body could not be read");
        }
        if (node == null || node.isMissingNode()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.invalidPayload(Map.of("$", "must be a JSON object"));
        }
        String withNul = firstNul(object, "");
        if (withNul != null) {
            throw ApiException.invalidPayload(Map.of(withNul, "must not contain NUL characters"));
        }
        return object;
    }

    /**
     * The path of the first key or string value holding U+0000, or null. PostgreSQL stores NUL in neither text nor
     * jsonb, so no field of any body may carry one: refused here once, for free-form objects and arrays too.
     */
    static String firstNul(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? (path.isEmpty() ? "$" : path) : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = firstNul(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getKey().indexOf('\0') >= 0) {
                    return (path.isEmpty() ? "$" : path) + " (a key)";
                }
                String found = firstNul(field.getValue(), fieldPath);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static void requireJsonMediaType(ServerRequest req) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        String base = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json") && !base.endsWith("+json")) {
            throw new ApiException(
                    Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type", "the body must be application/json");
        }
    }

    private static byte[] readBytes(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        if (req.headers().contentLength().orElse(0) > MAX_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            // a body that cannot be read (a broken chunked encoding, a stream cut short) is the client's error
            if (e instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(
                    Status.BAD_REQUEST_400, "invalid_json", "the body could not be read: " + e.getMessage());
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(
                Status.REQUEST_ENTITY_TOO_LARGE_413,
                "payload_too_large",
                "the body is larger than " + MAX_BYTES + " bytes");
    }
}
