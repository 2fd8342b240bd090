package dev.blip.scorer.it;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.testkit.TestTime;
import dev.blip.core.testkit.TestTraffic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The integration tests' traffic: {@link TestTraffic} counts (key-k at 100 + 20k events per bucket
 * with seeded jitter; key-0 falls silent for the last quarter, key-1 spikes fivefold for two
 * buckets at two thirds) produced to Kafka, and the verdicts and episodes the offline core path
 * finds for the same counts.
 */
final class ItTraffic {

    /** The scorer's default grace period. */
    static final long GRACE = 60_000L;

    final List<String> keys = new ArrayList<>();
    final double[][] counts;
    final int buckets;

    ItTraffic(int keyCount, int buckets, long seed) {
        this.buckets = buckets;
        this.counts = new double[keyCount][];
        TestTraffic traffic = new TestTraffic(seed);
        for (int k = 0; k < keyCount; k++) {
            keys.add("key-" + k);
            counts[k] = traffic.counts(100 + 20 * k, buckets);
        }
        TestTraffic.silence(counts[0], buckets * 3 / 4, buckets);
        TestTraffic.scale(counts[1 % keyCount], buckets * 2 / 3, buckets * 2 / 3 + 2, 5);
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

    /** Produces buckets [from, to) of every key, in time order ({@link TestTraffic#bucketEvents}). */
    void produce(KafkaProducer<String, String> producer, String topic, int from, int to) {
        TestTraffic.Sink sink = (key, ts) -> producer.send(new ProducerRecord<>(topic, null, ts, key, "{}"));
        for (int t = from; t < to; t++) {
            int[] n = new int[keys.size()];
            int slots = 1;
            for (int k = 0; k < n.length; k++) {
                n[k] = (int) counts[k][t];
                slots = Math.max(slots, n[k]);
            }
            TestTraffic.bucketEvents(sink, t, keys, n, slots);
        }
        producer.flush();
    }

    /** One event per partition late enough to seal every bucket before {@code bucket}. */
    void seal(KafkaProducer<String, String> producer, String topic, int partitions, int bucket) {
        long ts = TestTime.bucket(bucket) + GRACE;
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
        return TestTraffic.series(keys.get(k), counts[k]);
    }
}
