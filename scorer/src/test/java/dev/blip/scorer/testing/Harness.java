package dev.blip.scorer.testing;

import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.scorer.config.ConfigLoader;
import dev.blip.scorer.config.ScorerConfig;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.model.ModelHolder;
import dev.blip.scorer.topology.ScoringTopology;
import dev.blip.scorer.topology.serdes.EpisodeRecord;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import dev.blip.scorer.topology.serdes.ScoreRecordEncoder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A TopologyTestDriver around the real topology, with the real metrics on a SimpleMeterRegistry. */
public final class Harness implements AutoCloseable, TestTraffic.Sink {

    public final ScorerConfig config;
    public final ModelHolder models;
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final ScorerMetrics metrics = ScorerMetrics.bind(registry);
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, String> input;
    public final TestOutputTopic<byte[], byte[]> anomalies;
    public final TestOutputTopic<byte[], byte[]> scores;
    public final TestOutputTopic<byte[], byte[]> dlq;
    /** Incident records (the raw bytes, to check them against the schema). */
    public final TestOutputTopic<byte[], byte[]> incidents;
    private final Path stateDir;

    public Harness(ModelBundle bundle, Map<String, String> env, Instant wallClock) {
        try {
            stateDir = Files.createTempDirectory("blip-ttd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new HashMap<>(Map.of("BLIP_BOOTSTRAP_SERVERS", "unused:9092", "BLIP_MODEL_PATH",
                "unused.blip", "BLIP_SCORES_TOPIC", "scores", "BLIP_STATE_DIR", stateDir.toString()));
        all.putAll(env);
        config = ConfigLoader.load(all, null);
        models = new ModelHolder(bundle);
        driver = new TopologyTestDriver(ScoringTopology.build(config, models, metrics), config.streamsProperties(), wallClock);
        StringSerializer s = new StringSerializer();
        input = driver.createInputTopic(config.inputTopic(), s, s);
        ByteArrayDeserializer b = new ByteArrayDeserializer();
        anomalies = driver.createOutputTopic(config.outputTopic(), b, b);
        scores = driver.createOutputTopic("scores", b, b);
        dlq = driver.createOutputTopic(config.dlqTopic(), b, b);
        incidents = driver.createOutputTopic(config.incidents().enabled() ? config.incidents().topic() : "incidents", b, b);
    }

    /** An event keyed by the record key and timed by the record timestamp. */
    @Override
    public void event(String key, long timestamp) {
        input.pipeInput(new TestRecord<>(key, "{}", Instant.ofEpochMilli(timestamp)));
    }

    public void raw(String key, String json, long timestamp) {
        input.pipeInput(new TestRecord<>(key, json, Instant.ofEpochMilli(timestamp)));
    }

    public List<ScoreRecord> readScores() {
        return decode(scores);
    }

    /** The episode reports on the anomalies topic since the last read. */
    public List<EpisodeRecord> readAnomalies() {
        List<EpisodeRecord> out = new ArrayList<>();
        for (byte[] v : anomalies.readValuesToList()) {
            out.add(ScoreRecordEncoder.decodeEpisode(v));
        }
        return out;
    }

    private static List<ScoreRecord> decode(TestOutputTopic<byte[], byte[]> topic) {
        List<ScoreRecord> out = new ArrayList<>();
        for (byte[] v : topic.readValuesToList()) {
            out.add(ScoreRecordEncoder.decode(v));
        }
        return out;
    }

    public double counter(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    public double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Override
    public void close() {
        driver.close();
        metrics.close();
        try (var walk = Files.walk(stateDir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory
        }
    }
}
