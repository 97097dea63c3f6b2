package dev.nodes.service.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI file names exactly the fields a case create and a case patch accept. The fault suite's fuzzer found
 * the patch documented with the create's schema, so that a client following the contract got 400 unknown field
 * for type, subject_id and subject_type.
 */
class CaseFieldsContractTest {

    @Test
    void createAndPatchSchemasListTheFieldsTheServiceAccepts() throws Exception {
        JsonNode doc;
        try (InputStream in = CaseFieldsContractTest.class.getResourceAsStream("/openapi.yaml")) {
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        JsonNode cases = doc.at("/paths/~1v1~1moderation~1cases");
        JsonNode patch =
                doc.at("/paths/~1v1~1moderation~1cases~1{id}/patch/requestBody/content/application~1json/schema");
        assertEquals(
                CaseInput.CREATE_FIELDS,
                properties(doc, cases.at("/post/requestBody/content/application~1json/schema")));
        assertEquals(CaseInput.PATCH_FIELDS, properties(doc, patch));
    }

    private static Set<String> properties(JsonNode doc, JsonNode schema) {
        JsonNode resolved =
                schema.has("$ref") ? doc.at(schema.path("$ref").asText().substring(1)) : schema;
        Set<String> names = new HashSet<>();
        resolved.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }
}
