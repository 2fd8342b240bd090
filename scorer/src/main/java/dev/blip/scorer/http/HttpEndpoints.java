package dev.blip.scorer.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blip.core.bundle.BundleIO;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The scorer's HTTP surface: {@code /metrics} (Prometheus text), {@code /health/live},
 * {@code /health/ready} (200 or 503) and {@code /model} (the serving bundle's manifest as JSON,
 * without the training keys and the calibration's threshold and reference values unless
 * {@link Options#modelDetails()}). Exact paths only (anything else is 404), GET and HEAD only.
 * The health routes are answered on the server's selector thread, so no number of slow clients
 * or busy scrapes can delay them (see {@link TinyHttpServer}).
 */
public final class HttpEndpoints implements AutoCloseable {

    /** Manifest fields left out of {@code /model} by default: who the model was trained on and where it fires. */
    static final List<String> TRAINING_DETAILS = List.of("training.keys", "calibration.threshold", "calibration.reference",
            "calibration.errorMean", "calibration.precision");

    /**
     * @param bindAddress  interface to listen on ({@code 0.0.0.0} = all)
     * @param threads      workers for {@code /metrics} and {@code /model}
     * @param timeout      longest a connection may take from accept to the last byte of the response
     * @param modelDetails whether {@code /model} includes {@link #TRAINING_DETAILS}
     */
    public record Options(String bindAddress, int port, int threads, Duration timeout, boolean modelDetails) {

        public static Options defaults(int port) {
            return new Options("0.0.0.0", port, 2, Duration.ofSeconds(10), false);
        }
    }

    private final TinyHttpServer server;

    private HttpEndpoints(TinyHttpServer server) {
        this.server = server;
    }

    /** All interfaces, default limits, always live: for tests and the demo. */
    public static HttpEndpoints start(int port, PrometheusMeterRegistry registry, BooleanSupplier ready,
                                      Supplier<Object> manifest) throws IOException {
        return start(Options.defaults(port), registry, () -> true, ready, manifest);
    }

    /**
     * @param live     whether the process is healthy (false makes Kubernetes restart it)
     * @param ready    whether the instance can serve traffic
     * @param manifest the serving model's manifest (any Jackson-serialisable object)
     */
    public static HttpEndpoints start(Options options, PrometheusMeterRegistry registry, BooleanSupplier live,
                                      BooleanSupplier ready, Supplier<Object> manifest) throws IOException {
        Map<String, TinyHttpServer.Route> routes = Map.of(
                "/metrics", new TinyHttpServer.Route(false, () -> new TinyHttpServer.Response(200,
                        "text/plain; version=0.0.4; charset=utf-8", registry.scrape())),
                "/health/live", new TinyHttpServer.Route(true, () -> status(live.getAsBoolean(), "live", "not live")),
                "/health/ready", new TinyHttpServer.Route(true, () -> status(ready.getAsBoolean(), "ready", "not ready")),
                "/model", new TinyHttpServer.Route(false, () -> new TinyHttpServer.Response(200, "application/json",
                        model(manifest.get(), options.modelDetails()))));
        TinyHttpServer.Limits limits = new TinyHttpServer.Limits(options.threads(), 4 * options.threads(), options.timeout(),
                256, 8192);
        return new HttpEndpoints(TinyHttpServer.start(new InetSocketAddress(options.bindAddress(), options.port()), routes, limits));
    }

    private static TinyHttpServer.Response status(boolean ok, String yes, String no) {
        return new TinyHttpServer.Response(ok ? 200 : 503, "text/plain", (ok ? yes : no) + "\n");
    }

    static String model(Object manifest, boolean details) {
        try {
            JsonNode tree = BundleIO.json().valueToTree(manifest);
            if (!details) {
                for (String path : TRAINING_DETAILS) {
                    String[] parts = path.split("\\.");
                    if (tree.path(parts[0]) instanceof ObjectNode parent) {
                        parent.remove(parts[1]);
                    }
                }
            }
            return BundleIO.json().writeValueAsString(tree);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("cannot render the manifest: " + e.getMessage(), e));
        }
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
