package dev.blip.scorer.app;

import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.BundleSignature;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.scorer.config.ConfigException;
import dev.blip.scorer.config.ConfigViolation;
import dev.blip.scorer.config.ScorerConfig;
import dev.blip.scorer.config.Setting;
import dev.blip.scorer.http.HttpEndpoints;
import dev.blip.scorer.metrics.KafkaClientMeters;
import dev.blip.scorer.metrics.ScorerMetrics;
import dev.blip.scorer.metrics.ServingMetrics;
import dev.blip.scorer.model.ModelHolder;
import dev.blip.scorer.model.ModelWatcher;
import dev.blip.scorer.topology.OutputTooLargeHandler;
import dev.blip.scorer.topology.ScoringTopology;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A running scorer: Kafka Streams with the scoring topology, the model watcher, metrics and the
 * HTTP endpoints. {@link #start} is what {@code main} and the demo call; {@link #close} stops
 * everything in order (streams first, so the last transaction commits, then watcher, HTTP and
 * meters) and may be called more than once.
 */
public final class ScorerApp implements AutoCloseable {

    /** How long {@link #close} waits for Kafka Streams to commit and leave the group. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ScorerApp.class);

    private final ScorerConfig config;
    private final PrometheusMeterRegistry registry;
    private final ScorerMetrics metrics;
    private final ModelHolder models;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics;
    private final ServingMetrics servingMetrics;
    private final ModelWatcher watcher;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Health health;
    private HttpEndpoints http;
    private boolean closed;

    /** How long the start waits for Kafka to say whether the configured topics exist (then starts anyway). */
    static final java.time.Duration TOPIC_CHECK_TIMEOUT = java.time.Duration.ofSeconds(5);

    private ScorerApp(ScorerConfig config, ModelBundle bundle) {
        this.config = config;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(KafkaClientMeters.filter());
        this.metrics = ScorerMetrics.bind(registry);
        this.models = new ModelHolder(bundle);
        this.health = new Health(Clock.systemUTC(), config.operations().livenessTimeout());
        metrics.modelServed(bundle.version(), bundle.newReconstructionModel(config.inferenceEngine()).engine());
        models.onSwap(m -> metrics.modelServed(m.version(), m.bundle().newReconstructionModel(config.inferenceEngine()).engine()));
        java.util.Properties props = config.streamsProperties();
        props.put(OutputTooLargeHandler.METRICS_CONFIG, metrics);
        this.streams = new KafkaStreams(ScoringTopology.build(config, models, metrics), props);
        streams.setUncaughtExceptionHandler(new ScorerExceptionHandler(Clock.systemUTC()));
        streams.setStateListener((now, before) -> onState(now));
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        this.gcMetrics = new JvmGcMetrics();
        this.servingMetrics = new ServingMetrics(this::ready, this::live, () -> models.current().bundle().manifest(),
                Clock.systemUTC());
        servingMetrics.bindTo(registry);
        bindJvm();
        PublicKey signer = signer(config);
        this.watcher = new ModelWatcher(config.modelPath(), models, metrics, p -> BundleIO.load(p, signer));
    }

    /**
     * Loads the bundle (refusing a bad one with {@link dev.blip.core.bundle.BundleException}, and a
     * key TTL shorter than two of its intervals or a configured topic the cluster does not have with a
     * {@link ConfigException}),
     * starts the HTTP endpoints, Kafka Streams and the model watcher.
     */
    public static ScorerApp start(ScorerConfig config) {
        ModelBundle bundle = BundleIO.load(config.modelPath(), signer(config));
        if (config.keyTtl().toMillis() < 2 * bundle.interval().millis()) {
            throw new ConfigException(List.of(new ConfigViolation(Setting.KEY_TTL.env(),
                    "must be at least two bucket intervals of the model (" + bundle.interval() + ")", config.keyTtl().toString())));
        }
        List<ConfigViolation> missing = TopicCheck.missing(config, TOPIC_CHECK_TIMEOUT);
        if (!missing.isEmpty()) {
            throw new ConfigException(missing);
        }
        ScorerApp app = new ScorerApp(config, bundle);
        try {
            app.http = HttpEndpoints.start(config.httpOptions(), app.registry, app::live, app::ready,
                    () -> app.models.current().bundle().manifest());
        } catch (IOException e) {
            app.close();
            throw new UncheckedIOException("cannot start the HTTP server on " + config.operations().httpBindAddress() + ":" + config.httpPort() + ": " + e.getMessage(), e);
        }
        app.health.started();
        app.streams.start();
        app.watcher.start(config.modelWatchInterval());
        LOG.info("scorer started: model {}, input {}, output {}, HTTP port {}", bundle.version(), config.inputTopic(),
                config.outputTopic(), app.httpPort());
        return app;
    }

    private static PublicKey signer(ScorerConfig config) {
        Path key = config.operations().modelPublicKey();
        if (key == null) {
            return null;
        }
        try {
            return BundleSignature.readPublicKey(key);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(new ConfigViolation(Setting.MODEL_PUBLIC_KEY.env(),
                    "must be a readable Ed25519 public key PEM file (" + e.getMessage() + ")", key.toString())));
        }
    }

    private void bindJvm() {
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private void onState(KafkaStreams.State now) {
        health.onState(now);
        LOG.info("Kafka Streams is {}", now);
        if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
            stopped.countDown();
        }
    }

    /** Ready when Kafka Streams is RUNNING and a model is loaded. */
    public boolean ready() {
        return health.ready() && models.current() != null;
    }

    /** Live unless Kafka Streams has been out of RUNNING for longer than {@code BLIP_LIVENESS_TIMEOUT}. */
    public boolean live() {
        return health.live();
    }

    public KafkaStreams.State state() {
        return health.state();
    }

    public int httpPort() {
        return http.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public ModelHolder models() {
        return models;
    }

    public ScorerConfig config() {
        return config;
    }

    /** Waits until Kafka Streams reaches RUNNING; false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (health.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > end || stopped.getCount() == 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Blocks until Kafka Streams stops (closed or failed); true when it failed. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return health.state() == KafkaStreams.State.ERROR;
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Kafka Streams' consumers stay in the group on close by default, so the next instance of a
        // dynamic member would wait for the session timeout (45 s) for its partitions: leave instead.
        // A static member (group.instance.id) stays: it gets its partitions back without a rebalance.
        boolean clean = streams.close(CloseOptions.groupMembershipOperation(config.staticMember()
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP : CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
        if (!clean) {
            LOG.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
        }
        stopped.countDown();
        watcher.close();
        if (http != null) {
            http.close();
        }
        streamsMetrics.close();
        gcMetrics.close();
        servingMetrics.close();
        metrics.close();
        registry.close();
        LOG.info("scorer stopped");
    }
}
