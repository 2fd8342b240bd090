package dev.blip.reliability.support;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.event.Event;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.score.WindowScorer;
import dev.blip.core.synth.SyntheticTraffic;
import dev.blip.core.testkit.TestTime;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.core.window.Window;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seeded good traffic for the scorer ({@link TestTraffic#synthetic}: per-key seasonality, Poisson
 * noise, injected anomalies) on {@link TestTime} buckets, as {@code TestBundles.small()} was trained,
 * produced to Kafka, with the verdicts the offline core path finds. Event times are controlled
 * (2023), so a day of traffic is produced in seconds.
 */
public final class Workload {

    /** The scorer's default grace period. */
    public static final long GRACE = 60_000L;
    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

    private final SyntheticTraffic.Result traffic;
    private final List<Event> events;

    public Workload(int keys, int buckets, double minRate, double maxRate, long seed) {
        this.traffic = TestTraffic.synthetic(keys, buckets, minRate, maxRate, 48, Math.max(1, keys / 2), buckets / 3, seed);
        this.events = traffic.events(seed + 1);
    }

    public List<Event> events() {
        return events;
    }

    public SyntheticTraffic.Result traffic() {
        return traffic;
    }

    /** An event time that seals the last bucket of every series (its end plus the grace period). */
    public long flushTime() {
        CountSeries s = traffic.series().get(0);
        return s.bucketStart(s.length() - 1) + TestTime.BUCKET + GRACE;
    }

    public static ProducerRecord<byte[], byte[]> event(String topic, String key, long ts) {
        return new ProducerRecord<>(topic, null, ts, key.getBytes(StandardCharsets.UTF_8), EMPTY);
    }

    /** An event whose time is the JSON field {@code ts} (scorer run with {@code BLIP_TIME_FIELD=ts}). */
    public static ProducerRecord<byte[], byte[]> jsonEvent(String topic, Integer partition, String key, long ts) {
        return new ProducerRecord<>(topic, partition, ts, key.getBytes(StandardCharsets.UTF_8),
                ("{\"ts\":" + ts + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** Produces events {@code [from, to)} in time order (keyed, record timestamp = event time). */
    public void produce(Producer<byte[], byte[]> producer, String topic, int from, int to) {
        KafkaIO.CheckedSender out = new KafkaIO.CheckedSender(producer);
        for (int i = from; i < to; i++) {
            Event e = events.get(i);
            out.send(event(topic, e.key(), e.timestampMillis()));
        }
        out.flush();
    }

    /**
     * One flush event per partition (stream time is per task): it seals every series' last bucket,
     * so everything the offline path scores must have been closed and scored by the stream.
     */
    public void produceFlush(Producer<byte[], byte[]> producer, String topic, int partitions) {
        KafkaIO.CheckedSender out = new KafkaIO.CheckedSender(producer);
        for (int p = 0; p < partitions; p++) {
            out.send(new ProducerRecord<>(topic, p, flushTime(), ("flush-" + p).getBytes(StandardCharsets.UTF_8), EMPTY));
        }
        out.flush();
    }

    /** {@link #produceFlush} for {@code BLIP_TIME_FIELD=ts} inputs. */
    public void produceJsonFlush(Producer<byte[], byte[]> producer, String topic, int partitions) {
        KafkaIO.CheckedSender out = new KafkaIO.CheckedSender(producer);
        for (int p = 0; p < partitions; p++) {
            out.send(jsonEvent(topic, p, "flush-" + p, flushTime()));
        }
        out.flush();
    }

    public static boolean isFlushKey(String key) {
        return key.startsWith("flush-");
    }

    /**
     * The offline core path ({@code assembler().windows(series)}, a {@link WindowScorer}, then the
     * bundle's detector from a fresh key state, {@code Detector.run}) for every key, from the key's
     * first non-empty bucket (where the stream first sees it): what the trainer's {@code detect}
     * computes ({@code bundle.newScorer()}, default batching). Verdicts by key and bucket start.
     */
    public Map<String, Map<Long, BucketVerdict>> expected(ModelBundle bundle) {
        WindowScorer scorer = bundle.newScorer();
        Map<String, Map<Long, BucketVerdict>> out = new HashMap<>();
        for (CountSeries s : traffic.series()) {
            int first = 0;
            while (first < s.length() && s.values()[first][0] == 0) {
                first++;
            }
            Map<Long, BucketVerdict> byBucket = new TreeMap<>();
            if (first < s.length()) {
                List<Window> windows = bundle.assembler().windows(s.slice(first, s.length()));
                for (BucketVerdict v : bundle.detector().run(scorer.score(windows))) {
                    byBucket.put(v.score().endBucketStart(), v);
                }
            }
            out.put(s.key(), byBucket);
        }
        return out;
    }
}
