package dev.nodes.service.profiling.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A flame graph and a differential flame graph opened in a real browser (Debian's Chromium driven by
 * playwright-core, which scripts/ensure-browser.sh installs): clicking zooms, Reset zoom restores, search by
 * substring and by regex highlights exactly the matching frames with the share computed here from the stacks,
 * hovering names the frame. One browser launch for both files. Missing node, Chromium or playwright-core fail the
 * test: a skipped browser test would pass unnoticed.
 */
class FlameGraphBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CollapsedStacks BASELINE = CollapsedStacks.parse("""
            java/lang/Thread.run_[j];a/Routes.handle_[j];a/Json.write_[j] 150
            java/lang/Thread.run_[j];a/Routes.handle_[j];a/Cache.get_[j];java/util/HashMap.get_[j] 150
            java/lang/Thread.run_[j];a/Routes.handle_[j];a/Auth.verify_[j] 100
            java/lang/Thread.run_[j];a/Legacy.scan_[j] 100
            start_thread;CompileBroker::compiler_thread_loop 60
            """);
    private static final CollapsedStacks REGRESSED = CollapsedStacks.parse("""
            java/lang/Thread.run_[j];a/Routes.handle_[j];a/Json.write_[j];a/Json.escape_[j] 120
            java/lang/Thread.run_[j];a/Routes.handle_[j];a/Json.write_[j] 30
            java/lang/Thread.run_[j];a/Routes.handle_[j];a/Cache.get_[j];java/util/HashMap.get_[j] 200
            java/lang/Thread.run_[j];a/Routes.handle_[j];a/Auth.verify_[j];a/Json.parse_[j] 77
            java/lang/Thread.run_[j];a/Worker.loop_[i];a/Cache.evict_[j] 93
            start_thread;CompileBroker::compiler_thread_loop 60
            start_thread;GCTaskThread::run 20
            """);
    /** A frame with a subtree and frames beside it, unique by name in both graphs. */
    private static final String CLICKED = "a/Routes.handle";
    /** Matches nested frames (Json.write calls Json.escape): their samples count once. */
    private static final String SUBSTRING = "Json";

    private static final String REGEX = "/^a\\/(cache|auth)\\./i";
    private static final Pattern REGEX_PATTERN = Pattern.compile("^a/(cache|auth)\\.", Pattern.CASE_INSENSITIVE);
    private static final double FULL_WIDTH = 1180;
    /** As long as the service's: profiler, capture id and start. */
    private static final String CAPTURE = "0193dbe8-2721-4aec-a56e-c632ff84b96e";

    private static final String SUBTITLE =
            "async-profiler 4.6 (perf_events) | capture " + CAPTURE + " | started 2026-12-03T16:03:30.848Z";

    private static Path repository;
    private static Path work;

    @BeforeAll
    static void requireTheBrowser() throws IOException {
        repository = Path.of("").toAbsolutePath();
        while (!Files.exists(repository.resolve("scripts/ensure-browser.sh"))) {
            repository = repository.getParent();
            if (repository == null) {
                fail("not inside the repository: scripts/ensure-browser.sh not found above "
                        + Path.of("").toAbsolutePath());
            }
        }
        String missing = "; run scripts/ensure-browser.sh (scripts/test.sh does)";
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "/usr/bin/chromium is missing" + missing);
        assertTrue(
                Files.isDirectory(repository.resolve(".browser/node_modules/playwright-core")),
                "playwright-core is missing from .browser/" + missing);
        work = Files.createDirectories(Path.of("target/browser-test").toAbsolutePath());
    }

    @Test
    void zoomResetSearchAndTooltipsWorkInChromium() throws Exception {
        Path flame = write(
                "flame.svg",
                FlameGraphSvg.render(
                        REGRESSED, FlameGraphSvg.Options.titled("Flame graph: cpu profile of 20 s", SUBTITLE)));
        Path diff = write(
                "diff.svg",
                DiffFlameGraphSvg.render(
                        FlameGraphDiff.of(BASELINE, REGRESSED),
                        FlameGraphSvg.Options.titled(
                                "Differential flame graph: cpu profile of 20 s against a baseline of 20 s",
                                SUBTITLE + " | baseline " + CAPTURE)));
        List<Map<String, String>> plan = new ArrayList<>();
        for (Path file : List.of(flame, diff)) {
            plan.add(Map.of("file", file.toString(), "click", CLICKED, "substring", SUBSTRING, "regex", REGEX));
        }
        Path planFile = write("plan.json", JSON.writeValueAsString(plan));
        JsonNode results = JSON.readTree(runNode(planFile.toString()));

        assertEquals(2, results.size());
        for (JsonNode page : results) {
            checkPage(page);
        }
        assertTrue(
                results.get(0).path("details").asText().endsWith("427 samples, 71.17%, JIT compiled"),
                results.get(0).path("details").asText());
        assertTrue(
                results.get(1).path("details").asText().contains("baseline 428.57 normalised from 400 (71.43%)"),
                results.get(1).path("details").asText());
    }

    private static void checkPage(JsonNode page) {
        String file = page.path("file").asText();
        List<JsonNode> before = list(page.path("before"));
        List<JsonNode> zoomed = list(page.path("zoomed"));
        List<JsonNode> reset = list(page.path("reset"));
        int clicked = page.path("clicked").asInt();
        FrameTree.Node handle = node(FrameTree.of(REGRESSED, "all").root(), CLICKED);

        for (JsonNode line : page.path("headings")) {
            assertTrue(
                    line.path("left").asDouble() >= 0 && line.path("right").asDouble() <= FULL_WIDTH + 20,
                    file + ": a heading line runs off the picture: " + line);
        }
        assertTrue(
                page.path("details").asText().startsWith(CLICKED + " | "), file + ": the details line names the frame");
        assertEquals(FULL_WIDTH, before.getFirst().path("width").asDouble(), 0.5, file + ": the root spans the graph");
        assertEquals(
                FULL_WIDTH * handle.samples() / REGRESSED.totalSamples(),
                before.get(clicked).path("width").asDouble(),
                0.5);

        // zoomed: the clicked frame is as wide as the root, its ancestors stay, the rest is hidden
        assertEquals(
                zoomed.getFirst().path("width").asDouble(),
                zoomed.get(clicked).path("width").asDouble(),
                0.5,
                file);
        assertEquals(FULL_WIDTH, zoomed.get(clicked).path("width").asDouble(), 0.5, file);
        List<String> shown = zoomed.stream()
                .filter(f -> f.path("shown").asBoolean())
                .map(f -> f.path("name").asText())
                .sorted()
                .toList();
        List<String> expected = new ArrayList<>(List.of("all", "java/lang/Thread.run"));
        subtree(handle, expected);
        assertEquals(expected.stream().sorted().toList(), shown, file);
        JsonNode cacheGet = zoomed.stream()
                .filter(f -> f.path("name").asText().equals("a/Cache.get"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                FULL_WIDTH * 200 / handle.samples(),
                cacheGet.path("width").asDouble(),
                0.5,
                file + ": children scale too");

        // reset: every frame back at its width
        assertEquals(before.size(), reset.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(
                    before.get(i).path("width").asDouble(),
                    reset.get(i).path("width").asDouble(),
                    0.01,
                    file + " frame " + i);
            assertTrue(reset.get(i).path("shown").asBoolean(), file + " frame " + i);
        }

        checkSearch(file, page.path("bySubstring"), name -> name.contains(SUBSTRING));
        checkSearch(
                file, page.path("byRegex"), name -> REGEX_PATTERN.matcher(name).find());
    }

    /** The highlighted frames are exactly the matching ones; the share counts each sample once. */
    private static void checkSearch(String file, JsonNode result, Predicate<String> matches) {
        List<String> expected = new ArrayList<>();
        matching(FrameTree.of(REGRESSED, "all").root(), matches, expected);
        List<String> highlighted = list(result.path("highlighted")).stream()
                .map(JsonNode::asText)
                .sorted()
                .toList();
        assertEquals(expected.stream().sorted().toList(), highlighted, file);
        long samples = REGRESSED.stacks().stream()
                .filter(s -> s.frames().stream().map(FrameKind::displayName).anyMatch(matches))
                .mapToLong(CollapsedStacks.Stack::samples)
                .sum();
        assertEquals(
                String.format(
                        Locale.ROOT,
                        "Matched: %.1f %% (%,d of %,d samples)",
                        samples * 100.0 / REGRESSED.totalSamples(),
                        samples,
                        REGRESSED.totalSamples()),
                result.path("matched").asText(),
                file);
    }

    private static void matching(FrameTree.Node node, Predicate<String> matches, List<String> out) {
        for (FrameTree.Node child : node.children()) {
            if (matches.test(FlameGraphDocument.name(child))) {
                out.add(FlameGraphDocument.name(child));
            }
            matching(child, matches, out);
        }
    }

    private static void subtree(FrameTree.Node node, List<String> out) {
        out.add(FlameGraphDocument.name(node));
        node.children().forEach(c -> subtree(c, out));
    }

    private static FrameTree.Node node(FrameTree.Node from, String name) {
        if (FlameGraphDocument.name(from).equals(name)) {
            return from;
        }
        return from.children().stream()
                .map(c -> node(c, name))
                .filter(n -> n != null)
                .findFirst()
                .orElse(null);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static Path write(String name, String content) throws IOException {
        return Files.writeString(work.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String runNode(String plan) throws Exception {
        Path script = repository.resolve("service/src/test/node/flamegraph-check.cjs");
        Path errors = work.resolve("node-stderr.txt");
        ProcessBuilder builder = new ProcessBuilder("node", script.toString(), plan).redirectError(errors.toFile());
        builder.environment()
                .put("NODE_PATH", repository.resolve(".browser/node_modules").toString());
        Process node;
        try {
            node = builder.start();
        } catch (IOException e) {
            throw new AssertionError("node is missing; run scripts/ensure-browser.sh (scripts/test.sh does)", e);
        }
        byte[] out = node.getInputStream().readAllBytes();
        if (!node.waitFor(120, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            fail("the browser check did not finish in 120 s");
        }
        assertEquals(0, node.exitValue(), "the browser check failed: " + Files.readString(errors));
        return new String(out, StandardCharsets.UTF_8);
    }
}
