package dev.nodes.service.nodes.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void ceilingDoublesUpToTheMaximum() {
        assertEquals(100, backoff.ceilingMillis(1));
        assertEquals(200, backoff.ceilingMillis(2));
        assertEquals(800, backoff.ceilingMillis(4));
        assertEquals(1000, backoff.ceilingMillis(5));
        assertEquals(1000, backoff.ceilingMillis(1000));
    }

    @Test
    void delayIsJitteredBetweenHalfAndAllOfTheCeiling() {
        for (int retry = 1; retry <= 6; retry++) {
            for (int sample = 0; sample < 200; sample++) {
                long delay = backoff.delay(retry).toMillis();
                long ceiling = backoff.ceilingMillis(retry);
                assertTrue(delay >= ceiling / 2 && delay <= ceiling, retry + ": " + delay);
            }
        }
    }
}
