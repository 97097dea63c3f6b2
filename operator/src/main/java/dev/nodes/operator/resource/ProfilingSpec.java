package dev.nodes.operator.resource;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Regression watch and profiling settings. */
public class ProfilingSpec {
    @Default("true")
    public boolean enabled = true;

    @Default("true")
    public boolean benchmarkAfterMigration = true;

    @Default("20")
    @Min(1)
    @Max(1000)
    public int latencyRegressionPercent = 20;

    @Default("0.85")
    @Min(0)
    @Max(1)
    public double cacheHitRatioMin = 0.85;

    @Default("0.6")
    @Min(0)
    @Max(1)
    public double redisMemoryMaxRatio = 0.60;

    @Default("5m")
    @Pattern(Names.DURATION)
    public String window = "5m";

    @Default("30m")
    @Pattern(Names.DURATION)
    public String cooldown = "30m";

    @Default("30")
    @Min(1)
    @Max(600)
    public int seconds = 30;

    /**
     * After each rollout's baseline window, a profiling Job in baseline mode takes the capture later regressions
     * are compared with (a differential flame graph, and the frames that grew in status).
     */
    @Default("true")
    public boolean baselineCapture = true;
}
