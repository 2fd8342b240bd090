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
    static final String GROUPED_TOPIC = "anomalies-grouped";
    static final String INCIDENTS_TOPIC = "incidents-grouped";
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
        kafka.get().createTopics(2, GROUPED_TOPIC, INCIDENTS_TOPIC);
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

    /**
     * Six keys open an episode in the same bucket and the scorer writes an incident for them: Alertmanager
     * shows one incident alert and none of the six keys' own alerts; a key opening in another bucket is
     * posted alone once its wait ends; the incident resolves when the last of its keys' episodes closes.
     */
    @Test
    void manyKeysOpeningInOneBucketBecomeOneIncidentAlert() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant bucket = now.minus(Duration.ofMinutes(4));
        java.util.List<String> keys = java.util.List.of("edge-1", "edge-2", "edge-3", "edge-4", "edge-5", "edge-6");
        Map<String, String> env = env();
        env.put("BLIP_ALERTS_TOPIC", GROUPED_TOPIC);
        env.put("BLIP_ALERTS_INCIDENTS_TOPIC", INCIDENTS_TOPIC);
        env.put("BLIP_ALERTS_GROUP_ID", "blip-alerts-grouped");
        env.put("BLIP_ALERTS_GROUP_INCIDENTS", "true");
        env.put("BLIP_ALERTS_INCIDENT_WAIT", "8s");
        try (KafkaProducer<String, String> producer = producer()) {
            for (int k = 0; k < keys.size(); k++) {
                producer.send(new ProducerRecord<>(GROUPED_TOPIC, keys.get(k), EpisodeJson.open(keys.get(k), bucket, 0.9 + k * 0.01)));
            }
            producer.send(new ProducerRecord<>(GROUPED_TOPIC, "alone", EpisodeJson.open("alone", now.minus(Duration.ofMinutes(2)), 0.7)));
            producer.send(new ProducerRecord<>(INCIDENTS_TOPIC, "incident", IncidentJson.of(bucket, keys, 0.9, 0.01)));
            producer.flush();

            AlertsApp sink = AlertsMain.start(new String[0], env);
            try {
                java.util.List<JsonNode> first = await(AlertmanagerIT::activeAlerts, a -> !a.isEmpty(), "an alert");
                assertThat(first).as("only the incident, the keys are covered or still held").singleElement()
                        .satisfies(a -> assertThat(a.path("labels").path("alertname").asText()).isEqualTo("BlipIncident"));
                JsonNode incident = first.get(0);
                assertThat(incident.path("labels").toString()).isEqualTo(JSON.createObjectNode().put("alertname", "BlipIncident")
                        .put("bucket", bucket.toString()).put("model", EpisodeJson.MODEL).put("reasons", "instantaneous,range")
                        .put("severity", "warning").put("team", "payments").toString());
                JsonNode ann = incident.path("annotations");
                assertThat(ann.path("key_count").asText()).isEqualTo("6");
                assertThat(ann.path("summary").asText()).startsWith("Incident: 6 keys opened an anomaly episode in the bucket of "
                        + bucket + ": edge-6, edge-5, edge-4 and 3 more, peak score 0.950");
                assertThat(ann.path("top_keys").asText().lines()).hasSize(3).first().asString().startsWith("edge-6 (score 0.950");
                assertThat(ann.path("open_keys_here").asText()).isEqualTo("6");
                assertThat(instant(incident.path("startsAt"))).isEqualTo(bucket);

                java.util.List<JsonNode> later = await(AlertmanagerIT::activeAlerts, a -> a.size() == 2,
                        "the lone key posted after its wait");
                assertThat(later).extracting(a -> a.path("labels").path("key").asText()).containsExactlyInAnyOrder("", "alone");
                assertThat(get(sink.httpPort(), "/metrics")).contains("blip_alerts_keys_covered_total 6.0")
                        .contains("blip_alerts_incidents_open 1.0");

                // a crash: the restarted sink reads the incident and its keys' open records again and
                // covers them again; no key alert appears, not even after their wait
                Instant incidentEnds = instant(incidentAlert().path("endsAt"));
                sink.halt();
                sink = AlertsMain.start(new String[0], env);
                await(() -> instant(incidentAlert().path("endsAt")), t -> t.isAfter(incidentEnds),
                        "the incident re-posted by the restarted sink");
                long quietUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();   // longer than the 8 s wait
                while (System.nanoTime() < quietUntil) {
                    assertThat(activeAlerts()).noneMatch(a -> keys.contains(a.path("labels").path("key").asText()));
                    Thread.sleep(500);
                }
                assertThat(get(sink.httpPort(), "/metrics")).contains("blip_alerts_keys_covered_total 6.0");

                for (int k = 0; k < keys.size(); k++) {
                    producer.send(new ProducerRecord<>(GROUPED_TOPIC, keys.get(k), EpisodeJson.closed(keys.get(k), bucket,
                            now.minus(Duration.ofMinutes(1)), 0.9 + k * 0.01)));
                    producer.flush();
                    if (k < keys.size() - 1) {
                        Thread.sleep(300);
                        assertThat(activeAlerts()).as("the incident stays while one of its keys is open").hasSize(2);
                    }
                }
                java.util.List<JsonNode> end = await(AlertmanagerIT::activeAlerts, a -> a.size() == 1, "the incident resolved");
                assertThat(end.get(0).path("labels").path("key").asText()).isEqualTo("alone");
                assertThat(activeAlerts()).noneMatch(a -> keys.contains(a.path("labels").path("key").asText()));
            } finally {
                sink.close();
            }
        }
    }

    static JsonNode incidentAlert() throws Exception {
        return activeAlerts().stream().filter(a -> a.path("labels").path("alertname").asText().equals("BlipIncident"))
                .findFirst().orElseThrow();
    }

    /** Every active alert in Alertmanager of the grouped test (its keys and its incident). */
    static java.util.List<JsonNode> activeAlerts() throws Exception {
        HttpResponse<String> r = am.get("/api/v2/alerts");
        assertThat(r.statusCode()).isEqualTo(200);
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode a : JSON.readTree(r.body())) {
            String key = a.path("labels").path("key").asText();
            boolean ours = a.path("labels").path("alertname").asText().equals("BlipIncident") || key.startsWith("edge-")
                    || key.equals("alone");
            if (ours && a.path("status").path("state").asText().equals("active")) {
                out.add(a);
            }
        }
        return out;
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("BLIP_ALERTS_GROUP_INCIDENTS", "false");
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
