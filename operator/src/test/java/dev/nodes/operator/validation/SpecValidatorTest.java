package dev.nodes.operator.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.TestPlatforms;
import dev.nodes.operator.resource.EmbeddingProvider;
import dev.nodes.operator.resource.NodesPlatformSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
    static NodesPlatformSpec spec() {
        return TestPlatforms.platform("ns", "np").getSpec();
    }

    @Test
    void theSampleIsValid() {
        assertTrue(SpecValidator.validate(spec()).isEmpty());
    }

    @Test
    void redisNeedsExactlyOneOfHostAndSecret() {
        NodesPlatformSpec both = spec();
        both.redis.secretRef = "nodes-redis";
        assertEquals(List.of("spec.redis: set exactly one of host and secretRef"), SpecValidator.validate(both));
        NodesPlatformSpec neither = spec();
        neither.redis.host = null;
        assertEquals(List.of("spec.redis: set exactly one of host and secretRef"), SpecValidator.validate(neither));
    }

    @Test
    void openaiNeedsAModelAndAKey() {
        NodesPlatformSpec s = spec();
        s.embedding.provider = EmbeddingProvider.OPENAI;
        assertEquals(
                List.of(
                        "spec.embedding.model is required for provider openai",
                        "spec.embedding.apiKeySecretRef is required for provider openai"),
                SpecValidator.validate(s));
    }

    @Test
    void theCooldownCannotBeShorterThanTheWindow() {
        NodesPlatformSpec s = spec();
        s.profiling.window = "10m";
        s.profiling.cooldown = "5m";
        assertEquals(
                List.of("spec.profiling.cooldown must not be shorter than spec.profiling.window"),
                SpecValidator.validate(s));
    }

    @Test
    void malformedValuesTheMockServerWouldAcceptAreCaught() {
        NodesPlatformSpec s = spec();
        s.profiling.window = "five minutes";
        s.redis.maxmemory = "99999999999999999999gb";
        assertEquals(2, SpecValidator.validate(s).size());
    }
}
