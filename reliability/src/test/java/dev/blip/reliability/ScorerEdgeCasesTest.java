package dev.blip.reliability;

import dev.blip.core.testkit.TestBundles;
import dev.blip.scorer.config.ConfigLoader;
import dev.blip.scorer.config.ScorerConfig;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.model.ModelHolder;
import dev.blip.scorer.topology.ScoringTopology;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import dev.blip.scorer.topology.serdes.ScoreRecordEncoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.blip.core.testkit.TestTime.BUCKET;
import static dev.blip.core.testkit.TestTime.START;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edge cases of time found by the reliability work, on the real topology in a TopologyTestDriver
 * (no broker needed): regression tests of two scorer bugs found and fixed during that work.
 */
class ScorerEdgeCasesTest {

    private static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path state;
    private TopologyTestDriver driver;

    private TopologyTestDriver driver(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("BLIP_BOOTSTRAP_SERVERS", "unused:9092", "BLIP_MODEL_PATH", "unused.blip",
                "BLIP_SCORES_TOPIC", "scores", "BLIP_STATE_DIR", state.toString(), "BLIP_WALL_CLOCK_CLOSE", "false"));
        env.putAll(extra);
        ScorerConfig config = ConfigLoader.load(env, null);
        driver = new TopologyTestDriver(ScoringTopology.build(config, new ModelHolder(TestBundles.small()),
                ScorerMetrics.bind(new SimpleMeterRegistry())), config.streamsProperties(), WALL);
        return driver;
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /**
     * One input record whose Kafka timestamp is far in the future (a producer with a broken clock)
     * is refused as {@code timestamp_in_future}, but the timestamp extractor has already moved the
     * task's stream time to it: STREAM_TIME punctuations are then scheduled in the future and no
     * bucket of that partition is ever closed again by stream time (with the wall-clock close off,
     * never at all). The good traffic after it was never scored. Fixed in the scorer by closing on
     * the record that moves the watermark; kept as a regression test.
     */
    @Test
    void aFarFutureRecordTimestampDoesNotStopScoring() {
        TopologyTestDriver d = driver(Map.of());
        TestInputTopic<String, String> in = d.createInputTopic("events", new StringSerializer(), new StringSerializer());
        TestOutputTopic<byte[], byte[]> dlq = d.createOutputTopic("blip-dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        steady(in, 0, 30);
        in.pipeInput(new TestRecord<>("a", "{}", Instant.parse("2090-01-01T00:00:00Z")));
        assertThat(dlq.readRecordsToList()).as("the bad record is refused").hasSize(1);
        steady(in, 30, 60);
        List<ScoreRecord> scores = scores(d);
        long last = scores.stream().mapToLong(r -> Instant.parse(r.bucketStart()).toEpochMilli()).max().orElse(0);
        assertThat(last).as("buckets after the bad record are still closed and scored").isGreaterThanOrEqualTo(START + 55 * BUCKET);
    }

    /**
     * During a replay (event times far behind the wall clock), one valid event from today seals
     * every bucket up to today. A key that still had an open bucket is then filled with a zero
     * bucket and a scored window for every interval of the gap in ONE punctuation, before the TTL
     * can evict it: 60 days at 5 minutes are 17,280 windows per such key held in one list (and a
     * gap of years, millions). Expected: a key silent for longer than the TTL gets at most TTL
     * worth of zero buckets, then is evicted. Measured before the fix: 17,279 windows. Fixed in
     * {@code KeyStates.close}: a run of zero buckets in one close never exceeds the TTL.
     */
    @Test
    void aJumpInEventTimeFillsAtMostTheTtlWithZeroBuckets() {
        TopologyTestDriver d = driver(Map.of("BLIP_KEY_TTL", "1d"));
        TestInputTopic<String, String> in = d.createInputTopic("events", new StringSerializer(), new StringSerializer());
        steady(in, 0, 30);
        long jump = START + 30 * BUCKET + 60L * 86_400_000L;
        in.pipeInput(new TestRecord<>("b", "{}", Instant.ofEpochMilli(jump)));
        long filled = scores(d).stream().filter(r -> r.key().equals("a"))
                .filter(r -> Instant.parse(r.bucketStart()).toEpochMilli() >= START + 30 * BUCKET).count();
        assertThat(filled).as("zero-bucket windows of key a after its last event (TTL 1 day = 288 buckets)").isBetween(1L, 289L);
    }

    private static void steady(TestInputTopic<String, String> in, int from, int to) {
        for (int t = from; t < to; t++) {
            for (int i = 0; i < 20; i++) {
                in.pipeInput(new TestRecord<>("a", "{}", Instant.ofEpochMilli(START + t * BUCKET + i * 14_000L)));
            }
        }
    }

    private static List<ScoreRecord> scores(TopologyTestDriver d) {
        TestOutputTopic<byte[], byte[]> out = d.createOutputTopic("scores", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return out.readValuesToList().stream().map(ScoreRecordEncoder::decode).toList();
    }
}
