package dev.nodes.profiling.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.profiling.Main;
import dev.nodes.profiling.bench.BenchServiceFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * {@code profile --scenario engagement} end to end, briefly: the tool starts the service in a JVM of its own on a
 * fresh database of the test PostgreSQL, drives register-view load, takes a capture through the admin API and
 * writes the flame graph and its log.
 */
class ProfileEngagementTest {

    @Test
    void writesAFlameGraphOfTheRegisterViewPathAndALogThatSaysHowToGetItAgain(@TempDir Path out) throws Exception {
        String database = BenchServiceFixture.createDatabase();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code;
        try {
            code = Main.run(
                    List.of(
                            "profile",
                            "--scenario",
                            "engagement",
                            "--seconds",
                            "3",
                            "--warmup",
                            "1",
                            "--seed",
                            "40",
                            "--concurrency",
                            "4",
                            "--out-dir",
                            out.toString(),
                            "--db-url",
                            BenchServiceFixture.url(database),
                            "--db-user",
                            BenchServiceFixture.USER,
                            "--db-password",
                            BenchServiceFixture.PASSWORD),
                    new PrintStream(stdout, true, StandardCharsets.UTF_8),
                    new PrintStream(stderr, true, StandardCharsets.UTF_8));
        } finally {
            BenchServiceFixture.dropDatabase(database);
        }
        String output = stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, output);

        String svg = Files.readString(out.resolve("nodes-engagement.svg"));
        Document document = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", document.getDocumentElement().getTagName());
        assertTrue(svg.contains("dev/nodes/service/nodes/NodeRoutes.registerView"), "the route handler's frame");
        assertTrue(
                svg.contains("dev/nodes/service/nodes/engagement/EngagementService.registerView"),
                "the engagement service's frame");

        String log = Files.readString(out.resolve("nodes-engagement.log"));
        for (String part : List.of(
                "reproduce:",
                "profiler:",
                "event:",
                "samples:",
                "load:",
                "machine:",
                "Top 20 frames by self time:",
                "Top 20 frames by total time:",
                "The service's own frames by total samples")) {
            assertTrue(log.contains(part), part + " missing in\n" + log);
        }
        assertTrue(
                log.contains("profile --scenario engagement --seconds 3 --warmup 1 --concurrency 4 --seed 40 --out-dir "
                        + out + " --db-url " + BenchServiceFixture.url(database)),
                log);
        if (!BenchServiceFixture.PASSWORD.isEmpty()) {
            assertTrue(
                    !log.contains("--db-password " + BenchServiceFixture.PASSWORD), "the password is not in the log");
        }
        assertTrue(log.contains("event:      cpu (requested cpu)"), log);
        Matcher samples = Pattern.compile("(?m)^samples: +(\\d+)$").matcher(log);
        assertTrue(samples.find() && Long.parseLong(samples.group(1)) > 0, log);
        Matcher profiler =
                Pattern.compile("(?m)^profiler: +(async-profiler|jfr).+$").matcher(log);
        assertTrue(profiler.find(), log);
        assertTrue(log.contains("EngagementService.registerView"), log);
    }
}
