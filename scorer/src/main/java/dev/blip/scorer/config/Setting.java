package dev.blip.scorer.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every scorer setting, declared once with its properties-file key, type, default, bounds and
 * meaning, as Kafka's {@code ConfigDef} does: {@link ConfigLoader} validates by looping over this
 * enum, and the configuration table in {@code docs/scorer.md} is checked against it.
 */
public enum Setting {
    BOOTSTRAP_SERVERS("bootstrap.servers", Type.TEXT, null, "Kafka bootstrap servers (required)"),
    APPLICATION_ID("application.id", Type.TOPIC, "blip-scorer", "Kafka Streams application id (consumer group, internal topic prefix)"),
    INPUT_TOPIC("input.topic", Type.TOPIC, "events", "topic to read events or counts from"),
    INPUT_MODE("input.mode", Type.choice("events", "counts"), "events", "events: one record per event; counts: pre-aggregated counts per record"),
    KEY_FIELD("key.field", Type.OPTIONAL_TEXT, "", "JSON field with the key; empty = record key (or field 'key' when the record has none)"),
    TIME_FIELD("time.field", Type.OPTIONAL_TEXT, "", "JSON field with the event time (epoch ms or ISO-8601); empty = record timestamp"),
    CATEGORY_FIELD("category.field", Type.OPTIONAL_TEXT, "", "JSON field with the category (events mode); empty = no categories"),
    VALUES_FIELD("values.field", Type.TEXT, "value", "counts mode: JSON field with a number or an array (one per model feature)"),
    OUTPUT_TOPIC("output.topic", Type.TOPIC, "anomalies", "topic for episode records (one when an episode opens, one when it closes)"),
    INCIDENTS_TOPIC("incidents.topic", Type.OPTIONAL_TOPIC, "incidents", "topic for incident records: one per bucket in which at least incident.min.keys keys of one model opened an episode; empty = off"),
    INCIDENT_MIN_KEYS("incident.min.keys", Type.integer(2, 1_000_000), "5", "keys of one model whose episodes open in the same bucket that make an incident"),
    INCIDENT_TOP_KEYS("incident.top.keys", Type.integer(1, 100), "10", "keys an incident record lists (highest score first); the record counts all of them"),
    INCIDENT_MAX_WAIT("incident.max.wait", Type.duration("1s", "1d"), "1m", "an incident is written once every scoring task has closed its bucket, or at the latest this long (wall clock) after its first opening arrived"),
    SCORES_TOPIC("scores.topic", Type.OPTIONAL_TOPIC, "", "topic for the verdict on every scored bucket; empty = off"),
    DLQ_TOPIC("dlq.topic", Type.TOPIC, "blip-dlq", "dead-letter topic for records that cannot be used"),
    MODEL_PATH("model.path", Type.TEXT, null, "model bundle file (required); watched for changes"),
    MODEL_PUBLIC_KEY("model.public.key", Type.OPTIONAL_TEXT, "", "Ed25519 public key (PEM file); when set, only bundles signed by its private key are loaded"),
    MODEL_WATCH_INTERVAL("model.watch.interval", Type.duration("100ms", "1d"), "30s", "how often the bundle file is checked for changes"),
    GRACE("grace", Type.duration("0", "7d"), "1m", "how long after its end a bucket still accepts events"),
    KEY_TTL("key.ttl", Type.duration("1s", "3650d"), "7d", "a key silent for longer than this is evicted instead of scored"),
    WALL_CLOCK_CLOSE("wall.clock.close", Type.BOOLEAN, "true", "also close overdue buckets by wall-clock time (silent partitions)"),
    STATE_DIR("state.dir", Type.TEXT, "/var/lib/blip/state", "Kafka Streams state directory"),
    HTTP_PORT("http.port", Type.integer(0, 65_535), "8080", "port for /metrics, /health/live, /health/ready, /model; 0 = any free port"),
    HTTP_BIND_ADDRESS("http.bind.address", Type.TEXT, "0.0.0.0", "interface the HTTP endpoints listen on; 0.0.0.0 = all"),
    HTTP_THREADS("http.threads", Type.integer(1, 64), "2", "threads answering /metrics and /model (health is answered without them)"),
    HTTP_TIMEOUT("http.timeout", Type.duration("100ms", "5m"), "10s", "longest one HTTP connection may take, request and response"),
    HTTP_MODEL_DETAILS("http.model.details", Type.BOOLEAN, "false", "/model also shows training keys, threshold and reference scores"),
    LIVENESS_TIMEOUT("liveness.timeout", Type.duration("0", "1d"), "15m", "/health/live fails once Kafka Streams has not been RUNNING for this long (e.g. Kafka unreachable); longer than a state restore; 0 = never"),
    PROCESSING_GUARANTEE("processing.guarantee", Type.choice("exactly_once_v2", "at_least_once"), "exactly_once_v2", "exactly_once_v2 or at_least_once"),
    STREAM_THREADS("stream.threads", Type.integer(0, 64), "0", "Kafka Streams threads; 0 = one per available processor (the container's CPU limit), at most 16"),
    MAX_BATCH("max.batch", Type.integer(1, 1_000_000), "1024", "largest number of windows in one model call"),
    KEY_STATE_STORE("key.state.store", Type.choice("memory", "rocksdb"), "memory", "where the key states live (1,178 bytes saved per key for one feature and a window of 12): memory (on the heap; closes read and write no disk; restored from the changelog at every start) or rocksdb (off the heap, for more keys per instance than the heap holds; restored only after a crash)"),
    MAX_KEYS("max.keys", Type.integer(0, 1_000_000_000), "0", "most keys one instance tracks; events of further new keys are dead-lettered (reason key_limit) until idle keys are evicted (key.ttl); 0 = what the heap holds: the maximum heap / 4 KiB per key with key states in memory, / 2 KiB with rocksdb (open buckets stay on the heap)"),
    CLOSE_BUDGET("close.budget", Type.integer(1_000, 100_000_000), "100000", "most buckets one task closes (and scores) per punctuation; more (a jump of event time) are spread over the next ones, so a commit never waits on a huge close"),
    INFERENCE_ENGINE("inference.engine", Type.choice("auto", "dl4j"), "auto", "auto: the fast LSTM pass when it supports the network, else DL4J; dl4j: always DL4J (escape hatch)");

