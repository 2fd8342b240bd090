package dev.blip.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blip.kafka.embedded.BrokerExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sink between a real KRaft broker and a real Alertmanager (Debian's prometheus-alertmanager,
 * skipped when absent): an open record becomes an active alert with the documented labels and
 * annotations, a closed one resolves it, and a sink killed without committing loses nothing when
 * restarted (the episode still open is rebuilt and kept active, the one closed meanwhile is resolved).
 */
class AlertmanagerIT {

    static final String TOPIC = "anomalies";
    static final String GROUP = "blip-alerts-it";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final BrokerExtension kafka = BrokerExtension.with(Map.of("log.retention.ms", "-1"));

    @TempDir
    static Path dir;

    static AlertmanagerProcess am;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AlertmanagerProcess.available(), "no " + AlertmanagerProcess.BINARY
                + " (apt-get install prometheus-alertmanager); skipping the Alertmanager integration test");
        am = AlertmanagerProcess.start(dir);
        kafka.get().createTopics(1, TOPIC);
    }

    @AfterAll
    static void stop() {
        if (am != null) {
            am.close();
        }
    }

    @Test
    void episodesBecomeAlertsAndACrashedSinkLosesNothing() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant startA = now.minus(Duration.ofMinutes(5));
        Instant startB = now.minus(Duration.ofMinutes(3));
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(TOPIC, "checkout", EpisodeJson.open("checkout", startA, 1.0)));   // offset 0
            producer.send(new ProducerRecord<>(TOPIC, "junk", "{broken"));                                          // 1
            producer.send(new ProducerRecord<>(TOPIC, "login", EpisodeJson.open("login", startB, 0.6)));        // 2
            producer.flush();

            AlertsApp first = AlertsMain.start(new String[0], env());
            Map<String, JsonNode> active = await(() -> activeByKey(), a -> a.size() == 2, "both episodes active");
            JsonNode a = active.get("checkout");
            assertThat(a.path("labels").toString()).isEqualTo(JSON.createObjectNode().put("alertname", "BlipAnomaly")
                    .put("key", "checkout").put("model", EpisodeJson.MODEL).put("reasons", "instantaneous,range")
                    .put("severity", "critical").put("team", "payments").toString());
            JsonNode ann = a.path("annotations");
            assertThat(ann.path("summary").asText())
                    .isEqualTo("Anomaly on checkout: total 0 (expected 205.5, band 169.7-249.9), peak score 1.000");
            assertThat(ann.path("actual").asText()).isEqualTo("total=0");
            assertThat(ann.path("expected").asText()).isEqualTo("total=205.5");
            assertThat(ann.path("expected_band").asText()).isEqualTo("total=169.7-249.9");
            assertThat(ann.path("peak_score").asText()).isEqualTo("1.0000");
            assertThat(ann.path("started_at").asText()).isEqualTo(startA.toString());
            assertThat(ann.path("dashboard").asText()).startsWith("http://grafana.example/d/blip?var-key=checkout&from=");
            assertThat(a.path("generatorURL").asText()).isEqualTo(ann.path("dashboard").asText());
            assertThat(instant(a.path("startsAt"))).isEqualTo(startA);
            assertThat(a.path("status").path("state").asText()).isEqualTo("active");
            assertThat(active.get("login").path("labels").path("severity").asText()).isEqualTo("warning");
            String scrape = get(first.httpPort(), "/metrics");
            assertThat(scrape).contains("blip_alerts_records_total{result=\"invalid\"} 1.0").contains("blip_alerts_open 2.0");
            everyNameTheAlertRulesUseIsExposed(scrape);
            // committed no further than the open record of the oldest open episode
            assertThat(await(AlertmanagerIT::committed, c -> c == 0L, "committed offset 0")).isZero();

            Instant loginEndsBeforeCrash = instant(activeByKey().get("login").path("endsAt"));
            first.halt();
            producer.send(new ProducerRecord<>(TOPIC, "checkout",
                    EpisodeJson.closed("checkout", startA, now.minus(Duration.ofMinutes(1)), 1.0)));               // 3
            producer.flush();

            try (AlertsApp second = AlertsMain.start(new String[0], env())) {
                await(AlertmanagerIT::activeByKey, m -> m.keySet().equals(java.util.Set.of("login")), "checkout resolved");
                await(() -> instant(activeByKey().get("login").path("endsAt")), t -> t.isAfter(loginEndsBeforeCrash),
                        "login re-posted by the restarted sink");
                assertThat(await(AlertmanagerIT::committed, c -> c == 2L, "committed up to login's open record")).isEqualTo(2L);
                assertThat(get(second.httpPort(), "/metrics")).contains("blip_alerts_open 1.0");

                producer.send(new ProducerRecord<>(TOPIC, "login",
                        EpisodeJson.closed("login", startB, now.minus(Duration.ofMinutes(2)), 0.6)));           // 4
                producer.flush();
                await(AlertmanagerIT::activeByKey, Map::isEmpty, "login resolved");
                assertThat(await(AlertmanagerIT::committed, c -> c == 5L, "everything committed")).isEqualTo(5L);
                assertThat(get(second.httpPort(), "/health/ready")).isEqualTo("ready\n");
            }
        }
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("BLIP_ALERTS_BOOTSTRAP_SERVERS", kafka.get().bootstrapServers());
        env.put("BLIP_ALERTS_ALERTMANAGER_URL", am.url());
        env.put("BLIP_ALERTS_GROUP_ID", GROUP);
        env.put("BLIP_ALERTS_LABELS", "team=payments");
        env.put("BLIP_ALERTS_DASHBOARD_URL", "http://grafana.example/d/blip");
        env.put("BLIP_ALERTS_REPOST_INTERVAL", "3s");
        env.put("BLIP_ALERTS_HTTP_PORT", "0");
        env.put("BLIP_ALERTS_HTTP_BIND_ADDRESS", "127.0.0.1");
        env.put("BLIP_ALERTS_KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("BLIP_ALERTS_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        return env;
    }

    /** Alertmanager's active alerts by their key label (resolved alerts are not listed). */
    static Map<String, JsonNode> activeByKey() throws Exception {
        HttpResponse<String> r = am.get("/api/v2/alerts");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode a : JSON.readTree(r.body())) {
            if (a.path("status").path("state").asText().equals("active")) {
                out.put(a.path("labels").path("key").asText(), a);
            }
        }
        return out;
    }

    static long committed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get().bootstrapServers()))) {
            OffsetAndMetadata o = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(TOPIC, 0));
            return o == null ? -1 : o.offset();
        }
    }

    static <T> T await(Callable<T> probe, java.util.function.Predicate<T> done, String what) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T last = null;
        while (System.nanoTime() < end) {
            last = probe.call();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for: " + what + " (last: " + last + ")");
    }

    static Instant instant(JsonNode n) {
        return OffsetDateTime.parse(n.asText()).toInstant();
    }

    static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get().bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** The alert rules (checked in the deploy module against this list) meet a real scrape of the sink here. */
    static void everyNameTheAlertRulesUseIsExposed(String scrape) throws java.io.IOException {
        java.nio.file.Path contract = java.nio.file.Path.of("..", "deploy", "src", "test", "resources", "alerts-exposed-metrics.txt");
        List<String> names = java.nio.file.Files.readAllLines(contract).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(names).contains("blip_alerts_posts_total", "blip_alerts_consumer_lag");
        java.util.Set<String> exposed = scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(java.util.stream.Collectors.toSet());
        assertThat(exposed).as("series on the sink's /metrics").containsAll(names);
    }
}
