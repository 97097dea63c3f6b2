package dev.nodes.service.nodes.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HashingEmbeddingProviderTest {
    private static final EmbeddingInput GARDENING = new EmbeddingInput(
            "Growing tomatoes in a small garden",
            List.of("gardening", "vegetables"),
            "Tomatoes need sun, regular watering and a support stake. Plant tomato seedlings after the last frost.");

    @Test
    void murmur3MatchesTheReferenceVectors() {
        // seed 0: the published values; the others were checked against Guava's murmur3_32_fixed
        assertEquals(0, Murmur3.hash32("", 0));
        assertEquals(0x248bfa47, Murmur3.hash32("hello", 0));
        assertEquals(0x2e4ff723, Murmur3.hash32("The quick brown fox jumps over the lazy dog", 0));
        assertEquals(0x0e375ad8, Murmur3.hash32("héllo wörld ✓", 0));
        assertEquals(0xc84a62dd, Murmur3.hash32("abc", 0x9747b28c));
        assertEquals(0x0c34d32b, Murmur3.hash32("machine learning", 0x9747b28c));
    }

    @Test
    void sameInputGivesTheSameVectorAcrossInstances() {
        float[] first = new HashingEmbeddingProvider(256).embed(GARDENING);
        float[] second = new HashingEmbeddingProvider(256)
                .embed(new EmbeddingInput(GARDENING.title(), GARDENING.tags(), GARDENING.content()));
        assertArrayEquals(first, second);
    }

    @Test
    void vectorsHaveTheConfiguredDimensionAndUnitLength() {
        for (int dimensions : new int[] {8, 256, 1000}) {
            float[] vector = new HashingEmbeddingProvider(dimensions).embed(GARDENING);
            assertEquals(dimensions, vector.length);
            assertEquals(1.0, norm(vector), 1e-5);
        }
    }

    @Test
    void textWithoutWordsIsTheZeroVector() {
        float[] vector = new HashingEmbeddingProvider(64).embed(new EmbeddingInput("?!", List.of(), "  ..."));
        assertEquals(64, vector.length);
        assertEquals(0.0, norm(vector));
    }

    @Test
    void tokensAreLowerCaseWordsWithFullWidthFormsFolded() {
        assertEquals(
                List.of("hello", "world", "2026", "straße", "full", "日本語"),
                HashingEmbeddingProvider.words("Hello, WORLD! 2026 -- Straße ＦＵＬＬ 日本語"));
    }

    @Test
    void similarTextsAreCloserThanUnrelatedOnes() {
        HashingEmbeddingProvider provider = new HashingEmbeddingProvider(256);
        float[] gardening = provider.embed(GARDENING);
        float[] similar = provider.embed(new EmbeddingInput(
                "Tomato garden tips",
                List.of("gardening"),
                "Water your tomatoes regularly and give the tomato plants plenty of sun in the garden."));
        float[] unrelated = provider.embed(new EmbeddingInput(
                "Quarterly tax filing for freelancers",
                List.of("finance", "taxes"),
                "Freelancers must file estimated income tax every quarter and keep receipts of business expenses."));
        double near = dot(gardening, similar);
        double far = dot(gardening, unrelated);
        assertTrue(near > far + 0.2, "similar " + near + " vs unrelated " + far);
    }

    @Test
    void titleAndTagsCount() {
        HashingEmbeddingProvider provider = new HashingEmbeddingProvider(256);
        float[] withTitle = provider.embed(new EmbeddingInput("kubernetes operators", List.of(), "some notes"));
        float[] withTag = provider.embed(new EmbeddingInput("notes", List.of("kubernetes-operators"), "some notes"));
        float[] other = provider.embed(new EmbeddingInput("notes", List.of("baking"), "some notes"));
        assertTrue(dot(withTitle, withTag) > dot(withTitle, other));
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }
}
