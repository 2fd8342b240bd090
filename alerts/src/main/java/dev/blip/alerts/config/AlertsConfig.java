package dev.blip.alerts.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sink's whole configuration, validated ({@link #load}: every violation is collected and
 * reported together, naming the variable, the rule and the value).
 *
 * @param alertmanagerUrls every Alertmanager instance the alerts go to (one, or each of a cluster)
 * @param staticLabels labels added to every alert
 * @param kafka        Kafka consumer properties passed through verbatim ({@code BLIP_ALERTS_KAFKA_*})
 * @param incidents    one alert per incident instead of one per key
 */
public record AlertsConfig(String bootstrapServers, String topic, String groupId, List<URI> alertmanagerUrls, String alertName,
                           Map<String, String> staticLabels, double criticalScore, URI dashboardUrl,
                           Duration repostInterval, Duration postTimeout, Duration retryInitial, Duration retryMax,
                           int httpPort, String httpBindAddress, Map<String, String> kafka, Incidents incidents) {

    /**
     * @param group     whether incidents replace the alerts of the keys they cover
     * @param topic     the scorer's incident topic
     * @param hold      how long a new episode waits for an incident covering it
     * @param alertName the incident alerts' {@code alertname}
     */
    public record Incidents(boolean group, String topic, Duration hold, String alertName) {
        /** Grouping off: episodes are posted at once, one alert per key. */
        public static final Incidents OFF = new Incidents(false, "incidents", Duration.ZERO, "BlipIncident");
    }

    /** Labels the sink sets itself; a static label cannot replace them. */
    public static final Set<String> OWN_LABELS = Set.of("alertname", "key", "model", "reasons", "severity", "bucket");
    /** Consumer properties the sink sets (from a setting, or fixed for its delivery guarantee). */
    static final Map<String, String> OWN_KAFKA_PROPERTIES = Map.of(
            "bootstrap.servers", "set " + AlertsSetting.BOOTSTRAP_SERVERS.env() + " instead",
            "group.id", "set " + AlertsSetting.GROUP_ID.env() + " instead",
            "enable.auto.commit", "the sink commits itself, after a successful post",
            "isolation.level", "the sink reads read_committed (the scorer writes transactions)",
            "key.deserializer", "the sink reads bytes",
            "value.deserializer", "the sink reads bytes");
    private static final Logger LOG = LoggerFactory.getLogger(AlertsConfig.class);

    public AlertsConfig {
        staticLabels = Map.copyOf(staticLabels);
        kafka = Map.copyOf(kafka);
    }

    /** From the environment; the sink takes no arguments. */
    public static AlertsConfig load(String[] args, Map<String, String> env) {
        List<ConfigViolation> violations = new ArrayList<>();
        for (String a : args) {
            violations.add(new ConfigViolation("arguments", "none are accepted (configure with " + AlertsSetting.ENV_PREFIX
                    + "* environment variables)", a));
        }
        Map<String, String> values = new HashMap<>();
        Map<String, String> kafka = new HashMap<>();
        Set<String> known = new java.util.HashSet<>();
        AlertsSetting.all().forEach(s -> known.add(s.env()));
        env.forEach((name, value) -> {
            if (!name.startsWith(AlertsSetting.ENV_PREFIX)) {
                return;
            }
            String key = AlertsSetting.fromEnv(name);
            if (key.startsWith(AlertsSetting.KAFKA_PREFIX)) {
                String property = key.substring(AlertsSetting.KAFKA_PREFIX.length());
                String why = OWN_KAFKA_PROPERTIES.get(property);
                if (why != null) {
                    violations.add(new ConfigViolation(name, "may not be passed through: " + why, "(value not shown)"));
                } else {
                    kafka.put(property, value);
                }
            } else if (known.contains(name)) {
                values.put(name, value);
            } else {
                LOG.warn("ignoring unknown setting {}", ConfigViolation.escape(name));
            }
        });
        Map<AlertsSetting, Object> v = new EnumMap<>(AlertsSetting.class);
        for (AlertsSetting s : AlertsSetting.values()) {
            try {
                v.put(s, s.parse(values.get(s.env())));
            } catch (IllegalArgumentException e) {
                violations.add(new ConfigViolation(s.env(), e.getMessage(), values.getOrDefault(s.env(), s.defaultValue())));
            }
        }
        crossChecks(v, values, violations);
        if (!violations.isEmpty()) {
            throw new ConfigException(violations);
        }
        @SuppressWarnings("unchecked")
        Map<String, String> labels = (Map<String, String>) v.get(AlertsSetting.LABELS);
        return new AlertsConfig((String) v.get(AlertsSetting.BOOTSTRAP_SERVERS), (String) v.get(AlertsSetting.TOPIC),
                (String) v.get(AlertsSetting.GROUP_ID), urls(v.get(AlertsSetting.ALERTMANAGER_URL)),
                (String) v.get(AlertsSetting.ALERT_NAME), labels, (Double) v.get(AlertsSetting.CRITICAL_SCORE),
                (URI) v.get(AlertsSetting.DASHBOARD_URL), (Duration) v.get(AlertsSetting.REPOST_INTERVAL),
                (Duration) v.get(AlertsSetting.POST_TIMEOUT), (Duration) v.get(AlertsSetting.RETRY_INITIAL),
                (Duration) v.get(AlertsSetting.RETRY_MAX), (Integer) v.get(AlertsSetting.HTTP_PORT),
                (String) v.get(AlertsSetting.HTTP_BIND_ADDRESS), kafka,
                new Incidents((Boolean) v.get(AlertsSetting.GROUP_INCIDENTS), (String) v.get(AlertsSetting.INCIDENTS_TOPIC),
                        (Duration) v.get(AlertsSetting.INCIDENT_WAIT), (String) v.get(AlertsSetting.INCIDENT_ALERT_NAME)));
    }

    private static void crossChecks(Map<AlertsSetting, Object> v, Map<String, String> raw, List<ConfigViolation> violations) {
        Object labels = v.get(AlertsSetting.LABELS);
        if (labels instanceof Map<?, ?> m) {
            for (Object name : m.keySet()) {
                if (OWN_LABELS.contains(name)) {
                    violations.add(new ConfigViolation(AlertsSetting.LABELS.env(), "must not set the sink's own labels "
                            + new java.util.TreeSet<>(OWN_LABELS) + " (" + name + ")", raw.get(AlertsSetting.LABELS.env())));
                }
            }
        }
        Duration initial = (Duration) v.get(AlertsSetting.RETRY_INITIAL);
        Duration max = (Duration) v.get(AlertsSetting.RETRY_MAX);
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            violations.add(new ConfigViolation(AlertsSetting.RETRY_MAX.env(), "must be at least "
                    + AlertsSetting.RETRY_INITIAL.env() + " (" + raw.getOrDefault(AlertsSetting.RETRY_INITIAL.env(),
                    AlertsSetting.RETRY_INITIAL.defaultValue()) + ")", raw.getOrDefault(AlertsSetting.RETRY_MAX.env(),
                    AlertsSetting.RETRY_MAX.defaultValue())));
        }
    }

    /** How long one post of an open alert keeps it active in Alertmanager: four re-post intervals. */
    public Duration openValidity() {
        return repostInterval.multipliedBy(4);
    }

    @SuppressWarnings("unchecked")
    private static List<URI> urls(Object parsed) {
        return (List<URI>) parsed;
    }
}
