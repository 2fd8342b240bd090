package dev.blip.scorer.topology;

import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTime;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.testing.Harness;
import dev.blip.scorer.topology.serdes.EpisodeRecord;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.blip.core.testkit.TestTime.bucket;
import static org.assertj.core.api.Assertions.assertThat;

/** Silence becomes zero buckets and anomalies (by stream time and by wall clock); late events are dropped. */
class SilenceAndLatenessTest {

    static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aKeyThatFallsSilentGetsZeroBucketsAndAnAnomaly() {
        try (Harness h = new Harness(TestBundles.small(), Map.of("BLIP_WALL_CLOCK_CLOSE", "false"), WALL)) {
            TestTraffic traffic = new TestTraffic(1);
            traffic.steady(h, 0, 40, 200, "quiet", "busy");
            traffic.steady(h, 40, 50, 200, "busy");
            List<ScoreRecord> quiet = h.readScores().stream().filter(r -> r.key().equals("quiet")).toList();
            List<ScoreRecord> silent = quiet.stream().filter(r -> Instant.parse(r.bucketStart()).toEpochMilli() >= bucket(40)).toList();
            assertThat(silent).as("silent buckets are still scored").hasSizeGreaterThanOrEqualTo(8);
            assertThat(silent).allSatisfy(r -> assertThat(r.actual().get("total")).isZero());
            ScoreRecord first = silent.get(0);
            assertThat(first.bucketStart()).isEqualTo(Instant.ofEpochMilli(bucket(40)).toString());
            assertThat(first.isAnomaly()).as("the drop to silence is an anomaly").isTrue();
            assertThat(first.expected().get("total")).isGreaterThan(5.0);
            assertThat(first.expectedLow().get("total")).as("the band excludes silence").isGreaterThan(0.0);
            List<EpisodeRecord> episodes = h.readAnomalies().stream().filter(r -> r.key().equals("quiet")).toList();
            assertThat(episodes).as("the silence opens an episode on its first bucket")
                    .filteredOn(e -> e.startedAt().equals(Instant.ofEpochMilli(bucket(40)).toString()))
                    .filteredOn(EpisodeRecord::open).singleElement().satisfies(e -> {
                        assertThat(e.actual().get("total")).isZero();
                        assertThat(e.expected().get("total")).isGreaterThan(5.0);
                    });
            assertThat(h.counter("blip.buckets.closed", "trigger", ScorerMetrics.TRIGGER_WALL_CLOCK)).isZero();
        }
    }

    @Test
    void anOutageIsOneEpisodeThatStaysOpenUntilTrafficReturns() {
        try (Harness h = new Harness(TestBundles.small(), Map.of("BLIP_WALL_CLOCK_CLOSE", "false"), WALL)) {
            TestTraffic traffic = new TestTraffic(2);
            traffic.steady(h, 0, 40, 200, "quiet", "busy");
            traffic.steady(h, 40, 70, 200, "busy");           // "quiet" silent for 30 buckets, > window + quiet buckets
            traffic.steady(h, 70, 90, 200, "quiet", "busy");  // traffic returns
            traffic.steady(h, 90, 92, 200, "busy");           // closes bucket 89
            List<ScoreRecord> silent = h.readScores().stream().filter(r -> r.key().equals("quiet"))
                    .filter(r -> Instant.parse(r.bucketStart()).toEpochMilli() >= bucket(40))
                    .filter(r -> Instant.parse(r.bucketStart()).toEpochMilli() < bucket(70)).toList();
            assertThat(silent).hasSize(30);
            assertThat(silent.get(0).reasons()).contains("silence");
            assertThat(silent.subList(20, 30)).as("the model predicts the zeros by then").noneMatch(ScoreRecord::isAnomaly);
            List<EpisodeRecord> episodes = h.readAnomalies().stream().filter(r -> r.key().equals("quiet"))
                    .filter(r -> Instant.parse(r.startedAt()).toEpochMilli() >= bucket(40)).toList();
            assertThat(episodes).extracting(EpisodeRecord::state).startsWith(EpisodeRecord.OPEN, EpisodeRecord.CLOSED);
            EpisodeRecord open = episodes.get(0);
            EpisodeRecord closed = episodes.get(1);
            assertThat(open.startedAt()).isEqualTo(Instant.ofEpochMilli(bucket(40)).toString());
            assertThat(closed.episodeId()).isEqualTo(open.episodeId());
            // held through the whole silence; the returning traffic may itself be anomalous for a bucket or two
            assertThat(Instant.parse(closed.endedAt()).toEpochMilli()).as("not before traffic returns")
                    .isBetween(bucket(70), bucket(73));
            assertThat(closed.reasons()).contains("silence");
            assertThat(closed.closedBy()).isEqualTo("quiet");
        }
    }

