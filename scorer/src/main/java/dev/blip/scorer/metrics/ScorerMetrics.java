package dev.blip.scorer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The scorer's own meters. Names are a contract with the Grafana dashboard (see
 * {@code docs/scorer.md}); tags are low-cardinality only (reason, trigger, result, cause), never a key.
 * Counters carry no base unit on purpose: Prometheus would append it to the name. Use
 * {@link #bind(MeterRegistry)}; the recording methods are safe from any thread.
 */
public final class ScorerMetrics implements MeterBinder, AutoCloseable {

    public static final String TRIGGER_STREAM_TIME = "stream_time";
    public static final String TRIGGER_WALL_CLOCK = "wall_clock";

    public static final String CLOSED_QUIET = dev.blip.scorer.topology.serdes.EpisodeRecord.CLOSED_QUIET;
    public static final String CLOSED_MODEL_CHANGE = dev.blip.scorer.topology.serdes.EpisodeRecord.CLOSED_MODEL_CHANGE;
    public static final String CLOSED_KEY_EVICTED = dev.blip.scorer.topology.serdes.EpisodeRecord.CLOSED_KEY_EVICTED;

    private final Map<String, Long> keysPerTask = new ConcurrentHashMap<>();
    private final Map<String, Long> openEpisodesPerTask = new ConcurrentHashMap<>();
    private final List<Meter> meters = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Counter> tagged = new ConcurrentHashMap<>();
    private MeterRegistry registry;
    private Counter consumed;
    private Counter late;
    private Counter scored;
    private Counter anomalies;
    private Counter episodesOpened;
    private Counter unreadable;
    private Counter reset;
    private Counter outputsDropped;
    private Counter incidents;
    private Counter incidentOpeningsLate;
    private DistributionSummary batchSize;
    private Timer latency;
    private Timer closeTime;
    private DistributionSummary reconstructionError;
    private DistributionSummary anomalyScore;
    private MultiGauge modelInfo;

    public static ScorerMetrics bind(MeterRegistry registry) {
        ScorerMetrics m = new ScorerMetrics();
        m.bindTo(registry);
        return m;
    }

    @Override
    public synchronized void bindTo(MeterRegistry r) {
        this.registry = r;
        consumed = add(Counter.builder("blip.events.consumed").description("Input records turned into events or counts").register(r));
        late = add(Counter.builder("blip.events.late").description("Events for buckets already closed (later than the grace period), dropped").register(r));
        scored = add(Counter.builder("blip.windows.scored").description("Windows scored by the model").register(r));
        anomalies = add(Counter.builder("blip.anomalies.emitted").description("Scored buckets the detector judged anomalous (is_anomaly on the scores topic)").register(r));
        episodesOpened = add(Counter.builder("blip.episodes.opened").description("Anomaly episodes opened (open records written to the anomalies topic)").register(r));
        reset = add(Counter.builder("blip.keys.reset").description("Key states reset because they held a non-finite number (the key warms up again)").register(r));
        unreadable = add(Counter.builder("blip.keys.unreadable").description("Key states in the state store that could not be decoded (logged; the key starts afresh)").register(r));
        outputsDropped = add(Counter.builder("blip.outputs.dropped").description("Output or dead-letter records Kafka refused as too large, skipped (logged)").register(r));
        incidents = add(Counter.builder("blip.incidents.emitted").description("Incident records written: at least incident.min.keys keys of one model opened an episode in the same bucket").register(r));
        incidentOpeningsLate = add(Counter.builder("blip.incidents.openings.late").description("Episode openings that reached the incident task after their bucket's incident was written (not grouped; they page alone)").register(r));
        add(Gauge.builder("blip.episodes.open", openEpisodesPerTask, m -> m.values().stream().mapToLong(Long::longValue).sum())
                .description("Keys with an open anomaly episode in this instance's tasks").register(r));
        batchSize = add(DistributionSummary.builder("blip.scoring.batch.size").description("Windows per batched scoring call")
                .baseUnit("windows").publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(100_000.0).register(r));
        latency = add(Timer.builder("blip.scoring.latency").description("Time of one batched scoring call (model inference and calibration)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60)).register(r));
        closeTime = add(Timer.builder("blip.close.duration").description("Time of one punctuation that closed buckets: closing, scoring, detecting and writing the key states")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60)).register(r));
        reconstructionError = add(DistributionSummary.builder("blip.reconstruction.error").description("Raw reconstruction error (the calibrated raw score) per window")
                .serviceLevelObjectives(0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 100, 1000).register(r));
        anomalyScore = add(DistributionSummary.builder("blip.anomaly.score").description("Combined anomaly score in [0, 1] per scored bucket")
                .serviceLevelObjectives(0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999).register(r));
        add(Gauge.builder("blip.keys.tracked", keysPerTask, m -> m.values().stream().mapToLong(Long::longValue).sum())
                .description("Keys with state in this instance's tasks").register(r));
        modelInfo = MultiGauge.builder("blip.model.info").description("The model being served (value 1; version and engine as tags)").register(r);
        for (String reason : List.of("invalid_json", "missing_key", "invalid_key", "missing_timestamp", "timestamp_out_of_range", "timestamp_in_future", "key_limit")) {
            badCounter(reason);
        }
        for (String trigger : List.of(TRIGGER_STREAM_TIME, TRIGGER_WALL_CLOCK)) {
            closedCounter(trigger);
        }
        for (String result : List.of("success", "failure")) {
            reloadCounter(result);
        }
        for (String cause : List.of(CLOSED_QUIET, CLOSED_MODEL_CHANGE, CLOSED_KEY_EVICTED)) {
            episodesClosedCounter(cause);
        }
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    private Counter badCounter(String reason) {
        return tagged.computeIfAbsent("bad/" + reason, k -> add(Counter.builder("blip.records.bad").description("Input records sent to the dead-letter topic, by reason")
                .tag("reason", reason).register(registry)));
    }

    private Counter closedCounter(String trigger) {
        return tagged.computeIfAbsent("closed/" + trigger, k -> add(Counter.builder("blip.buckets.closed").description("Buckets closed (one per key and interval), by what closed them")
                .tag("trigger", trigger).register(registry)));
    }

    private Counter reloadCounter(String result) {
        return tagged.computeIfAbsent("reload/" + result, k -> add(Counter.builder("blip.model.reloads").description("Model bundle reload attempts, by result")
                .tag("result", result).register(registry)));
    }

    private Counter episodesClosedCounter(String cause) {
        return tagged.computeIfAbsent("episodes-closed/" + cause, k -> add(Counter.builder("blip.episodes.closed")
                .description("Anomaly episodes closed (closed records written to the anomalies topic), by cause")
                .tag("cause", cause).register(registry)));
    }

    public void eventsConsumed(long n) {
        consumed.increment(n);
    }

    /** {@code reason} is a parser reason code or {@code processing_error}: a small, fixed set. */
    public void badRecord(String reason) {
        badCounter(reason).increment();
    }

    public void lateEvent() {
        late.increment();
    }

    public void bucketsClosed(String trigger, long n) {
        closedCounter(trigger).increment(n);
    }

    public void batchScored(int windows, long nanos) {
        batchSize.record(windows);
        latency.record(nanos, TimeUnit.NANOSECONDS);
        scored.increment(windows);
    }

    public void closeTook(long nanos) {
        closeTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void windowScore(double rawError, double score) {
        reconstructionError.record(rawError);
        anomalyScore.record(score);
    }

    public void anomalyEmitted() {
        anomalies.increment();
    }

    public void episodeOpened() {
        episodesOpened.increment();
    }

    /** An incident record written to the incidents topic. */
    public void incidentEmitted() {
        incidents.increment();
    }

    /** An episode opening that arrived after its bucket's incident was written. */
    public void incidentOpeningLate() {
        incidentOpeningsLate.increment();
    }

    /** {@code cause}: {@link #CLOSED_QUIET}, {@link #CLOSED_MODEL_CHANGE} or {@link #CLOSED_KEY_EVICTED}. */
    public void episodeClosed(String cause) {
        episodesClosedCounter(cause).increment();
    }

    /** A key state that could not be decoded. */
    public void keyStateUnreadable() {
        unreadable.increment();
    }

    public void keyStateReset() {
        reset.increment();
    }

    /** An output or dead-letter record Kafka refused as too large, skipped. */
    public void outputDropped() {
        outputsDropped.increment();
    }

    public void keysTracked(String task, long keys) {
        keysPerTask.put(task, keys);
    }

    /** Keys of {@code task} with an open episode (the instance's gauge is the sum over its tasks). */
    public void openEpisodes(String task, long keys) {
        openEpisodesPerTask.put(task, keys);
    }

    public void taskClosed(String task) {
        keysPerTask.remove(task);
        openEpisodesPerTask.remove(task);
    }

    public void modelReload(boolean success) {
        reloadCounter(success ? "success" : "failure").increment();
    }

    public void modelServed(String version, String engine) {
        modelInfo.register(List.of(MultiGauge.Row.of(Tags.of("version", version, "engine", engine), 1)), true);
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public synchronized void close() {
        if (registry != null) {
            modelInfo.register(List.of(), true);
            meters.forEach(registry::remove);
            meters.clear();
            tagged.clear();
        }
    }
}
