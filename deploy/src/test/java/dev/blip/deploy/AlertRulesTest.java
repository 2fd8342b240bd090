package dev.blip.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus config and alert rules pass {@code promtool} (Debian package {@code prometheus}),
 * the rules' unit tests pass {@code promtool test rules}, and the Kubernetes PrometheusRule carries
 * exactly the rules file.
 */
class AlertRulesTest {

    private static final String RULES = "k8s/base/alerts/blip-rules.yml";
    private static final String RULE_TESTS = "k8s/base/alerts/blip-rules.test.yml";
    private static final String PROMETHEUS_CONFIG = "docker/prometheus/prometheus.yml";
    private static final List<String> REQUIRED_ALERTS = List.of(
            "BlipScorerDown", "BlipNoEvents", "BlipAnomalyRateHigh", "BlipConsumerLagHigh",
            "BlipModelReloadFailing", "BlipScorerNotReady", "BlipModelStale",
            "BlipAlertsSinkDown", "BlipAlertsDeliveryFailing", "BlipAlertsRejected", "BlipAlertsLagHigh");
    /** Series Prometheus makes itself rather than scraping them from the scorer. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");

    private static final YAMLMapper YAML = new YAMLMapper();

    private static ExternalTool promtool() {
        return ExternalTool.require("promtool", "apt-get install prometheus (Debian package)");
    }

    @Test
    void promtoolAcceptsThePrometheusConfig() {
        ExternalTool.Result result = promtool().run(RepoFiles.root(), "check", "config", PROMETHEUS_CONFIG);

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void promtoolAcceptsTheAlertRules() {
        ExternalTool.Result result = promtool().run(RepoFiles.root(), "check", "rules", RULES);

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.output()).contains("SUCCESS: " + REQUIRED_ALERTS.size() + " rules found");
    }

    @Test
    void alertUnitTestsPass() {
        ExternalTool.Result result = promtool().run(RepoFiles.root(), "test", "rules", RULE_TESTS);

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void everyRequiredAlertExistsWithSeverityAndSummaryAndIsUnitTested() throws Exception {
        List<JsonNode> rules = rules();
        Set<String> tested = new HashSet<>(YAML.readTree(RepoFiles.read(RULE_TESTS)).findValuesAsText("alertname"));

        assertThat(rules).extracting(r -> r.path("alert").asText()).containsExactlyInAnyOrderElementsOf(REQUIRED_ALERTS);
        assertThat(tested).containsAll(REQUIRED_ALERTS);
        for (JsonNode rule : rules) {
            String alert = rule.path("alert").asText();
            assertThat(rule.path("labels").path("severity").asText()).as(alert).isIn("critical", "warning");
            assertThat(rule.path("annotations").path("summary").asText()).as(alert).isNotBlank();
        }
    }

    @Test
    void alertsUseOnlyMetricsTheirApplicationExposes() throws Exception {
        Set<String> scorer = new HashSet<>(RepoFiles.resourceList("exposed-metrics.txt"));
        scorer.addAll(PROMETHEUS_SERIES);
        Set<String> sink = new HashSet<>(RepoFiles.resourceList("alerts-exposed-metrics.txt"));
        sink.addAll(PROMETHEUS_SERIES);
        int sinkRules = 0;
        for (JsonNode rule : rules()) {
            String expr = rule.path("expr").asText();
            Set<String> used = PromQlMetricNames.of(expr);
            assertThat(used).as(rule.path("alert").asText()).isNotEmpty();
            // each rule selects one application by its job label, and uses only what that one exposes
            boolean forSink = expr.contains("job=\"blip-alerts\"");
            assertThat(forSink || expr.contains("job=\"blip-scorer\"")).as("job of %s", rule.path("alert").asText()).isTrue();
            assertThat(forSink ? sink : scorer).as("metrics of %s", rule.path("alert").asText()).containsAll(used);
            sinkRules += forSink ? 1 : 0;
        }
        assertThat(sinkRules).as("rules for the Alertmanager sink").isEqualTo(4);
    }

    @Test
    void prometheusRuleSpecIsTheRulesFile() throws Exception {
        JsonNode prometheusRule = YAML.readTree(RepoFiles.read("k8s/base/prometheusrule.yaml"));

        assertThat(prometheusRule.path("spec"))
                .as("k8s/base/prometheusrule.yaml spec must equal %s; copy the groups over", RULES)
                .isEqualTo(YAML.readTree(RepoFiles.read(RULES)));
    }

    @Test
    void composePrometheusLoadsTheSameRulesFile() throws Exception {
        JsonNode config = YAML.readTree(RepoFiles.read(PROMETHEUS_CONFIG));
        JsonNode compose = YAML.readTree(RepoFiles.read("docker/docker-compose.yml"));

        assertThat(config.path("rule_files").get(0).asText()).isEqualTo("/etc/prometheus/rules/*.yml");
        List<String> mounts = new ArrayList<>();
        compose.path("services").path("prometheus").path("volumes").forEach(v -> mounts.add(v.asText()));
        assertThat(mounts).contains("../" + RULES + ":/etc/prometheus/rules/blip-rules.yml:ro");
        assertThat(config.path("scrape_configs").get(0).path("job_name").asText()).isEqualTo("blip-scorer");
    }

    private static List<JsonNode> rules() throws Exception {
        List<JsonNode> rules = new ArrayList<>();
        YAML.readTree(RepoFiles.read(RULES)).path("groups").forEach(g -> g.path("rules").forEach(rules::add));
        return rules;
    }
}
