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
import dev.blip.scorer.topology.serdes.EpisodeRecord;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash recovery: the scorer (a separate JVM) is SIGKILLed twice at seeded random points of its
 * input, then stopped and restarted with its local state directory wiped (restored from the
 * changelog), and finally drains the input. Its scores and anomalies topics, read committed, must
 * equal the offline core path (scores, then the detector from a fresh key state) for the same
 * series: every per-bucket verdict and every episode record (open and closed) once, nothing lost,
 * nothing duplicated, verdicts, reasons and episode timing exact and scores within 1e-5 (batch
 * makeup changes float rounding; see RELIABILITY.md). The detector state is committed and restored
 * with the rest of the key state, so an episode open at a kill is reported closed exactly once.
 */
class CrashRecoveryIT {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);
    private static final long SEED = 20_261_123L;

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension(Scenario::broker);

    @Test
    void killsAndAWipedStateDirectoryLoseAndDuplicateNothing() throws Exception {
        Scenario sc = new Scenario(kafka.get(), "crash", 4);
        ModelBundle model = sc.saveModel(TestBundles.small());
        Workload w = Scenario.LONG ? new Workload(200, 300, 5, 40, SEED) : new Workload(40, 150, 5, 40, SEED);
        int events = w.events().size();
        assertThat(events).isGreaterThanOrEqualTo(Scenario.LONG ? 1_000_000 : 50_000);
        try (KafkaProducer<byte[], byte[]> producer = KafkaIO.producer(sc.bootstrap())) {
            w.produce(producer, sc.input, 0, events);
            w.produceFlush(producer, sc.input, sc.partitions);
        }
        Map<String, Map<Long, BucketVerdict>> expected = w.expected(model);
        assertThat(Outputs.expectedEpisodes(expected)).as("the workload has episodes to lose").hasSizeGreaterThan(5);
        LOG.info("crash: {} events, {} keys, {} windows, {} episode records expected", events, expected.size(),
                Outputs.expectedWindows(expected), Outputs.expectedEpisodes(expected).size());

        Random rnd = new Random(SEED);
        double[] kills = {0.10 + 0.25 * rnd.nextDouble(), 0.45 + 0.20 * rnd.nextDouble()};
        double stopAt = 0.75 + 0.15 * rnd.nextDouble();
        Map<String, String> env = sc.env();
        try (Admin admin = sc.admin()) {
            for (double at : kills) {
                double reached;
                try (ScorerProcess p = sc.start(env, "1g")) {
                    reached = awaitProgress(admin, sc, p, at);
                    p.kill();
                }
                LOG.info("crash: SIGKILL at committed progress {} (target {})", reached, at);
                assertThat(reached).as("killed before the input was drained").isLessThan(1.0);
            }
            double reached;
            try (ScorerProcess p = sc.start(env, "1g")) {
                reached = awaitProgress(admin, sc, p, stopAt);
                p.stop();
            }
            sc.wipeState();
            assertThat(sc.stateDir).doesNotExist();
            LOG.info("crash: stopped at {} and wiped the state directory", reached);
            try (ScorerProcess last = sc.start(env, "1g")) {
                KafkaIO.awaitDrained(admin, sc.applicationId, sc.input, last, Duration.ofMinutes(Scenario.LONG ? 30 : 5));
                assertThat(Files.readString(last.log())).as("state restored from the changelog").contains("RUNNING");
                last.stop();
            }
        }
        List<ScoreRecord> scores = Outputs.decode(KafkaIO.readAll(sc.bootstrap(), sc.scores));
        List<EpisodeRecord> episodes = Outputs.decodeEpisodes(KafkaIO.readAll(sc.bootstrap(), sc.anomalies));
        LOG.info("crash: read {} scores and {} episode records", scores.size(), episodes.size());
        double deviation = Outputs.assertScoresIdentical(expected, scores, model.version());
        LOG.info("crash: every window once, largest relative score deviation from offline {}", deviation);
        Outputs.assertEpisodesIdentical(expected, episodes);
    }

    /** Waits (while the scorer lives) until it has committed at least {@code target} of the input. */
    static double awaitProgress(Admin admin, Scenario sc, ScorerProcess p, double target) throws InterruptedException {
        double last = -1;
        long lastMove = System.nanoTime();
        while (true) {
            double f = KafkaIO.fraction(admin, sc.applicationId, sc.input);
            if (f >= target) {
                return f;
            }
            if (f != last) {
                last = f;
                lastMove = System.nanoTime();
            }
            if (!p.alive() || System.nanoTime() - lastMove > Duration.ofSeconds(180).toNanos()) {
                throw new IllegalStateException("scorer stopped or stalled at " + f + " of the input; see " + p.log());
            }
            Thread.sleep(20);
        }
    }
}
