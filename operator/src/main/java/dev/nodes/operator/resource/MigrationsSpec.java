package dev.nodes.operator.resource;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

public class MigrationsSpec {
    @Default("true")
    public boolean enabled = true;

    /** The migration Job's activeDeadlineSeconds. */
    @Default("600")
    @Min(10)
    @Max(86400)
    public int timeoutSeconds = 600;
}
