package dev.nodes.service.redis;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Reads one sample from a registry's text exposition, by its exposed name and labels (as /metrics shows them). */
public final class MetricValues {
    private MetricValues() {}

    /**
     * The value of {@code name{labels}}; fails when the sample is not exposed.
     *
     * @param labels name, value, name, value...
     */
    public static double value(PrometheusRegistry registry, String name, String... labels) {
        return value(exposition(registry), name, labels);
    }

    /** The value of {@code name{labels}} in a text exposition (for example the body of GET /metrics). */
    public static double value(String text, String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        for (String line : text.lines().toList()) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String sampleName = brace < 0 ? line.substring(0, space) : line.substring(0, brace);
            if (!sampleName.equals(name)) {
                continue;
            }
            Map<String, String> sampleLabels = new TreeMap<>();
            if (brace >= 0) {
                String inside = line.substring(brace + 1, line.lastIndexOf('}'));
                for (String pair : inside.split(",")) {
                    if (pair.isBlank()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    sampleLabels.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
                }
            }
            if (sampleLabels.equals(wanted)) {
                return Double.parseDouble(line.substring(space + 1));
            }
        }
        throw new AssertionError("no sample " + name + wanted + " in:\n"
                + text.lines().filter(l -> l.startsWith("nodes_")).toList());
    }

    public static String exposition(PrometheusRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
