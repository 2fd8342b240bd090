package dev.blip.reliability;

import dev.blip.core.testkit.TestBundles;
import dev.blip.reliability.support.Scenario;
import dev.blip.scorer.config.ConfigLoader;
import dev.blip.scorer.config.ScorerConfig;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.model.ModelHolder;
import dev.blip.scorer.topology.ScoringTopology;
import dev.blip.scorer.topology.serdes.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.blip.core.testkit.TestTime.START;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * jqwik on the scorer's own deserialisation path (raw record key, value and timestamp into the
 * real topology, in a TopologyTestDriver): whatever arrives, processing never throws, and every
 * record is accounted for exactly once, as an event (consumed), a late event, or a dead letter
 * whose count equals the bad-record counter and which carries a reason header. The parser alone
 * is fuzzed in core's RecordParserTest; this covers what the scorer adds (key decoding, the future
 * limit, late handling, the DLQ record).
 */
class ScorerInputPropertyTest {

    private static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");
    private static TopologyTestDriver driver;
    private static SimpleMeterRegistry registry;
    private static TestInputTopic<byte[], byte[]> input;
    private static TestOutputTopic<byte[], byte[]> dlq;
    private static Path state;
    private static long piped;
    private static long dlqRecords;

    @BeforeContainer
    static void start() throws Exception {
        state = Files.createTempDirectory("blip-prop-");
        Map<String, String> env = new HashMap<>(Map.of("BLIP_BOOTSTRAP_SERVERS", "unused:9092", "BLIP_MODEL_PATH", "unused.blip",
                "BLIP_STATE_DIR", state.toString(), "BLIP_WALL_CLOCK_CLOSE", "false"));
        ScorerConfig config = ConfigLoader.load(env, null);
        registry = new SimpleMeterRegistry();
        driver = new TopologyTestDriver(ScoringTopology.build(config, new ModelHolder(TestBundles.small()), ScorerMetrics.bind(registry)),
                config.streamsProperties(), WALL);
        input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterContainer
    static void stop() {
        // not vacuous: the generators produced both usable events and dead letters
        assertThat(registry.get("blip.events.consumed").counter().count()).as("events consumed").isPositive();
        assertThat(dlqRecords).as("dead letters").isPositive();
        assertThat(piped).as("all tries ran (each pipes at least one record)").isGreaterThanOrEqualTo(300);
        driver.close();
        Scenario.deleteRecursively(state);
    }

    @Property(tries = 300)
    void everyRecordIsCountedOnceAndNothingThrows(@ForAll("records") List<TestRecord<byte[], byte[]>> records) {
        for (TestRecord<byte[], byte[]> r : records) {
            input.pipeInput(r);
            piped++;
        }
        for (var out : dlq.readRecordsToList()) {
            dlqRecords++;
            assertThat(out.headers().lastHeader(DeadLetters.REASON)).as("reason header").isNotNull();
        }
        double bad = registry.find("blip.records.bad").counters().stream().mapToDouble(Counter::count).sum();
        double consumed = registry.get("blip.events.consumed").counter().count();
        double late = registry.get("blip.events.late").counter().count();
        assertThat(bad).as("bad-record counter equals the DLQ").isEqualTo((double) dlqRecords);
        assertThat(consumed + late + bad).as("every record counted exactly once").isEqualTo((double) piped);
    }

    @Provide
    Arbitrary<List<TestRecord<byte[], byte[]>>> records() {
        Arbitrary<byte[]> key = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40).map(ScorerInputPropertyTest::utf8),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40), Arbitraries.just(null),
                Arbitraries.strings().withChars('k').ofMinLength(1000).ofMaxLength(1100).map(ScorerInputPropertyTest::utf8));
        Arbitrary<byte[]> value = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.strings().ofMaxLength(100).map(ScorerInputPropertyTest::utf8), Arbitraries.just(null),
                json().map(ScorerInputPropertyTest::utf8));
        // valid times stay within a day: a larger jump in event time fills up to the key TTL (7 days,
        // 2,016 zero buckets) per key, which makes the property slow without reaching new code
        long future = WALL.toEpochMilli() + 86_400_000L + 1;
        Arbitrary<Long> ts = Arbitraries.oneOf(Arbitraries.longs().between(START, START + 86_400_000L),
                Arbitraries.longs().between(0, 946_684_799_999L), Arbitraries.longs().between(future, 5_000_000_000_000L),
                Arbitraries.of(0L, future, 4_102_444_800_000L));
        Arbitrary<TestRecord<byte[], byte[]>> record = net.jqwik.api.Combinators.combine(key, value, ts)
                .as((k, v, t) -> new TestRecord<>(k, v, new RecordHeaders(), t));
        return record.list().ofMinSize(1).ofMaxSize(30);
    }

    /** Mostly-valid JSON objects: a key field, a timestamp field and junk, each of a random type. */
    private static Arbitrary<String> json() {
        Arbitrary<String> scalar = Arbitraries.oneOf(Arbitraries.longs().map(Object::toString), Arbitraries.strings().alpha()
                .ofMaxLength(10).map(s -> "\"" + s + "\""), Arbitraries.of("null", "true", "[]", "{}", "1.5", "\"2024-01-01T00:00:00Z\""));
        return net.jqwik.api.Combinators.combine(scalar, scalar, Arbitraries.of("key", "timestamp", "x", "value"))
                .as((a, b, name) -> "{\"" + name + "\":" + a + ",\"key\":" + b + "}");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
