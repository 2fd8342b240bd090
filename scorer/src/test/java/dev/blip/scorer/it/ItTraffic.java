package dev.blip.scorer.it;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bucket.FeatureSpec;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.detect.BucketVerdict;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded event traffic for integration tests with known counts per key and bucket (5-minute
 * buckets, timestamps we control): steady keys, one that falls silent and one with a spike, so
 * the expected verdicts and episodes can be computed offline with the same core code.
 */
final class ItTraffic {

    static final long START = 1_700_006_400_000L;
    static final long BUCKET = 300_000L;
    static final long GRACE = 60_000L;

    final List<String> keys = new ArrayList<>();
    final double[][] counts;
    final int buckets;

    ItTraffic(int keyCount, int buckets, long seed) {
        this.buckets = buckets;
        this.counts = new double[keyCount][buckets];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = 0; k < keyCount; k++) {
            keys.add("key-" + k);
            int rate = 100 + 20 * k;
            for (int t = 0; t < buckets; t++) {
                counts[k][t] = rate - rate / 16 + rnd.nextInt(rate / 8 + 1);
            }
        }
        for (int t = buckets * 3 / 4; t < buckets; t++) {
            counts[0][t] = 0;                                  // key-0 falls silent
        }
        for (int t = buckets * 2 / 3; t < buckets * 2 / 3 + 2; t++) {
            counts[1 % keyCount][t] *= 5;                      // key-1 spikes
        }
    }

    long events() {
        double n = 0;
        for (double[] row : counts) {
            for (double v : row) {
                n += v;
            }
        }
        return (long) n;
    }

    /** Produces buckets [from, to) of every key, interleaved in time order. */
    void produce(KafkaProducer<String, String> producer, String topic, int from, int to) {
        for (int t = from; t < to; t++) {
            for (int k = 0; k < keys.size(); k++) {
                int n = (int) counts[k][t];
                for (int i = 0; i < n; i++) {
                    long ts = START + t * BUCKET + (BUCKET - 1000) * i / Math.max(1, n) + k;
                    producer.send(new ProducerRecord<>(topic, null, ts, keys.get(k), "{}"));
                }
            }
        }
        producer.flush();
    }

    /** One event per partition late enough to seal every bucket before {@code bucket}. */
    void seal(KafkaProducer<String, String> producer, String topic, int partitions, int bucket) {
        long ts = START + bucket * BUCKET + GRACE;
        for (int p = 0; p < partitions; p++) {
            producer.send(new ProducerRecord<>(topic, p, ts, "seal-" + p, "{}"));
        }
        producer.flush();
    }

    /** What the offline path finds: verdicts by "key@bucketStartMillis" ({@code Detector.run} per key). */
    Map<String, BucketVerdict> offline(ModelBundle bundle) {
        Map<String, BucketVerdict> out = new HashMap<>();
        for (int k = 0; k < keys.size(); k++) {
            for (BucketVerdict v : bundle.detector().run(bundle.newScorer().score(bundle.assembler().windows(series(k))))) {
                out.put(v.score().key() + "@" + v.score().endBucketStart(), v);
            }
        }
        return out;
    }

    /** The episode reports the offline path makes, as "episodeId/state". */
    static Set<String> episodes(Map<String, BucketVerdict> offline) {
        Set<String> out = new HashSet<>();
        offline.values().stream().filter(v -> v.episode() != null)
                .forEach(v -> out.add(v.episode().id() + "/" + (v.episode().open() ? "open" : "closed")));
        return out;
    }

    CountSeries series(int k) {
        double[][] v = new double[buckets][];
        for (int t = 0; t < buckets; t++) {
            v[t] = new double[] {counts[k][t]};
        }
        return new CountSeries(keys.get(k), BucketInterval.parse("5m"), START, FeatureSpec.forEvents(List.of()), v);
    }
}
