package dev.blip.scorer.topology.incident;

import dev.blip.scorer.config.ScorerConfig;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.model.ModelHolder;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The incident sub-topology: the scoring processor's feed ({@link IncidentFeed}) goes through an
 * internal repartition topic of one partition (so the openings of all input partitions meet in one
 * task) to the {@link IncidentProcessor}, which writes incident records. Kafka Streams creates and
 * purges the repartition topic; under exactly-once it is part of the same transactions as the rest.
 */
public final class IncidentTopology {

    /** Name of the repartition topic, after the application id: {@code <application.id>-blip-incident-feed-repartition}. */
    public static final String REPARTITION = "blip-incident-feed";
    public static final String PROCESSOR = "incidents";
    public static final String SINK = "incidents-sink";
    public static final String STORE = "blip-incidents";

    private IncidentTopology() {
    }

    /** Adds the feed node under {@code scoring} and the incident task after it. */
    public static void add(StreamsBuilder b, KStream<byte[], byte[]> scoring, ScorerConfig.Incidents config,
                           ModelHolder holder, ScorerMetrics metrics) {
        Serde<byte[]> bytes = Serdes.ByteArray();
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled());
        scoring.filter((k, v) -> true, Named.as(IncidentFeed.NODE))
                .repartition(Repartitioned.<byte[], byte[]>as(REPARTITION).withKeySerde(bytes).withValueSerde(bytes)
                        .withNumberOfPartitions(1))
                .process(() -> new IncidentProcessor(config, holder, metrics), Named.as(PROCESSOR), STORE)
                .to(config.topic(), Produced.with(bytes, bytes).withName(SINK));
    }
}
