package dev.nodes.operator.watch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser of the Prometheus text exposition format (version 0.0.4, and the sample lines OpenMetrics
 * shares with it). There is no well-kept Java library for reading it, so this is our own; it is
 * strict: a line it cannot read is an error naming the line, never a silently dropped sample.
 *
 * <p>Supported: {@code # HELP} / {@code # TYPE} / other comments (types are kept), samples with or
 * without labels, label values with the escapes {@code \\}, {@code \"} and {@code \n}, a trailing
 * comma in the label set, values {@code NaN}, {@code +Inf}, {@code -Inf}, an optional timestamp, an
 * OpenMetrics exemplar after the value ({@code # {...} 1.0}) and {@code # EOF}.
 */
public final class PrometheusText {

    /** One sample line: metric name, labels in the order written, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(String name) {
            return labels.get(name);
        }
    }

    /** The samples of one scrape and the types its {@code # TYPE} lines declared. */
    public record Scrape(List<Sample> samples, Map<String, String> types) {}

    public static final class ParseException extends RuntimeException {
        private final int line;

        ParseException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private PrometheusText() {}

    public static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        int lineNumber = 0;
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            lineNumber++;
            String line = text.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            start = end + 1;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.charAt(0) == '#') {
                comment(trimmed, types, lineNumber);
                continue;
            }
            samples.add(new LineParser(trimmed, lineNumber).sample());
        }
        return new Scrape(Collections.unmodifiableList(samples), Collections.unmodifiableMap(types));
    }

    private static void comment(String line, Map<String, String> types, int lineNumber) {
        String[] parts = line.substring(1).strip().split("\\s+", 3);
        if (parts.length >= 1 && "TYPE".equals(parts[0])) {
            if (parts.length < 3 || !validName(parts[1])) {
                throw new ParseException(lineNumber, "malformed TYPE line");
            }
            types.put(parts[1], parts[2].strip());
        }
        // HELP, EOF and free comments carry nothing the watch needs
    }

    static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_'
                    || c == ':'
                    || (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static double parseValue(String token, int lineNumber) {
        switch (token) {
            case "NaN":
                return Double.NaN;
            case "+Inf", "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        // Double.parseDouble also takes "Infinity", hex floats and trailing 'd'/'f': the format does not
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                throw new ParseException(lineNumber, "not a number: " + token);
            }
        }
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw new ParseException(lineNumber, "not a number: " + token);
        }
    }

    /** Reads one sample line left to right. */
    private static final class LineParser {
        private final String s;
        private final int lineNumber;
        private int i;

        LineParser(String s, int lineNumber) {
            this.s = s;
            this.lineNumber = lineNumber;
        }

        Sample sample() {
            String name = name();
            if (name.isEmpty()) {
                throw error("expected a metric name");
            }
            Map<String, String> labels = Map.of();
            int afterName = i;
            skipSpaces(); // blanks between the name and the label set are allowed
            if (i < s.length() && s.charAt(i) == '{') {
                labels = labels();
                afterName = i;
                skipSpaces();
            }
            if (i == afterName || i >= s.length()) {
                throw error("expected a space and a value");
            }
            String valueToken = token();
            double value = parseValue(valueToken, lineNumber);
            skipSpaces();
            if (i < s.length() && s.charAt(i) != '#') {
                String timestamp = token();
                parseValue(timestamp, lineNumber); // validated, not used
                skipSpaces();
            }
            if (i < s.length() && s.charAt(i) != '#') {
                throw error("unexpected text after the value: " + s.substring(i));
            }
            // an OpenMetrics exemplar ("# {...} value") may follow; it is not needed
            return new Sample(name, labels, value);
        }

        private String name() {
            int begin = i;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '{' || Character.isWhitespace(c)) {
                    break;
                }
                i++;
            }
            String name = s.substring(begin, i);
            if (!name.isEmpty() && !validName(name)) {
                throw error("invalid metric name: " + name);
            }
            return name;
        }

        private Map<String, String> labels() {
            Map<String, String> labels = new LinkedHashMap<>();
            i++; // {
            while (true) {
                skipSpaces();
                if (i >= s.length()) {
                    throw error("unterminated label set");
                }
                if (s.charAt(i) == '}') {
                    i++;
                    return Collections.unmodifiableMap(labels);
                }
                int begin = i;
                while (i < s.length() && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                String label = s.substring(begin, i);
                if (!validName(label) || label.contains(":")) {
                    throw error("invalid label name: " + label);
                }
                skipSpaces();
                expect('=');
                skipSpaces();
                expect('"');
                StringBuilder value = new StringBuilder();
                while (true) {
                    if (i >= s.length()) {
                        throw error("unterminated label value");
                    }
                    char c = s.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        if (i >= s.length()) {
                            throw error("unterminated escape");
                        }
                        char e = s.charAt(i++);
                        switch (e) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw error("unknown escape \\" + e);
                        }
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(label, value.toString()) != null) {
                    throw error("duplicate label " + label);
                }
                skipSpaces();
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                } else if (i >= s.length() || s.charAt(i) != '}') {
                    throw error("expected ',' or '}' after label " + label);
                }
            }
        }

        private String token() {
            int begin = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return s.substring(begin, i);
        }

        private void skipSpaces() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private ParseException error(String message) {
            return new ParseException(lineNumber, message);
        }
    }
}
