package dev.nodes.operator.resource;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * Either host (and port) or secretRef (keys host, port, password). "Exactly one" is a oneOf in the
 * schema (added at generation, see CrdIsCurrentTest): unlike a CEL rule, API servers before 1.25 and
 * their kubectl accept and enforce it.
 */
public class RedisSpec {
    @Pattern("^[^\\s:/]+$")
    public String host;

    @Pattern(Names.OBJECT_NAME)
    public String secretRef;

    @Default("6379")
    @Min(1)
    @Max(65535)
    public int port = 6379;

    /** Unset: leave Redis's value alone; "auto": sized from cache.maxEntries. */
    @Pattern(Names.MAXMEMORY)
    public String maxmemory;

    @Default("allkeys-lru")
    public MaxmemoryPolicy maxmemoryPolicy = MaxmemoryPolicy.ALLKEYS_LRU;
}
