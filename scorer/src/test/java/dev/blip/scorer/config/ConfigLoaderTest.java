package dev.blip.scorer.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    static final Map<String, String> MINIMAL = Map.of("BLIP_BOOTSTRAP_SERVERS", "kafka:9092", "BLIP_MODEL_PATH", "/models/m.blip");

    @Test
    void defaultsMatchTheDocumentedContract() {
        ScorerConfig c = ConfigLoader.load(MINIMAL, null);
        assertThat(c.applicationId()).isEqualTo("blip-scorer");
        assertThat(c.inputTopic()).isEqualTo("events");
        assertThat(c.inputMode()).isEqualTo(InputMode.EVENTS);
        assertThat(c.keyField()).isNull();
        assertThat(c.timeField()).isNull();
        assertThat(c.categoryField()).isNull();
        assertThat(c.outputTopic()).isEqualTo("anomalies");
        assertThat(c.scoresTopic()).isNull();
        assertThat(c.dlqTopic()).isEqualTo("blip-dlq");
        assertThat(c.modelWatchInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.grace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.keyTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(c.wallClockClose()).isTrue();
        assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/blip/state"));
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(c.streamThreads()).isZero();
        assertThat(c.streamsProperties()).as("one thread per processor by default")
                .containsEntry("num.stream.threads", Math.min(Runtime.getRuntime().availableProcessors(), 16));
        assertThat(c.maxBatch()).isEqualTo(1024);
        assertThat(c.streamsProperties()).containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("bootstrap.servers", "kafka:9092").containsEntry("application.id", "blip-scorer");
    }

    @Test
    void everyViolationIsReportedAtOnceWithKeyRuleAndValue() {
        Map<String, String> env = Map.of("BLIP_INPUT_MODE", "bogus", "BLIP_GRACE", "soon", "BLIP_HTTP_PORT", "70000",
                "BLIP_PROCESSING_GUARANTEE", "exactly_once", "BLIP_WALL_CLOCK_CLOSE", "yes", "BLIP_OUTPUT_TOPIC", "bad topic",
                "BLIP_KEY_TTL", "0s", "BLIP_STREAM_THREADS", "-1");
        assertThatThrownBy(() -> ConfigLoader.load(env, null)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.violations()).extracting(ConfigViolation::key).containsExactlyInAnyOrder(
                    "BLIP_BOOTSTRAP_SERVERS", "BLIP_MODEL_PATH", "BLIP_INPUT_MODE", "BLIP_GRACE", "BLIP_HTTP_PORT",
                    "BLIP_PROCESSING_GUARANTEE", "BLIP_WALL_CLOCK_CLOSE", "BLIP_OUTPUT_TOPIC", "BLIP_KEY_TTL",
                    "BLIP_STREAM_THREADS");
            assertThat(e.getMessage()).contains("BLIP_HTTP_PORT: must be an integer in [0, 65535] (got '70000')")
                    .contains("BLIP_BOOTSTRAP_SERVERS: is required");
        });
    }

    @Test
    void kafkaPropertiesPassThroughAndTheEnvironmentWinsOverTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("scorer.properties");
        Files.writeString(file, """
                bootstrap.servers=file:9092
                model.path=/m.blip
                input.topic=from-file
                output.topic=out-file
                kafka.sasl.mechanism=PLAIN
                """);
        Map<String, String> env = Map.of("BLIP_INPUT_TOPIC", "from-env", "BLIP_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "BLIP_CONFIG_FILE", file.toString());
        ScorerConfig c = ConfigLoader.load(new String[0], env);
        assertThat(c.inputTopic()).isEqualTo("from-env");
        assertThat(c.outputTopic()).isEqualTo("out-file");
        assertThat(c.bootstrapServers()).isEqualTo("file:9092");
        assertThat(c.kafka()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN");
        assertThat(c.streamsProperties()).containsEntry("security.protocol", "SASL_SSL");
        ScorerConfig viaArg = ConfigLoader.load(new String[] {"--config", file.toString()}, Map.of());
        assertThat(viaArg.inputTopic()).isEqualTo("from-file");
    }

    @Test
    void topicsMustBeDistinct() {
        Map<String, String> env = new java.util.HashMap<>(MINIMAL);
        env.put("BLIP_SCORES_TOPIC", "anomalies");
        env.put("BLIP_DLQ_TOPIC", "events");
        assertThatThrownBy(() -> ConfigLoader.load(env, null)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.violations()).hasSize(2));
    }

    @Test
    void settingNamesMapBetweenEnvironmentAndFile() {
        assertThat(Setting.MODEL_WATCH_INTERVAL.env()).isEqualTo("BLIP_MODEL_WATCH_INTERVAL");
        assertThat(Setting.fromEnv("BLIP_KAFKA_SECURITY_PROTOCOL")).isEqualTo("kafka.security.protocol");
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("0")).isZero();
    }

    @Test
    void durationsAndSizesHaveUpperBoundsAndHugeValuesAreRefusedNotOverflowed() {
        Map<String, String> env = Map.of("BLIP_BOOTSTRAP_SERVERS", "k:9092", "BLIP_MODEL_PATH", "m.zip",
                "BLIP_GRACE", "999999999999d", "BLIP_MODEL_WATCH_INTERVAL", "99999999d", "BLIP_KEY_TTL", "3651d",
                "BLIP_HTTP_TIMEOUT", "1h", "BLIP_MAX_BATCH", "99999999999");
        assertThatThrownBy(() -> ConfigLoader.load(env, null)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.violations()).extracting(ConfigViolation::key).containsExactlyInAnyOrder("BLIP_GRACE",
                    "BLIP_MODEL_WATCH_INTERVAL", "BLIP_KEY_TTL", "BLIP_HTTP_TIMEOUT", "BLIP_MAX_BATCH");
            assertThat(e.getMessage()).contains("BLIP_GRACE: must be a duration like 500ms, 30s, 1m, 2h, 7d or PT30S in [0, 7d]"
                    + " (got '999999999999d')");
        });
    }

    @Test
    void kafkaPassThroughMayNotOverrideAValidatedSetting() {
        Map<String, String> env = Map.of("BLIP_BOOTSTRAP_SERVERS", "k:9092", "BLIP_MODEL_PATH", "m.zip",
                "BLIP_KAFKA_PROCESSING_GUARANTEE", "at_most_once", "BLIP_KAFKA_BOOTSTRAP_SERVERS", "other:9092",
                "BLIP_KAFKA_SECURITY_PROTOCOL", "SSL");
        assertThatThrownBy(() -> ConfigLoader.load(env, null)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.violations()).extracting(ConfigViolation::key).containsExactlyInAnyOrder(
                    "BLIP_KAFKA_PROCESSING_GUARANTEE", "BLIP_KAFKA_BOOTSTRAP_SERVERS");
            assertThat(e.getMessage()).contains("BLIP_KAFKA_PROCESSING_GUARANTEE: overrides the validated setting "
                    + "BLIP_PROCESSING_GUARANTEE; set that instead (got 'at_most_once')");
        });
    }

    @Test
    void operationalSettingsAreParsedWithTheirDefaults() {
        ScorerConfig d = ConfigLoader.load(Map.of("BLIP_BOOTSTRAP_SERVERS", "k:9092", "BLIP_MODEL_PATH", "m.zip"), null);
        assertThat(d.operations()).isEqualTo(new ScorerConfig.Operations(null, "0.0.0.0", 2, Duration.ofSeconds(10), false,
                Duration.ofMinutes(15), "auto", "memory", 0));
        assertThat(d.keyStatesInMemory()).isTrue();
        ScorerConfig c = ConfigLoader.load(Map.of("BLIP_BOOTSTRAP_SERVERS", "k:9092", "BLIP_MODEL_PATH", "m.zip",
                "BLIP_INFERENCE_ENGINE", "DL4J", "BLIP_HTTP_BIND_ADDRESS", "127.0.0.1", "BLIP_MODEL_PUBLIC_KEY", "/keys/v.pem",
                "BLIP_LIVENESS_TIMEOUT", "0"), null);
        assertThat(c.inferenceEngine()).isEqualTo(dev.blip.core.model.fast.InferenceEngine.DL4J);
        assertThat(c.httpOptions().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.operations().modelPublicKey()).isEqualTo(Path.of("/keys/v.pem"));
        assertThat(c.operations().livenessTimeout()).isZero();
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("BLIP_BOOTSTRAP_SERVERS", "k:9092", "BLIP_MODEL_PATH", "m.zip",
                "BLIP_INFERENCE_ENGINE", "gpu"), null)).hasMessageContaining("BLIP_INFERENCE_ENGINE: must be one of [auto, dl4j]");
    }

    /** The scorer's producers compress (lz4) unless a pass-through property says otherwise. */
    @Test
    void producersCompressByDefaultAndThePassThroughOverridesIt() {
        assertThat(ConfigLoader.load(MINIMAL, null).streamsProperties().get("compression.type")).isEqualTo("lz4");
        Map<String, String> env = new java.util.HashMap<>(MINIMAL);
        env.put("BLIP_KAFKA_COMPRESSION_TYPE", "zstd");
        assertThat(ConfigLoader.load(env, null).streamsProperties().get("compression.type")).isEqualTo("zstd");
    }

    /** Larger producer batches by default, overridable. */
    @Test
    void batchSizeHasABlipDefaultThePassThroughOverrides() {
        java.util.Properties p = ConfigLoader.load(MINIMAL, null).streamsProperties();
        assertThat(p.get("batch.size")).isEqualTo(256 * 1024);
        Map<String, String> env = new java.util.HashMap<>(MINIMAL);
        env.put("BLIP_KAFKA_BATCH_SIZE", "16384");
        p = ConfigLoader.load(env, null).streamsProperties();
        assertThat(p.get("batch.size")).isEqualTo("16384");
    }

    /** Static membership of the main consumer decides whether a clean stop leaves the group. */
    @Test
    void staticMembershipIsTheMainConsumersGroupInstanceId() {
        assertThat(ConfigLoader.load(MINIMAL, null).staticMember()).isFalse();
        for (String env : List.of("BLIP_KAFKA_GROUP_INSTANCE_ID", "BLIP_KAFKA_MAIN_CONSUMER_GROUP_INSTANCE_ID")) {
            Map<String, String> with = new java.util.HashMap<>(MINIMAL);
            with.put(env, "scorer-0");
            assertThat(ConfigLoader.load(with, null).staticMember()).as(env).isTrue();
        }
        Map<String, String> restore = new java.util.HashMap<>(MINIMAL);
        restore.put("BLIP_KAFKA_RESTORE_CONSUMER_GROUP_INSTANCE_ID", "scorer-0");
        assertThat(ConfigLoader.load(restore, null).staticMember()).as("not the main consumer").isFalse();
    }
}
