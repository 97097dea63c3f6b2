package dev.nodes.service.nodes;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Generated slugs: 16 random hex characters, never all digits. */
final class Slugs {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Slugs() {}

    static String random() {
        while (true) {
            byte[] bytes = new byte[8];
            RANDOM.nextBytes(bytes);
            String slug = HexFormat.of().formatHex(bytes);
            if (!slug.chars().allMatch(Character::isDigit)) {
                return slug;
            }
        }
    }
}
