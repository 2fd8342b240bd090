package dev.blip.scorer.testing;

import java.util.SplittableRandom;

/** Seeded, hand-made event traffic for topology tests (bucket width 5 minutes, as in TestBundles.small()). */
public final class Traffic {

    public static final long START = 1_700_006_400_000L;
    public static final long BUCKET = 300_000L;
    private final SplittableRandom random;

    public Traffic(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public static long bucket(int t) {
        return START + t * BUCKET;
    }

    /** about 20 events per bucket for every key, buckets [from, to), interleaved in time order. */
    public void steady(Harness h, int from, int to, String... keys) {
        steady(h, from, to, 20, keys);
    }

    /** {@code rate} +- 6 % events per bucket for every key, buckets [from, to), interleaved in time order. */
    public void steady(Harness h, int from, int to, int rate, String... keys) {
        int max = rate + rate / 16;
        for (int t = from; t < to; t++) {
            int[] n = new int[keys.length];
            for (int k = 0; k < keys.length; k++) {
                n[k] = rate - rate / 16 + random.nextInt(rate / 8 + 1);
            }
            long step = (BUCKET - 1000) / max;
            for (int i = 0; i < max; i++) {
                for (int k = 0; k < keys.length; k++) {
                    if (i < n[k]) {
                        h.event(keys[k], bucket(t) + i * step + k);
                    }
                }
            }
        }
    }
}
