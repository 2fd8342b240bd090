package dev.blip.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blip.alerts.config.AlertsConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertMapperTest {

    static final Instant START = Instant.parse("2023-11-15T03:20:00Z");
    static final Instant NOW = Instant.parse("2023-11-15T04:00:00Z");

    static AlertsConfig config(String... extra) {
        Map<String, String> env = new HashMap<>();
        env.put("BLIP_ALERTS_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("BLIP_ALERTS_ALERTMANAGER_URL", "http://am:9093");
        env.put("BLIP_ALERTS_LABELS", "team=payments");
        env.put("BLIP_ALERTS_DASHBOARD_URL", "https://grafana.example/d/blip");
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return AlertsConfig.load(new String[0], env);
    }

    static Episode episode(String json) throws Episode.InvalidEpisode {
        return Episode.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDocumentedClosedRecordBecomesAResolvedAlert() throws Exception {
        // the example of docs/scorer.md, so the sink reads what the scorer's docs promise
        String doc = Files.readString(Path.of("../docs/scorer.md"));
        Matcher m = Pattern.compile("```json\\n(\\{\\n  \"schema_version\": 2,\\n  \"episode_id\".*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as("the episode example in docs/scorer.md").isTrue();
        Episode e = episode(m.group(1));
        AlertMapper mapper = new AlertMapper(config());

        JsonNode json = mapper.resolved(e, mapper.labels(e), NOW).toJson();

        assertThat(json.path("labels").toString()).isEqualTo("{\"alertname\":\"BlipAnomaly\",\"key\":\"checkout\",\"model\":\""
                + e.modelVersion() + "\",\"reasons\":\"instantaneous,range\",\"severity\":\"critical\",\"team\":\"payments\"}");
        assertThat(json.path("startsAt").asText()).isEqualTo("2023-11-15T03:20:00Z");
        assertThat(json.path("endsAt").asText()).isEqualTo("2023-11-15T03:30:00Z");
        JsonNode a = json.path("annotations");
        assertThat(a.path("summary").asText())
                .isEqualTo("Anomaly on checkout: total 0 (expected 205.5, band 169.7-249.9), peak score 1.000, resolved");
        assertThat(a.path("expected_band").asText()).isEqualTo("total=169.7-249.9");
        assertThat(a.path("ended_at").asText()).isEqualTo("2023-11-15T03:30:00Z");
        assertThat(a.path("closed_by").asText()).isEqualTo("quiet");
        assertThat(a.path("dashboard").asText()).isEqualTo("https://grafana.example/d/blip?var-key=checkout&from="
                + START.minusSeconds(3600).toEpochMilli() + "&to=" + Instant.parse("2023-11-15T04:30:00Z").toEpochMilli());
        assertThat(json.path("generatorURL").asText()).isEqualTo(a.path("dashboard").asText());
    }

    @Test
    void openAlertsStayActiveForFourRepostIntervals() throws Exception {
        AlertMapper mapper = new AlertMapper(config("BLIP_ALERTS_REPOST_INTERVAL", "30s"));
        Episode e = episode(EpisodeJson.open("a b/c", START, 0.7));

        Alert alert = mapper.open(e, mapper.labels(e), NOW);

        assertThat(alert.startsAt()).isEqualTo(START);
        assertThat(alert.endsAt()).isEqualTo(NOW.plusSeconds(120));
        assertThat(alert.labels()).containsEntry("severity", "warning").containsEntry("key", "a b/c");
        assertThat(alert.annotations()).doesNotContainKey("ended_at");
        assertThat(alert.generatorUrl()).contains("var-key=a+b%2Fc").endsWith("&to=now");
    }

    @Test
    void severityThresholdIsInclusiveAndConfigurable() {
        AlertMapper mapper = new AlertMapper(config());
        assertThat(mapper.severity(0.99)).isEqualTo("critical");
        assertThat(mapper.severity(0.989)).isEqualTo("warning");
        assertThat(new AlertMapper(config("BLIP_ALERTS_CRITICAL_SCORE", "0.5")).severity(0.5)).isEqualTo("critical");
    }

    @Test
    void aClosingRecordKeepsTheLabelsOfItsOpenRecord() throws Exception {
        AlertMapper mapper = new AlertMapper(config());
        Episode opened = episode(EpisodeJson.open("k", START, 0.6));
        Episode closed = episode(EpisodeJson.closed("k", START, NOW.plusSeconds(60), 1.0));

        Alert resolved = mapper.resolved(closed, mapper.labels(opened), NOW);

        assertThat(resolved.labels()).isEqualTo(mapper.labels(opened)).containsEntry("severity", "warning");
        assertThat(resolved.endsAt()).as("never later than now").isEqualTo(NOW);
        assertThat(resolved.annotations()).containsEntry("peak_score", "1.0000");
    }

    @Test
    void hostileRecordsAreRefusedWithAReason() {
        for (String bad : List.of("{broken", "[]", "{}", "null", "{\"schema_version\":3}",
                EpisodeJson.open("k", START, 0.5).replace("\"open\"", "\"maybe\""),
                EpisodeJson.open("k", START, 0.5).replace("0.5", "NaN"),
                EpisodeJson.open("k", START, 0.5).replace("\"peak_score\":0.5", "\"peak_score\":7"),
                EpisodeJson.open("k", START, 0.5).replace(START.toString() + "\",\"ended", "yesterday\",\"ended"),
                EpisodeJson.closed("k", START, START.minusSeconds(1), 0.5),
                EpisodeJson.open("k", START, 0.5).replace("{\"total\":0.0}", "{\"total\":\"zero\"}"),
                EpisodeJson.open("k", START, 0.5) + "{}", "[".repeat(10_000))) {
            assertThatThrownBy(() -> episode(bad)).as(bad.length() > 80 ? bad.substring(0, 80) : bad)
                    .isInstanceOf(Episode.InvalidEpisode.class).hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> Episode.parse(null)).isInstanceOf(Episode.InvalidEpisode.class);
    }

    @Test
    void requestBodyIsAnArrayOfV2Alerts() throws Exception {
        AlertMapper mapper = new AlertMapper(config());
        Episode e = episode(EpisodeJson.open("k", START, 0.5));
        JsonNode body = new ObjectMapper().readTree(Alert.body(List.of(mapper.open(e, mapper.labels(e), NOW))));
        assertThat(body.isArray()).isTrue();
        assertThat(body.get(0).fieldNames()).toIterable()
                .containsExactly("labels", "annotations", "startsAt", "endsAt", "generatorURL");
    }
}
