package dev.blip.scorer.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.scorer.testing.Harness;
import dev.blip.scorer.testing.OutputSchemas;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The output contract: every score and episode record the real topology writes (open and closed
 * episodes included) conforms to its JSON Schema, and the validator rejects records that break it.
 */
class OutputSchemaTest {

    static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    static List<byte[]> scores;
    static List<byte[]> episodes;

    /** Steady traffic, then one key falls silent (an episode opens) and comes back (it closes). */
    @BeforeAll
    static void traffic() {
        try (Harness h = new Harness(TestBundles.small(), Map.of("BLIP_WALL_CLOCK_CLOSE", "false"), WALL)) {
            TestTraffic traffic = new TestTraffic(3);
            traffic.steady(h, 0, 40, 20, "quiet", "busy");
            traffic.steady(h, 40, 44, 20, "busy");
            traffic.steady(h, 44, 70, 20, "quiet", "busy");
            scores = h.scores.readValuesToList();
            episodes = h.anomalies.readValuesToList();
        }
    }

    @Test
    void everyRecordTheTopologyWritesConformsToItsSchema() {
        assertThat(scores).hasSizeGreaterThan(50);
        assertThat(episodes).as("an episode opened and closed").hasSizeGreaterThanOrEqualTo(2);
        for (byte[] r : scores) {
            assertThat(OutputSchemas.violations(OutputSchemas.SCORE, r)).as(new String(r)).isEmpty();
        }
        for (byte[] r : episodes) {
            assertThat(OutputSchemas.violations(OutputSchemas.EPISODE, r)).as(new String(r)).isEmpty();
        }
        assertThat(episodes).extracting(r -> JSON.readTree(r).get("state").asText()).contains("open", "closed");
    }

    @Test
    void theSchemasRejectRecordsThatBreakTheContract() throws Exception {
        ObjectNode score = (ObjectNode) JSON.readTree(scores.get(0));
        assertThat(broken(OutputSchemas.SCORE, score, n -> n.remove("anomaly_score"))).as("missing field").isNotEmpty();
        assertThat(broken(OutputSchemas.SCORE, score, n -> n.put("anomaly_score", 1.5))).as("score above 1").isNotEmpty();
        assertThat(broken(OutputSchemas.SCORE, score, n -> n.put("is_anomaly", "yes"))).as("wrong type").isNotEmpty();
        assertThat(broken(OutputSchemas.SCORE, score, n -> n.put("surprise", 1))).as("unknown field").isNotEmpty();
        assertThat(broken(OutputSchemas.SCORE, score, n -> n.put("schema_version", 3))).as("other version").isNotEmpty();
        assertThat(broken(OutputSchemas.SCORE, score, n -> n.put("bucket_start", "yesterday"))).as("not an instant").isNotEmpty();
        assertThat(OutputSchemas.violations(OutputSchemas.SCORE, "{\"anomaly_score\": NaN}".getBytes())).as("NaN is not JSON")
                .isNotEmpty();
        ObjectNode open = (ObjectNode) episodes.stream().map(OutputSchemaTest::tree).filter(n -> n.get("state").asText().equals("open"))
                .findFirst().orElseThrow();
        assertThat(broken(OutputSchemas.EPISODE, open, n -> n.put("closed_by", "quiet"))).as("an open episode has no closed_by")
                .isNotEmpty();
        assertThat(broken(OutputSchemas.EPISODE, open, n -> n.put("state", "pending"))).as("unknown state").isNotEmpty();
    }

    /** The incident example of docs/scorer.md conforms; records that break the contract do not. */
    @Test
    void theDocumentedIncidentConformsAndBrokenOnesDoNot() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "scorer.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```json\\n(\\{\\n  \"schema_version\": 1,\\n  \"incident_id\".*?)```",
                java.util.regex.Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as("the incident example in docs/scorer.md").isTrue();
        ObjectNode incident = (ObjectNode) JSON.readTree(m.group(1));
        assertThat(OutputSchemas.violations(OutputSchemas.INCIDENT, JSON.writeValueAsBytes(incident))).isEmpty();
        assertThat(broken(OutputSchemas.INCIDENT, incident, n -> n.remove("key_count"))).as("missing count").isNotEmpty();
        assertThat(broken(OutputSchemas.INCIDENT, incident, n -> n.putArray("top_keys"))).as("no keys").isNotEmpty();
        assertThat(broken(OutputSchemas.INCIDENT, incident, n -> n.put("schema_version", 2))).as("other version").isNotEmpty();
        assertThat(broken(OutputSchemas.INCIDENT, incident, n -> n.put("peak_score", 2.0))).as("score above 1").isNotEmpty();
        try (InputStream in = ScoreRecord.class.getResourceAsStream("/dev/blip/scorer/schema/incident-record.schema.json")) {
            assertThat(JSON.readTree(in).at("/properties/schema_version/const").asInt())
                    .isEqualTo(dev.blip.scorer.topology.serdes.IncidentRecord.SCHEMA_VERSION);
        }
    }

    /** The schemas' {@code schema_version} is the encoder's. */
    @Test
    void theSchemasCarryTheEncodersSchemaVersion() throws Exception {
        for (String name : List.of("score-record", "episode-record")) {
            try (InputStream in = ScoreRecord.class.getResourceAsStream("/dev/blip/scorer/schema/" + name + ".schema.json")) {
                assertThat(in).as(name).isNotNull();
                assertThat(JSON.readTree(in).at("/properties/schema_version/const").asInt()).as(name)
                        .isEqualTo(ScoreRecord.SCHEMA_VERSION);
            }
        }
    }

    private static ObjectNode tree(byte[] bytes) {
        try {
            return (ObjectNode) JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> broken(com.networknt.schema.Schema schema, ObjectNode record,
                                       java.util.function.Consumer<ObjectNode> change) throws Exception {
        ObjectNode copy = record.deepCopy();
        change.accept(copy);
        return OutputSchemas.violations(schema, JSON.writeValueAsBytes(copy));
    }
}
