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
}
