package dev.blip.scorer.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.blip.core.io.LogText;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Builds a {@link ScorerConfig} from environment variables and an optional properties file
 * ({@code BLIP_CONFIG_FILE} or {@code --config FILE}); the environment wins. Every violation is
 * collected and reported together in one {@link ConfigException}.
 */
public final class ConfigLoader {

    public static final String CONFIG_FILE_ENV = "BLIP_CONFIG_FILE";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    /** Kafka Streams properties that blip sets from a validated setting. */
    static final Map<String, Setting> VALIDATED_KAFKA_PROPERTIES = Map.of(
            "bootstrap.servers", Setting.BOOTSTRAP_SERVERS,
            "application.id", Setting.APPLICATION_ID,
            "processing.guarantee", Setting.PROCESSING_GUARANTEE,
            "num.stream.threads", Setting.STREAM_THREADS,
            "state.dir", Setting.STATE_DIR);

    private final Map<String, String> values;
    private final Map<String, String> origin;
    private final List<ConfigViolation> violations = new ArrayList<>();

    private ConfigLoader(Map<String, String> values, Map<String, String> origin) {
        this.values = values;
        this.origin = origin;
    }

    /** Reads {@code --config FILE} (if given) or {@code BLIP_CONFIG_FILE}, then the environment. */
    public static ScorerConfig load(String[] args, Map<String, String> env) {
        String file = env.get(CONFIG_FILE_ENV);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = args[++i];
            } else if (args[i].startsWith("--config=")) {
                file = args[i].substring("--config=".length());
            } else {
                throw new ConfigException(List.of(new ConfigViolation("arguments", "only --config FILE is accepted", args[i])));
            }
        }
        return load(env, file == null || file.isBlank() ? null : Path.of(file));
    }

    public static ScorerConfig load(Map<String, String> env, Path propertiesFile) {
        Map<String, String> values = new HashMap<>();
        Map<String, String> origin = new HashMap<>();
        List<ConfigViolation> early = new ArrayList<>();
        if (propertiesFile != null) {
            readFile(propertiesFile, values, origin, early);
        }
        env.forEach((name, value) -> {
            if (name.startsWith("BLIP_") && !name.equals(CONFIG_FILE_ENV)) {
                String key = Setting.fromEnv(name);
                values.put(key, value);
                origin.put(key, name);
            }
        });
        ConfigLoader loader = new ConfigLoader(values, origin);
        loader.violations.addAll(early);
        return loader.build();
    }

    private static void readFile(Path file, Map<String, String> values, Map<String, String> origin,
                                 List<ConfigViolation> violations) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            violations.add(new ConfigViolation(CONFIG_FILE_ENV, "must be a readable properties file", file.toString()));
            return;
        }
        for (String name : p.stringPropertyNames()) {
            values.put(name, p.getProperty(name));
            origin.put(name, name + " (" + file.getFileName() + ")");
        }
    }

    private ScorerConfig build() {
        warnUnknown();
        Map<Setting, Object> v = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            try {
                v.put(s, s.parse(values.get(s.key())));
            } catch (IllegalArgumentException e) {
                violations.add(new ConfigViolation(where(s), e.getMessage(), values.getOrDefault(s.key(), s.defaultValue())));
            }
        }
        if (v.containsKey(Setting.INPUT_TOPIC) && v.containsKey(Setting.OUTPUT_TOPIC) && v.containsKey(Setting.DLQ_TOPIC)) {
            distinctTopics((String) v.get(Setting.INPUT_TOPIC), (String) v.get(Setting.OUTPUT_TOPIC),
                    (String) v.get(Setting.SCORES_TOPIC), (String) v.get(Setting.DLQ_TOPIC), (String) v.get(Setting.INCIDENTS_TOPIC));
        }
        Map<String, String> kafka = kafka();
        if (!violations.isEmpty()) {
            throw new ConfigException(violations);
        }
        String publicKey = (String) v.get(Setting.MODEL_PUBLIC_KEY);
        return new ScorerConfig((String) v.get(Setting.BOOTSTRAP_SERVERS), (String) v.get(Setting.APPLICATION_ID),
                (String) v.get(Setting.INPUT_TOPIC), InputMode.valueOf(((String) v.get(Setting.INPUT_MODE)).toUpperCase(Locale.ROOT)),
                (String) v.get(Setting.KEY_FIELD), (String) v.get(Setting.TIME_FIELD), (String) v.get(Setting.CATEGORY_FIELD),
                (String) v.get(Setting.VALUES_FIELD), (String) v.get(Setting.OUTPUT_TOPIC), (String) v.get(Setting.SCORES_TOPIC),
                (String) v.get(Setting.DLQ_TOPIC), Path.of((String) v.get(Setting.MODEL_PATH)),
                (Duration) v.get(Setting.MODEL_WATCH_INTERVAL), (Duration) v.get(Setting.GRACE), (Duration) v.get(Setting.KEY_TTL),
                (Boolean) v.get(Setting.WALL_CLOCK_CLOSE), Path.of((String) v.get(Setting.STATE_DIR)), (Integer) v.get(Setting.HTTP_PORT),
                (String) v.get(Setting.PROCESSING_GUARANTEE), (Integer) v.get(Setting.STREAM_THREADS), (Integer) v.get(Setting.MAX_BATCH),
                (Integer) v.get(Setting.CLOSE_BUDGET),
                kafka, new ScorerConfig.Operations(publicKey == null ? null : Path.of(publicKey),
                        (String) v.get(Setting.HTTP_BIND_ADDRESS), (Integer) v.get(Setting.HTTP_THREADS),
                        (Duration) v.get(Setting.HTTP_TIMEOUT), (Boolean) v.get(Setting.HTTP_MODEL_DETAILS),
                        (Duration) v.get(Setting.LIVENESS_TIMEOUT), (String) v.get(Setting.INFERENCE_ENGINE),
                        (String) v.get(Setting.KEY_STATE_STORE), (Integer) v.get(Setting.MAX_KEYS)),
                new ScorerConfig.Incidents((String) v.get(Setting.INCIDENTS_TOPIC), (Integer) v.get(Setting.INCIDENT_MIN_KEYS),
                        (Integer) v.get(Setting.INCIDENT_TOP_KEYS), (Duration) v.get(Setting.INCIDENT_MAX_WAIT)));
    }

    /**
     * Kafka client properties passed through ({@code BLIP_KAFKA_*}); one that would silently
     * replace a validated setting is refused, naming the setting to use instead.
     */
    private Map<String, String> kafka() {
        Map<String, String> out = new HashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(Setting.KAFKA_PREFIX)) {
                String property = k.substring(Setting.KAFKA_PREFIX.length());
                Setting owner = VALIDATED_KAFKA_PROPERTIES.get(property);
                if (owner != null) {
                    violations.add(new ConfigViolation(origin.get(k), "overrides the validated setting " + owner.env()
                            + "; set that instead", v));
                } else {
                    out.put(property, v);
                }
            }
        });
        return out;
    }

    private void warnUnknown() {
        Set<String> known = new java.util.HashSet<>();
        Setting.all().forEach(s -> known.add(s.key()));
        values.keySet().stream().filter(k -> !known.contains(k) && !k.startsWith(Setting.KAFKA_PREFIX)).sorted()
                .forEach(k -> LOG.warn("ignoring unknown setting {}", LogText.escape(origin.get(k))));
    }

    private String where(Setting s) {
        return origin.getOrDefault(s.key(), s.env());
    }

    private void distinctTopics(String input, String output, String scores, String dlq, String incidents) {
        List<String> outs = new ArrayList<>(List.of(output, dlq));
        if (scores != null) {
            outs.add(scores);
        }
        if (incidents != null) {
            outs.add(incidents);
        }
        if (outs.contains(input) && !input.isEmpty()) {
            violations.add(new ConfigViolation(where(Setting.INPUT_TOPIC), "must differ from the output, scores, incidents and DLQ topics", input));
        }
        if (outs.stream().distinct().count() != outs.size()) {
            violations.add(new ConfigViolation(where(Setting.OUTPUT_TOPIC), "output, scores, incidents and DLQ topics must be distinct",
                    String.join(",", outs)));
        }
    }
}
