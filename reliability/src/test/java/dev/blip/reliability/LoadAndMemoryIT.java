package dev.blip.reliability;

import dev.blip.core.testkit.TestBundles;
import dev.blip.kafka.embedded.BrokerExtension;
import dev.blip.reliability.support.KafkaIO;
import dev.blip.reliability.support.PromMetrics;
import dev.blip.reliability.support.Scenario;
import dev.blip.reliability.support.ScorerProcess;
import dev.blip.reliability.support.Workload;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.blip.core.testkit.TestTime.BUCKET;
import static dev.blip.core.testkit.TestTime.START;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load and memory: many keys (10^5 with -Preliability-long, 10^4 by default) on one scorer
 * instance. Measures heap after a full GC (jcmd GC.run, then the scorer's own
 * {@code jvm_memory_used_bytes{area="heap"}} from /metrics), resident memory and the size of
 * each key's state (its latest changelog record), all per key; then moves event time past the
 * key TTL and checks that idle keys are evicted (keys-tracked gauge falls, changelog tombstones,
 * heap back to the baseline). Numbers are logged and recorded in RELIABILITY.md.
 */
class LoadAndMemoryIT {

    private static final Logger LOG = LoggerFactory.getLogger(LoadAndMemoryIT.class);

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension(Scenario::broker);

    @Test
    void stateAndHeapPerKeyAreBoundedAndIdleKeysAreEvicted() throws Exception {
        int keys = Scenario.LONG ? 100_000 : 10_000;
        Scenario sc = new Scenario(kafka.get(), "load", 2);
        sc.saveModel(TestBundles.small());
        Map<String, String> env = sc.env();
        env.put("BLIP_KEY_TTL", "30m");
        long t0 = START;
        try (Admin admin = sc.admin(); ScorerProcess p = sc.start(env, "2g");
             KafkaProducer<byte[], byte[]> producer = KafkaIO.producer(sc.bootstrap())) {
            p.awaitReady(Duration.ofMinutes(3));
            tick(producer, sc, t0);
            KafkaIO.awaitDrained(admin, sc.applicationId, sc.input, p, Duration.ofMinutes(2));
            long heap0 = heapAfterGc(p);
            long rss0 = rss(p);

            KafkaIO.CheckedSender sender = new KafkaIO.CheckedSender(producer);
            for (int k = 0; k < keys; k++) {
                sender.send(Workload.event(sc.input, "load-key-" + k, t0 + 1000 + (k % 250_000)));
            }
            sender.flush();
            // seal buckets 0 and 1: every key is closed (a zero bucket pushed) and tracked, none idle yet
            tick(producer, sc, t0 + 2 * BUCKET + Workload.GRACE + 1000);
            KafkaIO.awaitDrained(admin, sc.applicationId, sc.input, p, Duration.ofMinutes(10));
            PromMetrics loaded = p.metrics();
            long heapN = heapAfterGc(p);
            long rssN = rss(p);
            long stateDir = Scenario.directorySize(sc.stateDir);
            Map<String, Integer> stateBytes = latestStateSizes(sc);
            assertThat(loaded.sum("blip_keys_tracked")).as("keys tracked").isEqualTo(keys + sc.partitions);
            assertThat(stateBytes).as("one state entry per key").hasSize(keys + sc.partitions);
            double bytesPerKey = stateBytes.values().stream().mapToInt(Integer::intValue).filter(b -> b > 0).average().orElseThrow();
            double heapPerKey = (double) (heapN - heap0) / keys;
            LOG.info("load: {} keys: heap {} -> {} bytes ({} per key), RSS {} -> {} ({} per key), state record {} bytes per key,"
                            + " state dir {} bytes ({} per key)", keys, heap0, heapN, Math.round(heapPerKey), rss0, rssN,
                    (rssN - rss0) / keys, Math.round(bytesPerKey), stateDir, stateDir / keys);
            assertThat(bytesPerKey).as("state bytes per key (one feature, window 12)").isLessThan(2_000);
            assertThat(heapPerKey).as("heap bytes per key").isLessThan(10_000);

            // jump event time past the TTL: every load key is idle and must be evicted, not filled with zeros
            tick(producer, sc, t0 + 10 * BUCKET + Workload.GRACE + 1000);
            KafkaIO.awaitDrained(admin, sc.applicationId, sc.input, p, Duration.ofMinutes(10));
            PromMetrics evicted = p.metrics();
            long heapE = heapAfterGc(p);
            Map<String, Integer> after = latestStateSizes(sc);
            long tombstones = after.entrySet().stream().filter(e -> e.getKey().startsWith("load-key-") && e.getValue() < 0).count();
            LOG.info("load: after TTL eviction: keys tracked {}, heap {} bytes, tombstones {}", evicted.sum("blip_keys_tracked"),
                    heapE, tombstones);
            assertThat(evicted.sum("blip_keys_tracked")).as("only the tick keys remain").isEqualTo(sc.partitions);
            assertThat(tombstones).as("evicted keys are deleted from the store and its changelog").isEqualTo(keys);
            // What stays is bounded by configuration, not by keys: the Streams record cache (10 MB) and the
            // producers' pooled batch buffers (buffer.memory, 32 MB), filled by the 10^5-record changelog bursts.
            // Key states live in RocksDB, not on the heap (about 450 bytes of heap per key while loaded), so
            // eviction frees little heap; it must not add any either.
            assertThat(heapE).as("eviction does not grow the heap").isLessThan(heapN + (4L << 20));
            assertThat(heapE - heap0).as("what remains is bounded by cache and producer buffers").isLessThan(48L << 20);
            assertThat(evicted.sum("blip_windows_scored_total")).as("idle keys are not scored").isZero();
            p.stop();
        }
    }

    /** One event per partition (a key that lives in it), advancing every task's watermark to {@code ts}. */
    private static void tick(KafkaProducer<byte[], byte[]> producer, Scenario sc, long ts) {
        KafkaIO.CheckedSender sender = new KafkaIO.CheckedSender(producer);
        for (int p = 0; p < sc.partitions; p++) {
            sender.send(new ProducerRecord<>(sc.input, p, ts, ("tick-" + p).getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8)));
        }
        sender.flush();
    }

    /** Size of the latest key-state changelog record per key (-1 for a tombstone). */
    private static Map<String, Integer> latestStateSizes(Scenario sc) {
        List<ConsumerRecord<byte[], byte[]>> log = KafkaIO.readAll(sc.bootstrap(), sc.applicationId + "-blip-key-state-changelog");
        Map<String, Integer> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : log) {
            out.put(new String(r.key(), StandardCharsets.UTF_8), r.value() == null ? -1 : r.value().length);
        }
        return out;
    }

    private static long heapAfterGc(ScorerProcess p) {
        p.jcmd("GC.run");
        return (long) p.metrics().sum("jvm_memory_used_bytes", "area", "heap");
    }

    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private static long rss(ScorerProcess p) throws Exception {
        Matcher m = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(p.pid()), "status")));
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }
}
