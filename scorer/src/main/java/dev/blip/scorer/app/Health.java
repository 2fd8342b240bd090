package dev.blip.scorer.app;

import org.apache.kafka.streams.KafkaStreams;

import java.time.Clock;
import java.time.Duration;

/**
 * What the health endpoints say. Ready: Kafka Streams is RUNNING (and a model is loaded, which a
 * started scorer always has). Live: the process is not stuck, which here means Kafka Streams has
 * been RUNNING within the last {@code livenessTimeout} (counted from start while it never was).
 * A scorer that cannot reach Kafka (wrong address, wrong security protocol, broker gone) stays
 * out of RUNNING, so it turns not-ready at once and not-live after the timeout, and Kubernetes
 * restarts it instead of leaving it up and silent. A timeout of zero keeps it live forever.
 */
final class Health {

    private final Clock clock;
    private final Duration livenessTimeout;
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private volatile long lastRunningMillis;

    Health(Clock clock, Duration livenessTimeout) {
        this.clock = clock;
        this.livenessTimeout = livenessTimeout;
        this.lastRunningMillis = clock.millis();
    }

    /** Starts the liveness clock when Kafka Streams is started (loading the model may take a while before). */
    void started() {
        lastRunningMillis = clock.millis();
    }

    void onState(KafkaStreams.State now) {
        if (state == KafkaStreams.State.RUNNING && now != KafkaStreams.State.RUNNING) {
            lastRunningMillis = clock.millis();
        }
        state = now;
    }

    KafkaStreams.State state() {
        return state;
    }

    boolean ready() {
        return state == KafkaStreams.State.RUNNING;
    }

    boolean live() {
        if (state == KafkaStreams.State.RUNNING || livenessTimeout.isZero()) {
            return true;
        }
        return clock.millis() - lastRunningMillis <= livenessTimeout.toMillis();
    }
}
