package dev.blip.core.testkit;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bucket.FeatureSpec;
import dev.blip.core.synth.SyntheticTraffic;

import java.util.List;
import java.util.SplittableRandom;

import static dev.blip.core.testkit.TestTime.BUCKET;

/**
 * Seeded test traffic on {@link TestTime} buckets. Hand-made series: steady per-key rates with
 * seeded jitter of about 6 %, which callers can silence or scale (spikes), written to any
 * {@link Sink}. Realistic series (seasonality, noise, injected anomalies): {@link #synthetic}, core's
 * {@link SyntheticTraffic}. The same seed and calls always give the same traffic.
 */
public final class TestTraffic {

    /** Where generated events go. */
    @FunctionalInterface
    public interface Sink {
        void event(String key, long timestampMillis);
    }

    private final SplittableRandom random;

    public TestTraffic(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** {@code rate - rate/16} to {@code rate + rate/16}, one seeded draw. */
    public int jittered(int rate) {
        return rate - rate / 16 + random.nextInt(rate / 8 + 1);
    }

    /** One key's counts for buckets {@code [0, buckets)}: {@link #jittered} rate per bucket. */
    public double[] counts(int rate, int buckets) {
        double[] out = new double[buckets];
        for (int t = 0; t < buckets; t++) {
            out[t] = jittered(rate);
        }
        return out;
    }

    /** About 20 events per bucket for every key, buckets {@code [from, to)}. */
    public void steady(Sink sink, int from, int to, String... keys) {
        steady(sink, from, to, 20, keys);
    }

    /**
     * {@link #jittered} {@code rate} events per bucket for every key, buckets {@code [from, to)},
     * bucket by bucket (one draw per key), events in time order ({@link #bucketEvents}). A draw is
     * capped at {@code rate + rate/16} events (the time slots of a bucket).
     */
    public void steady(Sink sink, int from, int to, int rate, String... keys) {
        int slots = rate + rate / 16;
        for (int t = from; t < to; t++) {
            int[] n = new int[keys.length];
            for (int k = 0; k < keys.length; k++) {
                n[k] = Math.min(jittered(rate), slots);
            }
            bucketEvents(sink, t, List.of(keys), n, slots);
        }
    }

    /**
     * Bucket {@code t}'s events, in time order: {@code n[k]} events of key {@code k}, the i-th at
     * {@code bucket(t) + i * ((BUCKET - 1000) / slots) + k}. {@code slots} must be at least every
     * {@code n[k]}, so every event lies inside the bucket.
     */
    public static void bucketEvents(Sink sink, int t, List<String> keys, int[] n, int slots) {
        long step = (BUCKET - 1000) / slots;
        int max = 0;
        for (int v : n) {
            if (v > slots) {
                throw new IllegalArgumentException(v + " events do not fit " + slots + " slots");
            }
            max = Math.max(max, v);
        }
        for (int i = 0; i < max; i++) {
            for (int k = 0; k < n.length; k++) {
                if (i < n[k]) {
                    sink.event(keys.get(k), TestTime.bucket(t) + i * step + k);
                }
            }
        }
    }

    /** Sets buckets {@code [from, to)} to zero: the key falls silent. */
    public static void silence(double[] counts, int from, int to) {
        scale(counts, from, to, 0);
    }

    /** Multiplies buckets {@code [from, to)} by {@code factor}: a spike ({@code > 1}) or a drop. */
    public static void scale(double[] counts, int from, int to, double factor) {
        for (int t = from; t < to && t < counts.length; t++) {
            counts[t] *= factor;
        }
    }

    /** A one-feature event-count series from {@link TestTime#START}. */
    public static CountSeries series(String key, double[] counts) {
        double[][] v = new double[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            v[t] = new double[] {counts[t]};
        }
        return new CountSeries(key, TestTime.INTERVAL, TestTime.START, FeatureSpec.forEvents(List.of()), v);
    }

    /** Core's {@link SyntheticTraffic} from {@link TestTime#START} on 5-minute buckets (see its parameters). */
    public static SyntheticTraffic.Result synthetic(int keys, int buckets, double minRate, double maxRate, int period,
                                                    int anomalies, int cleanPrefix, long seed) {
        return new SyntheticTraffic(keys, buckets, TestTime.INTERVAL, TestTime.START, minRate, maxRate, period, anomalies,
                cleanPrefix, seed).generate();
    }
}
