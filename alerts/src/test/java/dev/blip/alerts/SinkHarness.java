package dev.blip.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.blip.alerts.config.AlertsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The real {@link AlertSink} loop on its own thread, between a {@link MockConsumer} and a scripted
 * Alertmanager ({@code com.sun.net.httpserver} on a free port), on a fake clock that moves only
 * when a poll returns nothing (by the poll's timeout), so backoff waits cost no real time. Every
 * POST (with the fake time it arrived at), pause, resume and commit goes into {@link #events}, in
 * the order they happened.
 */
final class SinkHarness implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String TOPIC = "anomalies";
    static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<String> events = new CopyOnWriteArrayList<>();
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final RecordingConsumer consumer = new RecordingConsumer();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AlertsMetrics metrics = new AlertsMetrics(registry);
    final AlertSink sink;
    private final HttpServer server;
    private final Function<List<String>, Integer> script;
    private final Thread thread;
    private final AtomicLong nextOffset = new AtomicLong();
    private boolean assigned;

    /**
     * @param script the status Alertmanager answers, given the {@code key} labels of a POST's alerts
     * @param env    extra BLIP_ALERTS_* settings
     */
    SinkHarness(Function<List<String>, Integer> script, String... env) throws IOException {
        this.script = script;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/api/v2/alerts", this::handle);
        server.start();
        Map<String, String> vars = new HashMap<>();
        vars.put("BLIP_ALERTS_BOOTSTRAP_SERVERS", "unused:9092");
        vars.put("BLIP_ALERTS_ALERTMANAGER_URL", "http://127.0.0.1:" + server.getAddress().getPort());
        vars.put("BLIP_ALERTS_GROUP_INCIDENTS", "false");   // tests of grouping turn it on
        for (int i = 0; i < env.length; i += 2) {
            vars.put(env[i], env[i + 1]);
        }
        AlertsConfig config = AlertsConfig.load(new String[0], vars);
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        this.sink = new AlertSink(config, consumer, new AlertmanagerClient(config.alertmanagerUrls(), config.postTimeout()),
                metrics, clock);
        this.thread = new Thread(sink, "alert-sink-test");
    }

    /**
     * Records (values; null is a tombstone) at the next offsets of {@link #TP}, added by the next poll
     * not yet given records (the first one also assigns {@link #TP}); a paused partition's records
     * wait for its resume.
     */
    SinkHarness records(String... values) {
        boolean first = !assigned;
        assigned = true;
        consumer.schedulePollTask(() -> {
            if (first) {
                consumer.rebalance(List.of(TP));
                consumer.updateBeginningOffsets(Map.of(TP, 0L));
            }
            for (String v : values) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, nextOffset.getAndIncrement(), null,
                        v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
            }
        });
        return this;
    }

    void start() {
        thread.start();
    }

    /** Waits (10 s at most) for {@code condition}; the loop keeps running. */
    void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; events: " + events);
            }
            Thread.sleep(5);
        }
    }

    /** Stops the loop (as AlertsApp.close does) and waits for it to end. */
    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            sink.stop();
            thread.join(10_000);
        }
        server.stop(0);
    }

    boolean loopEnded() {
        return !thread.isAlive();
    }

    /** Seconds of fake time since {@link #T0}. */
    long elapsed() {
        return Duration.between(T0, now.get()).toSeconds();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            List<String> keys = new ArrayList<>();
            for (JsonNode alert : JSON.readTree(ex.getRequestBody().readAllBytes())) {
                keys.add(alert.path("labels").path("key").asText());
            }
            int status = script.apply(keys);
            events.add("POST " + keys + " -> " + status + " at +" + elapsed() + "s");
            byte[] body = (status == 200 ? "" : "scripted " + status).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** A MockConsumer that logs pause, resume and commit and moves the fake clock on empty polls. */
    final class RecordingConsumer extends MockConsumer<byte[], byte[]> {

        final AtomicInteger pollsWhilePaused = new AtomicInteger();

        RecordingConsumer() {
            super("earliest");
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            if (!paused().isEmpty()) {
                pollsWhilePaused.incrementAndGet();
            }
            ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
            if (records.isEmpty()) {
                now.updateAndGet(t -> t.plus(timeout));   // a real poll would have waited that long
                try {
                    Thread.sleep(1);   // not a busy loop on a shared machine
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return records;
        }

        @Override
        public synchronized void pause(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                events.add("pause " + partitions);
            }
            super.pause(partitions);
        }

        @Override
        public synchronized void resume(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                events.add("resume " + partitions);
            }
            super.resume(partitions);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            Map<String, Long> sorted = new TreeMap<>();
            offsets.forEach((tp, o) -> sorted.put(tp.toString(), o.offset()));
            events.add("commit " + sorted);
            super.commitSync(offsets);
        }
    }
}
