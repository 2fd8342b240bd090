package dev.blip.reliability;

import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.testkit.TestBundles;
import dev.blip.kafka.embedded.BrokerExtension;
import dev.blip.reliability.support.KafkaIO;
import dev.blip.reliability.support.Outputs;
import dev.blip.reliability.support.Scenario;
import dev.blip.reliability.support.ScorerProcess;
import dev.blip.reliability.support.Workload;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broker faults: the broker is shut down and restarted (same port and log directories) while the
 * scorer (a separate JVM) is in the middle of its input. With no manual action the scorer
 * reconnects and drains the input, and its outputs equal the offline path: nothing lost or
 * duplicated across the outage.
 */
class BrokerRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartIT.class);

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension(Scenario::broker);

    @Test
    void theScorerResumesAfterABrokerRestartWithoutLoss() throws Exception {
        Scenario sc = new Scenario(kafka.get(), "broker", 2);
        ModelBundle model = sc.saveModel(TestBundles.small());
        Workload w = Scenario.LONG ? new Workload(60, 200, 5, 40, 9L) : new Workload(20, 120, 5, 40, 9L);
        try (KafkaProducer<byte[], byte[]> producer = KafkaIO.producer(sc.bootstrap())) {
            w.produce(producer, sc.input, 0, w.events().size());
            w.produceFlush(producer, sc.input, sc.partitions);
        }
        Map<String, Map<Long, BucketVerdict>> expected = w.expected(model);
        int restarts = Scenario.LONG ? 3 : 1;
        try (Admin admin = sc.admin(); ScorerProcess p = sc.start(sc.env(), "1g")) {
            p.awaitReady(Duration.ofMinutes(3));
            for (int i = 1; i <= restarts; i++) {
                double reached = CrashRecoveryIT.awaitProgress(admin, sc, p, 0.8 * i / (restarts + 1));
                kafka.get().restartBroker(Duration.ofSeconds(5));
                LOG.info("broker: restarted the broker at committed progress {}", reached);
                assertThat(reached).isLessThan(1.0);
            }
            KafkaIO.awaitDrained(admin, sc.applicationId, sc.input, p, Duration.ofMinutes(Scenario.LONG ? 20 : 5));
            assertThat(p.alive()).as("no manual action: the same scorer process drained the input").isTrue();
            assertThat(p.metrics().sum("blip_events_consumed_total")).as("events counted (re-processing after an aborted"
                    + " transaction may count some twice)").isGreaterThanOrEqualTo(w.events().size());
            p.stop();
        }
        double deviation = Outputs.assertScoresIdentical(expected, Outputs.decode(KafkaIO.readAll(sc.bootstrap(), sc.scores)),
                model.version());
        LOG.info("{}: {} windows and {} episode records as offline; largest relative score deviation {}", sc.name,
                Outputs.expectedWindows(expected), Outputs.expectedEpisodes(expected).size(), deviation);
        Outputs.assertEpisodesIdentical(expected, Outputs.decodeEpisodes(KafkaIO.readAll(sc.bootstrap(), sc.anomalies)));
    }
}
