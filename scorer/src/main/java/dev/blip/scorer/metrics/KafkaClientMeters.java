package dev.blip.scorer.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

import java.util.Set;

/**
 * Which of Kafka's client metrics reach {@code /metrics}. Micrometer's {@code KafkaStreamsMetrics}
 * binds every metric of every client (consumer, restore consumer, producer, admin, stream threads,
 * tasks, state stores): about 1,100 series per scrape, each labelled with a {@code client_id} that
 * holds a random UUID and so changes on every restart. Only the ones the dashboard and the alert
 * rules use are kept ({@code deploy/src/test/resources/exposed-metrics.txt} lists them with the rest
 * of the contract); add a name here to expose another.
 */
public final class KafkaClientMeters {

    /** Micrometer names (dotted) of the Kafka client metrics kept. */
    public static final Set<String> KEPT = Set.of(
            "kafka.consumer.fetch.manager.records.lag.max");

    private KafkaClientMeters() {
    }

    /** Denies every {@code kafka.*} meter not in {@link #KEPT}; says nothing about other meters. */
    public static MeterFilter filter() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return id.getName().startsWith("kafka.") && !KEPT.contains(id.getName()) ? MeterFilterReply.DENY
                        : MeterFilterReply.NEUTRAL;
            }
        };
    }
}
