package dev.nodes.service.nodes.embedding;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3 x86 32-bit (Austin Appleby's public-domain reference), over the UTF-8 bytes of a string.
 * Small, stable across JVMs and releases (unlike {@code String.hashCode} mixing), and well distributed in its
 * low bits, which is what feature hashing needs.
 */
final class Murmur3 {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {}

    static int hash32(String text, int seed) {
        return hash32(text.getBytes(StandardCharsets.UTF_8), seed);
    }

    static int hash32(byte[] data, int seed) {
        int h = seed;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int at = i * 4;
            int k = (data[at] & 0xff)
                    | (data[at + 1] & 0xff) << 8
                    | (data[at + 2] & 0xff) << 16
                    | (data[at + 3] & 0xff) << 24;
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int tail = blocks * 4;
        int remaining = data.length & 3;
        if (remaining > 0) {
            int k = 0;
            for (int i = remaining - 1; i >= 0; i--) {
                k = k << 8 | data[tail + i] & 0xff;
            }
            h ^= mixK(k);
        }
        h ^= data.length;
        return finalMix(h);
    }

    private static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    private static int finalMix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
