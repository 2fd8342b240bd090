package dev.blip.scorer.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class HttpEndpointsTest {

    @Test
    void servesMetricsHealthAndModel() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("blip.test.hits").description("test").register(registry).increment(3);
        AtomicBoolean ready = new AtomicBoolean(false);
        try (HttpEndpoints http = HttpEndpoints.start(0, registry, ready::get, () -> Map.of("modelVersion", "abc"))) {
            HttpClient client = HttpClient.newHttpClient();
            assertThat(get(client, http.port(), "/metrics").body()).contains("blip_test_hits_total 3.0");
            assertThat(get(client, http.port(), "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(client, http.port(), "/health/ready").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(client, http.port(), "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(client, http.port(), "/model").body()).contains("\"modelVersion\"").contains("abc");
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + "/model"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void onlyExactPathsAnswerAndHeadHasNoBody() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (HttpEndpoints http = HttpEndpoints.start(0, registry, () -> true, () -> Map.of("modelVersion", "abc"))) {
            HttpClient client = HttpClient.newHttpClient();
            for (String path : List.of("/metricsXYZ", "/model/anything", "/health", "/health/live/x", "/", "/MODEL")) {
                assertThat(get(client, http.port(), path).statusCode()).as(path).isEqualTo(404);
            }
            assertThat(get(client, http.port(), "/metrics?name[]=x").statusCode()).isEqualTo(200);
            HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + "/health/live"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void modelHidesTrainingKeysAndThresholdsUnlessEnabled() throws Exception {
        Map<String, Object> manifest = Map.of("modelVersion", "abc",
                "training", Map.of("keys", List.of("customer-42"), "series", 1),
                "calibration", Map.of("method", "QUANTILE", "threshold", 0.123, "reference", List.of(0.1, 0.2)));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpClient client = HttpClient.newHttpClient();
        try (HttpEndpoints http = HttpEndpoints.start(new HttpEndpoints.Options("127.0.0.1", 0, 1, Duration.ofSeconds(5), false),
                registry, () -> true, () -> true, () -> manifest)) {
            String body = get(client, http.port(), "/model").body();
            assertThat(body).contains("abc").contains("QUANTILE").contains("\"series\"")
                    .doesNotContain("customer-42").doesNotContain("0.123").doesNotContain("reference");
        }
        try (HttpEndpoints http = HttpEndpoints.start(new HttpEndpoints.Options("127.0.0.1", 0, 1, Duration.ofSeconds(5), true),
                registry, () -> true, () -> true, () -> manifest)) {
            assertThat(get(client, http.port(), "/model").body()).contains("customer-42").contains("0.123");
        }
    }

    @Test
    void livenessAnswersAtOnceWhileHundredsOfHalfOpenConnectionsAreHeld() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicBoolean live = new AtomicBoolean(true);
        List<Socket> slow = new ArrayList<>();
        try (HttpEndpoints http = HttpEndpoints.start(new HttpEndpoints.Options("127.0.0.1", 0, 2, Duration.ofSeconds(60), false),
                registry, live::get, () -> true, () -> Map.of())) {
            for (int i = 0; i < 300; i++) {
                Socket s = new Socket("127.0.0.1", http.port());
                // a request that never ends: no blank line after the headers
                s.getOutputStream().write(("GET " + (i % 2 == 0 ? "/metrics" : "/health/live") + " HTTP/1.1\r\nHost: x\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            long worst = 0;
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/health/live"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                worst = Math.max(worst, System.nanoTime() - start);
                assertThat(r.statusCode()).isEqualTo(200);
            }
            System.out.printf("liveness with 300 half-open connections held: worst of 20 probes %.1f ms%n", worst / 1e6);
            assertThat(worst).as("slowest liveness probe, ns").isLessThan(Duration.ofSeconds(1).toNanos());
            live.set(false);
            assertThat(get(client, http.port(), "/health/live").statusCode()).isEqualTo(503);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aConnectionThatNeverFinishesItsRequestIsClosedAtTheTimeout() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (HttpEndpoints http = HttpEndpoints.start(new HttpEndpoints.Options("127.0.0.1", 0, 1, Duration.ofMillis(300), false),
                registry, () -> true, () -> true, () -> Map.of());
             Socket s = new Socket("127.0.0.1", http.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            assertThat(s.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(3).toNanos());
        }
    }

    static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