    @Test
    void totalSilenceIsClosedByTheWallClockExactlyOnce() {
        try (Harness h = new Harness(TestBundles.small(), Map.of(), WALL)) {
            new TestTraffic(2).steady(h, 0, 40, 200, "a", "b");
            List<ScoreRecord> before = h.readScores();
            double streamClosed = h.counter("blip.buckets.closed", "trigger", ScorerMetrics.TRIGGER_STREAM_TIME);
            // nothing arrives any more; only the wall clock moves
            for (int i = 0; i < 12; i++) {
                h.driver.advanceWallClockTime(Duration.ofMinutes(5));
            }
            List<ScoreRecord> after = h.readScores();
            double wallClosed = h.counter("blip.buckets.closed", "trigger", ScorerMetrics.TRIGGER_WALL_CLOCK);
            assertThat(wallClosed).isPositive();
            assertThat(after).isNotEmpty().filteredOn(r -> Instant.parse(r.bucketStart()).toEpochMilli() >= bucket(40))
                    .hasSizeGreaterThanOrEqualTo(2 * 8).allSatisfy(r -> assertThat(r.actual().get("total")).isZero());
            assertThat(h.readAnomalies()).filteredOn(EpisodeRecord::open).extracting(EpisodeRecord::key).contains("a", "b");
            // every (key, bucket) is scored once, and closed once by exactly one trigger
            List<String> ids = new java.util.ArrayList<>();
            before.forEach(r -> ids.add(r.key() + "@" + r.bucketStart()));
            after.forEach(r -> ids.add(r.key() + "@" + r.bucketStart()));
            assertThat(ids).doesNotHaveDuplicates();
            long lastClosed = Instant.parse(after.get(after.size() - 1).bucketStart()).toEpochMilli();
            long bucketsPerKey = (lastClosed - bucket(0)) / TestTime.BUCKET + 1;
            assertThat(streamClosed + wallClosed).isEqualTo(2.0 * bucketsPerKey);
            // an event for a bucket the wall clock closed is late, not counted again
            double consumed = h.counter("blip.events.consumed");
            h.event("a", lastClosed + 1000);
            assertThat(h.counter("blip.events.late")).isEqualTo(1.0);
            assertThat(h.counter("blip.events.consumed")).isEqualTo(consumed);
        }
    }

    @Test
    void aNewKeysOutOfOrderEventWithinGraceStartsItsSeriesEarlierInsteadOfBeingLate() {
        try (Harness h = new Harness(TestBundles.small(), Map.of("BLIP_WALL_CLOCK_CLOSE", "false"), WALL)) {
            new TestTraffic(4).steady(h, 0, 30, "old");
            double before = h.counter("blip.events.consumed");
            long b = bucket(30);
            h.event("old", b + 1_000);
            h.event("new", b + 20_000);                     // the new key's first event, bucket 30
            h.event("new", b - 10_000);                     // bucket 29 ended 10 s ago: within grace
            assertThat(h.counter("blip.events.late")).isZero();
            for (int t = 31; t < 34; t++) {
                h.event("old", bucket(t) + 1_000);
                h.event("new", bucket(t) + 1_000);
            }
            long late = bucket(29) + 20_000;                // bucket 29 is sealed by now: late
            h.event("new", late);
            assertThat(h.counter("blip.events.late")).isEqualTo(1.0);
            assertThat(h.counter("blip.events.consumed") - before).isEqualTo(3 + 6);
        }
    }

    @Test
    void eventsWithinGraceCountAndLaterOnesAreDropped() {
        try (Harness h = new Harness(TestBundles.small(), Map.of("BLIP_WALL_CLOCK_CLOSE", "false"), WALL)) {
            new TestTraffic(3).steady(h, 0, 30, "k");
            long b0 = bucket(30);
            for (int i = 0; i < 10; i++) {
                h.event("k", b0 + i * 20_000L);
            }
            h.event("k", b0 + TestTime.BUCKET + 30_000);      // next bucket; b0 ended 30 s ago (grace 1 m)
            h.event("k", b0 + 250_000);                      // within grace: counts in b0
            h.event("k", b0 + TestTime.BUCKET + 61_000);     // b0 is now sealed
            h.event("k", b0 + 260_000);                      // late: dropped
            assertThat(h.counter("blip.events.late")).isEqualTo(1.0);
            h.event("k", bucket(33));
            ScoreRecord atB0 = h.readScores().stream()
                    .filter(r -> r.bucketStart().equals(Instant.ofEpochMilli(b0).toString())).findFirst().orElseThrow();
            assertThat(atB0.actual().get("total")).isEqualTo(11.0);
        }
    }
}
