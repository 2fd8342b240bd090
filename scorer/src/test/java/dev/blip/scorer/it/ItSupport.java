package dev.blip.scorer.it;

import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.testkit.TestBundles;
import dev.blip.scorer.topology.serdes.EpisodeRecord;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import dev.blip.scorer.topology.serdes.ScoreRecordEncoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Clients and helpers shared by the integration tests. */
final class ItSupport {

    /**
     * Our events are from 2023: with the default 7-day time retention the broker would delete them
     * (and the anomalies stamped with their bucket times) at its first retention check.
     */
    static final Map<String, String> BROKER = Map.of("log.retention.ms", "-1");

    private ItSupport() {
    }

    static Path saveSmallBundle() throws IOException {
        Path dir = Files.createTempDirectory("blip-it-model-");
        Path path = dir.resolve("model.blip");
        ModelBundle small = TestBundles.small();
        BundleIO.save(small.manifest(), small.network(), path);
        return path;
    }

    static Map<String, String> env(String bootstrap, Path model, String appId, String input, String output) {
        Map<String, String> env = new HashMap<>();
        env.put("BLIP_BOOTSTRAP_SERVERS", bootstrap);
        env.put("BLIP_MODEL_PATH", model.toString());
        env.put("BLIP_APPLICATION_ID", appId);
        env.put("BLIP_INPUT_TOPIC", input);
        env.put("BLIP_OUTPUT_TOPIC", output);
        env.put("BLIP_DLQ_TOPIC", "dlq-" + appId);
        env.put("BLIP_INCIDENTS_TOPIC", "");   // off unless a test creates its incidents topic (ScorerIT)
        env.put("BLIP_HTTP_PORT", "0");
        // event timestamps are from 2023: replayed history, so buckets close by event time only
        env.put("BLIP_WALL_CLOCK_CLOSE", "false");
        env.put("BLIP_MODEL_WATCH_INTERVAL", "1s");
        try {
            env.put("BLIP_STATE_DIR", Files.createTempDirectory("blip-it-state-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("BLIP_KAFKA_COMMIT_INTERVAL_MS", "200");
        env.put("BLIP_KAFKA_SESSION_TIMEOUT_MS", "10000");
        env.put("BLIP_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        return env;
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                // the in-process test broker has been seen to hand a new idempotent producer a used id, which
                // then loops on OutOfOrderSequenceException; one request in flight keeps order without it
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /** Polls until {@code done} holds for what was read, then keeps reading for {@code settle} to catch extras. */
    static List<ConsumerRecord<byte[], byte[]>> readUntil(KafkaConsumer<byte[], byte[]> consumer, List<ConsumerRecord<byte[], byte[]>> into,
                                                          Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                          Duration timeout, Duration settle) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.test(into) && System.nanoTime() < end) {
            consumer.poll(Duration.ofMillis(200)).forEach(into::add);
        }
        long settleEnd = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < settleEnd) {
            consumer.poll(Duration.ofMillis(200)).forEach(into::add);
        }
        return into;
    }

    static List<ScoreRecord> decode(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ScoreRecord> out = new ArrayList<>();
        records.forEach(r -> out.add(ScoreRecordEncoder.decode(r.value())));
        return out;
    }

    static List<EpisodeRecord> decodeEpisodes(List<ConsumerRecord<byte[], byte[]>> records) {
        List<EpisodeRecord> out = new ArrayList<>();
        records.forEach(r -> out.add(ScoreRecordEncoder.decodeEpisode(r.value())));
        return out;
    }

    /** "episodeId/state": one per record the anomalies topic should hold. */
    static String id(EpisodeRecord r) {
        return r.episodeId() + "/" + r.state();
    }

    static String id(ScoreRecord r) {
        return r.key() + "@" + java.time.Instant.parse(r.bucketStart()).toEpochMilli();
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of an unlabelled or labelled sample line, e.g. {@code blip_events_consumed_total}. */
    static double sample(String scrape, String series) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ") || line.startsWith(series + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("no sample " + series + " in the scrape");
        }
        return sum;
    }
}
