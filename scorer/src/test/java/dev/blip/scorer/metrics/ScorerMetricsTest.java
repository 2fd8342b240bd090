package dev.blip.scorer.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScorerMetricsTest {

    @Test
    void everyMeterHasADescriptionAndRecordsWhatItIsTold() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ScorerMetrics m = ScorerMetrics.bind(registry)) {
            m.eventsConsumed(3);
            m.badRecord("invalid_json");
            m.badRecord("invalid_json");
            m.bucketsClosed(ScorerMetrics.TRIGGER_WALL_CLOCK, 4);
            m.batchScored(10, 2_000_000);
            m.windowScore(0.5, 0.99);
            m.keysTracked("0_0", 5);
            m.keysTracked("0_1", 7);
            m.modelServed("abc", "dl4j");
            m.modelReload(false);
            m.episodeOpened();
            m.episodeClosed(ScorerMetrics.CLOSED_MODEL_CHANGE);
            m.keyStateUnreadable();
            m.openEpisodes("0_0", 2);
            m.openEpisodes("0_1", 1);
            for (Meter meter : registry.getMeters().stream().filter(x -> x.getId().syntheticAssociation() == null).toList()) {
                assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
                assertThat(meter.getId().getTags()).noneMatch(t -> t.getKey().equals("key"));
            }
            assertThat(registry.get("blip.events.consumed").counter().count()).isEqualTo(3);
            assertThat(registry.get("blip.records.bad").tag("reason", "invalid_json").counter().count()).isEqualTo(2);
            assertThat(registry.get("blip.buckets.closed").tag("trigger", "wall_clock").counter().count()).isEqualTo(4);
            assertThat(registry.get("blip.windows.scored").counter().count()).isEqualTo(10);
            assertThat(registry.get("blip.scoring.batch.size").summary().totalAmount()).isEqualTo(10);
            assertThat(registry.get("blip.keys.tracked").gauge().value()).isEqualTo(12);
            assertThat(registry.get("blip.model.info").tag("version", "abc").tag("engine", "dl4j").gauge().value()).isEqualTo(1);
            assertThat(registry.get("blip.model.reloads").tag("result", "failure").counter().count()).isEqualTo(1);
            assertThat(registry.get("blip.episodes.opened").counter().count()).isEqualTo(1);
            assertThat(registry.get("blip.episodes.closed").tag("cause", "model_change").counter().count()).isEqualTo(1);
            assertThat(registry.get("blip.episodes.closed").tag("cause", "quiet").counter().count()).isZero();
            assertThat(registry.get("blip.keys.unreadable").counter().count()).isEqualTo(1);
            assertThat(registry.get("blip.episodes.open").gauge().value()).isEqualTo(3);
            m.taskClosed("0_1");
            assertThat(registry.get("blip.keys.tracked").gauge().value()).isEqualTo(5);
            assertThat(registry.get("blip.episodes.open").gauge().value()).isEqualTo(2);
            m.modelServed("def", "dl4j");
            assertThat(registry.find("blip.model.info").tag("version", "abc").gauge()).isNull();
        }
        assertThat(registry.find("blip.events.consumed").counter()).as("closed meters are removed").isNull();
    }

    @Test
    void prometheusNamesAreTheDashboardContract() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ScorerMetrics m = ScorerMetrics.bind(registry)) {
            m.eventsConsumed(1);
            m.lateEvent();
            m.anomalyEmitted();
            m.batchScored(3, 1_000_000);
            m.windowScore(0.2, 0.95);
            m.modelServed("v1", "dl4j");
            m.modelReload(true);
            String text = registry.scrape();
            for (String name : new String[] {"blip_events_consumed_total", "blip_records_bad_total", "blip_events_late_total",
                    "blip_buckets_closed_total", "blip_windows_scored_total", "blip_anomalies_emitted_total",
                    "blip_model_reloads_total", "blip_scoring_batch_size_windows_bucket", "blip_scoring_latency_seconds_bucket",
                    "blip_reconstruction_error_bucket", "blip_anomaly_score_bucket", "blip_keys_tracked", "blip_model_info{",
                    "blip_episodes_opened_total", "blip_episodes_closed_total{cause=\"quiet\"}", "blip_episodes_open",
                    "blip_keys_unreadable_total", "blip_outputs_dropped_total", "blip_records_bad_total{reason=\"invalid_key\"}",
                    "blip_records_bad_total{reason=\"timestamp_in_future\"}"}) {
                assertThat(text).as(name).contains(name);
            }
            assertThat(text).contains("blip_anomaly_score_bucket{le=\"0.999\"}").contains("blip_anomaly_score_bucket{le=\"0.5\"}");
            assertThat(text).contains("blip_model_info{engine=\"dl4j\",version=\"v1\"} 1");
        }
    }
}
