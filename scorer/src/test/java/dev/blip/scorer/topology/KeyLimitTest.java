package dev.blip.scorer.topology;

import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.scorer.testing.Harness;
import dev.blip.scorer.topology.serdes.DeadLetters;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.blip.scorer.topology.DeadLetterTest.header;
import static org.assertj.core.api.Assertions.assertThat;

/** Keys are input: past BLIP_MAX_KEYS a new key's events are dead-lettered, and evicted keys make room. */
class KeyLimitTest {

    static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void newKeysPastTheLimitAreDeadLetteredUntilIdleKeysAreEvicted() {
        Map<String, String> env = Map.of("BLIP_WALL_CLOCK_CLOSE", "false", "BLIP_MAX_KEYS", "3", "BLIP_KEY_TTL", "30m");
        try (Harness h = new Harness(TestBundles.small(), env, WALL)) {
            TestTraffic traffic = new TestTraffic(5);
            traffic.steady(h, 0, 2, 3, "a", "b", "c", "d");
            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertThat(dead).as("every event of the fourth key").isNotEmpty()
                    .allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("d"))
                    .allSatisfy(r -> assertThat(header(r, DeadLetters.REASON)).isEqualTo("key_limit"));
            assertThat(header(dead.get(0), DeadLetters.ERROR)).contains("'d'", "BLIP_MAX_KEYS", "at most 3");
            assertThat(h.counter("blip.records.bad", "reason", "key_limit")).isEqualTo(dead.size());

            // the three keys go on being scored; a and b fall silent for longer than the TTL and are evicted
            traffic.steady(h, 2, 30, 3, "c");
            assertThat(h.gauge("blip.keys.tracked")).as("a and b evicted").isEqualTo(1.0);
            assertThat(h.readScores()).extracting(s -> s.key()).contains("c").doesNotContain("d");

            traffic.steady(h, 30, 32, 3, "c", "d");
            assertThat(h.dlq.readRecordsToList()).as("room again for d").isEmpty();
            assertThat(h.gauge("blip.keys.tracked")).isEqualTo(2.0);
        }
    }
}
