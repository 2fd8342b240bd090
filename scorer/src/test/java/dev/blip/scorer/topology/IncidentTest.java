package dev.blip.scorer.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.scorer.testing.Harness;
import dev.blip.scorer.testing.OutputSchemas;
import dev.blip.scorer.topology.serdes.EpisodeRecord;
import dev.blip.scorer.topology.serdes.IncidentRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.blip.core.testkit.TestTime.bucket;
import static org.assertj.core.api.Assertions.assertThat;

/** Many keys opening an episode in the same bucket make one incident record; few make none. */
class IncidentTest {

    static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code spiking} of {@code all} keys jump to {@code 1000 + 100 * i} events in bucket 80; the rest stay steady. */
    static void traffic(Harness h, int all, int spiking) {
        String[] keys = IntStream.range(0, all).mapToObj(i -> "k" + i).toArray(String[]::new);
        TestTraffic traffic = new TestTraffic(5);
        traffic.steady(h, 0, 80, 200, keys);
        for (int i = 0; i < all; i++) {
            traffic.steady(h, 80, 81, i < spiking ? 1000 + 100 * i : 200, keys[i]);
        }
        traffic.steady(h, 81, 84, 200, keys);
    }

    static List<byte[]> incidents(Harness h) {
        return h.incidents.readValuesToList();
    }

    static IncidentRecord decode(byte[] json) throws IOException {
        return JSON.readValue(json, IncidentRecord.class);
    }

    @Test
    void manyKeysOpeningInOneBucketMakeOneIncidentRankedByScore() throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("BLIP_WALL_CLOCK_CLOSE", "false", "BLIP_INCIDENT_TOP_KEYS", "4"));
        try (Harness h = new Harness(TestBundles.small(), env, WALL)) {
            traffic(h, 10, 7);
            List<EpisodeRecord> opened = h.readAnomalies().stream().filter(EpisodeRecord::open).toList();
            assertThat(opened).as("the spiking keys open episodes in bucket 80").hasSizeGreaterThanOrEqualTo(5)
                    .allSatisfy(e -> assertThat(e.startedAt()).isEqualTo(Instant.ofEpochMilli(bucket(80)).toString()));
            List<byte[]> raw = incidents(h);
            assertThat(raw).as("one incident for the bucket").hasSize(1);
            assertThat(OutputSchemas.violations(OutputSchemas.INCIDENT, raw.get(0))).isEmpty();
            IncidentRecord r = decode(raw.get(0));
            assertThat(r.keyCount()).isEqualTo(opened.size());
            assertThat(r.minKeys()).isEqualTo(5);
            assertThat(r.bucketStart()).isEqualTo(Instant.ofEpochMilli(bucket(80)).toString());
            assertThat(r.modelVersion()).isEqualTo(TestBundles.small().version());
            assertThat(r.incidentId()).isEqualTo(r.modelVersion() + "@" + r.bucketStart());
            assertThat(r.topKeys()).hasSize(4);
            List<Double> scores = r.topKeys().stream().map(IncidentRecord.TopKey::score).toList();
            assertThat(scores).isSortedAccordingTo((a, b) -> Double.compare(b, a));
            double best = opened.stream().mapToDouble(EpisodeRecord::peakScore).max().orElseThrow();
            assertThat(r.peakScore()).isEqualTo(best).isEqualTo(scores.get(0));
            for (IncidentRecord.TopKey k : r.topKeys()) {
                EpisodeRecord e = opened.stream().filter(o -> o.key().equals(k.key())).findFirst().orElseThrow();
                assertThat(k.episodeId()).isEqualTo(e.episodeId());
                assertThat(k.actual()).isEqualTo(e.actual());
                assertThat(k.expected()).isEqualTo(e.expected());
            }
            List<String> reasons = new ArrayList<>();
            opened.forEach(e -> e.reasons().stream().filter(x -> !reasons.contains(x)).forEach(reasons::add));
            assertThat(r.reasons()).containsExactlyInAnyOrderElementsOf(reasons);
            assertThat(h.counter("blip.incidents.emitted")).isEqualTo(1.0);
            assertThat(h.counter("blip.incidents.openings.late")).isZero();
        }
    }

    @Test
    void fewerKeysThanTheMinimumMakeNoIncident() {
        try (Harness h = new Harness(TestBundles.small(), Map.of("BLIP_WALL_CLOCK_CLOSE", "false"), WALL)) {
            traffic(h, 10, 3);
            assertThat(h.readAnomalies().stream().filter(EpisodeRecord::open).count()).isBetween(1L, 4L);
            assertThat(incidents(h)).isEmpty();
            assertThat(h.counter("blip.incidents.emitted")).isZero();
        }
    }

    @Test
    void theMinimumIsConfigurable() {
        Map<String, String> env = Map.of("BLIP_WALL_CLOCK_CLOSE", "false", "BLIP_INCIDENT_MIN_KEYS", "2");
        try (Harness h = new Harness(TestBundles.small(), env, WALL)) {
            traffic(h, 10, 3);
            assertThat(incidents(h)).hasSize(1);
        }
    }

    @Test
    void anEmptyTopicTurnsIncidentsOff() {
        Map<String, String> env = Map.of("BLIP_WALL_CLOCK_CLOSE", "false", "BLIP_INCIDENTS_TOPIC", "");
        try (Harness h = new Harness(TestBundles.small(), env, WALL)) {
            assertThat(h.driver.producedTopicNames()).doesNotContain("incidents");
            traffic(h, 10, 7);
            assertThat(h.readAnomalies()).isNotEmpty();
            assertThat(incidents(h)).isEmpty();
            assertThat(h.driver.producedTopicNames()).noneMatch(t -> t.contains("incident"));
        }
    }
}
