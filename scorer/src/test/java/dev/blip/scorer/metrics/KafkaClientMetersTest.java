package dev.blip.scorer.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientMetersTest {

    @Test
    void keepsOnlyTheListedKafkaMetersAndEverythingElse() {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        r.config().meterFilter(KafkaClientMeters.filter());
        for (String name : new String[]{"kafka.consumer.fetch.manager.records.lag.max", "kafka.stream.thread.process.rate",
                "kafka.producer.record.send.rate", "blip.keys.tracked", "jvm.memory.used"}) {
            Gauge.builder(name, () -> 1.0).tag("client.id", "blip-scorer-0a1b-StreamThread-1-consumer").register(r);
        }
        assertThat(r.getMeters()).extracting(m -> m.getId().getName()).containsExactlyInAnyOrder(
                "kafka.consumer.fetch.manager.records.lag.max", "blip.keys.tracked", "jvm.memory.used");
    }
}
