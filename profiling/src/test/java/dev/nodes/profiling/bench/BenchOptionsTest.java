package dev.nodes.profiling.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.profiling.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BenchOptionsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-secret";

    private static BenchOptions parse(String... args) {
        return BenchOptions.parse(Arrays.asList(args));
    }

    private static List<String> withSecret(String... args) {
        List<String> all = new ArrayList<>(List.of("--jwt-secret", SECRET));
        all.addAll(List.of(args));
        return all;
    }

    @Test
    void defaults() {
        BenchOptions options = parse("--jwt-secret", SECRET);
        assertEquals("http://127.0.0.1:8080", options.target().toString());
        assertEquals(16, options.concurrency());
        assertEquals(5, options.warmupSeconds());
        assertEquals(20, options.durationSeconds());
        assertEquals(Scenarios.NAMES, options.scenarios());
        assertEquals(6000, options.seedNodes());
        assertEquals(Path.of("var", "api-benchmarks.json"), options.out());
        assertTrue(options.baseline().isEmpty());
        assertEquals(20.0, options.thresholdPercent());
        assertTrue(options.rate().isEmpty());
        assertArrayEquals(
                SECRET.getBytes(StandardCharsets.UTF_8), options.jwtSecret().orElseThrow());
    }

    @Test
    void everyOptionInBothSpellings() {
        BenchOptions options = BenchOptions.parse(withSecret(
                "--target=http://localhost:9090/",
                "--concurrency",
                "3",
                "--warmup=0",
                "--duration",
                "7",
                "--scenarios",
                "ops:health, nodes:get,ops:health",
                "--seed",
                "0",
                "--out",
                "x/y.json",
                "--baseline",
                "b.json",
                "--threshold",
                "12.5",
                "--rate",
                "250"));
        assertEquals("http://localhost:9090", options.target().toString());
        assertEquals(3, options.concurrency());
        assertEquals(0, options.warmupSeconds());
        assertEquals(7, options.durationSeconds());
        assertEquals(List.of("ops:health", "nodes:get"), options.scenarios());
        assertEquals(0, options.seedNodes());
        assertEquals(Path.of("x/y.json"), options.out());
        assertEquals(Path.of("b.json"), options.baseline().orElseThrow());
        assertEquals(12.5, options.thresholdPercent());
        assertEquals(250.0, options.rate().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:8080",
                "http://127.5.6.7",
                "https://localhost:8443",
                "http://LOCALHOST:1",
                "http://[::1]:8080",
                "http://127.0.0.1:8080/prefix"
            })
    void loopbackTargetsAreAccepted(String target) {
        parse("--jwt-secret", SECRET, "--target", target);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://10.0.0.5:8080",
                "http://example.com",
                "http://0.0.0.0:8080",
                "http://127.0.0.1.example.com",
                "http://[::2]:8080",
                "http://192.168.1.1",
                "http://128.0.0.1",
                "http://nodes-service.default.svc:8080"
            })
    void otherHostsAreRefused(String target) {
        UsageException e = assertThrows(UsageException.class, () -> parse("--jwt-secret", SECRET, "--target", target));
        assertTrue(e.getMessage().startsWith("refusing to send load to"), e.getMessage());
    }

    @Test
    void allowHostPermitsExactlyThatHost() {
        BenchOptions options = parse(
                "--jwt-secret",
                SECRET,
                "--target",
                "http://nodes-service.bench.svc:8080",
                "--allow-host",
                "nodes-service.bench.svc");
        assertEquals("nodes-service.bench.svc", options.target().getHost());
        assertThrows(
                UsageException.class,
                () -> parse(
                        "--jwt-secret",
                        SECRET,
                        "--target",
                        "http://nodes-service.bench.svc:8080",
                        "--allow-host",
                        "other.bench.svc"));
        parse("--jwt-secret", SECRET, "--target", "http://[fd00::5]:8080", "--allow-host", "[fd00::5]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"ftp://127.0.0.1/", "127.0.0.1:8080", "http://127.0.0.1:8080/?q=1", "http://u:p@127.0.0.1/"})
    void malformedTargetsAreRefused(String target) {
        assertThrows(UsageException.class, () -> parse("--jwt-secret", SECRET, "--target", target));
    }

    @Test
    void credentialsAreRequiredExceptForTheHealthScenarioAndExclusive() {
        UsageException missing = assertThrows(UsageException.class, () -> parse("--scenarios", "nodes:get"));
        assertTrue(missing.getMessage().contains("--token"), missing.getMessage());
        assertTrue(parse("--scenarios", "ops:health").jwtSecret().isEmpty());
        assertThrows(UsageException.class, () -> parse("--jwt-secret", SECRET, "--token", "a.b.c"));
        assertThrows(UsageException.class, () -> parse("--jwt-secret", "too-short"));
    }

    @Test
    void secretFileIsReadStrippedAndNeverPrinted(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("jwt-secret");
        Files.writeString(file, SECRET + "\n");
        BenchOptions options = parse("--jwt-secret-file", file.toString());
        assertArrayEquals(
                SECRET.getBytes(StandardCharsets.UTF_8), options.jwtSecret().orElseThrow());
        assertFalse(options.toString().contains(SECRET));
        UsageException unreadable = assertThrows(
                UsageException.class,
                () -> parse("--jwt-secret-file", dir.resolve("absent").toString()));
        assertTrue(unreadable.getMessage().contains("cannot read"));
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThrows(UsageException.class, () -> BenchOptions.parse(withSecret("--scenarios", "nodes:nope")));
        assertThrows(UsageException.class, () -> BenchOptions.parse(withSecret("--scenarios", ",")));
        assertThrows(UsageException.class, () -> BenchOptions.parse(withSecret("--concurrency", "0")));
        assertThrows(UsageException.class, () -> BenchOptions.parse(withSecret("--duration", "ten")));
        assertThrows(UsageException.class, () -> BenchOptions.parse(withSecret("--rate", "0")));
        assertThrows(UsageException.class, () -> BenchOptions.parse(withSecret("--threshold", "-1")));
        assertThrows(UsageException.class, () -> BenchOptions.parse(withSecret("--bogus", "1")));
        assertThrows(UsageException.class, () -> BenchOptions.parse(withSecret("--duration")));
        assertThrows(UsageException.class, () -> BenchOptions.parse(withSecret("stray")));
    }

    @Test
    void theCommandLineRefusesARemoteTargetWithExitCode2BeforeSendingAnything() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                List.of("bench", "--target", "http://203.0.113.7:8080", "--jwt-secret", SECRET),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("refusing to send load to 203.0.113.7"));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains(SECRET));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theDispatcherKnowsBenchAndRefusesUnknownSubcommands() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, Main.run(List.of("frobnicate"), o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown subcommand: frobnicate"));
        assertEquals(0, Main.run(List.of("bench", "--help"), o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--jwt-secret-file"));
        assertEquals(2, Main.run(List.of(), o, e));
    }
}
