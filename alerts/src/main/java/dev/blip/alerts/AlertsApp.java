package dev.blip.alerts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.blip.alerts.config.AlertsConfig;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A running sink: the delivery loop on its own thread and the HTTP endpoints ({@code /metrics},
 * {@code /health/live}, {@code /health/ready}) on a {@code com.sun.net.httpserver} server.
 */
public final class AlertsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertsApp.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AlertSink sink;
    private final Thread thread;
    private final HttpServer http;
    private boolean closed;

    private AlertsApp(AlertsConfig config) throws IOException {
        AlertsMetrics metrics = new AlertsMetrics(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.http = HttpServer.create(new InetSocketAddress(config.httpBindAddress(), config.httpPort()), 16);
        http.createContext("/", this::handle);
        this.sink = new AlertSink(config, new KafkaConsumer<>(consumerProperties(config), new ByteArrayDeserializer(),
                new ByteArrayDeserializer()), new AlertmanagerClient(config.alertmanagerUrls(), config.postTimeout()),
                metrics, Clock.systemUTC());
        this.thread = new Thread(sink, "blip-alerts");
    }

    /** Starts the HTTP endpoints and the delivery loop. */
    public static AlertsApp start(AlertsConfig config) {
        AlertsApp app;
        try {
            app = new AlertsApp(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the HTTP server on " + config.httpBindAddress() + ":"
                    + config.httpPort() + ": " + e.getMessage(), e);
        }
        app.http.start();
        app.thread.start();
        LOG.info("alerts sink started: topic {}, group {}, Alertmanager {}, HTTP port {}", config.topic(), config.groupId(),
                config.alertmanagerUrls(), app.httpPort());
        return app;
    }

    /** The sink's consumer: the pass-through properties, then ours (which they may not name; see AlertsConfig). */
    static Map<String, Object> consumerProperties(AlertsConfig config) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putAll(config.kafka());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                respond(ex, 405, "method not allowed\n", "text/plain");
            } else if (path.equals("/metrics")) {
                respond(ex, 200, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8");
            } else if (path.equals("/health/live")) {
                respond(ex, live() ? 200 : 503, live() ? "live\n" : "delivery loop stopped\n", "text/plain");
            } else if (path.equals("/health/ready")) {
                respond(ex, ready() ? 200 : 503, ready() ? "ready\n" : "not delivering\n", "text/plain");
            } else {
                respond(ex, 404, "not found\n", "text/plain");
            }
        }
    }

    private static void respond(HttpExchange ex, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The delivery loop runs. */
    public boolean live() {
        return thread.isAlive();
    }

    /** The loop runs and Alertmanager took the last post (not retrying). */
    public boolean ready() {
        return live() && sink.delivering();
    }

    public int httpPort() {
        return http.getAddress().getPort();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Waits for the delivery loop to end (it ends only when closed). */
    public void await() throws InterruptedException {
        thread.join();
    }

    /** Stops the loop (committing what was delivered), then the HTTP server. */
    @Override
    public synchronized void close() {
        stop(false);
    }

    /** Stops the loop without committing anything more, as a crash would (tests). */
    synchronized void halt() {
        stop(true);
    }

    private void stop(boolean abrupt) {
        if (closed) {
            return;
        }
        closed = true;
        if (abrupt) {
            sink.halt();
        } else {
            sink.stop();
        }
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop(0);
        registry.close();
        LOG.info("alerts sink stopped");
    }
}
