package dev.blip.scorer.config;

import dev.blip.core.event.EventFormat;
import dev.blip.core.model.fast.InferenceEngine;
import dev.blip.scorer.http.HttpEndpoints;
import dev.blip.scorer.topology.OutputTooLargeHandler;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The scorer's whole configuration, immutable and already validated (build it with
 * {@link ConfigLoader}). The bucket interval is not here: it belongs to the model bundle.
 *
 * @param scoresTopic  topic for every scored window, or null when off
 * @param closeBudget  most buckets one task closes per punctuation
 * @param kafka        Kafka client properties passed through verbatim ({@code BLIP_KAFKA_*})
 * @param operations   model trust, HTTP, health and inference settings
 * @param incidents    grouping of episodes that open together into incident records
 */
public record ScorerConfig(String bootstrapServers, String applicationId, String inputTopic, InputMode inputMode,
                           String keyField, String timeField, String categoryField, String valuesField,
                           String outputTopic, String scoresTopic, String dlqTopic, Path modelPath,
                           Duration modelWatchInterval, Duration grace, Duration keyTtl, boolean wallClockClose,
                           Path stateDir, int httpPort, String processingGuarantee, int streamThreads, int maxBatch,
                           int closeBudget,
                           Map<String, String> kafka, Operations operations, Incidents incidents) {

    /**
     * Incident records: many keys of one model opening an episode in the same bucket.
     *
     * @param topic   the incidents topic, or null when off
     * @param minKeys keys opening in one bucket that make an incident
     * @param topKeys keys an incident record lists
     * @param maxWait longest wait for slow tasks after a bucket's first opening arrived
     */
    public record Incidents(String topic, int minKeys, int topKeys, Duration maxWait) {
        public boolean enabled() {
            return topic != null;
        }
    }

    /**
     * How the scorer runs around the stream.
     *
     * @param modelPublicKey   Ed25519 public key bundles must be signed with, or null
     * @param livenessTimeout  how long Kafka Streams may be out of RUNNING before liveness fails; zero = never
     * @param inferenceEngine  {@code auto} or {@code dl4j}
     */
    public record Operations(Path modelPublicKey, String httpBindAddress, int httpThreads, Duration httpTimeout,
                             boolean httpModelDetails, Duration livenessTimeout, String inferenceEngine, String keyStateStore,
                             int maxKeys) {
    }

    /** Whether the key states are kept on the heap ({@code memory}) rather than in RocksDB. */
    public boolean keyStatesInMemory() {
        return "memory".equals(operations.keyStateStore());
    }

    public InferenceEngine inferenceEngine() {
        return InferenceEngine.parse(operations.inferenceEngine());
    }

    /** The HTTP endpoints' options. */
    public HttpEndpoints.Options httpOptions() {
        return new HttpEndpoints.Options(operations.httpBindAddress(), httpPort, operations.httpThreads(),
                operations.httpTimeout(), operations.httpModelDetails());
    }

    public ScorerConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(modelPath, "modelPath");
        kafka = Map.copyOf(kafka);
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(incidents, "incidents");
    }

    /** Where the parts of an event are in an input record. */
    public EventFormat eventFormat() {
        return new EventFormat(keyField, timeField, categoryField, inputMode == InputMode.COUNTS ? valuesField : null);
    }

    public boolean scoresEnabled() {
        return scoresTopic != null;
    }

    /** Stream threads for a {@code stream.threads} setting: itself, or for 0 one per available processor (at most 16). */
    public static int streamThreads(int setting) {
        return setting > 0 ? setting : Math.min(Runtime.getRuntime().availableProcessors(), 16);
    }

    /** The producers' {@code batch.size} unless {@code BLIP_KAFKA_BATCH_SIZE} says otherwise. */
    public static final int BATCH_BYTES = 256 * 1024;

    /** Kafka Streams properties: ours, then the pass-through ones (which cannot name ours; see ConfigLoader). */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads(streamThreads));
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OutputTooLargeHandler.class.getName());
        // Verdict JSON and key-state changelog records compress well; a close of 10^5 keys writes
        // ~100 MB uncompressed. A default only: BLIP_KAFKA_COMPRESSION_TYPE overrides it.
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Fewer, larger producer batches: a close sends one changelog record per key (and a verdict
        // with the scores topic on); each batch pays for its own compression buffers.
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        p.putAll(kafka);
        return p;
    }

    /** Whether the main consumer is a static group member ({@code group.instance.id}, plain or with a Streams consumer prefix). */
    public boolean staticMember() {
        return Stream.of("group.instance.id", "consumer.group.instance.id", "main.consumer.group.instance.id").anyMatch(kafka::containsKey);
    }

    /** A copy with other Kafka pass-through properties (tests and the demo tune clients this way). */
    public ScorerConfig withKafka(Map<String, String> extra) {
        Map<String, String> merged = new java.util.HashMap<>(kafka);
        merged.putAll(extra);
        return new ScorerConfig(bootstrapServers, applicationId, inputTopic, inputMode, keyField, timeField,
                categoryField, valuesField, outputTopic, scoresTopic, dlqTopic, modelPath, modelWatchInterval, grace,
                keyTtl, wallClockClose, stateDir, httpPort, processingGuarantee, streamThreads, maxBatch, closeBudget, merged,
                operations, incidents);
    }
}
