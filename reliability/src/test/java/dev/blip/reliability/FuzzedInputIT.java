package dev.blip.reliability;

import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.event.Event;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.testkit.TestBundles;
import dev.blip.kafka.embedded.BrokerExtension;
import dev.blip.reliability.support.BadRecords;
import dev.blip.reliability.support.KafkaIO;
import dev.blip.reliability.support.Outputs;
import dev.blip.reliability.support.PromMetrics;
import dev.blip.reliability.support.Scenario;
import dev.blip.reliability.support.ScorerProcess;
import dev.blip.reliability.support.Workload;
import dev.blip.scorer.topology.serdes.DeadLetters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzed input: 10^5 generated bad records mixed into good traffic. The scorer (a separate JVM)
 * never stops, every bad record lands on the DLQ exactly once with a reason header that names
 * its source offset, the bad-record counter scraped from the real /metrics endpoint equals the
 * DLQ count (per reason too), and the good traffic's per-bucket verdicts and episode records equal the offline path
 * for the good traffic alone (what a run without bad records gives, see {@link CrashRecoveryIT}).
 */
class FuzzedInputIT {

    private static final Logger LOG = LoggerFactory.getLogger(FuzzedInputIT.class);
    private static final long SEED = 77L;

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension(Scenario::broker);

    @Test
    void badRecordsGoToTheDlqCountedAndChangeNothingElse() throws Exception {
        Scenario sc = new Scenario(kafka.get(), "fuzz", 2);
        ModelBundle model = sc.saveModel(TestBundles.small());
        Workload w = new Workload(12, 120, 5, 40, SEED);
        int badCount = 100_000;
        BadRecords gen = new BadRecords(SEED, System.currentTimeMillis(), Scenario.LONG ? 20 : 3);
        List<Event> good = w.events();
        List<Future<RecordMetadata>> badSent = new ArrayList<>(badCount);
        Map<String, Integer> kinds = new TreeMap<>();
        try (KafkaProducer<byte[], byte[]> kafkaProducer = KafkaIO.producer(sc.bootstrap())) {
            KafkaIO.CheckedSender producer = new KafkaIO.CheckedSender(kafkaProducer);
            int b = 0;
            for (int i = 0; i < good.size(); i++) {
                Event e = good.get(i);
                producer.send(Workload.jsonEvent(sc.input, null, e.key(), e.timestampMillis()));
                long due = (long) badCount * (i + 1) / good.size();
                for (; b < due; b++) {
                    BadRecords.Bad bad = gen.next(e.timestampMillis());
                    kinds.merge(bad.kind(), 1, Integer::sum);
                    badSent.add(producer.send(new ProducerRecord<>(sc.input, null, e.timestampMillis(), bad.key(), bad.value())));
                }
            }
            producer.flush();
            w.produceJsonFlush(kafkaProducer, sc.input, sc.partitions);
        }
        Set<String> badOffsets = new HashSet<>();
        for (Future<RecordMetadata> f : badSent) {
            RecordMetadata m = f.get();
            badOffsets.add(m.partition() + "/" + m.offset());
        }
        assertThat(badOffsets).hasSize(badCount);
        LOG.info("fuzz: {} good events, {} bad records by kind {}", good.size(), badCount, kinds);

        Map<String, String> env = sc.env();
        env.put("BLIP_TIME_FIELD", "ts");
        PromMetrics metrics;
        try (Admin admin = sc.admin(); ScorerProcess p = sc.start(env, "1g")) {
            p.awaitReady(Duration.ofMinutes(3));
            KafkaIO.awaitDrained(admin, sc.applicationId, sc.input, p, Duration.ofMinutes(Scenario.LONG ? 30 : 6));
            assertThat(p.alive()).as("the scorer never stopped").isTrue();
            assertThat(p.status("/health/ready")).isEqualTo(200);
            metrics = p.metrics();
            p.stop();
        }

        List<ConsumerRecord<byte[], byte[]>> dlq = KafkaIO.readAll(sc.bootstrap(), sc.dlq);
        Map<String, Integer> reasons = new TreeMap<>();
        Set<String> dlqOffsets = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            String reason = header(r, DeadLetters.REASON);
            assertThat(reason).as("reason header of a DLQ record").isNotBlank();
            assertThat(header(r, DeadLetters.ERROR)).as("error header of a DLQ record").isNotBlank();
            assertThat(header(r, DeadLetters.TOPIC)).isEqualTo(sc.input);
            reasons.merge(reason, 1, Integer::sum);
            dlqOffsets.add(header(r, DeadLetters.PARTITION) + "/" + header(r, DeadLetters.OFFSET));
        }
        LOG.info("fuzz: DLQ reasons {}", reasons);
        assertThat(dlq).as("every bad record is on the DLQ, once").hasSize(badCount);
        assertThat(dlqOffsets).as("the DLQ holds exactly the bad records").isEqualTo(badOffsets);
        assertThat(metrics.sum("blip_records_bad_total")).as("bad-record counter equals the DLQ count").isEqualTo(badCount);
        reasons.forEach((reason, n) -> assertThat(metrics.sum("blip_records_bad_total", "reason", reason))
                .as("counter for reason %s", reason).isEqualTo((double) n));
        assertThat(metrics.sum("blip_events_consumed_total")).isEqualTo(good.size() + sc.partitions);

        Map<String, Map<Long, BucketVerdict>> expected = w.expected(model);
        assertThat(Outputs.expectedEpisodes(expected)).isNotEmpty();
        double deviation = Outputs.assertScoresIdentical(expected, Outputs.decode(KafkaIO.readAll(sc.bootstrap(), sc.scores)),
                model.version());
        LOG.info("fuzz: good traffic: {} windows, {} episode records as offline; largest relative score deviation {}",
                Outputs.expectedWindows(expected), Outputs.expectedEpisodes(expected).size(), deviation);
        Outputs.assertEpisodesIdentical(expected, Outputs.decodeEpisodes(KafkaIO.readAll(sc.bootstrap(), sc.anomalies)));
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
