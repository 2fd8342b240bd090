package dev.blip.alerts;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which answers skip an alert and which are retried: only Alertmanager refusing the alerts
 * themselves (400, 413, 422) skips them; a wrong URL, missing auth or a redirect is retried, so a
 * misconfiguration delays alerts instead of losing them.
 */
class AlertmanagerClientTest {

    @Test
    void onlyARefusalOfTheAlertsThemselvesSkipsThem() throws Exception {
        AtomicInteger status = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        try {
            AlertmanagerClient client = new AlertmanagerClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                    Duration.ofSeconds(5));
            Map<Integer, AlertmanagerClient.Outcome> expected = Map.of(200, AlertmanagerClient.Outcome.OK,
                    400, AlertmanagerClient.Outcome.REJECTED, 413, AlertmanagerClient.Outcome.REJECTED,
                    422, AlertmanagerClient.Outcome.REJECTED, 301, AlertmanagerClient.Outcome.RETRY,
                    401, AlertmanagerClient.Outcome.RETRY, 403, AlertmanagerClient.Outcome.RETRY,
                    404, AlertmanagerClient.Outcome.RETRY, 429, AlertmanagerClient.Outcome.RETRY,
                    503, AlertmanagerClient.Outcome.RETRY);
            for (Map.Entry<Integer, AlertmanagerClient.Outcome> e : expected.entrySet()) {
                status.set(e.getKey());
                assertThat(client.post(List.of()).outcome()).as("HTTP %d", e.getKey()).isEqualTo(e.getValue());
            }
        } finally {
            server.stop(0);
        }
    }

    /** A local Alertmanager stand-in answering {@code status} and counting the bodies it received. */
    private record Instance(HttpServer server, AtomicInteger status, AtomicInteger received) implements AutoCloseable {
        static Instance start(int status) throws java.io.IOException {
            AtomicInteger code = new AtomicInteger(status);
            AtomicInteger received = new AtomicInteger();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/v2/alerts", exchange -> {
                if (exchange.getRequestBody().readAllBytes().length > 0) {
                    received.incrementAndGet();
                }
                exchange.sendResponseHeaders(code.get(), -1);
                exchange.close();
            });
            server.start();
            return new Instance(server, code, received);
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void everyInstanceOfAClusterGetsEveryAlertAndOneAcceptingIsEnough() throws Exception {
        try (Instance a = Instance.start(200); Instance b = Instance.start(503)) {
            AlertmanagerClient client = new AlertmanagerClient(List.of(a.url(), b.url()), Duration.ofSeconds(5));
            AlertmanagerClient.Result r = client.post(List.of());
            assertThat(r.outcome()).isEqualTo(AlertmanagerClient.Outcome.OK);
            assertThat(r.detail()).contains("#1 HTTP 200").contains("#2 HTTP 503");
            assertThat(a.received().get()).isEqualTo(1);
            assertThat(b.received().get()).as("the failing instance was asked too").isEqualTo(1);

            a.status().set(503);
            assertThat(client.post(List.of()).outcome()).as("none took them").isEqualTo(AlertmanagerClient.Outcome.RETRY);
            a.status().set(400);
            assertThat(client.post(List.of()).outcome()).as("one refused, one failed: the failed one may take them later")
                    .isEqualTo(AlertmanagerClient.Outcome.RETRY);
            b.status().set(422);
            assertThat(client.post(List.of()).outcome()).as("every instance refused them").isEqualTo(AlertmanagerClient.Outcome.REJECTED);
            assertThat(a.received().get()).isEqualTo(4);
            assertThat(b.received().get()).isEqualTo(4);
        }
    }

    @Test
    void anInstanceThatIsDownDoesNotDelayTheOthersBeyondTheTimeout() throws Exception {
        URI down;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            down = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        try (Instance up = Instance.start(200)) {
            AlertmanagerClient client = new AlertmanagerClient(List.of(down, up.url()), Duration.ofSeconds(5));
            AlertmanagerClient.Result r = client.post(List.of());
            assertThat(r.outcome()).isEqualTo(AlertmanagerClient.Outcome.OK);
            assertThat(r.detail()).contains("#1 ConnectException").contains("#2 HTTP 200");
            assertThat(up.received().get()).isEqualTo(1);
        }
    }
}