    /** Prefix of pass-through Kafka client properties in the properties file ({@code kafka.security.protocol}). */
    public static final String KAFKA_PREFIX = "kafka.";
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final String key;
    private final Type type;
    private final String defaultValue;
    private final String description;

    Setting(String key, Type type, String defaultValue, String description) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The kinds of value a setting holds, each with its rule; bounds are inclusive. */
    public record Type(String name, String rule, java.util.function.Function<String, Object> parser) {

        static final Type TEXT = new Type("text", "must not be empty", v -> {
            if (v.isBlank()) {
                throw new IllegalArgumentException();
            }
            return v.trim();
        });
        static final Type OPTIONAL_TEXT = new Type("text", "", v -> v.isBlank() ? null : v.trim());
        static final Type TOPIC = new Type("topic", "must be 1-249 characters of [a-zA-Z0-9._-]", v -> topic(v.trim()));
        static final Type OPTIONAL_TOPIC = new Type("topic", TOPIC.rule + " or empty", v -> v.isBlank() ? null : topic(v.trim()));
        static final Type BOOLEAN = new Type("boolean", "must be true or false", v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        });

        static Type choice(String... values) {
            List<String> allowed = List.of(values);
            return new Type("one of " + allowed, "must be one of " + allowed, v -> {
                String t = v.trim().toLowerCase(Locale.ROOT);
                if (!allowed.contains(t)) {
                    throw new IllegalArgumentException();
                }
                return t;
            });
        }

        static Type integer(int min, int max) {
            String rule = "must be an integer in [" + min + ", " + max + "]";
            return new Type("integer in [" + min + ", " + max + "]", rule, v -> {
                int n = Integer.parseInt(v.trim());
                if (n < min || n > max) {
                    throw new IllegalArgumentException();
                }
                return n;
            });
        }

        static Type duration(String min, String max) {
            Duration lo = Durations.parse(min);
            Duration hi = Durations.parse(max);
            String rule = "must be a duration like 500ms, 30s, 1m, 2h, 7d or PT30S in [" + min + ", " + max + "]";
            return new Type("duration in [" + min + ", " + max + "]", rule, v -> {
                Duration d = Durations.parse(v);
                if (d.compareTo(lo) < 0 || d.compareTo(hi) > 0) {
                    throw new IllegalArgumentException();
                }
                return d;
            });
        }

        private static String topic(String v) {
            if (!TOPIC_NAME.matcher(v).matches()) {
                throw new IllegalArgumentException();
            }
            return v;
        }
    }

    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    /** Whether this setting names a topic that an empty value turns off. */
    public boolean optionalTopic() {
        return type == Type.OPTIONAL_TOPIC;
    }

    /** The default, or null when the setting is required. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Parses and checks {@code raw} (the default when null); throws IllegalArgumentException with the rule. */
    Object parse(String raw) {
        String v = raw == null ? defaultValue : raw;
        if (v == null || (v.isBlank() && defaultValue == null)) {
            throw new IllegalArgumentException("is required");
        }
        try {
            return type.parser().apply(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(type.rule(), e);
        }
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
