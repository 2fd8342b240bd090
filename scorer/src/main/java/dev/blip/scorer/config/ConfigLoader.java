package dev.blip.scorer.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds a {@link ScorerConfig} from environment variables and an optional properties file
 * ({@code BLIP_CONFIG_FILE} or {@code --config FILE}); the environment wins. Every violation is
 * collected and reported together in one {@link ConfigException}.
 */
public final class ConfigLoader {

    public static final String CONFIG_FILE_ENV = "BLIP_CONFIG_FILE";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Set<String> GUARANTEES = Set.of("exactly_once_v2", "at_least_once");

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
        String bootstrap = required(Setting.BOOTSTRAP_SERVERS);
        String appId = topicLike(Setting.APPLICATION_ID);
        String input = topicLike(Setting.INPUT_TOPIC);
        InputMode mode = parse(Setting.INPUT_MODE, "must be events or counts",
                v -> InputMode.valueOf(v.trim().toUpperCase(Locale.ROOT)));
        String output = topicLike(Setting.OUTPUT_TOPIC);
        String scores = optional(Setting.SCORES_TOPIC);
        if (scores != null) {
            scores = topicLike(Setting.SCORES_TOPIC);
        }
        String dlq = topicLike(Setting.DLQ_TOPIC);
        distinctTopics(input, output, scores, dlq);
        String modelPath = required(Setting.MODEL_PATH);
        Duration watch = duration(Setting.MODEL_WATCH_INTERVAL, false);
        Duration grace = duration(Setting.GRACE, true);
        Duration ttl = duration(Setting.KEY_TTL, false);
        Boolean wallClock = parse(Setting.WALL_CLOCK_CLOSE, "must be true or false", ConfigLoader::bool);
        String stateDir = text(Setting.STATE_DIR);
        Integer port = integer(Setting.HTTP_PORT, 0, 65_535);
        String guarantee = parse(Setting.PROCESSING_GUARANTEE, "must be one of " + GUARANTEES, v -> {
            if (!GUARANTEES.contains(v.trim())) {
                throw new IllegalArgumentException();
            }
            return v.trim();
        });
        Integer threads = integer(Setting.STREAM_THREADS, 1, 64);
        Integer maxBatch = integer(Setting.MAX_BATCH, 1, 1_000_000);
        if (!violations.isEmpty()) {
            throw new ConfigException(violations);
        }
        return new ScorerConfig(bootstrap, appId, input, mode, optional(Setting.KEY_FIELD), optional(Setting.TIME_FIELD),
                optional(Setting.CATEGORY_FIELD), text(Setting.VALUES_FIELD), output, scores, dlq, Path.of(modelPath),
                watch, grace, ttl, wallClock, Path.of(stateDir), port, guarantee, threads, maxBatch, kafka());
    }

    private Map<String, String> kafka() {
        Map<String, String> out = new HashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(Setting.KAFKA_PREFIX)) {
                out.put(k.substring(Setting.KAFKA_PREFIX.length()), v);
            }
        });
        return out;
    }

    private void warnUnknown() {
        Set<String> known = new java.util.HashSet<>();
        Setting.all().forEach(s -> known.add(s.key()));
        values.keySet().stream().filter(k -> !known.contains(k) && !k.startsWith(Setting.KAFKA_PREFIX)).sorted()
                .forEach(k -> LOG.warn("ignoring unknown setting {}", origin.get(k)));
    }

    private String raw(Setting s) {
        String v = values.get(s.key());
        return v == null ? s.defaultValue() : v;
    }

    private String where(Setting s) {
        return origin.getOrDefault(s.key(), s.env());
    }

    private String text(Setting s) {
        String v = raw(s);
        if (v == null || v.isBlank()) {
            violations.add(new ConfigViolation(where(s), "must not be empty", v));
            return "";
        }
        return v.trim();
    }

    private String required(Setting s) {
        String v = raw(s);
        if (v == null || v.isBlank()) {
            violations.add(new ConfigViolation(where(s), "is required", null));
            return "";
        }
        return v.trim();
    }

    private String optional(Setting s) {
        String v = raw(s);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private String topicLike(Setting s) {
        String v = text(s);
        if (!v.isEmpty() && !TOPIC.matcher(v).matches()) {
            violations.add(new ConfigViolation(where(s), "must be 1-249 characters of [a-zA-Z0-9._-]", v));
        }
        return v;
    }

    private void distinctTopics(String input, String output, String scores, String dlq) {
        List<String> outs = new ArrayList<>(List.of(output, dlq));
        if (scores != null) {
            outs.add(scores);
        }
        if (outs.contains(input) && !input.isEmpty()) {
            violations.add(new ConfigViolation(where(Setting.INPUT_TOPIC), "must differ from the output, scores and DLQ topics", input));
        }
        if (outs.stream().distinct().count() != outs.size()) {
            violations.add(new ConfigViolation(where(Setting.OUTPUT_TOPIC), "output, scores and DLQ topics must be distinct",
                    String.join(",", outs)));
        }
    }

    private Duration duration(Setting s, boolean zeroAllowed) {
        Duration d = parse(s, "must be a duration like 500ms, 30s, 1m, 2h, 7d or PT30S", Durations::parse);
        if (d != null && (d.isNegative() || (!zeroAllowed && d.isZero()))) {
            violations.add(new ConfigViolation(where(s), zeroAllowed ? "must be >= 0" : "must be > 0", raw(s)));
        }
        return d;
    }

    private Integer integer(Setting s, int min, int max) {
        Integer n = parse(s, "must be an integer in [" + min + ", " + max + "]", v -> Integer.parseInt(v.trim()));
        if (n != null && (n < min || n > max)) {
            violations.add(new ConfigViolation(where(s), "must be an integer in [" + min + ", " + max + "]", raw(s)));
        }
        return n;
    }

    private <T> T parse(Setting s, String rule, Function<String, T> parser) {
        String v = raw(s);
        try {
            return parser.apply(v == null ? "" : v);
        } catch (RuntimeException e) {
            violations.add(new ConfigViolation(where(s), rule, v));
            return null;
        }
    }

    private static Boolean bool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        };
    }
}
