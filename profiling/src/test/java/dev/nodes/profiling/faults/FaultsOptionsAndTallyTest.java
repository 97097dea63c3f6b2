package dev.nodes.profiling.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nodes.profiling.bench.UsageException;
import dev.nodes.profiling.faults.FaultHttp.Answer;
import dev.nodes.profiling.faults.FaultHttp.Call;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scales and their overrides, and which answers the tally holds against the service. */
class FaultsOptionsAndTallyTest {
    private static final Call CALL = Call.json("GET", "/v1/nodes/1", null, null);

    @Test
    void aScaleSetsEveryFigureAndAnOptionOverridesItsPart() {
        FaultsOptions small = FaultsOptions.parse(List.of());
        assertEquals("small", small.scale());
        assertEquals(Duration.ofSeconds(3), small.outage());
        FaultsOptions full = FaultsOptions.parse(List.of("--outage-seconds", "5", "--scale", "full"));
        assertEquals(60, full.rate());
        assertEquals(Duration.ofSeconds(5), full.outage());
        assertEquals(1200, full.fuzzRequests());
        assertEquals(
                "faults --scale full --rate 60 --outage-seconds 5 --settle-seconds 8 --fuzz-requests 1200"
                        + " --nodes 200 --seed 12",
                full.commandLine());
        assertThrows(UsageException.class, () -> FaultsOptions.parse(List.of("--scale", "huge")));
        assertThrows(UsageException.class, () -> FaultsOptions.parse(List.of("--outages", "1")));
    }

    @Test
    void underLoadOnlyA503UnavailableOrOverloadedIsExpected() {
        Tally load = new Tally(true);
        load.during("postgres down");
        load.record(CALL, answer(503, "unavailable"));
        load.record(CALL, answer(503, "overloaded"));
        load.record(CALL, answer(503, "draining"));
        load.record(CALL, answer(500, "internal"));
        load.record(CALL, new Answer(FaultHttp.NO_ANSWER, null, "reset", 1));
        load.record(CALL, answer(400, "invalid_payload"));
        assertEquals(6, load.sent());
        assertEquals(3, load.unexpected());
        assertEquals(1, load.unavailableDuring("postgres down"));
        assertEquals(3, load.examples().size());
    }

    @Test
    void duringTheFuzzEvery5xxIsUnexpected() {
        Tally fuzz = new Tally(false);
        fuzz.record(CALL, answer(503, "unavailable"));
        fuzz.record(CALL, answer(404, "not_found"));
        assertEquals(1, fuzz.unexpected());
    }

    private static Answer answer(int status, String code) {
        return new Answer(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\"}}", null, 1);
    }
}
