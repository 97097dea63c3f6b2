package dev.nodes.service.nodes.embedding;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Local, deterministic embeddings by signed feature hashing ("the hashing trick"): no network, no model.
 *
 * <p>Features are the lower-cased words (Unicode letters and digits, NFKC-normalised) of the title, the tags and
 * the content, plus their word bigrams at half weight. Within a field a feature counts {@code 1 + ln(tf)} so long
 * content does not drown the title; the title weighs 2, tags 1.5, content 1. Each feature is hashed with
 * MurmurHash3 (x86, 32 bit): the low 31 bits pick the dimension, the top bit the sign, so collisions cancel out
 * on average instead of piling up. The result is L2-normalised (cosine similarity is then a dot product); a text
 * without any word gives the zero vector.
 */
public final class HashingEmbeddingProvider implements EmbeddingProvider {
    /** Changing tokenisation, weights or hash must change this name: stored vectors would no longer compare. */
    public static final String MODEL = "hashing-murmur3-v1";

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final int SEED = 0x9747b28c;
    private static final double TITLE_WEIGHT = 2.0;
    private static final double TAG_WEIGHT = 1.5;
    private static final double CONTENT_WEIGHT = 1.0;
    private static final double BIGRAM_WEIGHT = 0.5;

    private final int dimensions;

    public HashingEmbeddingProvider(int dimensions) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be positive, got " + dimensions);
        }
        this.dimensions = dimensions;
    }

    @Override
    public String name() {
        return "hashing";
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public float[] embed(EmbeddingInput input) {
        // insertion order keeps the floating-point sums identical from run to run
        Map<String, Double> features = new LinkedHashMap<>();
        addField(features, words(input.title()), TITLE_WEIGHT);
        for (String tag : input.tags()) {
            addField(features, words(tag), TAG_WEIGHT);
        }
        addField(features, words(input.content()), CONTENT_WEIGHT);

        double[] sums = new double[dimensions];
        for (Map.Entry<String, Double> feature : features.entrySet()) {
            int hash = Murmur3.hash32(feature.getKey(), SEED);
            int index = (hash & 0x7fffffff) % dimensions;
            sums[index] += hash < 0 ? -feature.getValue() : feature.getValue();
        }
        return normalised(sums);
    }

    /** Lower-cased words of a text, split at everything that is neither a letter nor a digit. */
    static List<String> words(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        for (String word : NON_WORD.split(folded)) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static void addField(Map<String, Double> features, List<String> words, double weight) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            counts.merge(words.get(i), 1, Integer::sum);
            if (i > 0) {
                // words never contain a space, so a bigram cannot collide with a word
                counts.merge(words.get(i - 1) + " " + words.get(i), 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> count : counts.entrySet()) {
            boolean bigram = count.getKey().indexOf(' ') >= 0;
            double value = weight * (1 + Math.log(count.getValue())) * (bigram ? BIGRAM_WEIGHT : 1.0);
            features.merge(count.getKey(), value, Double::sum);
        }
    }

    private static float[] normalised(double[] sums) {
        double norm = 0;
        for (double v : sums) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        float[] vector = new float[sums.length];
        if (norm == 0) {
            return vector;
        }
        for (int i = 0; i < sums.length; i++) {
            vector[i] = (float) (sums[i] / norm);
        }
        return vector;
    }
}
