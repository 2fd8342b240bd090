package dev.blip.scorer.topology;

import dev.blip.core.testkit.TestBundles;
import dev.blip.scorer.state.KeyStateCodec;
import dev.blip.scorer.testing.Harness;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static dev.blip.core.testkit.TestTime.bucket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Work per punctuation is bounded whatever the input does: a jump of event time is closed in
 * shares of {@code close.budget} buckets over the following punctuations, with exactly the verdicts
 * one unbounded close gives; count sums that would overflow are dead-lettered; a key state holding
 * a non-finite number is reset, counted, and the key scores again after its warm-up.
 */
class BoundedCloseTest {

    static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");
    static final int KEYS = 200;
    static final int BUDGET = 1_000;

    private static Map<String, String> env(int budget) {
        return Map.of("BLIP_WALL_CLOCK_CLOSE", "false", "BLIP_INPUT_MODE", "counts", "BLIP_CLOSE_BUDGET", Integer.toString(budget));
    }

    /** 30 buckets of counts for every key, then one record a day (288 buckets) later. */
    private static void history(Harness h) {
        SplittableRandom random = new SplittableRandom(7);
        for (int t = 0; t < 30; t++) {
            for (int k = 0; k < KEYS; k++) {
                h.raw("key-" + k, "{\"value\": " + (20 + random.nextInt(5)) + "}", bucket(t) + k);
            }
        }
    }

