package dev.nodes.operator.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nodes.operator.resource.RolloutRecord;
import org.junit.jupiter.api.Test;

class RolloutTrackerTest {
    static final String EMB = RolloutTracker.embedding("hashing", null, 10000);

    static RolloutTracker.Identity id(String image, String config, String migration) {
        return new RolloutTracker.Identity(
                image, config, migration, migration == null ? null : "np-migrate-" + migration, EMB);
    }

    @Test
    void theFirstRolloutOwesABenchmarkForItsMigrationButNoProfile() {
        RolloutRecord first = RolloutTracker.observe(null, id("img:1", "c1", "h1"), true, "t1");
        assertNull(first.profileDue, "nothing to compare with");
        assertEquals("benchmark after migration Job np-migrate-h1", first.benchmarkDue);
        assertEquals("t1", first.observedAt);
        assertNull(
                RolloutTracker.observe(null, id("img:1", "c1", null), true, "t1").benchmarkDue, "migrations disabled");
    }

    @Test
    void theSameTemplateIsTheSameRollout() {
        RolloutRecord first = RolloutTracker.observe(null, id("img:1", "c1", "h1"), true, "t1");
        assertSame(first, RolloutTracker.observe(first, id("img:1", "c1", "h1"), true, "t2"));
        assertNotEquals(
                first.id,
                RolloutTracker.observe(first, id("img:1", "c2", "h1"), true, "t2").id,
                "a config change is a rollout");
    }

    @Test
    void aConfigOnlyRolloutOwesNothingButCarriesWhatIsStillOwed() {
        RolloutRecord first = RolloutTracker.observe(null, id("img:1", "c1", "h1"), true, "t1");
        RolloutRecord ttl = RolloutTracker.observe(first, id("img:1", "c2", "h1"), true, "t2");
        assertNull(ttl.profileDue);
        assertEquals(first.benchmarkDue, ttl.benchmarkDue, "the benchmark the first rollout never got");

        RolloutRecord migrated = RolloutTracker.observe(ttl, id("img:2", "c2", "h2"), true, "t3");
        RolloutRecord unstableThenTtl = RolloutTracker.observe(migrated, id("img:2", "c3", "h2"), true, "t4");
        assertEquals(migrated.profileDue, unstableThenTtl.profileDue);
        assertEquals("benchmark after migration Job np-migrate-h2", unstableThenTtl.benchmarkDue);
    }
}
