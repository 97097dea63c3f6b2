package dev.nodes.operator.resource;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * Desired state. Field initialisers repeat the schema defaults so that objects built in Java (and
 * served by servers that do not default, like the mock) read the same as what the API server stores.
 */
public class NodesPlatformSpec {
    /** Service image; also runs the migrations. */
    @Required
    @Pattern("^[^\\s]+$")
    public String image;

    @Default("2")
    @Min(0)
    @Max(100)
    public int replicas = 2;

    /** true: observe and report, change nothing. */
    @Default("false")
    public boolean paused;

    @Required
    public DatabaseSpec database = new DatabaseSpec();

    @Required
    public RedisSpec redis = new RedisSpec();

    @Default("{}")
    public CacheSpec cache = new CacheSpec();

    @Required
    public AuthSpec auth = new AuthSpec();

    @Default("{}")
    public MigrationsSpec migrations = new MigrationsSpec();

    @Default("{}")
    public EmbeddingSpec embedding = new EmbeddingSpec();

    @Default("{}")
    public ProfilingSpec profiling = new ProfilingSpec();
}
