package dev.blip.scorer.metrics;

import dev.blip.core.bundle.BundleManifest;
import dev.blip.core.testkit.TestBundles;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ServingMetricsTest {

    @Test
    void readinessLivenessModelAgeAndTrainingFiguresAreGauges() {
        BundleManifest t = TestBundles.small().manifest();
        BundleManifest m = new BundleManifest(t.formatVersion(), t.product(), t.productVersion(), t.modelVersion(), t.createdAt(),
                t.features(), t.bucketInterval(), t.windowStride(), t.model(), t.preprocessing(), t.calibration(), t.detector(),
                java.util.Map.of("trainingWindows", 1200, "validationWindows", 300),
                java.util.Map.of("modelToNaiveRatio", 0.42, "newestBucketMse", 0.08));
        Instant created = Instant.parse(m.createdAt());
        Clock clock = Clock.fixed(created.plus(Duration.ofHours(50)), ZoneOffset.UTC);
        AtomicBoolean ready = new AtomicBoolean(false);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ServingMetrics metrics = new ServingMetrics(ready::get, () -> true, () -> m, clock)) {
            metrics.bindTo(registry);
            String scrape = registry.scrape();
            assertThat(scrape).contains("blip_ready 0.0").contains("blip_live 1.0")
                    .contains("blip_model_age_seconds " + 50 * 3600.0);
            ready.set(true);
            assertThat(registry.scrape()).contains("blip_ready 1.0");
            for (String[] f : ServingMetrics.TRAINING_FIGURES) {
                Object expected = ("metrics".equals(f[0]) ? m.metrics() : m.training()).get(f[1]);
                String name = f[2].replace('.', '_');
                assertThat(scrape).as(name).contains(name + " " + ((Number) expected).doubleValue());
            }
        }
        assertThat(registry.scrape()).doesNotContain("blip_ready");
        try (ServingMetrics metrics = new ServingMetrics(() -> true, () -> true, () -> t, clock)) {
            metrics.bindTo(registry);
            assertThat(registry.scrape()).as("a bundle without the figures").contains("blip_model_underfit_ratio NaN");
        }
    }
}
