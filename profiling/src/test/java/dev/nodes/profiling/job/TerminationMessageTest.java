package dev.nodes.profiling.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TerminationMessageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneCompactLineWithTheContractsFieldsAndAShortSummary() throws Exception {
        UUID id = UUID.randomUUID();
        String line =
                new TerminationMessage("ok", id, "p95 ms nodes 3.1;\nnext \"line\"  " + "x".repeat(2000)).jsonLine();
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
        assertEquals(
                "{\"result\":\"failed\",\"capture_id\":null,\"summary\":\"the target does not answer\"}",
                failed.jsonLine());
        assertEquals(1, failed.exitCode());
    }

    @Test
    void aComparedRunNamesItsBaselineAndAtMostThreeShortFramesAndStaysUnder4096Bytes() throws Exception {
        UUID id = UUID.randomUUID();
        UUID baseline = UUID.randomUUID();
        List<String> frames =
                List.of("A.a +9.00 pp (1.00% -> 10.0%)", "B.b +2.00 pp (1.00% -> 3.00%)", "x".repeat(5000), "D.d");
        String line = new TerminationMessage("ok", id, "s".repeat(5000), baseline, frames).jsonLine();
        assertTrue(line.getBytes().length < 4096, line.length() + " bytes");
        JsonNode json = JSON.readTree(line);
        assertEquals(
                List.of("result", "capture_id", "baseline_capture_id", "regressed_frames", "summary"),
                iterate(json.fieldNames()));
        assertEquals(baseline.toString(), json.get("baseline_capture_id").asText());
        assertEquals(3, json.get("regressed_frames").size());
        assertEquals(
                "A.a +9.00 pp (1.00% -> 10.0%)",
                json.get("regressed_frames").get(0).asText());
        assertEquals(
                TerminationMessage.MAX_FRAME,
                json.get("regressed_frames").get(2).asText().length());
    }

    @Test
    void theDiffSummaryGivesTheFramesThatGrewBySelfAndNoneWhenNothingGrew() throws Exception {
        UUID baseline = UUID.randomUUID();
        JsonNode summary = JSON.readTree("""
                {"grew_by_self": [
                  {"frame": "org/postgresql/core/PGStream.receive", "before_percent": 4.1, "after_percent": 16.4, "delta_points": 12.3},
                  {"frame": "dev/nodes/X.y", "before_percent": 1.0, "after_percent": 2.5, "delta_points": 1.5},
                  {"frame": "Same.z", "before_percent": 1.0, "after_percent": 1.0, "delta_points": 0.0}]}""");
        CaptureComparison c = CaptureComparison.fromSummary(baseline, summary);
        assertEquals(
                List.of("PGStream.receive +12.3 pp (4.10% -> 16.4%)", "X.y +1.50 pp (1.00% -> 2.50%)"), c.grewFrames());
        assertEquals(
                "vs baseline capture " + baseline + ": grew most (self) PGStream.receive +12.3 pp (4.10% -> 16.4%), "
                        + "X.y +1.50 pp (1.00% -> 2.50%)",
                c.note());
        CaptureComparison none = CaptureComparison.fromSummary(baseline, JSON.readTree("{\"grew_by_self\": []}"));
        assertEquals(List.of(), none.grewFrames());
        assertEquals("vs baseline capture " + baseline + ": no frame's share grew", none.note());
    }

    @Test
    void aLongFrameNameIsCutBeforeItsFigures() {
        String entry =
                CaptureComparison.withFigures("AccessInternal::" + "x".repeat(300), " +1.02 pp (0.100% -> 1.12%)");
        assertEquals(TerminationMessage.MAX_FRAME, entry.length());
        assertTrue(entry.endsWith("… +1.02 pp (0.100% -> 1.12%)"), entry);
    }

    @Test
    void aJvmStillCompilingIsSaidBesideTheFrames() throws Exception {
        UUID baseline = UUID.randomUUID();
        JsonNode warming = JSON.readTree("""
                {"baseline_jit_percent": 3.2, "regressed_jit_percent": 41.5, "grew_by_self": [
                  {"frame": "dev/nodes/X.y", "before_percent": 1.0, "after_percent": 2.5, "delta_points": 1.5}]}""");
        assertEquals(
                "vs baseline capture " + baseline + ": grew most (self) X.y +1.50 pp (1.00% -> 2.50%); the JIT "
                        + "compiler took 41.5% of the samples (baseline 3.20%): the JVM was still warming up, and the shares "
                        + "above are of the rest",
                CaptureComparison.fromSummary(baseline, warming).note());
        JsonNode warm =
                JSON.readTree("{\"baseline_jit_percent\": 3.2, \"regressed_jit_percent\": 4.9, \"grew_by_self\": []}");
        assertEquals(
                "vs baseline capture " + baseline + ": no frame's share grew",
                CaptureComparison.fromSummary(baseline, warm).note());
    }

    private static List<String> iterate(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
