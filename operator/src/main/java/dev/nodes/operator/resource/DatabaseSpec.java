package dev.nodes.operator.resource;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

public class DatabaseSpec {
    /** Secret with keys url, username, password: credentials are never inline. */
    @Required
    @Pattern(Names.OBJECT_NAME)
    public String secretRef;
}
