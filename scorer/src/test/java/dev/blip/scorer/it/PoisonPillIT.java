package dev.blip.scorer.it;

import dev.blip.core.bundle.BundleIO;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.testkit.TestTime;
import dev.blip.kafka.embedded.BrokerExtension;
import dev.blip.scorer.app.ScorerApp;
import dev.blip.scorer.app.ScorerMain;
import dev.blip.scorer.topology.serdes.DeadLetters;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ~1 MiB input record that the broker accepts (its topic allows 4 MiB) used to make its dead-letter
 * copy too large for the producer: the scorer stopped on it after every restart and the events
 * behind it were never scored. Now the dead letter is cut to size and the scorer goes on.
 */
class PoisonPillIT {

    static final int ONE_MIB = 1024 * 1024;

    @RegisterExtension
    static final BrokerExtension kafka = BrokerExtension.with(ItSupport.BROKER);

    static Path model;

    @BeforeAll
    static void start() throws Exception {
        try (Admin admin = kafka.get().admin()) {
            admin.createTopics(List.of(new NewTopic("events-pill", 1, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(4 * ONE_MIB))))).all().get();
        }
        kafka.get().createTopics(1, "anomalies-pill", "scores-pill", "dlq-it-pill");
        model = ItSupport.saveSmallBundle();
    }

    @Test
    void aHugeRecordIsDeadLetteredCutToSizeAndTheEventsAroundItAreScored() throws Exception {
        ItTraffic traffic = new ItTraffic(2, 48, 7L);
        Map<String, BucketVerdict> expected = traffic.offline(BundleIO.load(model));
        Map<String, String> env = ItSupport.env(kafka.get().bootstrapServers(), model, "it-pill", "events-pill", "anomalies-pill");
        env.put("BLIP_SCORES_TOPIC", "scores-pill");
        byte[] huge = hugeJson(ONE_MIB);
        ScorerApp app = ScorerMain.start(new String[0], env);
        try (app; KafkaProducer<String, String> producer = ItSupport.producer(kafka.get().bootstrapServers());
             KafkaProducer<byte[], byte[]> big = bigProducer(kafka.get().bootstrapServers());
             KafkaConsumer<byte[], byte[]> scores = ItSupport.consumer(kafka.get().bootstrapServers(), "scores-pill");
             KafkaConsumer<byte[], byte[]> dlq = ItSupport.consumer(kafka.get().bootstrapServers(), "dlq-it-pill")) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();

            traffic.produce(producer, "events-pill", 0, 24);
            List<ConsumerRecord<byte[], byte[]>> read = ItSupport.readUntil(scores, new ArrayList<>(), r -> !r.isEmpty(),
                    Duration.ofSeconds(120), Duration.ZERO);
            assertThat(read).as("events before the huge record are scored").isNotEmpty();

            long ts = TestTime.bucket(24);
            big.send(new ProducerRecord<>("events-pill", null, ts, "key-0".getBytes(StandardCharsets.UTF_8), huge)).get();
            traffic.produce(producer, "events-pill", 24, traffic.buckets);
            traffic.seal(producer, "events-pill", 1, traffic.buckets);

            List<ScoreRecord> all = ItSupport.decode(ItSupport.readUntil(scores, read, r -> r.size() >= expected.size(),
                    Duration.ofSeconds(180), Duration.ofSeconds(1)));
            assertThat(all.stream().map(ItSupport::id).toList()).as("events before and after the huge record are scored")
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected.keySet());

            List<ConsumerRecord<byte[], byte[]>> dead = ItSupport.readUntil(dlq, new ArrayList<>(), r -> !r.isEmpty(),
                    Duration.ofSeconds(30), Duration.ofSeconds(1));
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(header(d, DeadLetters.REASON)).isEqualTo("too_large");
                assertThat(header(d, DeadLetters.VALUE_TRUNCATED)).isEqualTo("true");
                assertThat(header(d, DeadLetters.VALUE_SIZE)).isEqualTo(Integer.toString(huge.length));
                assertThat(header(d, DeadLetters.VALUE_SHA256)).isEqualTo(DeadLetters.sha256(huge));
                assertThat(d.value()).isEqualTo(Arrays.copyOf(huge, DeadLetters.MAX_VALUE_BYTES));
                assertThat(new String(d.key(), StandardCharsets.UTF_8)).isEqualTo("key-0");
            });

            String scrape = ItSupport.get(app.httpPort(), "/metrics").body();
            assertThat(ItSupport.sample(scrape, "blip_records_bad_total{reason=\"too_large\"}")).isEqualTo(1.0);
            assertThat(ItSupport.sample(scrape, "blip_outputs_dropped_total")).as("the dead letter fitted").isZero();
            assertThat(app.awaitStop(Duration.ofMillis(1))).as("the scorer never stopped").isFalse();
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    /** A JSON object of {@code size} bytes (valid, so only its size is wrong). */
    static byte[] hugeJson(int size) {
        String head = "{\"pad\":\"";
        return (head + "x".repeat(size - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static KafkaProducer<byte[], byte[]> bigProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * ONE_MIB, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
