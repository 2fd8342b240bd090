package dev.blip.scorer.topology;

import dev.blip.core.bucket.KeyBuckets;
import dev.blip.core.testkit.TestBundles;
import dev.blip.scorer.testing.Harness;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.blip.core.testkit.TestTime.BUCKET;
import static dev.blip.core.testkit.TestTime.START;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open buckets are kept decoded by the processor and written to their logged store only at
 * commits: what the store (and so the changelog) holds after each commit is every counted event,
 * and a task started on that store goes on counting from it.
 */
class OpenBucketsTest {

    static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");
    static final Map<String, String> ENV = Map.of("BLIP_WALL_CLOCK_CLOSE", "false");

    @Test
    void theStoreHoldsEveryCountedEventAfterEachCommit() {
        try (Harness h = new Harness(TestBundles.small(), ENV, WALL)) {
            KeyValueStore<String, byte[]> store = h.driver.getKeyValueStore(ScoringTopology.OPEN_STORE);
            for (int i = 0; i < 3; i++) {
                h.event("a", START + 1000 + i);
                // the test driver commits after every record: Kafka Streams' pre-commit cache flush ran the hook
                assertThat(total(store.get("a"), START)).as("after event %d", i + 1).isEqualTo(i + 1);
            }
            h.event("b", START + BUCKET + 5);
            assertThat(total(store.get("b"), START + BUCKET)).isEqualTo(1);
            assertThat(total(store.get("a"), START)).isEqualTo(3);
        }
    }

    @Test
    void entriesAreReadBackAtStartAndWrittenOnlyWhenFlushed() {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("open"), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        KeyBuckets saved = KeyBuckets.startingAt(START, BUCKET);
        saved.add(START, START + 1, new double[] {4});
        store.put("a", saved.toBytes());
        store.put("bad", new byte[] {9, 9});
        List<String> unreadable = new ArrayList<>();

        OpenBuckets open = new OpenBuckets(store, (key, bytes, e) -> unreadable.add(key));
        assertThat(unreadable).containsExactly("bad");
        assertThat(store.get("bad")).as("an unreadable entry is deleted").isNull();
        assertThat(open.get("a").open().get(START)).containsExactly(4.0);

        KeyBuckets a = open.get("a");
        a.add(START, START + 2, new double[] {1});
        open.put("a", a);
        KeyBuckets b = KeyBuckets.startingAt(START, BUCKET);
        b.add(START, START + 3, new double[] {2});
        open.put("b", b);
        assertThat(total(store.get("a"), START)).as("not written before the flush").isEqualTo(4);
        assertThat(store.get("b")).isNull();
        open.flush();
        assertThat(total(store.get("a"), START)).isEqualTo(5);
        assertThat(total(store.get("b"), START)).isEqualTo(2);

        b.add(START, START + 4, new double[] {1});
        open.put("b", b);
        open.discard();
        open.flush();
        assertThat(total(store.get("b"), START)).as("a discarded change is never written").isEqualTo(2);
        open.delete("a");
        assertThat(store.get("a")).as("deleted at once").isNull();
        assertThat(open.get("a")).isNull();

        // a close's pass: keys it reads a state for are seen; the others (new keys) come at its end
        open.put("c", KeyBuckets.startingAt(START, BUCKET));
        open.put("e", KeyBuckets.startingAt(START, BUCKET));
        open.beginPass();
        assertThat(open.see("b")).isSameAs(b);
        assertThat(open.see("nothing")).isNull();
        open.put("d", KeyBuckets.startingAt(START, BUCKET));
        assertThat(open.unseen()).as("in key order; not b (seen), not d (made during the pass)").containsExactly("c", "e");
        open.beginPass();
        assertThat(open.unseen()).containsExactly("b", "c", "d", "e");
    }

    private static double total(byte[] entry, long bucket) {
        assertThat(entry).as("open-bucket entry in the store").isNotNull();
        double[] counts = KeyBuckets.fromBytes(entry).open().get(bucket);
        assertThat(counts).as("open bucket at %d", bucket).isNotNull();
        return counts[0];
    }
}
