package dev.blip.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard queries only metrics the scorer exposes and covers what operators need. */
class DashboardTest {

    private static final String DASHBOARD = "docker/grafana/dashboards/blip.json";
    /** Metrics the dashboard must chart (the panel list). */
    private static final List<String> MUST_CHART = List.of(
            "blip_events_consumed_total", "blip_records_bad_total", "blip_events_late_total",
            "blip_windows_scored_total", "blip_anomalies_emitted_total", "blip_anomaly_score_bucket",
            "blip_reconstruction_error_bucket", "blip_scoring_latency_seconds_bucket", "blip_keys_tracked",
            "kafka_consumer_fetch_manager_records_lag_max", "blip_model_info", "blip_model_reloads_total",
            "jvm_memory_used_bytes", "jvm_gc_pause_seconds_sum", "blip_episodes_open", "blip_incidents_emitted_total");
    /** Matchers every metric selector carries, so a shared Prometheus's other applications stay out. */
    private static final List<String> SCOPE = List.of("job=~\"$job\"", "namespace=~\"$namespace\"", "instance=~\"$instance\"");

    private JsonNode dashboard;
    private List<JsonNode> panels;

    @BeforeEach
    void load() throws Exception {
        dashboard = new ObjectMapper().readTree(RepoFiles.read(DASHBOARD));
        panels = new ArrayList<>();
        collectPanels(dashboard.path("panels"), panels);
    }

    @Test
    void everyQueriedMetricIsOneTheScorerExposes() {
        Set<String> exposed = new HashSet<>(RepoFiles.resourceList("exposed-metrics.txt"));
        Set<String> used = usedMetrics();

        assertThat(used).isNotEmpty();
        assertThat(new TreeSet<>(used)).as("metrics in %s not in exposed-metrics.txt", DASHBOARD)
                .allSatisfy(name -> assertThat(exposed).as(name).contains(name));
    }

    @Test
    void chartsEverythingTheOperatorNeeds() {
        assertThat(usedMetrics()).containsAll(MUST_CHART);
        assertThat(panels).filteredOn(p -> p.path("type").asText().equals("heatmap"))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(queries()).anyMatch(q -> q.contains("histogram_quantile(0.99")
                && q.contains("blip_scoring_latency_seconds_bucket"));
    }

    @Test
    void panelsAreWellFormedAndUseTheDatasourceVariable() {
        List<JsonNode> dataPanels = panels.stream().filter(p -> !p.path("type").asText().equals("row")).toList();
        Set<Integer> ids = new HashSet<>();

        assertThat(dataPanels).hasSizeGreaterThanOrEqualTo(14);
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("unique id for %s", title).isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).as(title).isBetween(1, 24);
        }
        for (JsonNode panel : dataPanels) {
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).as(title).isNotBlank());
        }
        JsonNode variable = dashboard.path("templating").path("list").get(0);
        assertThat(variable.path("name").asText()).isEqualTo("datasource");
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
    }

    @Test
    void kustomizeCopyIsIdenticalToTheComposeDashboard() {
        // kustomize may not read outside its directory, so k8s/base keeps a copy.
        assertThat(RepoFiles.read("k8s/base/dashboards/blip.json"))
                .as("k8s/base/dashboards/blip.json must equal %s; copy it over", DASHBOARD)
                .isEqualTo(RepoFiles.read(DASHBOARD));
    }

    @Test
    void composeGrafanaProvisionsThePrometheusDatasourceAndTheDashboardFolder() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        JsonNode datasource = yaml.readTree(RepoFiles.read("docker/grafana/provisioning/datasources/prometheus.yml"))
                .path("datasources").get(0);
        JsonNode provider = yaml.readTree(RepoFiles.read("docker/grafana/provisioning/dashboards/blip.yml"))
                .path("providers").get(0);
        List<String> mounts = new ArrayList<>();
        yaml.readTree(RepoFiles.read("docker/docker-compose.yml")).path("services").path("grafana")
                .path("volumes").forEach(v -> mounts.add(v.asText()));

        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(datasource.path("isDefault").asBoolean()).isTrue();
        String dashboardsDir = provider.path("options").path("path").asText();
        assertThat(mounts).contains("./grafana/dashboards:" + dashboardsDir + ":ro",
                "./grafana/provisioning:/etc/grafana/provisioning:ro");
    }

    /** In a Prometheus shared with other applications every query must be scoped by the dashboard's variables. */
    @Test
    void everyMetricSelectorIsScopedByJobNamespaceAndInstance() {
        Set<String> variables = new HashSet<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
        assertThat(variables).contains("job", "namespace", "instance");
        Pattern selector = Pattern.compile("\\b((?:blip|kafka|jvm|process)_[a-zA-Z0-9_]+)(\\{[^}]*})?(?!\\()");
        for (String q : queries()) {
            Matcher m = selector.matcher(q);
            int found = 0;
            while (m.find()) {
                found++;
                assertThat(m.group(2)).as("selector of %s in %s", m.group(1), q).isNotNull();
                for (String matcher : SCOPE) {
                    assertThat(m.group(2)).as("%s in %s", m.group(1), q).contains(matcher);
                }
            }
            assertThat(found).as("a metric in %s", q).isPositive();
        }
    }

    /** An idle scorer (no GC, no scoring call) must not show NaN: every ratio's denominator is clamped above 0. */
    @Test
    void noRatioCanDivideByZero() {
        List<String> ratios = queries().stream().filter(q -> q.contains(" / ")).toList();
        assertThat(ratios).as("the batch size and GC pause averages are ratios").hasSizeGreaterThanOrEqualTo(2);
        for (String q : ratios) {
            assertThat(q.substring(q.indexOf(" / ") + 3)).as(q).startsWith("clamp_min(");
        }
    }

    private Set<String> usedMetrics() {
        Set<String> used = new HashSet<>();
        queries().forEach(q -> used.addAll(PromQlMetricNames.of(q)));
        return used;
    }

    private List<String> queries() {
        List<String> queries = new ArrayList<>();
        panels.forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        return queries;
    }

    private static void collectPanels(JsonNode list, List<JsonNode> out) {
        for (JsonNode panel : list) {
            out.add(panel);
            collectPanels(panel.path("panels"), out);
        }
    }
}
