package dev.nodes.service.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.TestService;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document parses and describes every route of the contract. */
class OpenApiDocumentTest {
    private static final List<String> CONTRACT_PATHS = List.of(
            "/v1/nodes",
            "/v1/nodes/{ref}",
            "/v1/nodes/slug/{slug}",
            "/v1/nodes/{ref}/tags",
            "/v1/nodes/dev-blog",
            "/v1/nodes/{ref}/views",
            "/v1/nodes/{ref}/likes",
            "/v1/nodes/{ref}/embedding/refresh",
            "/v1/notifications",
            "/v1/notifications/unread-count",
            "/v1/notifications/{id}/read",
            "/v1/notifications/read-all",
            "/v1/notifications/admin/send",
            "/v1/notifications/admin/broadcasts",
            "/v1/notifications/admin/broadcasts/{id}",
            "/v1/notifications/admin/broadcasts/{id}/send-now",
            "/v1/notifications/admin/broadcasts/{id}/cancel",
            "/v1/moderation/cases",
            "/v1/moderation/cases/{id}",
            "/v1/moderation/cases/{id}/notes",
            "/health/live",
            "/health/ready",
            "/metrics",
            "/openapi.yaml",
            "/v1/admin/profiling/captures",
            "/v1/admin/profiling/captures/{id}",
            "/v1/admin/profiling/captures/{id}/flamegraph.svg",
            "/v1/admin/profiling/captures/{id}/diff");

    @Test
    void servedDocumentDescribesTheWholeContract() throws Exception {
        try (TestService service = TestService.start()) {
            Response response = service.http().get("/openapi.yaml", null);
            assertEquals(200, response.status());
            assertEquals("application/yaml", response.header("Content-Type"));
            JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(response.body());
            assertTrue(doc.get("openapi").asText().startsWith("3."));
            for (String path : CONTRACT_PATHS) {
                assertTrue(doc.get("paths").has(path), "missing " + path);
            }
            assertTrue(doc.at("/components/schemas/Error/required").toString().contains("error"));
        }
    }
}
