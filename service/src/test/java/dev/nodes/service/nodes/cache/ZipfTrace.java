package dev.nodes.service.nodes.cache;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** A seeded Zipf(s) trace of node ids 1..distinct, and the hit ratio an exact LRU of a given cap gets on it. */
record ZipfTrace(long[] ids) {

    static ZipfTrace generate(int distinct, double exponent, int length, long seed) {
        double[] cumulative = new double[distinct];
        double sum = 0;
        for (int rank = 1; rank <= distinct; rank++) {
            sum += 1 / Math.pow(rank, exponent);
            cumulative[rank - 1] = sum;
        }
        // ranks are shuffled onto ids, so the popular nodes are not the first ones created
        long[] idOfRank = new long[distinct];
        for (int i = 0; i < distinct; i++) {
            idOfRank[i] = i + 1;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = distinct - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = idOfRank[i];
            idOfRank[i] = idOfRank[j];
            idOfRank[j] = t;
        }
        long[] ids = new long[length];
        for (int i = 0; i < length; i++) {
            int at = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
            ids[i] = idOfRank[at >= 0 ? at : Math.min(-at - 1, distinct - 1)];
        }
        return new ZipfTrace(ids);
    }

    double exactLruHitRatio(int cap) {
        Map<Long, Boolean> lru = new LinkedHashMap<>(cap * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > cap;
            }
        };
        long hits = 0;
        for (long id : ids) {
            if (lru.get(id) != null) {
                hits++;
            } else {
                lru.put(id, Boolean.TRUE);
            }
        }
        return (double) hits / ids.length;
    }
}
