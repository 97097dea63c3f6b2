package dev.nodes.service.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;

/** Reads a request body as a JSON object, enforcing the media type and the 1 MiB limit. */
public final class JsonBody {
    public static final int MAX_BYTES = 1024 * 1024;

    private JsonBody() {
    }

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
            throw new ApiException(Status.BAD_REQUEST_400, "invalid_json",
                    "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(Status.BAD_REQUEST_400, "invalid_json", "the body could not be read");
        }
        if (node == null || node.isMissingNode()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.invalidPayload(Map.of("$", "must be a JSON object"));
        }
        return object;
    }

    private static void requireJsonMediaType(ServerRequest req) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        String base = type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!base.equals("application/json") && !base.endsWith("+json")) {
            throw new ApiException(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type",
                    "the body must be application/json");
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
        } catch (IOException e) {
            throw new ApiException(Status.BAD_REQUEST_400, "invalid_json", "the body could not be read");
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, "payload_too_large",
                "the body is larger than " + MAX_BYTES + " bytes");
    }
}
