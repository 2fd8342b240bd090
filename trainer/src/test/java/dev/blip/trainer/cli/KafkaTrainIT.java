package dev.blip.trainer.cli;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.event.Event;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.kafka.embedded.BrokerExtension;
import dev.blip.kafka.embedded.EmbeddedKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.blip.core.testkit.TestTime.START;
import static dev.blip.core.testkit.TestTime.bucket;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code train} reading a topic's history from a real broker. */
class KafkaTrainIT {

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension(EmbeddedKafka::start);

    static List<Event> events;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka.get().createTopics(2, "events", "dirty");
        events = TestTraffic.synthetic(3, 240, 2, 12, 48, 0, 240, 4L).events(1L);
        try (KafkaProducer<String, String> p = producer()) {
            for (Event e : events) {
                p.send(new ProducerRecord<>("events", null, e.timestampMillis(), e.key(), "{\"n\":1}"));
            }
            p.send(new ProducerRecord<>("dirty", 0, START, "a", "{\"n\":1}"));
            p.send(new ProducerRecord<>("dirty", 0, START, "a", "not json"));
            p.flush();
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    private Cli.Result train(String topic, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--bootstrap-servers", kafka.get().bootstrapServers(),
                "--topic", topic, "--bucket", "5m", "-o", dir.resolve("m.zip").toString(), "--window", "8", "--hidden",
                "8", "--epochs", "2", "--allow-underfit", "--no-report", "-q", "--kafka-timeout", "PT20S"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void trainsFromTheWholeTopicHistory() {
        Cli.Result r = train("events");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.err()).contains("read " + events.size() + " events from topic events");
        ModelBundle b = BundleIO.load(dir.resolve("m.zip"));
        assertThat(b.manifest().training()).containsEntry("series", 3).containsEntry("buckets", 3 * 240);
        assertThat(b.interval()).isEqualTo(BucketInterval.parse("5m"));
    }

    @Test
    void timeRangeLimitsTheHistory() {
        long to = bucket(200);
        long expected = events.stream().filter(e -> e.timestampMillis() < to).count();
        Cli.Result r = train("events", "--to", Instant.ofEpochMilli(to).toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.err()).contains("read " + expected + " events from topic events");
    }

    @Test
    void missingTopicIsAClearKafkaError() {
        Cli.Result r = train("no-such-topic");
        assertThat(r.code()).isEqualTo(ExitCodes.IO_OR_KAFKA);
        assertThat(r.err()).contains("topic 'no-such-topic' does not exist").contains(kafka.get().bootstrapServers());
        assertThat(dir.resolve("m.zip")).doesNotExist();
    }

    @Test
    void badRecordNamesTopicPartitionOffsetAndRule() {
        Cli.Result r = train("dirty");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("topic dirty:partition 0 offset 1: invalid_json");
        assertThat(dir.resolve("m.zip")).doesNotExist();
    }
}
