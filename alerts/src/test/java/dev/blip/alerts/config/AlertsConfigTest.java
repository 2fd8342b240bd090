package dev.blip.alerts.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertsConfigTest {

    static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("BLIP_ALERTS_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("BLIP_ALERTS_ALERTMANAGER_URL", "http://alertmanager:9093");
        return env;
    }

    @Test
    void defaults() {
        AlertsConfig c = AlertsConfig.load(new String[0], minimal());
        assertThat(c.topic()).isEqualTo("anomalies");
        assertThat(c.groupId()).isEqualTo("blip-alerts");
        assertThat(c.alertName()).isEqualTo("BlipAnomaly");
        assertThat(c.criticalScore()).isEqualTo(0.99);
        assertThat(c.repostInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.openValidity()).isEqualTo(Duration.ofMinutes(4));
        assertThat(c.staticLabels()).isEmpty();
        assertThat(c.dashboardUrl()).isNull();
        assertThat(c.httpPort()).isEqualTo(8081);
        assertThat(c.alertmanagerUrls()).containsExactly(java.net.URI.create("http://alertmanager:9093"));
        assertThat(c.incidents()).isEqualTo(new AlertsConfig.Incidents(true, "incidents", java.time.Duration.ofSeconds(90),
                "BlipIncident"));
    }

    @Test
    void everyViolationNamesTheVariableTheRuleAndTheValue() {
        Map<String, String> env = new HashMap<>();
        env.put("BLIP_ALERTS_ALERTMANAGER_URL", "alertmanager:9093");
        env.put("BLIP_ALERTS_CRITICAL_SCORE", "1.5");
        env.put("BLIP_ALERTS_REPOST_INTERVAL", "2h");
        env.put("BLIP_ALERTS_LABELS", "team=payments,severity=page");
        env.put("BLIP_ALERTS_RETRY_INITIAL", "10s");
        env.put("BLIP_ALERTS_RETRY_MAX", "1s");
        env.put("BLIP_ALERTS_KAFKA_ENABLE_AUTO_COMMIT", "true");
        assertThatThrownBy(() -> AlertsConfig.load(new String[0], env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).extracting(Object::toString)
                        .containsExactlyInAnyOrder(
                                "BLIP_ALERTS_BOOTSTRAP_SERVERS: is required (got nothing)",
                                "BLIP_ALERTS_ALERTMANAGER_URL: must be 1 to 8 absolute http:// or https:// URLs separated by commas, no repeats (got 'alertmanager:9093')",
                                "BLIP_ALERTS_CRITICAL_SCORE: must be a number in [0.0, 1.0] (got '1.5')",
                                "BLIP_ALERTS_REPOST_INTERVAL: must be a duration like 500ms, 30s, 1m, 2h, 7d or PT30S in [1s, 1h] (got '2h')",
                                "BLIP_ALERTS_LABELS: must not set the sink's own labels [alertname, bucket, key, model, reasons, severity] (severity) (got 'team=payments,severity=page')",
                                "BLIP_ALERTS_RETRY_MAX: must be at least BLIP_ALERTS_RETRY_INITIAL (10s) (got '1s')",
                                "BLIP_ALERTS_KAFKA_ENABLE_AUTO_COMMIT: may not be passed through: the sink commits itself, after a successful post (got '(value not shown)')"));
    }

    @Test
    void everyInstanceOfAnAlertmanagerClusterIsListed() {
        Map<String, String> env = minimal();
        env.put("BLIP_ALERTS_ALERTMANAGER_URL", "http://am-0:9093, http://am-1:9093,https://am-2:9093/");
        assertThat(AlertsConfig.load(new String[0], env).alertmanagerUrls()).extracting(Object::toString)
                .containsExactly("http://am-0:9093", "http://am-1:9093", "https://am-2:9093/");
        for (String bad : new String[] {"http://am-0:9093,http://am-0:9093", "http://am-0:9093,", "http://a,http://b,http://c,"
                + "http://d,http://e,http://f,http://g,http://h,http://i"}) {
            env.put("BLIP_ALERTS_ALERTMANAGER_URL", bad);
            assertThatThrownBy(() -> AlertsConfig.load(new String[0], env)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("BLIP_ALERTS_ALERTMANAGER_URL");
        }
    }

    @Test
    void staticLabelsAreNameValuePairs() {
        Map<String, String> env = minimal();
        env.put("BLIP_ALERTS_LABELS", " team=payments , env=prod ");
        assertThat(AlertsConfig.load(new String[0], env).staticLabels()).containsExactlyInAnyOrderEntriesOf(
                Map.of("team", "payments", "env", "prod"));
        env.put("BLIP_ALERTS_LABELS", "9team=x");
        assertThatThrownBy(() -> AlertsConfig.load(new String[0], env)).hasMessageContaining("BLIP_ALERTS_LABELS: '9team=x' must be name=value");
        env.put("BLIP_ALERTS_LABELS", "team=");
        assertThatThrownBy(() -> AlertsConfig.load(new String[0], env)).hasMessageContaining("'team=' must be name=value");
    }

    @Test
    void kafkaPassThroughAndArguments() {
        Map<String, String> env = minimal();
        env.put("BLIP_ALERTS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        assertThat(AlertsConfig.load(new String[0], env).kafka()).containsEntry("security.protocol", "SASL_SSL");
        assertThatThrownBy(() -> AlertsConfig.load(new String[] {"--config", "x"}, env))
                .hasMessageContaining("arguments: none are accepted");
    }

    @Test
    void everySettingHasADocumentedDefaultThatParses() {
        for (AlertsSetting s : AlertsSetting.all()) {
            assertThat(s.env()).startsWith("BLIP_ALERTS_");
            assertThat(s.description()).isNotBlank();
            if (s.defaultValue() != null) {
                s.parse(null);
            }
        }
    }
}
