package dev.blip.scorer.topology;

import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTime;
import dev.blip.scorer.testing.Harness;
import dev.blip.scorer.topology.serdes.DeadLetters;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every unusable record lands on the dead-letter topic, unchanged, with its reason; good records keep flowing. */
class DeadLetterTest {

    @Test
    void badRecordsGoToTheDlqWithReasonAndSourceAndAreCounted() {
        Map<String, String> env = Map.of("BLIP_TIME_FIELD", "ts", "BLIP_CATEGORY_FIELD", "cat", "BLIP_WALL_CLOCK_CLOSE", "false");
        try (Harness h = new Harness(TestBundles.small(), env, Instant.parse("2026-01-01T00:00:00Z"))) {
            long t = TestTime.bucket(0);
            Map<String, String[]> bad = new LinkedHashMap<>();
            bad.put("invalid_json", new String[] {"k", "{not json"});
            bad.put("not_an_object", new String[] {"k", "[1,2,3]"});
            bad.put("missing_key", new String[] {null, "{\"ts\":" + t + "}"});
            bad.put("invalid_key", new String[] {null, "{\"key\":{\"a\":1},\"ts\":" + t + "}"});
            bad.put("missing_timestamp", new String[] {"k", "{\"when\":" + t + "}"});
            bad.put("invalid_timestamp", new String[] {"k", "{\"ts\":\"yesterday\"}"});
            bad.put("timestamp_out_of_range", new String[] {"k", "{\"ts\":5}"});
            bad.put("timestamp_in_future", new String[] {"k", "{\"ts\":\"2099-01-01T00:00:00Z\"}"});
            bad.put("invalid_category", new String[] {"k", "{\"ts\":" + t + ",\"cat\":7}"});
            bad.put("too_large", new String[] {"k", "{\"ts\":" + t + ",\"pad\":\"" + "x".repeat(70_000) + "\"}"});
            h.raw("good", "{\"ts\":" + t + "}", t);
            for (String[] r : bad.values()) {
                h.input.pipeInput(new TestRecord<>(r[0], r[1], Instant.ofEpochMilli(t)));
            }
            h.raw("good", "{\"ts\":" + (t + 1) + "}", t + 1);

            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertThat(dead).hasSize(bad.size());
            int i = 0;
            for (Map.Entry<String, String[]> e : bad.entrySet()) {
                TestRecord<byte[], byte[]> d = dead.get(i);
                assertThat(header(d, DeadLetters.REASON)).isEqualTo(e.getKey());
                assertThat(header(d, DeadLetters.ERROR)).isNotBlank();
                assertThat(header(d, DeadLetters.TOPIC)).isEqualTo("events");
                assertThat(header(d, DeadLetters.PARTITION)).isEqualTo("0");
                assertThat(header(d, DeadLetters.OFFSET)).isEqualTo(Integer.toString(i + 1));
                assertThat(new String(d.value(), StandardCharsets.UTF_8)).as("value unchanged").isEqualTo(e.getValue()[1]);
                assertThat(h.counter("blip.records.bad", "reason", e.getKey())).as(e.getKey()).isEqualTo(1.0);
                i++;
            }
            assertThat(h.counter("blip.events.consumed")).isEqualTo(2.0);
        }
    }

    @Test
    void countsModeRejectsMissingAndInvalidValues() {
        Map<String, String> env = Map.of("BLIP_INPUT_MODE", "counts", "BLIP_WALL_CLOCK_CLOSE", "false");
        try (Harness h = new Harness(TestBundles.small(), env, Instant.parse("2026-01-01T00:00:00Z"))) {
            long t = TestTime.bucket(0);
            h.raw("k", "{\"count\":3}", t);
            h.raw("k", "{\"value\":\"three\"}", t);
            h.raw("k", "{\"value\":[1,2]}", t);
            h.raw("k", "{\"value\":-1}", t);
            h.raw("k", "{\"value\":3}", t);
            assertThat(h.dlq.readRecordsToList()).extracting(r -> header(r, DeadLetters.REASON))
                    .containsExactly("missing_values", "invalid_values", "invalid_values", "invalid_values");
            assertThat(h.counter("blip.records.bad", "reason", "invalid_values")).isEqualTo(3.0);
            assertThat(h.counter("blip.events.consumed")).isEqualTo(1.0);
        }
    }

    static String header(TestRecord<byte[], byte[]> r, String name) {
        Header header = r.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
