package dev.blip.scorer.config;

import java.util.List;
import java.util.Locale;

/**
 * Every scorer setting: its properties-file key, environment variable, default and meaning. This
 * enum is the single source of the configuration table in {@code docs/scorer.md}.
 */
public enum Setting {
    BOOTSTRAP_SERVERS("bootstrap.servers", null, "Kafka bootstrap servers (required)"),
    APPLICATION_ID("application.id", "blip-scorer", "Kafka Streams application id (consumer group, internal topic prefix)"),
    INPUT_TOPIC("input.topic", "events", "topic to read events or counts from"),
    INPUT_MODE("input.mode", "events", "events: one record per event; counts: pre-aggregated counts per record"),
    KEY_FIELD("key.field", "", "JSON field with the key; empty = record key (or field 'key' when the record has none)"),
    TIME_FIELD("time.field", "", "JSON field with the event time (epoch ms or ISO-8601); empty = record timestamp"),
    CATEGORY_FIELD("category.field", "", "JSON field with the category (events mode); empty = no categories"),
    VALUES_FIELD("values.field", "value", "counts mode: JSON field with a number or an array (one per model feature)"),
    OUTPUT_TOPIC("output.topic", "anomalies", "topic for anomaly records"),
    SCORES_TOPIC("scores.topic", "", "topic for every scored window; empty = off"),
    DLQ_TOPIC("dlq.topic", "blip-dlq", "dead-letter topic for records that cannot be used"),
    MODEL_PATH("model.path", null, "model bundle file (required); watched for changes"),
    MODEL_WATCH_INTERVAL("model.watch.interval", "30s", "how often the bundle file is checked for changes"),
    GRACE("grace", "1m", "how long after its end a bucket still accepts events"),
    KEY_TTL("key.ttl", "7d", "a key silent for longer than this is evicted instead of scored"),
    WALL_CLOCK_CLOSE("wall.clock.close", "true", "also close overdue buckets by wall-clock time (silent partitions)"),
    STATE_DIR("state.dir", "/var/lib/blip/state", "Kafka Streams state directory"),
    HTTP_PORT("http.port", "8080", "port for /metrics, /health/live, /health/ready, /model; 0 = any free port"),
    PROCESSING_GUARANTEE("processing.guarantee", "exactly_once_v2", "exactly_once_v2 or at_least_once"),
    STREAM_THREADS("stream.threads", "1", "Kafka Streams threads"),
    MAX_BATCH("max.batch", "1024", "largest number of windows in one model call");

    /** Prefix of pass-through Kafka client properties in the properties file ({@code kafka.security.protocol}). */
    public static final String KAFKA_PREFIX = "kafka.";

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    /** The default, or null when the setting is required. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** {@code input.topic} becomes {@code BLIP_INPUT_TOPIC}. */
    public String env() {
        return toEnv(key);
    }

    public static String toEnv(String key) {
        return "BLIP_" + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** {@code BLIP_INPUT_TOPIC} becomes {@code input.topic}; {@code BLIP_KAFKA_SASL_MECHANISM} becomes {@code kafka.sasl.mechanism}. */
    public static String fromEnv(String env) {
        return env.substring("BLIP_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    public static List<Setting> all() {
        return List.of(values());
    }
}
