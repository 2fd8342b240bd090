package dev.blip.scorer.topology;

import dev.blip.scorer.config.ScorerConfig;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.model.ModelHolder;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the scoring topology; a pure function of its arguments, so tests drive exactly what runs
 * in production. Source (raw bytes: nothing can fail to deserialise) → {@code buckets} processor
 * (parse, count, close, score, detect) → sinks for episode records (anomalies), per-bucket verdicts
 * (scores, optional) and dead letters. All
 * sinks belong to the topology, so with exactly-once every output, dead letters included, is
 * written in the same transaction as the state changes and the consumed offsets.
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

    private ScoringTopology() {
    }

    public static Topology build(ScorerConfig config, ModelHolder holder, ScorerMetrics metrics) {
        Topology t = new Topology();
        t.addSource(AutoOffsetReset.earliest(), SOURCE, new LenientTimestampExtractor(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), config.inputTopic());
        t.addProcessor(PROCESSOR, () -> new BucketProcessor(config, holder, metrics), SOURCE);
        // No cache for the key states: each is written once per close, and 1 KB per key would crowd
        // the small open-bucket entries (rewritten by every event) out of the thread's cache.
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KEY_STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingDisabled(), PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN_STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLOCK_STORE), Serdes.String(),
                Serdes.Long()).withCachingEnabled(), PROCESSOR);
        ByteArraySerializer bytes = new ByteArraySerializer();
        t.addSink(ANOMALIES_SINK, config.outputTopic(), bytes, bytes, PROCESSOR);
        if (config.scoresEnabled()) {
            t.addSink(SCORES_SINK, config.scoresTopic(), bytes, bytes, PROCESSOR);
        }
        t.addSink(DLQ_SINK, config.dlqTopic(), bytes, bytes, PROCESSOR);
        return t;
    }
}
