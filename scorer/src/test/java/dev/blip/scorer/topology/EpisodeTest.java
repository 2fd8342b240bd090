package dev.blip.scorer.topology;

import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTime;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.testing.Bundles;
import dev.blip.scorer.testing.Harness;
import dev.blip.scorer.topology.serdes.EpisodeRecord;
import dev.blip.scorer.state.KeyStateCodec;
import dev.blip.scorer.state.KeyState;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.blip.core.testkit.TestTime.bucket;
import static org.assertj.core.api.Assertions.assertThat;

/** The anomalies topic holds one record when an episode opens and one when it closes, never repeats. */
class EpisodeTest {

    static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");
    static final Map<String, String> ENV = Map.of("BLIP_WALL_CLOCK_CLOSE", "false");

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    @Test
    void aSpikeYieldsExactlyOneOpenAndOneClosedRecord() {
        try (Harness h = new Harness(TestBundles.small(), ENV, WALL)) {
            TestTraffic traffic = new TestTraffic(9);
            traffic.steady(h, 0, 80, 200, "k");
            assertThat(h.readAnomalies()).as("steady traffic opens no episode").isEmpty();
            traffic.steady(h, 80, 81, 1000, "k");              // five times the usual count
            traffic.steady(h, 81, 83, 200, "k");               // bucket 81 closed
            List<EpisodeRecord> opened = h.readAnomalies();
            assertThat(opened).hasSize(1);
            EpisodeRecord open = opened.get(0);
            assertThat(open.state()).isEqualTo(EpisodeRecord.OPEN);
            assertThat(open.key()).isEqualTo("k");
            assertThat(open.startedAt()).isEqualTo(iso(bucket(80)));
            assertThat(open.episodeId()).isEqualTo("k@" + iso(bucket(80)));
            assertThat(open.endedAt()).isNull();
            assertThat(open.durationSeconds()).isNull();
            assertThat(open.closedBy()).isNull();
            assertThat(open.anomalousBuckets()).isEqualTo(1);
            assertThat(open.peakAt()).isEqualTo(iso(bucket(80)));
            assertThat(open.actual().get("total")).isGreaterThan(900.0);
            assertThat(open.expected().get("total")).isBetween(100.0, 400.0);
            assertThat(open.expectedHigh().get("total")).isLessThan(open.actual().get("total"))
                    .isGreaterThan(open.expectedLow().get("total"));
            assertThat(open.reasons()).isNotEmpty();
            assertThat(open.schemaVersion()).isEqualTo(ScoreRecord.SCHEMA_VERSION);
            assertThat(open.modelVersion()).isEqualTo(TestBundles.small().version());
            assertThat(h.gauge("blip.episodes.open")).isEqualTo(1.0);

            traffic.steady(h, 83, 90, 200, "k");               // closed through bucket 88
            List<EpisodeRecord> closed = h.readAnomalies();
            assertThat(closed).as("one closing record, nothing for the buckets in between").hasSize(1);
            EpisodeRecord c = closed.get(0);
            assertThat(c.state()).isEqualTo(EpisodeRecord.CLOSED);
            assertThat(c.episodeId()).isEqualTo(open.episodeId());
            assertThat(c.closedBy()).isEqualTo(EpisodeRecord.CLOSED_QUIET);
            assertThat(c.startedAt()).isEqualTo(open.startedAt());
            long end = Instant.parse(c.endedAt()).toEpochMilli();
            assertThat(end).isGreaterThanOrEqualTo(bucket(81));
            assertThat(c.durationSeconds()).isEqualTo((end - bucket(80)) / 1000);
            assertThat(c.anomalousBuckets()).isBetween(1, (int) ((end - bucket(80)) / TestTime.BUCKET));
            assertThat(c.peakScore()).isGreaterThanOrEqualTo(open.peakScore());
            assertThat(c.peakAt()).isEqualTo(open.peakAt());
            assertThat(c.expectedLow()).isEqualTo(open.expectedLow());

            // the scores topic still has a verdict for every bucket, the anomalous ones flagged
            List<ScoreRecord> scores = h.readScores();
            assertThat(scores).filteredOn(r -> r.bucketStart().equals(iso(bucket(80)))).singleElement()
                    .satisfies(r -> {
                        assertThat(r.isAnomaly()).isTrue();
                        assertThat(r.anomalyScore()).isGreaterThanOrEqualTo(r.threshold());
                        assertThat(r.reasons()).isEqualTo(open.reasons());
                    });
            assertThat(scores.stream().filter(ScoreRecord::isAnomaly).count()).isEqualTo(c.anomalousBuckets());
            assertThat(h.counter("blip.episodes.opened")).isEqualTo(1.0);
            assertThat(h.counter("blip.episodes.closed", "cause", ScorerMetrics.CLOSED_QUIET)).isEqualTo(1.0);
            assertThat(h.counter("blip.anomalies.emitted")).isEqualTo(c.anomalousBuckets());
            assertThat(h.gauge("blip.episodes.open")).isZero();

            // Later episodes (with this test model the likelihood may react as the spike leaves the
            // window) are reported the same way: an open and a closed record each, never a repeat.
            traffic.steady(h, 90, 120, 200, "k");
            List<EpisodeRecord> later = h.readAnomalies();
            assertThat(later.stream().map(EpisodeRecord::episodeId)).doesNotContain(open.episodeId());
            assertThat(later.stream().filter(EpisodeRecord::open).map(EpisodeRecord::episodeId).toList())
                    .doesNotHaveDuplicates()
                    .isEqualTo(later.stream().filter(r -> !r.open()).map(EpisodeRecord::episodeId).toList());
            assertThat(h.gauge("blip.episodes.open")).isZero();
        }
    }

