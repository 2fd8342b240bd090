package dev.blip.scorer.it;

import dev.blip.core.testkit.TestTime;
import dev.blip.kafka.embedded.BrokerExtension;
import dev.blip.scorer.app.ScorerApp;
import dev.blip.scorer.app.ScorerMain;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One jump of event time by a day, with 10,000 keys, exactly-once on a real broker: 2.9 million
 * buckets become due at once. They are closed in shares of {@code close.budget} over many
 * punctuations, each far inside the transaction timeout, so the task is never fenced and the
 * scorer stays RUNNING; then every key has every bucket closed and new events are scored.
 */
class JumpIT {

    static final int KEYS = 10_000;
    static final int HISTORY = 24;
    static final int JUMP = 288;

    @RegisterExtension
    static final BrokerExtension kafka = BrokerExtension.with(ItSupport.BROKER);

    static Path model;

    @BeforeAll
    static void start() throws IOException {
        kafka.get().createTopics(2, "jump-in", "jump-out", "dlq-it-jump");
        model = ItSupport.saveSmallBundle();
    }

    @Test
    void aDayJumpOfTenThousandKeysIsClosedInSharesWithoutFencing() throws Exception {
        Map<String, String> env = ItSupport.env(kafka.get().bootstrapServers(), model, "it-jump", "jump-in", "jump-out");
        env.put("BLIP_INPUT_MODE", "counts");
        env.put("BLIP_KEY_TTL", "30d");
        ScorerApp app = ScorerMain.start(new String[0], env);
        try (app; KafkaProducer<String, String> producer = ItSupport.producer(kafka.get().bootstrapServers())) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            for (int t = 0; t < HISTORY; t++) {
                for (int k = 0; k < KEYS; k++) {
                    producer.send(new ProducerRecord<>("jump-in", null, TestTime.bucket(t) + k, "key-" + k, "{\"value\": 20}"));
                }
            }
            // a record at bucket b's start + grace seals every bucket before b: here buckets 0 to HISTORY - 1
            seal(producer, HISTORY);
            awaitClosed(app, HISTORY * (double) KEYS, Duration.ofMinutes(3), new ArrayList<>());
            double timedBefore = closeTimer(app).count();
            seal(producer, HISTORY + JUMP);
            List<KafkaStreams.State> seen = new ArrayList<>();
            // every key's buckets 0 to HISTORY + JUMP - 1, and the two seal keys' from HISTORY on
            double expected = (HISTORY + JUMP) * (double) KEYS + 2 * JUMP;
            awaitClosed(app, expected, Duration.ofMinutes(8), seen);
            assertThat(seen).as("the scorer stayed RUNNING: no task fenced, no rebalance, no thread lost")
                    .containsOnly(KafkaStreams.State.RUNNING);
            Timer closes = closeTimer(app);
            assertThat(closes.count() - timedBefore).as("the jump took many punctuations").isGreaterThan(10);
            // inside the 10 s transaction timeout with a margin: a loaded machine (6.06 s measured once)
            // must not fail the test
            assertThat(closes.max(TimeUnit.SECONDS)).as("the longest punctuation, against the 10 s transaction timeout")
                    .isLessThan(8.0);
            assertThat(app.registry().get("blip.buckets.closed").counters().stream().mapToDouble(c -> c.count()).sum())
                    .as("every bucket of every key closed once").isEqualTo(expected);
        }
    }

    private static Timer closeTimer(ScorerApp app) {
        return app.registry().get("blip.close.duration").timer();
    }

    /** One record per partition at {@code bucket}'s start + grace: seals the bucket before it. */
    private static void seal(KafkaProducer<String, String> producer, int bucket) {
        for (int p = 0; p < 2; p++) {
            producer.send(new ProducerRecord<>("jump-in", p, TestTime.bucket(bucket) + 60_000, "seal-" + p, "{\"value\": 1}"));
        }
        producer.flush();
    }

    private static void awaitClosed(ScorerApp app, double buckets, Duration timeout, List<KafkaStreams.State> seen)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        double closed = 0;
        while (System.nanoTime() < end) {
            seen.add(app.state());
            closed = app.registry().get("blip.buckets.closed").counters().stream().mapToDouble(c -> c.count()).sum();
            if (closed >= buckets) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("closed " + closed + " of " + buckets + " buckets in " + timeout);
    }
}
