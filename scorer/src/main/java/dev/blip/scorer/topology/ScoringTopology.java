package dev.blip.scorer.topology;

import dev.blip.scorer.config.ScorerConfig;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.model.ModelHolder;
import dev.blip.scorer.topology.incident.IncidentTopology;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the scoring topology; a pure function of its arguments, so tests drive exactly what runs
 * in production. Source (raw bytes: nothing can fail to deserialise) → {@code buckets} processor
 * (parse, count, close, score, detect) → sinks for episode records (anomalies), per-bucket verdicts
 * (scores, optional) and dead letters, and, when incidents are on, a second sub-topology
 * ({@link IncidentTopology}) that groups the episode openings of all partitions into incident
 * records. All sinks belong to the topology, so with exactly-once every output, dead letters
 * included, is written in the same transaction as the state changes and the consumed offsets.
 * The DSL only wires the nodes; every node is one of ours, named as before.
 */
public final class ScoringTopology {

    public static final String SOURCE = "events";
    public static final String PROCESSOR = "buckets";
    public static final String ANOMALIES_SINK = "anomalies-sink";
    public static final String SCORES_SINK = "scores-sink";
    public static final String DLQ_SINK = "dlq-sink";
    public static final String KEY_STORE = "blip-key-state";
    /** Each key's open buckets, apart from its key state: the small entry every event rewrites. */
    public static final String OPEN_STORE = "blip-open-buckets";
    public static final String CLOCK_STORE = "blip-task-clock";
    /** Holds nothing: writes the open buckets changed since the last commit before each commit ({@link OpenBuckets}). */
    static final String COMMIT_HOOK = "blip-commit-hook";

    private ScoringTopology() {
    }

    public static Topology build(ScorerConfig config, ModelHolder holder, ScorerMetrics metrics) {
        StreamsBuilder b = new StreamsBuilder();
        KeyLimit keyLimit = new KeyLimit(KeyLimit.of(config.operations().maxKeys(), config.keyStatesInMemory()));
        // No cache for the key states: each is written once per close, and 1 KB per key would crowd
        // the small open-bucket entries (rewritten by every event) out of the thread's cache. On the
        // heap by default: a close of 10^5 keys spends about half its time reading and writing
        // RocksDB otherwise (iterating entries every close rewrites, and compacting them).
        b.addStateStore(Stores.keyValueStoreBuilder(config.keyStatesInMemory() ? Stores.inMemoryKeyValueStore(KEY_STORE)
                : Stores.persistentKeyValueStore(KEY_STORE), Serdes.String(), Serdes.ByteArray()).withCachingDisabled());
        // The open buckets are cached decoded by the processor and written once per commit ({@link OpenBuckets}).
        b.addStateStore(Stores.keyValueStoreBuilder(config.keyStatesInMemory() ? Stores.inMemoryKeyValueStore(OPEN_STORE)
                : Stores.persistentKeyValueStore(OPEN_STORE), Serdes.String(), Serdes.ByteArray()).withCachingDisabled());
        b.addStateStore(CommitHook.builder(COMMIT_HOOK));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLOCK_STORE), Serdes.String(),
                Serdes.Long()).withCachingEnabled());
        Serde<byte[]> bytes = Serdes.ByteArray();
        KStream<byte[], byte[]> out = b.stream(config.inputTopic(), Consumed.with(bytes, bytes)
                        .withTimestampExtractor(new LenientTimestampExtractor())
                        .withOffsetResetPolicy(AutoOffsetReset.earliest()).withName(SOURCE))
                .process(() -> new BucketProcessor(config, holder, metrics, keyLimit), Named.as(PROCESSOR), KEY_STORE, OPEN_STORE,
                        CLOCK_STORE, COMMIT_HOOK);
        out.to(config.outputTopic(), Produced.with(bytes, bytes).withName(ANOMALIES_SINK));
        if (config.scoresEnabled()) {
            out.to(config.scoresTopic(), Produced.with(bytes, bytes).withName(SCORES_SINK));
        }
        out.to(config.dlqTopic(), Produced.with(bytes, bytes).withName(DLQ_SINK));
        if (config.incidents().enabled()) {
            IncidentTopology.add(b, out, config.incidents(), holder, metrics);
        }
        return b.build();
    }
}
