package dev.blip.scorer.topology;

import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.scorer.testing.Harness;
import dev.blip.scorer.topology.serdes.DeadLetters;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.blip.core.testkit.TestTime.bucket;
import static dev.blip.scorer.topology.DeadLetterTest.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Records that used to merge keys or hang the task: malformed UTF-8 keys and out-of-range record timestamps. */
class PoisonPillTest {

    static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");
    static final Map<String, String> NO_WALL_CLOCK = Map.of("BLIP_WALL_CLOCK_CLOSE", "false");

    @Test
    void malformedUtf8KeysAreRefusedWhileTheEncodedReplacementCharacterIsAKeyOfItsOwn() {
        try (Harness h = new Harness(TestBundles.small(), NO_WALL_CLOCK, WALL)) {
            TestInputTopic<byte[], byte[]> in = h.driver.createInputTopic(h.config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
            byte[] value = "{}".getBytes(StandardCharsets.UTF_8);
            Instant t = Instant.ofEpochMilli(bucket(0));
            in.pipeInput(new TestRecord<>(hex("ff"), value, t));
            in.pipeInput(new TestRecord<>(hex("fe"), value, t));
            in.pipeInput(new TestRecord<>(hex("efbfbd"), value, t));
            in.pipeInput(new TestRecord<>(hex("6bc3"), value, t)); // "k" and a truncated two-byte sequence
            in.pipeInput(new TestRecord<>(hex("efbfbd"), value, t.plusMillis(1)));

            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertThat(dead).extracting(r -> header(r, DeadLetters.REASON)).containsExactly("invalid_key", "invalid_key", "invalid_key");
            assertThat(dead).extracting(TestRecord::key).containsExactly(hex("ff"), hex("fe"), hex("6bc3"));
            assertThat(header(dead.get(0), DeadLetters.ERROR)).contains("record key", "UTF-8", "ff", "offset 0");
            assertThat(header(dead.get(2), DeadLetters.ERROR)).contains("c3", "offset 1 of 2");
            assertThat(h.counter("blip.records.bad", "reason", "invalid_key")).isEqualTo(3.0);
            assertThat(h.counter("blip.events.consumed")).as("both U+FFFD events").isEqualTo(2.0);
            assertThat(h.gauge("blip.keys.tracked")).as("one key, U+FFFD, not merged with the malformed ones").isEqualTo(1.0);
        }
    }

    @Test
    void theRecordKeyIsNotDecodedWhenTheKeyComesFromAField() {
        try (Harness h = new Harness(TestBundles.small(), Map.of("BLIP_WALL_CLOCK_CLOSE", "false", "BLIP_KEY_FIELD", "user"), WALL)) {
            TestInputTopic<byte[], byte[]> in = h.driver.createInputTopic(h.config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
            in.pipeInput(new TestRecord<>(hex("ff"), "{\"user\":\"u\"}".getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(bucket(0))));
            assertThat(h.dlq.readRecordsToList()).isEmpty();
            assertThat(h.counter("blip.events.consumed")).isEqualTo(1.0);
        }
    }

    @Test
    void aRecordTimestampOfLongMaxValueIsDeadLetteredAndScoringGoesOn() {
        try (Harness h = new Harness(TestBundles.small(), NO_WALL_CLOCK, WALL)) {
            TestTraffic traffic = new TestTraffic(3);
            traffic.steady(h, 0, 30, "a");
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> h.raw("a", "{}", Long.MAX_VALUE),
                    "a record timestamp of Long.MAX_VALUE must not make the punctuation schedule loop");
            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(header(d, DeadLetters.REASON)).isEqualTo("timestamp_out_of_range");
                assertThat(header(d, DeadLetters.ERROR)).contains("record timestamp", "2000-01-01", "2100-01-01", Long.toString(Long.MAX_VALUE));
                assertThat(header(d, LenientTimestampExtractor.ORIGINAL_TIMESTAMP)).isEqualTo(Long.toString(Long.MAX_VALUE));
                assertThat(d.timestamp()).as("stamped with the partition time").isLessThan(bucket(30));
            });
            assertThat(h.counter("blip.records.bad", "reason", "timestamp_out_of_range")).isEqualTo(1.0);
            traffic.steady(h, 30, 60, "a");
            long last = h.readScores().stream().mapToLong(r -> Instant.parse(r.bucketStart()).toEpochMilli()).max().orElse(0);
            assertThat(last).as("buckets after the bad record are closed and scored").isGreaterThanOrEqualTo(bucket(55));
        }
    }

    @Test
    void recordTimestampsOutsideTheRangeAreRefusedByReasonWithTheOriginalValue() {
        try (Harness h = new Harness(TestBundles.small(), NO_WALL_CLOCK, WALL)) {
            long now = System.currentTimeMillis();
            long[] timestamps = {Long.MAX_VALUE, 0, 946_684_799_999L, 4_102_444_800_000L, now + Duration.ofDays(3).toMillis()};
            for (long ts : timestamps) {
                h.raw("k", "{}", ts);
            }
            h.raw("k", "{}", bucket(0));
            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertThat(dead).extracting(r -> header(r, DeadLetters.REASON)).containsExactly("timestamp_out_of_range",
                    "timestamp_out_of_range", "timestamp_out_of_range", "timestamp_out_of_range", "timestamp_in_future");
            for (int i = 0; i < timestamps.length; i++) {
                assertThat(header(dead.get(i), LenientTimestampExtractor.ORIGINAL_TIMESTAMP)).isEqualTo(Long.toString(timestamps[i]));
                assertThat(header(dead.get(i), DeadLetters.ERROR)).contains("record timestamp", Long.toString(timestamps[i]));
            }
            assertThat(header(dead.get(4), DeadLetters.ERROR)).contains("at most a day ahead");
            assertThat(h.counter("blip.records.bad", "reason", "timestamp_in_future")).isEqualTo(1.0);
            assertThat(h.counter("blip.events.consumed")).isEqualTo(1.0);
        }
    }

    /**
     * With the event time in a field the record timestamp is only transport metadata: an absurd one
     * (a producer with a broken clock) cannot move stream time, and the event still counts.
     */
    @Test
    void anOutOfRangeRecordTimestampDoesNotCostAnEventWhoseTimeComesFromAField() {
        try (Harness h = new Harness(TestBundles.small(), Map.of("BLIP_WALL_CLOCK_CLOSE", "false", "BLIP_TIME_FIELD", "ts"), WALL)) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> h.raw("k", "{\"ts\":" + bucket(0) + "}", Long.MAX_VALUE));
            h.raw("k", "{\"ts\":" + (bucket(0) + 1) + "}", -5);
            assertThat(h.dlq.readRecordsToList()).isEmpty();
            assertThat(h.counter("blip.events.consumed")).isEqualTo(2.0);
        }
    }

    @Test
    void aReplayedDeadLetterIsJudgedByItsOwnTimestampNotByTheMarkItCarries() {
        try (Harness h = new Harness(TestBundles.small(), NO_WALL_CLOCK, WALL)) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(LenientTimestampExtractor.ORIGINAL_TIMESTAMP, Long.toString(Long.MAX_VALUE).getBytes(StandardCharsets.UTF_8));
            h.input.pipeInput(new TestRecord<>("k", "{}", headers, Instant.ofEpochMilli(bucket(0))));
            assertThat(h.dlq.readRecordsToList()).isEmpty();
            assertThat(h.counter("blip.events.consumed")).isEqualTo(1.0);
        }
    }

    @Test
    void eventTimesFromAFieldKeepTheirRangeChecksNamingTheField() {
        try (Harness h = new Harness(TestBundles.small(), Map.of("BLIP_WALL_CLOCK_CLOSE", "false", "BLIP_TIME_FIELD", "ts"), WALL)) {
            long t = bucket(0);
            h.raw("k", "{\"ts\":" + Long.MAX_VALUE + "}", t);
            h.raw("k", "{\"ts\":\"2099-01-01T00:00:00Z\"}", t);
            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertThat(dead).extracting(r -> header(r, DeadLetters.REASON)).containsExactly("timestamp_out_of_range", "timestamp_in_future");
            assertThat(header(dead.get(0), DeadLetters.ERROR)).contains("field 'ts'", Long.toString(Long.MAX_VALUE));
            assertThat(header(dead.get(1), DeadLetters.ERROR)).contains("field 'ts'", "2099-01-01T00:00:00Z");
        }
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