    @Test
    void aModelChangeClosesTheOpenEpisode() {
        try (Harness h = new Harness(TestBundles.small(), ENV, WALL)) {
            TestTraffic traffic = new TestTraffic(10);
            traffic.steady(h, 0, 70, 200, "k");
            traffic.steady(h, 70, 71, 1000, "k");
            traffic.steady(h, 71, 73, 200, "k");
            assertThat(h.readAnomalies()).singleElement().satisfies(r -> assertThat(r.open()).isTrue());
            h.models.swap(Bundles.sameShape());
            traffic.steady(h, 73, 74, 200, "k");
            List<EpisodeRecord> after = h.readAnomalies();
            assertThat(after).first().satisfies(r -> {
                assertThat(r.state()).isEqualTo(EpisodeRecord.CLOSED);
                assertThat(r.closedBy()).isEqualTo(EpisodeRecord.CLOSED_MODEL_CHANGE);
                assertThat(r.episodeId()).isEqualTo("k@" + iso(bucket(70)));
                assertThat(r.peakAt()).isEqualTo(iso(bucket(70)));
                assertThat(r.expectedLow()).as("the band at the peak").isNotNull();
                assertThat(r.modelVersion()).isEqualTo(Bundles.sameShape().version());
            });
            assertThat(h.counter("blip.episodes.closed", "cause", ScorerMetrics.CLOSED_MODEL_CHANGE)).isEqualTo(1.0);
            KeyState s = KeyStateCodec.decode(h.driver.<String, byte[]>getKeyValueStore(ScoringTopology.KEY_STORE).get("k"));
            assertThat(s.detectorModel()).isEqualTo(h.models.current().detectorSignature());
            assertThat(s.detector().scored()).as("the detector restarted with the new model").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void anEpisodeOpenWhenItsKeyIsEvictedIsClosed() {
        try (Harness h = new Harness(TestBundles.small(), Map.of("BLIP_KEY_TTL", "20m", "BLIP_WALL_CLOCK_CLOSE", "false"), WALL)) {
            TestTraffic traffic = new TestTraffic(11);
            traffic.steady(h, 0, 40, 200, "gone", "stays");
            traffic.steady(h, 40, 60, 200, "stays");
            assertThat(h.driver.<String, byte[]>getKeyValueStore(ScoringTopology.KEY_STORE).get("gone")).isNull();
            List<EpisodeRecord> gone = h.readAnomalies().stream().filter(r -> r.key().equals("gone")).toList();
            assertThat(gone).as("silence opened an episode").isNotEmpty();
            assertThat(gone.get(0).startedAt()).isEqualTo(iso(bucket(40)));
            assertThat(gone.stream().filter(EpisodeRecord::open).map(EpisodeRecord::episodeId).toList())
                    .as("every opened episode is closed").isEqualTo(gone.stream().filter(r -> !r.open())
                            .map(EpisodeRecord::episodeId).toList());
            assertThat(h.gauge("blip.episodes.open")).isZero();
        }
    }

    /**
     * A jump of event time closes more silence than the TTL in one punctuation: the key's zero
     * buckets (at most the TTL's worth) are scored and stepped first, then the key is evicted and
     * the episode the silence opened is reported closed by the eviction.
     */
    @Test
    void aKeyEvictedAfterAJumpOfEventTimeIsScoredFirstAndItsEpisodeClosed() {
        try (Harness h = new Harness(TestBundles.small(), Map.of("BLIP_KEY_TTL", "15m", "BLIP_WALL_CLOCK_CLOSE", "false"), WALL)) {
            new TestTraffic(13).steady(h, 0, 40, 200, "a");
            h.readScores();
            assertThat(h.readAnomalies()).isEmpty();
            h.event("b", bucket(40) + 86_400_000L);
            List<ScoreRecord> silent = h.readScores().stream().filter(r -> r.key().equals("a"))
                    .filter(r -> Instant.parse(r.bucketStart()).toEpochMilli() >= bucket(40)).toList();
            assertThat(silent).as("zero buckets of the TTL (15 min = 3 buckets) scored").hasSizeBetween(1, 4)
                    .allSatisfy(r -> assertThat(r.actual().get("total")).isZero());
            assertThat(silent.get(0).isAnomaly()).isTrue();
            assertThat(h.driver.<String, byte[]>getKeyValueStore(ScoringTopology.KEY_STORE).get("a")).isNull();
            List<EpisodeRecord> a = h.readAnomalies();
            assertThat(a).extracting(EpisodeRecord::state).containsExactly(EpisodeRecord.OPEN, EpisodeRecord.CLOSED);
            assertThat(a).extracting(EpisodeRecord::episodeId).containsOnly("a@" + iso(bucket(40)));
            assertThat(a.get(1).closedBy()).isEqualTo(EpisodeRecord.CLOSED_KEY_EVICTED);
            assertThat(Instant.parse(a.get(1).endedAt()).toEpochMilli()).isBetween(bucket(41), bucket(44));
            assertThat(h.counter("blip.episodes.closed", "cause", ScorerMetrics.CLOSED_KEY_EVICTED)).isEqualTo(1.0);
            assertThat(h.gauge("blip.episodes.open")).isZero();
        }
    }

    @Test
    void anUnreadableStateIsCountedAndTheKeyStartsAfresh() {
        try (Harness h = new Harness(TestBundles.small(), ENV, WALL)) {
            TestTraffic traffic = new TestTraffic(12);
            traffic.steady(h, 0, 20, "k", "other");
            h.driver.<String, byte[]>getKeyValueStore(ScoringTopology.KEY_STORE).put("k", new byte[] {2, 0, 0, 1});
            traffic.steady(h, 20, 22, "k", "other");
            assertThat(h.counter("blip.keys.unreadable")).isEqualTo(1.0);
            KeyState s = KeyStateCodec.decode(h.driver.<String, byte[]>getKeyValueStore(ScoringTopology.KEY_STORE).get("k"));
            assertThat(s.window().outputs()).as("the key started afresh").isLessThanOrEqualTo(2);
            assertThat(s.detector()).isNotNull();
        }
    }
}
