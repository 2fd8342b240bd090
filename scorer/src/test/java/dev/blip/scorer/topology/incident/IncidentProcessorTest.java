package dev.blip.scorer.topology.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTime;
import dev.blip.scorer.config.ScorerConfig;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.model.ModelHolder;
import dev.blip.scorer.topology.serdes.EpisodeRecord;
import dev.blip.scorer.topology.serdes.IncidentRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The incident task alone, fed by hand: when it waits, what it writes, what it counts as late. */
class IncidentProcessorTest {

    static final long INTERVAL = TestBundles.small().interval().millis();
    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScorerMetrics metrics = ScorerMetrics.bind(registry);
    private MockProcessorContext<byte[], byte[]> context;
    private IncidentProcessor processor;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(T0);
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(IncidentTopology.STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor = new IncidentProcessor(new ScorerConfig.Incidents("incidents", 3, 2, Duration.ofMinutes(1)),
                new ModelHolder(TestBundles.small()), metrics);
        processor.init(context);
    }

    void open(String key, int bucket, double score) throws Exception {
        String at = Instant.ofEpochMilli(TestTime.bucket(bucket)).toString();
        EpisodeRecord e = new EpisodeRecord(2, key + "@" + at, EpisodeRecord.OPEN, key, at, null, null, 1, score, at,
                Map.of("total", 0.0), Map.of("total", 100.0), null, null, List.of("instantaneous"), null,
                TestBundles.small().version());
        processor.process(IncidentFeed.open(JSON.writeValueAsBytes(e), TestTime.bucket(bucket) + INTERVAL));
    }

    void progress(String task, int bucket) {
        processor.process(IncidentFeed.progress(task, TestTime.bucket(bucket), INTERVAL));
    }

    List<IncidentRecord> written() throws Exception {
        List<IncidentRecord> out = new java.util.ArrayList<>();
        for (var f : context.forwarded()) {
            assertThat(f.childName()).contains(IncidentTopology.SINK);
            out.add(JSON.readValue(f.record().value(), IncidentRecord.class));
        }
        return out;
    }

    @Test
    void waitsUntilEveryTaskClosedTheBucketThenWritesOnceAndCountsLaterOpeningsAsLate() throws Exception {
        progress("0_0", 79);
        progress("0_1", 79);
        open("a", 80, 0.6);
        open("b", 80, 0.9);
        progress("0_0", 80);
        assertThat(written()).as("task 0_1 has not closed bucket 80 yet").isEmpty();

        open("c", 80, 0.8);
        open("d", 80, 0.95);
        progress("0_1", 80);
        List<IncidentRecord> w = written();
        assertThat(w).singleElement().satisfies(r -> {
            assertThat(r.keyCount()).isEqualTo(4);
            assertThat(r.topKeys()).extracting(IncidentRecord.TopKey::key).containsExactly("d", "b");
            assertThat(r.peakScore()).isEqualTo(0.95);
            assertThat(r.bucketStart()).isEqualTo(Instant.ofEpochMilli(TestTime.bucket(80)).toString());
            assertThat(r.bucketEnd()).isEqualTo(Instant.ofEpochMilli(TestTime.bucket(80) + INTERVAL).toString());
        });
        assertThat(context.forwarded().get(0).record().timestamp()).isEqualTo(TestTime.bucket(80) + INTERVAL);

        open("e", 80, 0.99);
        progress("0_0", 81);
        progress("0_1", 81);
        assertThat(written()).as("nothing more for bucket 80").hasSize(1);
        assertThat(registry.get("blip.incidents.openings.late").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("blip.incidents.emitted").counter().count()).isEqualTo(1.0);
    }

    @Test
    void fewerOpeningsThanTheMinimumWriteNothingUntilLaterOnesReachIt() throws Exception {
        progress("0_0", 79);
        open("a", 80, 0.6);
        open("b", 80, 0.9);
        progress("0_0", 80);
        assertThat(written()).isEmpty();

        progress("0_0", 120);   // a jump of event time in the only task reported so far
        // a task that had not reported yet (right after a fresh start) brings its openings of bucket 80
        open("c", 80, 0.7);
        assertThat(written()).singleElement().satisfies(r -> assertThat(r.keyCount()).isEqualTo(3));
        assertThat(registry.get("blip.incidents.openings.late").counter().count()).isZero();
    }

    @Test
    void aStalledTaskDelaysTheIncidentByAtMostTheMaxWait() throws Exception {
        progress("0_0", 79);
        progress("0_1", 70);   // stalled
        open("a", 80, 0.6);
        open("b", 80, 0.7);
        open("c", 80, 0.8);
        progress("0_0", 80);
        context.setCurrentSystemTimeMs(T0 + 59_000);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0 + 59_000);
        assertThat(written()).isEmpty();

        context.setCurrentSystemTimeMs(T0 + 60_000);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0 + 60_000);
        assertThat(written()).singleElement().satisfies(r -> assertThat(r.keyCount()).isEqualTo(3));

        open("d", 80, 0.9);   // the stalled task catches up
        progress("0_1", 80);
        assertThat(written()).as("bucket 80 was decided").hasSize(1);
        assertThat(registry.get("blip.incidents.openings.late").counter().count()).isEqualTo(1.0);
    }
}
