package dev.nodes.operator.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    static String resource(String name) {
        try (InputStream in = PrometheusTextTest.class.getResourceAsStream("/metrics/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsSamplesLabelsTypesAndSkipsComments() {
        PrometheusText.Scrape scrape = PrometheusText.parse("""
                # HELP http_requests_total The total number of HTTP requests.
                # TYPE http_requests_total counter
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400"}    3 1395066363000

                # a free comment
                metric_without_timestamp_and_labels 12.47
                something_weird{problem="division by zero"} +Inf -3982045
                neg{a="b"} -Inf
                nan_value NaN
                exp_value 1.5E-4
                """);
        assertEquals(Map.of("http_requests_total", "counter"), scrape.types());
        List<PrometheusText.Sample> s = scrape.samples();
        assertEquals(7, s.size());
        assertEquals("http_requests_total", s.get(0).name());
        assertEquals(Map.of("method", "post", "code", "200"), s.get(0).labels());
        assertEquals(1027, s.get(0).value());
        assertEquals(3, s.get(1).value());
        assertEquals(Map.of(), s.get(2).labels());
        assertEquals(12.47, s.get(2).value());
        assertEquals(Double.POSITIVE_INFINITY, s.get(3).value());
        assertEquals(Double.NEGATIVE_INFINITY, s.get(4).value());
        assertTrue(Double.isNaN(s.get(5).value()));
        assertEquals(1.5e-4, s.get(6).value());
    }

    @Test
    void unescapesLabelValuesAndAcceptsATrailingCommaAndSpaces() {
        PrometheusText.Sample s = PrometheusText.parse(
                        "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\",} 1.458255915e9\n"
                                + "spaced { a = \"1\" , b=\"x,y}z\" } 2\n")
                .samples()
                .get(0);
        assertEquals("C:\\DIR\\FILE.TXT", s.label("path"));
        assertEquals("Cannot find file:\n\"FILE.TXT\"", s.label("error"));
        assertEquals(1.458255915e9, s.value());
        PrometheusText.Sample spaced = PrometheusText.parse("spaced { a = \"1\" , b=\"x,y}z\" } 2\n")
                .samples()
                .get(0);
        assertEquals(Map.of("a", "1", "b", "x,y}z"), spaced.labels());
    }

    @Test
    void acceptsCrLfEmptyLabelSetsOpenMetricsExemplarsAndEof() {
        PrometheusText.Scrape scrape =
                PrometheusText.parse("a{} 1\r\nb_bucket{le=\"0.5\"} 3 # {trace_id=\"abc\"} 0.2 1.6e9\r\n# EOF\r\n");
        assertEquals(2, scrape.samples().size());
        assertEquals(Map.of(), scrape.samples().get(0).labels());
        assertEquals(3, scrape.samples().get(1).value());
        assertEquals(0, PrometheusText.parse("").samples().size());
        assertEquals(1, PrometheusText.parse("no_newline_at_end 5").samples().size());
    }

    @Test
    void refusesMalformedLinesNamingTheLine() {
        for (String bad : List.of(
                "ok 1\nbad{a=\"1\" 2", // unterminated label set
                "ok 1\nbad{a=1} 2", // unquoted value
                "ok 1\nbad{a=\"\\x\"} 2", // unknown escape
                "ok 1\nbad{a=\"1\",a=\"2\"} 2", // duplicate label
                "ok 1\nbad", // no value
                "ok 1\nbad one", // not a number
                "ok 1\nbad 0x10", // hex is not allowed
                "ok 1\nbad Infinity", // Java's spelling is not the format's
                "ok 1\nbad 1 2 3", // trailing text
                "ok 1\n9bad 1", // invalid metric name
                "ok 1\nbad{9a=\"1\"} 1", // invalid label name
                "ok 1\n# TYPE")) { // malformed TYPE
            PrometheusText.ParseException e =
                    assertThrows(PrometheusText.ParseException.class, () -> PrometheusText.parse(bad), bad);
            assertEquals(2, e.line(), bad);
        }
    }

    @Test
    void parsesTheRealServicesMetricsCompletely() {
        // every line of the service's real exposition (see make-service-fixture.sh) is understood
        for (String file : List.of("service-metrics-1.txt", "service-metrics-2.txt")) {
            String text = resource(file);
            PrometheusText.Scrape scrape = PrometheusText.parse(text);
            long sampleLines =
                    text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
            assertEquals(sampleLines, scrape.samples().size(), file);
            assertEquals("histogram", scrape.types().get("http_server_requests_seconds"));
            assertEquals("counter", scrape.types().get("nodes_cache_requests_total"));
            PrometheusText.Sample bucket = scrape.samples().stream()
                    .filter(x ->
                            x.name().equals("http_server_requests_seconds_bucket") && "5.0E-4".equals(x.label("le")))
                    .findFirst()
                    .orElseThrow();
            assertEquals(
                    List.of("method", "route", "status", "le"),
                    List.copyOf(bucket.labels().keySet()));
        }
    }
}
