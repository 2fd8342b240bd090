package dev.blip.scorer.it;

import dev.blip.core.bundle.BundleIO;
import dev.blip.kafka.embedded.BrokerExtension;
import dev.blip.scorer.app.ScorerApp;
import dev.blip.scorer.app.ScorerMain;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out is Kafka's: instances with one application id split the input partitions. Two
 * instances together produce exactly the episode records one instance produces (which are the
 * offline path's), and when one of them stops mid-stream the other takes over its partitions, restores
 * their state from the changelogs and nothing is lost or duplicated (read_committed).
 */
class ScaleOutIT {

    static final int PARTITIONS = 4;

    @RegisterExtension
    static final BrokerExtension kafka = BrokerExtension.with(ItSupport.BROKER);

    static Path model;
    static ItTraffic traffic;
    static Set<String> expected;

    @BeforeAll
    static void start() throws IOException {
        kafka.get().createTopics(PARTITIONS, "in-ab", "in-c", "out-one", "out-two", "out-three", "dlq-one", "dlq-two", "dlq-three");
        model = ItSupport.saveSmallBundle();
        traffic = new ItTraffic(8, 40, 2L);
        expected = ItTraffic.episodes(traffic.offline(BundleIO.load(model)));
        try (KafkaProducer<String, String> producer = ItSupport.producer(kafka.get().bootstrapServers())) {
            traffic.produce(producer, "in-ab", 0, traffic.buckets);
            traffic.seal(producer, "in-ab", PARTITIONS, traffic.buckets);
        }
    }

    ScorerApp app(String appId, String input, String output) throws InterruptedException {
        ScorerApp app = ScorerMain.start(new String[0], ItSupport.env(kafka.get().bootstrapServers(), model, appId, input, output));
        return app;
    }

    List<String> anomalies(String topic, int atLeast) {
        try (KafkaConsumer<byte[], byte[]> consumer = ItSupport.consumer(kafka.get().bootstrapServers(), topic)) {
            return ItSupport.decodeEpisodes(ItSupport.readUntil(consumer, new ArrayList<>(), r -> r.size() >= atLeast,
                    Duration.ofSeconds(120), Duration.ofSeconds(3))).stream().map(ItSupport::id).toList();
        }
    }

    static double consumed(ScorerApp app) {
        return app.registry().get("blip.events.consumed").counter().count();
    }

    @Test
    void twoInstancesProduceExactlyWhatOneProduces() throws Exception {
        assertThat(expected).isNotEmpty();
        try (ScorerApp one = app("one", "in-ab", "out-one")) {
            assertThat(one.awaitRunning(Duration.ofSeconds(60))).isTrue();
            List<String> single = anomalies("out-one", expected.size());
            assertThat(single).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        }
        try (ScorerApp a = app("two", "in-ab", "out-two"); ScorerApp b = app("two", "in-ab", "out-two")) {
            List<String> pair = anomalies("out-two", expected.size());
            assertThat(pair).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
            assertThat(consumed(a)).as("instance a did a share").isPositive();
            assertThat(consumed(b)).as("instance b did a share").isPositive();
            assertThat(consumed(a) + consumed(b)).isEqualTo(traffic.events() + PARTITIONS);
        }
    }

    @Test
    void whenOneOfTwoInstancesStopsNothingIsLostOrDuplicated() throws Exception {
        int half = traffic.buckets / 2;
        try (ScorerApp survivor = app("three", "in-c", "out-three")) {
            ScorerApp leaving = app("three", "in-c", "out-three");
            try (KafkaProducer<String, String> producer = ItSupport.producer(kafka.get().bootstrapServers())) {
                assertThat(survivor.awaitRunning(Duration.ofSeconds(60))).isTrue();
                assertThat(leaving.awaitRunning(Duration.ofSeconds(60))).isTrue();
                traffic.produce(producer, "in-c", 0, half);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (consumed(leaving) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(consumed(leaving)).as("the leaving instance owned partitions").isPositive();
                leaving.close();
                traffic.produce(producer, "in-c", half, traffic.buckets);
                traffic.seal(producer, "in-c", PARTITIONS, traffic.buckets);
            } finally {
                leaving.close();
            }
            List<String> found = anomalies("out-three", expected.size());
            assertThat(found).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