    private static Map<String, List<ScoreRecord>> byKey(List<ScoreRecord> records) {
        Map<String, List<ScoreRecord>> out = new TreeMap<>();
        for (ScoreRecord r : records) {
            out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /**
     * The same verdict: same bucket and decision, and scores equal up to float32 rounding (the
     * model's batched pass sums in an order that depends on how many windows share a call).
     */
    private static void assertSameVerdict(ScoreRecord actual, ScoreRecord expected, String what) {
        assertThat(actual.bucketStart()).as(what).isEqualTo(expected.bucketStart());
        assertThat(actual.isAnomaly()).as(what).isEqualTo(expected.isAnomaly());
        assertThat(actual.rawError()).as(what).isCloseTo(expected.rawError(), within(1e-6 * Math.max(1, expected.rawError())));
        assertThat(actual.anomalyScore()).as(what).isCloseTo(expected.anomalyScore(), within(1e-6));
    }

    @Test
    void aJumpOfEventTimeIsClosedInSharesWithTheVerdictsOfOneClose() {
        Map<String, List<ScoreRecord>> once;
        try (Harness h = new Harness(TestBundles.small(), env(100_000_000), WALL)) {
            history(h);
            h.raw("key-0", "{\"value\": 20}", bucket(30 + 288));
            once = byKey(h.readScores());
        }
        try (Harness h = new Harness(TestBundles.small(), env(BUDGET), WALL)) {
            history(h);
            List<ScoreRecord> all = new ArrayList<>(h.readScores());
            double before = h.counter("blip.buckets.closed", "trigger", "stream_time");
            h.raw("key-0", "{\"value\": 20}", bucket(30 + 288));
            double closed = h.counter("blip.buckets.closed", "trigger", "stream_time");
            assertThat(closed - before).as("the record's own punctuation and the stream-time punctuator close a share each")
                    .isBetween(1.0, 2.0 * BUDGET);
            int punctuations = 0;
            while (true) {
                double was = closed;
                h.driver.advanceWallClockTime(Duration.ofMillis(100));
                closed = h.counter("blip.buckets.closed", "trigger", "stream_time");
                assertThat(closed - was).as("one share per punctuation").isLessThanOrEqualTo(BUDGET);
                if (closed == was) {
                    break;
                }
                punctuations++;
            }
            assertThat(punctuations).as("288 buckets of %d keys in shares of %d", KEYS, BUDGET).isGreaterThan(40);
            assertThat(closed).as("buckets 0 to 316 of every key: the jump seals all but the last two").isEqualTo(KEYS * 317.0);
            all.addAll(h.readScores());
            Map<String, List<ScoreRecord>> shared = byKey(all);
            assertThat(shared.keySet()).isEqualTo(once.keySet());
            for (String key : once.keySet()) {
                assertThat(shared.get(key)).as(key).hasSameSizeAs(once.get(key));
                for (int i = 0; i < once.get(key).size(); i++) {
                    assertSameVerdict(shared.get(key).get(i), once.get(key).get(i), key + ", verdict " + i);
                }
            }
            assertThat(once.get("key-5")).as("every bucket up to the jump is scored, after the first 20").hasSize(317 - 20);
        }
    }

    /** Two counts of 2^52 + 1 in one bucket would exceed 2^53: the second is dead-lettered, the key scores on. */
    @Test
    void countSumsThatWouldOverflowAreDeadLetteredAndTheKeyScoresOn() {
        try (Harness h = new Harness(TestBundles.small(), env(BUDGET), WALL)) {
            for (int t = 0; t < 30; t++) {
                h.raw("k", "{\"value\": 20}", bucket(t));
            }
            h.raw("k", "{\"value\": 4503599627370497}", bucket(30));
            h.raw("k", "{\"value\": 4503599627370497}", bucket(30) + 1);
            h.raw("k", "{\"value\": 1.7e308}", bucket(30) + 2);
            for (int t = 31; t < 40; t++) {
                h.raw("k", "{\"value\": 20}", bucket(t));
            }
            assertThat(h.counter("blip.records.bad", "reason", "count_overflow")).isEqualTo(2.0);
            assertThat(h.dlq.readRecordsToList()).hasSize(2).allSatisfy(r -> assertThat(new String(r.headers().lastHeader(
                    "blip.dlq.reason").value())).isEqualTo("count_overflow"));
            List<ScoreRecord> scores = h.readScores();
            assertThat(scores).isNotEmpty().allSatisfy(r -> assertThat(r.rawError()).isFinite());
            assertThat(scores.get(scores.size() - 1).bucketStart()).isEqualTo(Instant.ofEpochMilli(bucket(37)).toString());
        }
    }

    /** A key state with a NaN in its detector statistics (as no input can make any more) is reset, counted, and scores again. */
    @Test
    void aKeyStateHoldingANonFiniteNumberIsResetAndScoresAgain() {
        try (Harness h = new Harness(TestBundles.small(), env(BUDGET), WALL)) {
            for (int t = 0; t < 30; t++) {
                h.raw("k", "{\"value\": 20}", bucket(t));
            }
            KeyValueStore<String, byte[]> store = h.driver.getKeyValueStore(ScoringTopology.KEY_STORE);
            byte[] bytes = store.get("k");
            byte[] detector = KeyStateCodec.decode(bytes).detector().toBytes();
            int at = bytes.length - detector.length;
            int recent = ByteBuffer.wrap(bytes).getInt(at + 5);
            ByteBuffer.wrap(bytes).putDouble(at + 1 + 4 + 4 + 8 * recent + 8 + 8, Double.NaN);
            store.put("k", bytes);
            assertThat(KeyStateCodec.decode(store.get("k")).detector().isFinite()).as("the NaN is in place").isFalse();
            h.readScores();
            for (int t = 30; t < 70; t++) {
                h.raw("k", "{\"value\": 20}", bucket(t));
            }
            assertThat(h.counter("blip.keys.reset")).isEqualTo(1.0);
            List<ScoreRecord> scores = h.readScores();
            assertThat(scores).as("the key warms up again, then scores").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.anomalyScore()).isFinite());
            // reset when bucket 28 closed: the new window state's first window ends readyAfter buckets later
            assertThat(Instant.parse(scores.get(0).bucketStart()).toEpochMilli())
                    .isEqualTo(bucket(28 + (int) TestBundles.small().assembler().readyAfter()));
        }
    }
}
