package dev.nodes.profiling.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TerminationMessageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneCompactLineWithTheContractsFieldsAndAShortSummary() throws Exception {
        UUID id = UUID.randomUUID();
        String line = new TerminationMessage("ok", id, "p95 ms nodes 3.1;\nnext \"line\"  " + "x".repeat(2000)).jsonLine();
        assertTrue(line.indexOf('\n') < 0 && line.getBytes().length < 4096, line);
        JsonNode json = JSON.readTree(line);
        assertEquals("ok", json.get("result").asText());
        assertEquals(id.toString(), json.get("capture_id").asText());
        String summary = json.get("summary").asText();
        assertEquals(TerminationMessage.MAX_SUMMARY, summary.length());
        assertTrue(summary.startsWith("p95 ms nodes 3.1; next \"line\" x") && summary.endsWith("…"), summary);
        assertEquals(0, new TerminationMessage("regressed", id, "s").exitCode());
    }

    @Test
    void failedHasANullCaptureAndExitCodeOne() throws Exception {
        TerminationMessage failed = TerminationMessage.failed(null, "the target does not answer");
        assertEquals("{\"result\":\"failed\",\"capture_id\":null,\"summary\":\"the target does not answer\"}",
                failed.jsonLine());
        assertEquals(1, failed.exitCode());
    }
}
