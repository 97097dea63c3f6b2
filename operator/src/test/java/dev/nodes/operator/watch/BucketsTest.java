package dev.nodes.operator.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BucketsTest {
    static final double INF = Double.POSITIVE_INFINITY;

    static Buckets buckets(double... boundsAndCounts) {
        TreeMap<Double, Double> m = new TreeMap<>();
        for (int i = 0; i < boundsAndCounts.length; i += 2) {
            m.put(boundsAndCounts[i], boundsAndCounts[i + 1]);
        }
        return new Buckets(m);
    }

    @Test
    void p95InterpolatesInsideTheBucketTheRankFallsIn() {
        // 100 observations: 50 <= 1 ms, 90 <= 5 ms, 100 <= 10 ms. Rank 95 lies in (5 ms, 10 ms], halfway
        // through its 10 observations: 5 + 5 * (95 - 90) / 10 = 7.5 ms
        Buckets b = buckets(0.001, 50, 0.005, 90, 0.010, 100, INF, 100);
        assertEquals(0.0075, b.quantile(0.95).orElseThrow(), 1e-12);
        assertEquals(0.001, b.quantile(0.5).orElseThrow(), 1e-12);
        // the first bucket starts at 0
        assertEquals(0.0005, b.quantile(0.25).orElseThrow(), 1e-12);
    }

    @Test
    void aRankInTheInfBucketGivesTheLargestFiniteBound() {
        Buckets b = buckets(0.1, 10, 1.0, 90, INF, 100);
        assertEquals(1.0, b.quantile(0.95).orElseThrow(), 1e-12);
    }

    @Test
    void emptyBucketsBeforeTheRankAreSkipped() {
        // nothing below 25 ms: rank 9.5 of 10 falls in (25 ms, 50 ms]
        Buckets b = buckets(0.01, 0, 0.025, 0, 0.05, 10, INF, 10);
        assertEquals(0.025 + 0.025 * 9.5 / 10, b.quantile(0.95).orElseThrow(), 1e-12);
    }

    @Test
    void noObservationsHaveNoQuantile() {
        assertTrue(Buckets.EMPTY.quantile(0.95).isEmpty());
        assertTrue(buckets(0.1, 0, INF, 0).quantile(0.95).isEmpty());
    }

    @Test
    void deltasSubtractBucketByBucketAndRefuseAReset() {
        Buckets before = buckets(0.001, 5, 0.01, 8, INF, 10);
        Buckets after = buckets(0.001, 55, 0.01, 98, INF, 110);
        Buckets delta = after.minus(before).orElseThrow();
        assertEquals(Map.of(0.001, 50.0, 0.01, 90.0, INF, 100.0), delta.cumulative());
        assertEquals(100, delta.count());
        assertTrue(before.minus(after).isEmpty(), "a counter that went down is a restart");
        assertTrue(buckets(0.002, 1, INF, 1).minus(before).isEmpty(), "another bucket layout");
        assertEquals(after, after.minus(Buckets.EMPTY).orElseThrow(), "a series that appeared in the window");
    }

    @Test
    void sumsAddBucketByBucket() {
        Buckets a = buckets(0.001, 1, INF, 2);
        Buckets b = buckets(0.001, 3, INF, 5);
        assertEquals(Map.of(0.001, 4.0, INF, 7.0), a.plus(b).cumulative());
    }
}
