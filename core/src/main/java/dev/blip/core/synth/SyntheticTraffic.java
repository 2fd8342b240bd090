package dev.blip.core.synth;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bucket.FeatureSpec;
import dev.blip.core.event.Event;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Seeded, realistic event-count traffic for tests, benchmarks and the demo: per-key volumes
 * spread over orders of magnitude, daily and weekly seasonality, Poisson noise, and injected
 * anomalies of every {@link AnomalyKind} recorded as ground truth. The same settings and seed
 * always give the same traffic.
 *
 * @param keys          number of keys ({@code key-000}, {@code key-001}, ...)
 * @param buckets       buckets per key
 * @param interval      bucket width
 * @param startMillis   start of the first bucket (aligned to the interval)
 * @param minRate       smallest mean events per bucket of a key
 * @param maxRate       largest mean events per bucket of a key (log-uniform in between)
 * @param period        buckets per "day" (the main seasonal period)
 * @param anomalies     anomalies to inject
 * @param cleanPrefix   buckets at the start that never hold an anomaly (training history)
 * @param seed          the seed
 */
public record SyntheticTraffic(int keys, int buckets, BucketInterval interval, long startMillis, double minRate,
                               double maxRate, int period, int anomalies, int cleanPrefix, long seed) {

    /** Generated traffic: one series per key plus what was injected where. */
    public record Result(List<CountSeries> series, List<InjectedAnomaly> truth) {

        /** The series as individual events, ordered by time (timestamps spread inside buckets). */
        public List<Event> events(long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            List<Event> out = new ArrayList<>();
            if (series.isEmpty()) {
                return out;
            }
            CountSeries first = series.get(0);
            long width = first.interval().millis();
            for (int t = 0; t < first.length(); t++) {
                for (CountSeries s : series) {
                    int n = (int) s.values()[t][0];
                    for (int i = 0; i < n; i++) {
                        out.add(new Event(s.key(), s.bucketStart(t) + rnd.nextLong(width)));
                    }
                }
            }
            out.sort((a, b) -> Long.compare(a.timestampMillis(), b.timestampMillis()));
            return out;
        }
    }

    public static SyntheticTraffic defaults(int keys, int buckets, long seed) {
        return new SyntheticTraffic(keys, buckets, BucketInterval.parse("5m"), 1_700_006_400_000L, 5, 500, 288,
                Math.max(1, keys / 4), buckets / 2, seed);
    }

    public Result generate() {
        Random rnd = new Random(seed);
        List<InjectedAnomaly> truth = plan(rnd);
        List<CountSeries> series = new ArrayList<>(keys);
        for (int k = 0; k < keys; k++) {
            String key = keyName(k);
            double rate = minRate * Math.pow(maxRate / minRate, rnd.nextDouble());
            double phase = rnd.nextDouble() * 2 * Math.PI;
            double[] mean = new double[buckets];
            for (int t = 0; t < buckets; t++) {
                double daily = 1 + 0.5 * Math.sin(2 * Math.PI * t / period + phase);
                double weekly = 1 + 0.15 * Math.sin(2 * Math.PI * t / (7.0 * period));
                mean[t] = rate * daily * weekly;
            }
            for (InjectedAnomaly a : truth) {
                if (a.key().equals(key)) {
                    distort(mean, a, rate);
                }
            }
            double[][] values = new double[buckets][1];
            for (int t = 0; t < buckets; t++) {
                values[t][0] = poisson(rnd, mean[t]);
            }
            series.add(new CountSeries(key, interval, startMillis, FeatureSpec.forEvents(List.of()), values));
        }
        return new Result(series, truth);
    }

    public static String keyName(int k) {
        return String.format("key-%03d", k);
    }

    private List<InjectedAnomaly> plan(Random rnd) {
        List<InjectedAnomaly> out = new ArrayList<>();
        AnomalyKind[] kinds = AnomalyKind.values();
        int room = buckets - cleanPrefix;
        if (anomalies == 0 || room < 40) {
            return out;
        }
        for (int i = 0; i < anomalies; i++) {
            AnomalyKind kind = kinds[i % kinds.length];
            int duration = switch (kind) {
                case SPIKE -> 2 + rnd.nextInt(3);
                case DROP_TO_SILENCE -> 6 + rnd.nextInt(6);
                case LEVEL_SHIFT -> 12 + rnd.nextInt(12);
                case DRIFT -> 24 + rnd.nextInt(12);
            };
            int start = cleanPrefix + 10 + rnd.nextInt(Math.max(1, room - duration - 20));
            String key = keyName(i % keys);
            out.add(new InjectedAnomaly(key, kind, start, start + duration,
                    startMillis + start * interval.millis(), startMillis + (start + duration) * interval.millis()));
        }
        return out;
    }

    private static void distort(double[] mean, InjectedAnomaly a, double rate) {
        for (int t = a.startBucket(); t < a.endBucket() && t < mean.length; t++) {
            double progress = (t - a.startBucket() + 1.0) / (a.endBucket() - a.startBucket());
            mean[t] = switch (a.kind()) {
                case SPIKE -> mean[t] * 4 + 10;
                case DROP_TO_SILENCE -> 0;
                case LEVEL_SHIFT -> mean[t] * 2.5 + 5;
                case DRIFT -> mean[t] * (1 + 2.5 * progress) + 3 * progress;
            };
        }
    }

    /** Poisson sample: Knuth for small means, rounded normal approximation above 50. */
    public static double poisson(Random rnd, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
