package dev.nodes.profiling.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The answers of one phase (load or fuzz), by status. Unexpected are: no answer at all, a 500, and any other 5xx
 * but a 503 whose code is {@code unavailable} or {@code overloaded}; those two are the correct answer while a
 * backend is down or the service is busy, and are counted apart, by the fault that was under way when they came
 * ({@link #during}). With {@code outagesExpected} false (the fuzz, both backends up) every 5xx is unexpected.
 */
final class Tally {
    static final Set<String> EXPECTED_503 = Set.of("unavailable", "overloaded");
    private static final int EXAMPLES = 20;

    private final boolean outagesExpected;
    private final AtomicLong sent = new AtomicLong();
    private final Map<Integer, Long> byStatus = new TreeMap<>();
    private final Map<String, Long> expected503 = new TreeMap<>();
    private final AtomicLong unexpected = new AtomicLong();
    private final List<String> examples = new ArrayList<>();
    private final List<Long> unavailableMillis = new ArrayList<>();
    private volatile String during = "steady";

    Tally(boolean outagesExpected) {
        this.outagesExpected = outagesExpected;
    }

    /** What is going on now ("steady", "postgres down", ...), for the 503s that come meanwhile. */
    void during(String fault) {
        this.during = fault;
    }

    void record(FaultHttp.Call call, FaultHttp.Answer answer) {
        sent.incrementAndGet();
        String code = answer.status() == 503 ? answer.errorCode() : "";
        boolean expected503 = outagesExpected && EXPECTED_503.contains(code);
        synchronized (this) {
            byStatus.merge(answer.status(), 1L, Long::sum);
            if (expected503) {
                this.expected503.merge(code + " (" + during + ")", 1L, Long::sum);
                if (code.equals("unavailable")) {
                    unavailableMillis.add(answer.millis());
                }
            }
        }
        if (answer.status() == FaultHttp.NO_ANSWER || (answer.status() >= 500 && !expected503)) {
            unexpected.incrementAndGet();
            synchronized (this) {
                if (examples.size() < EXAMPLES) {
                    examples.add(call.describe() + " -> " + answer.describe());
                }
            }
        }
    }

    long sent() {
        return sent.get();
    }

    long unexpected() {
        return unexpected.get();
    }

    synchronized Map<Integer, Long> byStatus() {
        return new TreeMap<>(byStatus);
    }

    /** The 503 unavailable / overloaded answers, keyed "code (fault under way)". */
    synchronized Map<String, Long> expected503() {
        return new TreeMap<>(expected503);
    }

    /** 503 {@code unavailable} answers that came while {@code fault} was under way. */
    synchronized long unavailableDuring(String fault) {
        return expected503.getOrDefault("unavailable (" + fault + ")", 0L);
    }

    /**
     * How fast the 503 {@code unavailable} answers came: median, 99th percentile and slowest, in ms (empty when
     * there were none). Failing fast is the point: a client should not wait out a timeout to hear of an outage.
     */
    synchronized List<Long> unavailableLatency() {
        if (unavailableMillis.isEmpty()) {
            return List.of();
        }
        List<Long> sorted = unavailableMillis.stream().sorted().toList();
        return List.of(
                sorted.get(sorted.size() / 2),
                sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)),
                sorted.getLast());
    }

    synchronized List<String> examples() {
        return List.copyOf(examples);
    }
}
