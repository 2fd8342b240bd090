package dev.blip.reliability;

import dev.blip.core.bundle.BundleException;
import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.event.Event;
import dev.blip.core.testkit.CraftedBundles;
import dev.blip.core.testkit.TestBundles;
import dev.blip.kafka.embedded.BrokerExtension;
import dev.blip.reliability.support.BundleFaults;
import dev.blip.reliability.support.KafkaIO;
import dev.blip.reliability.support.Outputs;
import dev.blip.reliability.support.PromMetrics;
import dev.blip.reliability.support.Scenario;
import dev.blip.reliability.support.ScorerProcess;
import dev.blip.reliability.support.Workload;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Model faults under load: while events stream in, the bundle file is replaced by a truncated
 * file, a tampered bundle, a bundle with another bucket interval, a bundle of a future format and
 * crafted (re-hashed) bundles: a serialised Java object inside the network, an inner zip bomb and
 * a NaN weight.
 * Each is refused ({@code blip_model_reloads_total{result="failure"}} goes up by one, scraped
 * from /metrics), the old model keeps serving (model_info and every output's model_version are
 * unchanged) and no record is lost (per-bucket verdicts and episode records equal the offline path).
 */
class ModelFaultIT {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFaultIT.class);

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension(Scenario::broker);

    @Test
    void brokenBundlesAreRefusedWhileTheOldModelKeepsServing() throws Exception {
        Scenario sc = new Scenario(kafka.get(), "model", 2);
        ModelBundle model = sc.saveModel(TestBundles.small());
        byte[] good = BundleFaults.read(sc.model);
        Map<String, byte[]> faults = new LinkedHashMap<>();
        faults.put("truncated", BundleFaults.truncated(sc.model));
        faults.put("tampered", BundleFaults.tampered(sc.model));
        faults.put("other interval", BundleFaults.otherInterval(model, sc.dir.resolve("scratch.blip")));
        faults.put("future format", BundleFaults.futureFormat(sc.model));
        faults.put("serialised object inside the network", CraftedBundles.serializedObjectEntry(sc.model));
        faults.put("inner zip bomb", CraftedBundles.innerZipBomb(sc.model, 256));
        faults.put("NaN weight", CraftedBundles.weight(sc.model, 5, Float.NaN));
        assertRefusedOffline(sc.dir, faults);

        Workload w = Scenario.LONG ? new Workload(40, 200, 5, 40, 5L) : new Workload(12, 120, 5, 40, 5L);
        List<Event> events = w.events();
        LOG.info("model: {} events", events.size());
        try (Admin admin = sc.admin(); ScorerProcess p = sc.start(sc.env(), "1g")) {
            p.awaitReady(Duration.ofMinutes(3));
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> produceSlowly(sc, w, events));
            double failures = 0;
            int step = 0;
            for (Map.Entry<String, byte[]> fault : faults.entrySet()) {
                double consumedBefore = awaitConsumed(p, (long) events.size() * ++step / (faults.size() + 2));
                BundleFaults.replace(sc.model, fault.getValue());
                PromMetrics m = awaitFailures(p, failures + 1);
                failures++;
                LOG.info("model: {} bundle refused after {} events", fault.getKey(), m.sum("blip_events_consumed_total"));
                assertThat(m.sum("blip_model_reloads_total", "result", "success")).isZero();
                assertThat(m.all("blip_model_info")).singleElement()
                        .satisfies(s -> assertThat(s.labels().get("version")).isEqualTo(model.version()));
                assertThat(consumedBefore).as("the fault lands while input is still being processed").isLessThan(events.size());
            }
            load.get();
            // put the good bundle back (same content: nothing to reload)
            BundleFaults.replace(sc.model, good);
            try (KafkaProducer<byte[], byte[]> producer = KafkaIO.producer(sc.bootstrap())) {
                w.produceFlush(producer, sc.input, sc.partitions);
            }
            KafkaIO.awaitDrained(admin, sc.applicationId, sc.input, p, Duration.ofMinutes(Scenario.LONG ? 20 : 5));
            PromMetrics end = p.metrics();
            assertThat(end.sum("blip_model_reloads_total", "result", "failure")).isEqualTo(faults.size());
            assertThat(end.sum("blip_events_consumed_total")).isEqualTo(events.size() + sc.partitions);
            assertThat(p.stop()).as("exit code after SIGTERM (docs/scorer.md)").isZero();
        }
        var expected = w.expected(model);
        double deviation = Outputs.assertScoresIdentical(expected, Outputs.decode(KafkaIO.readAll(sc.bootstrap(), sc.scores)),
                model.version());
        LOG.info("{}: {} windows and {} episode records as offline; largest relative score deviation {}", sc.name,
                Outputs.expectedWindows(expected), Outputs.expectedEpisodes(expected).size(), deviation);
        Outputs.assertEpisodesIdentical(expected, Outputs.decodeEpisodes(KafkaIO.readAll(sc.bootstrap(), sc.anomalies)));
    }

    /** Each broken file is refused by the loader or the running model's holder for a stated reason. */
    private static void assertRefusedOffline(Path dir, Map<String, byte[]> faults) throws Exception {
        for (Map.Entry<String, byte[]> f : faults.entrySet()) {
            Path p = dir.resolve("check.blip");
            Files.write(p, f.getValue());
            if (f.getKey().equals("other interval")) {
                assertThat(BundleIO.load(p).interval().toString()).isEqualTo("1m");
            } else {
                assertThatThrownBy(() -> BundleIO.load(p)).as(f.getKey()).isInstanceOf(BundleException.class);
            }
        }
    }

    /** Events in twenty slices with pauses, so model swaps land while records are being processed. */
    private static void produceSlowly(Scenario sc, Workload w, List<Event> events) {
        try (KafkaProducer<byte[], byte[]> producer = KafkaIO.producer(sc.bootstrap())) {
            int slices = 20;
            for (int s = 0; s < slices; s++) {
                w.produce(producer, sc.input, events.size() * s / slices, events.size() * (s + 1) / slices);
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the scorer has consumed {@code n} events, so each fault lands mid-stream. */
    private static double awaitConsumed(ScorerProcess p, long n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            double consumed = p.metrics().sum("blip_events_consumed_total");
            if (consumed >= n) {
                return consumed;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("the scorer consumed only " + consumed + " of " + n + " events; see " + p.log());
            }
            Thread.sleep(50);
        }
    }

    private static PromMetrics awaitFailures(ScorerProcess p, double expected) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            PromMetrics m = p.metrics();
            if (m.sum("blip_model_reloads_total", "result", "failure") >= expected) {
                assertThat(m.sum("blip_model_reloads_total", "result", "failure")).isEqualTo(expected);
                return m;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("the scorer did not refuse the bundle within 60 s; see " + p.log());
            }
            Thread.sleep(100);
        }
    }
}
