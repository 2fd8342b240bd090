package dev.blip.alerts.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every setting of the Alertmanager sink, declared once with its key, type, default, bounds and
 * meaning. The environment variable is {@code BLIP_ALERTS_} + the key in upper snake case
 * ({@code alertmanager.url} is {@code BLIP_ALERTS_ALERTMANAGER_URL}); {@link AlertsConfig#load}
 * validates by looping over this enum and the table in {@code docs/alerts.md} lists the same.
 */
public enum AlertsSetting {
    BOOTSTRAP_SERVERS("bootstrap.servers", Type.TEXT, null, "Kafka bootstrap servers (required)"),
    TOPIC("topic", Type.TOPIC, "anomalies", "the scorer's episode topic (its BLIP_OUTPUT_TOPIC)"),
    GROUP_ID("group.id", Type.TOPIC, "blip-alerts", "consumer group; instances with the same id share the partitions"),
    ALERTMANAGER_URL("alertmanager.url", Type.URLS, null, "Alertmanager base URL (required), e.g. http://alertmanager:9093, or the URLs of every"
            + " instance of an Alertmanager cluster separated by commas (each gets every alert, as Prometheus does it); alerts go to <url>/api/v2/alerts"),
    ALERT_NAME("alert.name", Type.LABEL_VALUE, "BlipAnomaly", "value of the alertname label"),
    LABELS("labels", Type.LABELS, "", "static labels added to every alert, name=value pairs separated by commas (team=payments,env=prod)"),
    CRITICAL_SCORE("critical.score", Type.number(0, 1), "0.99", "severity=critical when the episode's peak score on its open record reaches this, else warning"),
    DASHBOARD_URL("dashboard.url", Type.OPTIONAL_URL, "", "dashboard link (generatorURL and annotation); the key and time range are appended as var-key, from and to; empty = no link"),
    GROUP_INCIDENTS("group.incidents", Type.BOOLEAN, "true", "one alert per incident (many keys of one model opening in the same bucket) instead of one per key; the covered keys' alerts are not posted"),
    INCIDENTS_TOPIC("incidents.topic", Type.TOPIC, "incidents", "the scorer's incident topic (its BLIP_INCIDENTS_TOPIC); read when group.incidents is on"),
    INCIDENT_WAIT("incident.wait", Type.duration("0", "1h"), "90s", "how long a key's new episode waits for an incident that covers it before it is posted alone; above the scorer's incident.max.wait"),
    INCIDENT_ALERT_NAME("incident.alert.name", Type.LABEL_VALUE, "BlipIncident", "value of the alertname label of incident alerts"),
    REPOST_INTERVAL("repost.interval", Type.duration("1s", "1h"), "1m", "how often open episodes are posted again; each post is valid for 4 intervals"),
    POST_TIMEOUT("post.timeout", Type.duration("100ms", "5m"), "10s", "longest one POST to Alertmanager may take"),
    RETRY_INITIAL("retry.initial", Type.duration("10ms", "1m"), "500ms", "first wait after a failed POST (5xx or connection error); doubles per failure"),
    RETRY_MAX("retry.max", Type.duration("100ms", "10m"), "30s", "longest wait between retries (at least retry.initial)"),
    HTTP_PORT("http.port", Type.integer(0, 65_535), "8081", "port for /metrics, /health/live, /health/ready; 0 = any free port"),
    HTTP_BIND_ADDRESS("http.bind.address", Type.TEXT, "0.0.0.0", "interface the HTTP endpoints listen on");

    /** Prefix of every environment variable of the sink. */
    public static final String ENV_PREFIX = "BLIP_ALERTS_";
    /** Prefix of pass-through Kafka consumer properties ({@code BLIP_ALERTS_KAFKA_SECURITY_PROTOCOL}). */
    public static final String KAFKA_PREFIX = "kafka.";

    private final String key;
    private final Type type;
    private final String defaultValue;
    private final String description;

    AlertsSetting(String key, Type type, String defaultValue, String description) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    /** The default, or null when required. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public String env() {
        return toEnv(key);
    }

    public static String toEnv(String key) {
        return ENV_PREFIX + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** {@code BLIP_ALERTS_KAFKA_SASL_MECHANISM} becomes {@code kafka.sasl.mechanism}. */
    public static String fromEnv(String env) {
        return env.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    public static List<AlertsSetting> all() {
        return List.of(values());
    }

    /** Parses and checks {@code raw} (the default when null); IllegalArgumentException carries the rule. */
    Object parse(String raw) {
        String v = raw == null ? defaultValue : raw;
        if (v == null || (v.isBlank() && defaultValue == null)) {
            throw new IllegalArgumentException("is required");
        }
        try {
            return type.parser().apply(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage() != null && e instanceof RuleException
                    ? e.getMessage() : type.rule(), e);
        }
    }

    /** A more specific rule than the type's, e.g. which label name is wrong. */
    static final class RuleException extends IllegalArgumentException {
        RuleException(String rule) {
            super(rule);
        }
    }

    /** The kinds of value a setting holds, each with its rule; bounds are inclusive. */
    public record Type(String name, String rule, Function<String, Object> parser) {

        static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
        private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
        private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

        static final Type TEXT = new Type("text", "must not be empty", v -> {
            if (v.isBlank()) {
                throw new IllegalArgumentException();
            }
            return v.trim();
        });
        static final Type LABEL_VALUE = new Type("text", "must be 1-1024 characters", v -> {
            String t = v.trim();
            if (t.isEmpty() || t.length() > 1024) {
                throw new IllegalArgumentException();
            }
            return t;
        });
        static final Type TOPIC = new Type("topic", "must be 1-249 characters of [a-zA-Z0-9._-]", v -> {
            if (!TOPIC_NAME.matcher(v.trim()).matches()) {
                throw new IllegalArgumentException();
            }
            return v.trim();
        });
        static final Type BOOLEAN = new Type("boolean", "must be true or false", v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        });
        static final Type URL = new Type("http(s) URL", "must be an absolute http:// or https:// URL", v -> url(v.trim()));
        static final Type OPTIONAL_URL = new Type("http(s) URL", URL.rule + " or empty", v -> v.isBlank() ? null : url(v.trim()));
        static final Type URLS = new Type("http(s) URLs", "must be 1 to 8 absolute http:// or https:// URLs separated by commas, no repeats",
                AlertsSetting.Type::urls);
        static final Type LABELS = new Type("name=value,...", "must be name=value pairs separated by commas, names matching "
                + LABEL_NAME.pattern() + ", values not empty", AlertsSetting.Type::labels);

        static Type integer(int min, int max) {
            return new Type("integer in [" + min + ", " + max + "]", "must be an integer in [" + min + ", " + max + "]", v -> {
                int n = Integer.parseInt(v.trim());
                if (n < min || n > max) {
                    throw new IllegalArgumentException();
                }
                return n;
            });
        }

        static Type number(double min, double max) {
            return new Type("number in [" + min + ", " + max + "]", "must be a number in [" + min + ", " + max + "]", v -> {
                double d = Double.parseDouble(v.trim());
                if (!(d >= min && d <= max)) {
                    throw new IllegalArgumentException();
                }
                return d;
            });
        }

        static Type duration(String min, String max) {
            Duration lo = duration(min);
            Duration hi = duration(max);
            return new Type("duration in [" + min + ", " + max + "]",
                    "must be a duration like 500ms, 30s, 1m, 2h, 7d or PT30S in [" + min + ", " + max + "]", v -> {
                Duration d = duration(v);
                if (d.compareTo(lo) < 0 || d.compareTo(hi) > 0) {
                    throw new IllegalArgumentException();
                }
                return d;
            });
        }

        /** {@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h}, {@code 7d}, {@code 0} or ISO-8601. */
        static Duration duration(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("0")) {
                return Duration.ZERO;
            }
            Matcher m = DURATION.matcher(t);
            if (!m.matches()) {
                return Duration.parse(text.trim());
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }

        private static List<URI> urls(String v) {
            List<URI> out = new java.util.ArrayList<>();
            for (String part : v.split(",", -1)) {
                URI u = url(part.trim());
                if (out.contains(u)) {
                    throw new IllegalArgumentException();
                }
                out.add(u);
            }
            if (out.isEmpty() || out.size() > 8) {
                throw new IllegalArgumentException();
            }
            return List.copyOf(out);
        }

        private static URI url(String v) {
            URI u = URI.create(v);
            if (!u.isAbsolute() || u.getHost() == null || !List.of("http", "https").contains(u.getScheme().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException();
            }
            return u;
        }

        private static Object labels(String v) {
            java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
            if (v.isBlank()) {
                return out;
            }
            for (String pair : v.split(",")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
                String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
                if (!LABEL_NAME.matcher(name).matches() || value.isEmpty()) {
                    throw new RuleException("'" + pair.trim() + "' " + "must be name=value with a name matching "
                            + LABEL_NAME.pattern() + " and a value that is not empty");
                }
                if (out.put(name, value) != null) {
                    throw new RuleException("label " + name + " is given twice");
                }
            }
            return out;
        }
    }
}
