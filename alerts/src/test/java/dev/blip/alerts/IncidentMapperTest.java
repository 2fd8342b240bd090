package dev.blip.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blip.alerts.config.AlertsConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The documented incident record (docs/scorer.md) read by the sink and mapped to the alert docs/alerts.md describes. */
class IncidentMapperTest {

    static final Instant NOW = Instant.parse("2023-11-15T03:31:00Z");

    static AlertsConfig config() {
        Map<String, String> env = new HashMap<>();
        env.put("BLIP_ALERTS_BOOTSTRAP_SERVERS", "k:9092");
        env.put("BLIP_ALERTS_ALERTMANAGER_URL", "http://am:9093");
        env.put("BLIP_ALERTS_LABELS", "team=payments");
        return AlertsConfig.load(new String[0], env);
    }

    static Incident documented() throws Exception {
        String doc = Files.readString(Path.of("../docs/scorer.md"));
        Matcher m = Pattern.compile("```json\\n(\\{\\n  \"schema_version\": 1,\\n  \"incident_id\".*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as("the incident example in docs/scorer.md").isTrue();
        return Incident.parse(m.group(1).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDocumentedIncidentBecomesOneAlertWithTheDocumentedLabelsAndSummary() throws Exception {
        Incident i = documented();
        AlertsConfig c = config();
        IncidentMapper mapper = new IncidentMapper(c, new AlertMapper(c));

        JsonNode json = mapper.open(i, mapper.labels(i), 4, NOW).toJson();

        assertThat(json.path("labels").toString()).isEqualTo("{\"alertname\":\"BlipIncident\",\"bucket\":\"2023-11-15T03:20:00Z\",\"model\":\""
                + i.modelVersion() + "\",\"reasons\":\"instantaneous,range\",\"severity\":\"critical\",\"team\":\"payments\"}");
        JsonNode a = json.path("annotations");
        assertThat(a.path("summary").asText()).isEqualTo("Incident: 300 keys opened an anomaly episode in the bucket of "
                + "2023-11-15T03:20:00Z: checkout, login and 298 more, peak score 1.000");
        assertThat(a.path("key_count").asText()).isEqualTo("300");
        assertThat(a.path("top_keys").asText()).isEqualTo("checkout (score 1.000, actual total=0, expected total=205.5)\n"
                + "login (score 0.970, actual total=3, expected total=120.2)");
        assertThat(a.path("open_keys_here").asText()).isEqualTo("4");
        assertThat(json.path("startsAt").asText()).isEqualTo("2023-11-15T03:20:00Z");
        assertThat(Instant.parse(json.path("endsAt").asText())).isEqualTo(NOW.plus(c.openValidity()));

        JsonNode resolved = mapper.resolved(i, mapper.labels(i), Instant.parse("2023-11-15T03:30:00Z"), NOW).toJson();
        assertThat(resolved.path("endsAt").asText()).isEqualTo("2023-11-15T03:30:00Z");
        assertThat(resolved.path("annotations").path("summary").asText()).endsWith(", resolved");
    }

    @Test
    void coversTheEpisodesOfItsModelOpenedInItsBucketOnly() throws Exception {
        Incident i = documented();
        Instant bucket = Instant.parse("2023-11-15T03:20:00Z");
        assertThat(i.covers(Episode.parse(EpisodeJson.open("checkout", bucket, 1.0).getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(i.covers(Episode.parse(EpisodeJson.open("checkout", bucket.plusSeconds(300), 1.0)
                .getBytes(StandardCharsets.UTF_8)))).as("another bucket").isFalse();
    }

    @Test
    void refusesWhatIsNotAnIncidentRecord() {
        assertThatThrownBy(() -> Incident.parse("{\"schema_version\":2}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("schema_version must be 1");
        assertThatThrownBy(() -> Incident.parse("[1]".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not a JSON object");
    }
}
