package dev.blip.scorer.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
