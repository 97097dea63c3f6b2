package dev.nodes.operator.resource;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

public class CacheSpec {
    @Default("300")
    @Min(1)
    @Max(86400)
    public int ttlSeconds = 300;

    @Default("5000")
    @Min(1)
    @Max(10000000)
    public int maxEntries = 5000;
}
