package dev.blip.scorer.it;

import dev.blip.core.bundle.BundleIO;
import dev.blip.core.detect.BucketVerdict;
import dev.blip.kafka.embedded.BrokerExtension;
import dev.blip.scorer.app.ScorerApp;
import dev.blip.scorer.app.ScorerMain;
import dev.blip.scorer.testing.OutputSchemas;
import dev.blip.scorer.topology.serdes.DeadLetters;
import dev.blip.scorer.topology.serdes.EpisodeRecord;
import dev.blip.scorer.topology.serdes.IncidentRecord;
import dev.blip.scorer.topology.serdes.ScoreRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real application (main's wiring, HTTP included) against a real KRaft broker: events in,
 * verdicts and episode records out (read_committed) exactly as the offline path predicts, bad records on the DLQ,
 * and the /metrics counters agreeing with what was produced and consumed.
 */
class ScorerIT {

    static final int PARTITIONS = 2;

    @RegisterExtension
    static final BrokerExtension kafka = BrokerExtension.with(ItSupport.BROKER);

    static Path model;

    @BeforeAll
    static void start() throws IOException {
        kafka.get().createTopics(PARTITIONS, "events", "anomalies", "scores", "dlq-it-single", "events-outage",
                "anomalies-outage", "incidents-outage", "dlq-it-outage");
        model = ItSupport.saveSmallBundle();
    }

    @Test
    void scoresEventsEndToEndWithMatchingMetrics() throws Exception {
        ItTraffic traffic = new ItTraffic(4, 48, 1L);
        Map<String, BucketVerdict> expected = traffic.offline(BundleIO.load(model));
        long anomalousBuckets = expected.values().stream().filter(BucketVerdict::anomaly).count();
        Set<String> expectedEpisodes = ItTraffic.episodes(expected);
        assertThat(expectedEpisodes).as("the traffic holds anomalies").isNotEmpty();

        Map<String, String> env = ItSupport.env(kafka.get().bootstrapServers(), model, "it-single", "events", "anomalies");
        env.put("BLIP_SCORES_TOPIC", "scores");
        ScorerApp app = ScorerMain.start(new String[0], env);
        try (app; KafkaProducer<String, String> producer = ItSupport.producer(kafka.get().bootstrapServers());
             KafkaConsumer<byte[], byte[]> anomalies = ItSupport.consumer(kafka.get().bootstrapServers(), "anomalies");
             KafkaConsumer<byte[], byte[]> scores = ItSupport.consumer(kafka.get().bootstrapServers(), "scores");
             KafkaConsumer<byte[], byte[]> dlq = ItSupport.consumer(kafka.get().bootstrapServers(), "dlq-it-single")) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(ItSupport.get(app.httpPort(), "/health/ready").statusCode()).isEqualTo(200);
            assertThat(ItSupport.get(app.httpPort(), "/health/live").statusCode()).isEqualTo(200);
            assertThat(ItSupport.get(app.httpPort(), "/model").body()).contains(app.models().current().version());

            traffic.produce(producer, "events", 0, traffic.buckets);
            producer.send(new ProducerRecord<>("events", "k", "{broken"));
            producer.send(new ProducerRecord<>("events", null, "{}"));
            producer.send(new ProducerRecord<>("events", null, 5L, "k", "{}"));
            traffic.seal(producer, "events", PARTITIONS, traffic.buckets);

            List<ConsumerRecord<byte[], byte[]>> scoreRecords = ItSupport.readUntil(scores, new ArrayList<>(),
                    r -> r.size() >= expected.size(), Duration.ofSeconds(120), Duration.ofSeconds(1));
            for (ConsumerRecord<byte[], byte[]> r : scoreRecords) {
                assertThat(OutputSchemas.violations(OutputSchemas.SCORE, r.value())).as("score record schema").isEmpty();
            }
            List<ScoreRecord> all = ItSupport.decode(scoreRecords);
            assertThat(all.stream().map(ItSupport::id).toList()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (ScoreRecord r : all) {
                BucketVerdict o = expected.get(ItSupport.id(r));
                assertThat(r.actual().get("total")).as(ItSupport.id(r)).isEqualTo(o.score().lastActual()[0]);
                assertThat(r.rawError()).as(ItSupport.id(r)).isCloseTo(o.score().rawScore(), withinPercentage(1e-4));
                assertThat(r.isAnomaly()).as(ItSupport.id(r)).isEqualTo(o.anomaly());
                assertThat(r.reasons()).as(ItSupport.id(r)).isEqualTo(o.reasons());
                assertThat(r.anomalyScore()).as(ItSupport.id(r)).isCloseTo(o.anomalyScore(), within(1e-5));
            }
            List<ConsumerRecord<byte[], byte[]>> episodeRecords = ItSupport.readUntil(anomalies, new ArrayList<>(),
                    r -> r.size() >= expectedEpisodes.size(), Duration.ofSeconds(30), Duration.ofSeconds(2));
            for (ConsumerRecord<byte[], byte[]> r : episodeRecords) {
                assertThat(OutputSchemas.violations(OutputSchemas.EPISODE, r.value())).as("episode record schema").isEmpty();
            }
            List<EpisodeRecord> found = ItSupport.decodeEpisodes(episodeRecords);
            assertThat(found.stream().map(ItSupport::id).toList()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expectedEpisodes);

            List<ConsumerRecord<byte[], byte[]>> dead = ItSupport.readUntil(dlq, new ArrayList<>(), r -> r.size() >= 3,
                    Duration.ofSeconds(30), Duration.ZERO);
            assertThat(dead).extracting(r -> new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("invalid_json", "missing_key", "timestamp_out_of_range");

            String scrape = ItSupport.get(app.httpPort(), "/metrics").body();
            assertThat(ItSupport.sample(scrape, "blip_events_consumed_total")).isEqualTo(traffic.events() + PARTITIONS);
            assertThat(ItSupport.sample(scrape, "blip_records_bad_total")).isEqualTo(3.0);
            assertThat(ItSupport.sample(scrape, "blip_events_late_total")).isZero();
            assertThat(ItSupport.sample(scrape, "blip_windows_scored_total")).isEqualTo(expected.size());
            assertThat(ItSupport.sample(scrape, "blip_anomalies_emitted_total")).isEqualTo(anomalousBuckets);
            assertThat(ItSupport.sample(scrape, "blip_episodes_opened_total") + ItSupport.sample(scrape, "blip_episodes_closed_total"))
                    .isEqualTo(expectedEpisodes.size());
            assertThat(ItSupport.sample(scrape, "blip_episodes_open"))
                    .isEqualTo(expectedEpisodes.stream().filter(e -> e.endsWith("/open")).count()
                            - expectedEpisodes.stream().filter(e -> e.endsWith("/closed")).count());
            assertThat(ItSupport.sample(scrape, "blip_keys_unreadable_total")).isZero();
            assertThat(ItSupport.sample(scrape, "blip_buckets_closed_total")).isEqualTo(traffic.keys.size() * traffic.buckets);
            assertThat(ItSupport.sample(scrape, "blip_keys_tracked")).isEqualTo(traffic.keys.size() + PARTITIONS);
            assertThat(ItSupport.sample(scrape, "blip_scoring_batch_size_windows_count")).isPositive();
            String engine = app.models().current().bundle().newReconstructionModel().engine();
            assertThat(engine).as("bundles score through the fast path").isEqualTo("fast-lstm");
            assertThat(scrape).contains("blip_model_info{engine=\"" + engine + "\",version=\"" + app.models().current().version() + "\"} 1");
            assertThat(scrape).contains("jvm_memory_used_bytes");
            List<String> kafkaSeries = scrape.lines().filter(l -> l.startsWith("kafka_")).toList();
            System.out.printf("ScorerIT: %d kafka_* series of %d series on /metrics%n", kafkaSeries.size(),
                    scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count());
            assertThat(kafkaSeries).as("Kafka client series, trimmed to what dashboards and alerts use").isNotEmpty()
                    .hasSizeLessThanOrEqualTo(20)
                    .allSatisfy(l -> assertThat(l).startsWith("kafka_consumer_fetch_manager_records_lag_max"));
            // jvm_gc_pause_* exist once the JVM has collected; a run that allocates little may not have yet
            String afterGc = scrape;
            for (int i = 0; i < 50 && !afterGc.contains("jvm_gc_pause_seconds_count"); i++) {
                System.gc();
                Thread.sleep(200);
                afterGc = ItSupport.get(app.httpPort(), "/metrics").body();
            }
            everyNameDashboardsAndAlertsUseIsExposed(afterGc);
            promtoolFindsNothingWrong(scrape);
        }
        assertThat(app.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
    }

    /**
     * Every key of every partition falls silent in the same bucket: the episode openings of both
     * partitions meet in the incident task, and one incident record (valid against its schema) names
     * them, counted exactly as the offline path finds them.
     */
    @Test
    void keysOfAllPartitionsOpeningTogetherMakeOneIncident() throws Exception {
        ItTraffic traffic = new ItTraffic(8, 48, 3L);
        int outage = 36;
        for (double[] row : traffic.counts) {
            dev.blip.core.testkit.TestTraffic.silence(row, outage, traffic.buckets);
        }
        Map<String, BucketVerdict> expected = traffic.offline(BundleIO.load(model));
        String outageStart = java.time.Instant.ofEpochMilli(dev.blip.core.testkit.TestTime.bucket(outage)).toString();
        List<String> opening = expected.values().stream()
                .filter(v -> v.episode() != null && v.episode().open())
                .filter(v -> java.time.Instant.ofEpochMilli(v.episode().startBucket()).toString().equals(outageStart))
                .map(v -> v.episode().key()).sorted().toList();
        assertThat(opening).as("the outage opens an episode for (nearly) every key").hasSizeGreaterThanOrEqualTo(5);

        Map<String, String> env = ItSupport.env(kafka.get().bootstrapServers(), model, "it-outage", "events-outage",
                "anomalies-outage");
        env.put("BLIP_INCIDENTS_TOPIC", "incidents-outage");
        env.put("BLIP_INCIDENT_TOP_KEYS", "3");
        ScorerApp app = ScorerMain.start(new String[0], env);
        try (app; KafkaProducer<String, String> producer = ItSupport.producer(kafka.get().bootstrapServers());
             KafkaConsumer<byte[], byte[]> incidents = ItSupport.consumer(kafka.get().bootstrapServers(), "incidents-outage")) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            traffic.produce(producer, "events-outage", 0, traffic.buckets);
            traffic.seal(producer, "events-outage", PARTITIONS, traffic.buckets);

            List<ConsumerRecord<byte[], byte[]>> read = ItSupport.readUntil(incidents, new ArrayList<>(),
                    r -> !r.isEmpty(), Duration.ofSeconds(120), Duration.ofSeconds(3));
            assertThat(read).as("one incident, for the outage's bucket").hasSize(1);
            for (ConsumerRecord<byte[], byte[]> r : read) {
                assertThat(OutputSchemas.violations(OutputSchemas.INCIDENT, r.value())).as("incident record schema").isEmpty();
            }
            IncidentRecord incident = new com.fasterxml.jackson.databind.ObjectMapper().readValue(read.get(0).value(),
                    IncidentRecord.class);
            assertThat(incident.bucketStart()).isEqualTo(outageStart);
            assertThat(incident.keyCount()).isEqualTo(opening.size());
            assertThat(incident.topKeys()).hasSize(3)
                    .allSatisfy(k -> assertThat(opening).contains(k.key()));
            assertThat(new String(read.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(incident.incidentId());
            String scrape = ItSupport.get(app.httpPort(), "/metrics").body();
            assertThat(ItSupport.sample(scrape, "blip_incidents_emitted_total")).isEqualTo(1.0);
            assertThat(ItSupport.sample(scrape, "blip_incidents_openings_late_total")).isZero();
        }
    }

    /**
     * The Grafana dashboard and the alert rules are checked (in the deploy module) against one list
     * of metric names; this is where that list meets a real scrape of the running scorer.
     */
    static void everyNameDashboardsAndAlertsUseIsExposed(String scrape) throws IOException {
        Path contract = Path.of("..", "deploy", "src", "test", "resources", "exposed-metrics.txt");
        List<String> names = java.nio.file.Files.readAllLines(contract).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(names).contains("blip_events_consumed_total", "blip_model_info");
        java.util.Set<String> exposed = scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(java.util.stream.Collectors.toSet());
        assertThat(exposed).as("series on /metrics").containsAll(names);
    }

    /** {@code promtool check metrics} on our own series (Kafka's client metric names are not ours to fix). */
    static void promtoolFindsNothingWrong(String scrape) throws IOException, InterruptedException {
        assumeTrue(Path.of("/usr/bin/promtool").toFile().canExecute() || onPath("promtool"), "promtool is not installed");
        String ours = scrape.lines().filter(l -> l.startsWith("blip_") || l.startsWith("# HELP blip_") || l.startsWith("# TYPE blip_"))
                .collect(Collectors.joining("\n", "", "\n"));
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(ours.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("promtool output").isEmpty();
        assertThat(p.exitValue()).isZero();
    }

    static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Path.of(dir, exe).toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }
}
