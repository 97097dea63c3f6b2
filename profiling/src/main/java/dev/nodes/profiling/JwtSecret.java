package dev.nodes.profiling;

import dev.nodes.profiling.bench.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The service's APP_JWT_SECRET, from the command line or a file; messages never contain it. */
public final class JwtSecret {
    /** The service refuses shorter secrets. */
    public static final int MIN_BYTES = 32;

    private JwtSecret() {}

    /** The file's content without surrounding whitespace (a trailing newline is common in Secret files). */
    public static byte[] fromFile(String option, String file) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw new UsageException(
                    "cannot read " + option + " " + file + ": " + e.getClass().getSimpleName());
        }
        return checked(option + " " + file, text);
    }

    public static byte[] of(String option, String secret) {
        return checked(option, secret);
    }

    private static byte[] checked(String source, String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES) {
            throw new UsageException("the JWT secret from " + source + " is " + bytes.length + " bytes; the service"
                    + " requires at least " + MIN_BYTES);
        }
        return bytes;
    }
}
