package dev.nodes.profiling.profile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.profiling.admin.AdminHttp;
import dev.nodes.profiling.admin.CaptureClient;
import dev.nodes.profiling.bench.BenchEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code nodes-engagement-diff}: what a regression looks like to the engineer on call. The register-view path is
 * captured twice under the same load, on one database: with the default node cache (the baseline), then with a
 * cache of one entry ({@code APP_NODES_CACHE_MAX_ENTRIES=1}: every view reads its node from PostgreSQL, the
 * regression). The service renders the differential flame graph of the second against the first; the log gives its
 * summary, the frames whose share grew and shrank most, as the operator's profiling Job reports them.
 */
final class EngagementDiffProfile {
    static final String NAME = "nodes-engagement-diff";
    static final Map<String, String> REGRESSION = Map.of("APP_NODES_CACHE_MAX_ENTRIES", "1");

    private EngagementDiffProfile() {}

    static void run(ProfileOptions options, ProfileDatabase database, Path workDir, PrintStream out)
            throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        EngagementProfile.Loaded baseline;
        try (ServiceProcess service = ServiceProcess.start(
                database.coordinates(), secret, Map.of(), workDir.resolve("service-baseline.log"), out)) {
            baseline = capture(options, service, secret, "baseline: default node cache", out);
        }
        try (ServiceProcess service = ServiceProcess.start(
                database.coordinates(), secret, REGRESSION, workDir.resolve("service-regression.log"), out)) {
            EngagementProfile.Loaded regression =
                    capture(options, service, secret, "regression: APP_NODES_CACHE_MAX_ENTRIES=1", out);
            try (BenchEngine engine =
                            BenchEngine.connect(service.target(), secret.getBytes(StandardCharsets.UTF_8), 2);
                    AdminHttp admin = new AdminHttp(service.target(), engine.adminToken())) {
                CaptureClient captures = new CaptureClient(admin);
                // both captures live in the one database: the regressed service serves the baseline's too
                write(
                        options,
                        NAME + "-baseline.svg",
                        FlameGraphBoxes.retitled(
                                captures.flameGraphSvg(baseline.capture().id()),
                                title("baseline, default node cache", baseline)));
                write(
                        options,
                        NAME + "-regression.svg",
                        FlameGraphBoxes.retitled(
                                captures.flameGraphSvg(regression.capture().id()),
                                title("regression, a node cache of one entry", regression)));
                write(
                        options,
                        NAME + ".svg",
                        captures.diffSvg(
                                regression.capture().id(), baseline.capture().id()));
                JsonNode summary = captures.diffSummary(
                        regression.capture().id(), baseline.capture().id(), 10);
                ProfileLog log = new ProfileLog(
                                NAME + ": the register-view path, a tiny node cache against the default one")
                        .field("reproduce", options.reproduce(ProfileOptions.ENGAGEMENT_DIFF))
                        .machine()
                        .field(
                                "baseline",
                                baseline.capture().id() + ", default settings: "
                                        + EngagementProfile.describeLoad(options, baseline))
                        .field(
                                "regression",
                                regression.capture().id() + ", APP_NODES_CACHE_MAX_ENTRIES=1: "
                                        + EngagementProfile.describeLoad(options, regression))
                        .field(
                                "samples",
                                baseline.capture().samples() + " (baseline), "
                                        + regression.capture().samples()
                                        + " (regression); the baseline's are scaled to the regression's total")
                        .field(
                                "svg",
                                NAME + ".svg (differential: red grew, blue shrank), " + NAME + "-baseline.svg, " + NAME
                                        + "-regression.svg")
                        .paragraph(
                                "Grew most, by self samples (share of each profile, percentage points)",
                                changes(summary.path("grew_by_self")))
                        .paragraph("Grew most, by total samples", changes(summary.path("grew_by_total")))
                        .paragraph("Shrank most, by self samples", changes(summary.path("shrank_by_self")));
                write(options, NAME + ".log", log.text());
                out.printf("profile: wrote %s.svg, %s.log and both captures' flame graphs%n", NAME, NAME);
            }
        }
    }

    private static EngagementProfile.Loaded capture(
            ProfileOptions options, ServiceProcess service, String secret, String reason, PrintStream out)
            throws IOException {
        EngagementProfile.Service target = new EngagementProfile.Service(
                service.target(), secret.getBytes(StandardCharsets.UTF_8), reason, Optional.of(service));
        try (BenchEngine engine = BenchEngine.connect(service.target(), target.jwtSecret(), options.concurrency() + 4);
                AdminHttp admin = new AdminHttp(service.target(), engine.adminToken())) {
            out.println("profile: " + NAME + " " + reason);
            return EngagementProfile.captureUnderLoad(options, target, engine, new CaptureClient(admin), reason, out);
        }
    }

    private static String title(String what, EngagementProfile.Loaded loaded) {
        return String.format(
                Locale.ROOT,
                "%s: POST /v1/nodes/{ref}/views, %s (%s, %d s, %.0f req/s)",
                NAME,
                what,
                loaded.capture().event(),
                loaded.capture().seconds(),
                loaded.measured().throughputRps());
    }

    private static List<String> changes(JsonNode list) {
        List<String> lines = new ArrayList<>();
        for (JsonNode c : list) {
            lines.add(String.format(
                    Locale.ROOT,
                    "%+7.2f pp  %6.2f%% -> %6.2f%%  %s",
                    c.path("delta_points").asDouble(),
                    c.path("before_percent").asDouble(),
                    c.path("after_percent").asDouble(),
                    c.path("frame").asText()));
        }
        return lines;
    }

    private static void write(ProfileOptions options, String file, String text) throws IOException {
        Files.writeString(options.outDir().resolve(file), text, StandardCharsets.UTF_8);
    }
}
