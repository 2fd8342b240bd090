package dev.blip.trainer.cli;

import dev.blip.core.bundle.BundleIO;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.blip.core.testkit.TestTime.bucket;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train} against a real broker that requires SASL/PLAIN authentication: client properties
 * reach the consumer from {@code BLIP_KAFKA_*} (as in the Kubernetes CronJob) or
 * {@code --kafka-property}; without them the broker refuses the trainer. Also the bad-record
 * limit, the time range that stops before garbage, and field names from the scorer's variables.
 */
class SecuredKafkaTrainIT {

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension(EmbeddedKafka::startWithSaslPlain);

    static List<Event> events;
    static final long END = bucket(240);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        kafka.get().createTopics(2, "events", "garbage");
        events = TestTraffic.synthetic(3, 240, 2, 12, 48, 0, 240, 4L).events(1L);
        Map<String, Object> config = new HashMap<>(kafka.get().clientProperties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get().bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> p = new KafkaProducer<>(config)) {
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                String value = i % 100 == 7 ? "not json" : "{\"customer\":\"" + e.key() + "\"}";
                p.send(new ProducerRecord<>("events", null, e.timestampMillis(), null, value));
                p.send(new ProducerRecord<>("garbage", null, e.timestampMillis(), e.key(), i % 2 == 0 ? "{}" : "not json"));
            }
            // after the training range: must not even be parsed with --to
            p.send(new ProducerRecord<>("events", 0, END + 1, null, "not json"));
            p.flush();
        }
    }

    private Cli.Result train(Map<String, String> env, String topic, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--bootstrap-servers", kafka.get().bootstrapServers(), "--topic", topic,
                "--bucket", "5m", "-o", dir.resolve("m.zip").toString(), "--window", "8", "--hidden", "8", "--epochs", "2",
                "--allow-underfit", "--no-report", "-q", "--to", Long.toString(END)));
        args.addAll(List.of(extra));
        if (!args.contains("--kafka-timeout")) {
            args.addAll(List.of("--kafka-timeout", "PT15S"));
        }
        return Cli.run(env, args.toArray(String[]::new));
    }

    private static Map<String, String> saslEnv() {
        Map<String, String> env = new HashMap<>();
        kafka.get().clientProperties().forEach((k, v) -> env.put("BLIP_KAFKA_" + k.toUpperCase().replace('.', '_'), v));
        env.put("BLIP_KEY_FIELD", "customer");
        return env;
    }

    @Test
    void withoutCredentialsTheBrokerRefusesTheTrainer() {
        Cli.Result r = train(Map.of("BLIP_KEY_FIELD", "customer"), "events", "--kafka-timeout", "PT5S");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.IO_OR_KAFKA);
        assertThat(dir.resolve("m.zip")).doesNotExist();
    }

    @Test
    void saslPropertiesFromTheEnvironmentAndBadRecordsWithinTheLimit() {
        long bad = java.util.stream.IntStream.range(0, events.size()).filter(i -> i % 100 == 7).count();
        Cli.Result r = train(saslEnv(), "events", "--skip-bad-records", Long.toString(bad));
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.err()).contains("read " + (events.size() - bad) + " events from topic events")
                .contains("skipped " + bad + " bad records (limit " + bad + ")")
                .contains("skipped bad record: topic events:partition ").contains(": invalid_json: ");
        assertThat(BundleIO.load(dir.resolve("m.zip")).manifest().training()).containsEntry("series", 3);
    }

    @Test
    void saslPropertiesAsOptionsAndOneBadRecordOverTheLimitFails() {
        List<String> extra = new ArrayList<>();
        kafka.get().clientProperties().forEach((k, v) -> extra.addAll(List.of("--kafka-property", k + "=" + v)));
        extra.addAll(List.of("--skip-bad-records", "5", "--key-field", "customer"));
        Cli.Result r = train(Map.of(), "events", extra.toArray(String[]::new));
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("more than the 5 bad records --skip-bad-records allows");
        assertThat(dir.resolve("m.zip")).doesNotExist();
    }

    @Test
    void aTopicThatIsMostlyGarbageFailsEvenWithALimit() {
        Map<String, String> env = saslEnv();
        env.remove("BLIP_KEY_FIELD");
        Cli.Result r = train(env, "garbage", "--skip-bad-records", "100");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("invalid_json").contains("more than the 100 bad records");
    }

    @Test
    void aPropertyTheTrainerSetsItselfIsRefused() {
        Cli.Result r = train(saslEnv(), "events", "--kafka-property", "enable.auto.commit=true");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("enable.auto.commit").contains("cannot be overridden");
    }
}
