package dev.nodes.profiling.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Writing (and reading back) the result file, and turning histograms into its numbers. */
final class ReportJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter RFC3339_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ReportJson() {}

    static String timestamp(Instant instant) {
        return RFC3339_MILLIS.format(instant);
    }

    /** Latencies of a histogram recorded in microseconds, in milliseconds with microsecond precision. */
    static BenchReport.LatencyMs latency(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new BenchReport.LatencyMs(0, 0, 0, 0, 0);
        }
        return new BenchReport.LatencyMs(
                ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(95)),
                ms(micros.getValueAtPercentile(99)),
                ms(micros.getMaxValue()),
                round(micros.getMean() / 1_000.0, 3));
    }

    static BenchReport.ScenarioResult result(Scenario scenario, LoadRunner.Measurement m) {
        long requests = m.requests();
        double seconds = m.elapsedNanos() / (double) TimeUnit.SECONDS.toNanos(1);
        Map<String, Long> statusCounts = new LinkedHashMap<>(m.stats().statusCounts());
        return new BenchReport.ScenarioResult(
                scenario.name(),
                scenario.method(),
                scenario.route(),
                requests,
                m.stats().errors(),
                statusCounts,
                seconds > 0 ? round(requests / seconds, 1) : 0,
                latency(m.reported()));
    }

    static void write(BenchReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path temp = Files.createTempFile(parent, ".api-benchmarks", ".json");
        try {
            MAPPER.writeValue(temp.toFile(), report);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static JsonNode read(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    private static double ms(long micros) {
        return round(micros / 1_000.0, 3);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
