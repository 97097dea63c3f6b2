package dev.nodes.operator.resource;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

public class EmbeddingSpec {
    @Default("hashing")
    public EmbeddingProvider provider = EmbeddingProvider.HASHING;

    /** Required for openai. */
    public String model;

    @Default("10000")
    @Min(100)
    @Max(600000)
    public int timeoutMillis = 10000;

    /** Secret with key apiKey; required for openai. */
    @Pattern(Names.OPTIONAL_OBJECT_NAME)
    public String apiKeySecretRef;
}
