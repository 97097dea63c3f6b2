package dev.nodes.operator.resource;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

public class AuthSpec {
    /** Secret with key secret (the JWT signing secret). */
    @Required
    @Pattern(Names.OBJECT_NAME)
    public String jwtSecretRef;
}
