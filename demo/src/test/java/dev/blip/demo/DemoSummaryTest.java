package dev.blip.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blip.core.synth.AnomalyKind;
import dev.blip.core.synth.InjectedAnomaly;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DemoSummaryTest {

    private static final long MIN = 60_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode open(String key, long start) {
        return JSON.createObjectNode().put("key", key).put("state", "open")
                .put("started_at", Instant.ofEpochMilli(start).toString());
    }

    private static JsonNode closed(String key, long start) {
        return JSON.createObjectNode().put("key", key).put("state", "closed")
                .put("started_at", Instant.ofEpochMilli(start).toString());
    }

    private static InjectedAnomaly truth(String key, AnomalyKind kind, int start, int end) {
        return new InjectedAnomaly(key, kind, start, end, start * MIN, end * MIN);
    }

    @Test
    void eachOpenedEpisodeCountsOnceAndMatchesItsAnomaly() {
        List<InjectedAnomaly> truth = List.of(truth("a", AnomalyKind.SPIKE, 10, 12), truth("b", AnomalyKind.DRIFT, 20, 30));
        List<JsonNode> records = List.of(open("a", 10 * MIN), closed("a", 10 * MIN), open("c", 5 * MIN));
        DemoSummary s = DemoSummary.of(truth, records, MIN, 8);
        assertThat(s.episodes()).isEqualTo(2);
        assertThat(s.truePositiveEpisodes()).isEqualTo(1);
        assertThat(s.anomalyRecords()).isEqualTo(3);
        assertThat(s.byKind().get(AnomalyKind.SPIKE)).containsExactly(1, 1);
        assertThat(s.byKind().get(AnomalyKind.DRIFT)).containsExactly(1, 0);
        assertThat(s.recall()).isEqualTo(0.5);
        assertThat(s.precision()).isEqualTo(0.5);
        assertThat(s.render()).contains("spike").contains("precision 0.50");
    }

    @Test
    void anEpisodeOpeningWithinReachAfterTheAnomalyCountsButNotBeforeOrLater() {
        List<InjectedAnomaly> truth = List.of(truth("a", AnomalyKind.DROP_TO_SILENCE, 10, 12));
        assertThat(DemoSummary.of(truth, List.of(open("a", 19 * MIN)), MIN, 8).detected()).isEqualTo(1);
        assertThat(DemoSummary.of(truth, List.of(open("a", 20 * MIN)), MIN, 8).detected()).isEqualTo(0);
        assertThat(DemoSummary.of(truth, List.of(open("a", 9 * MIN)), MIN, 8).detected()).isEqualTo(0);
        assertThat(DemoSummary.of(truth, List.of(open("b", 10 * MIN)), MIN, 8).detected()).isEqualTo(0);
    }
}
