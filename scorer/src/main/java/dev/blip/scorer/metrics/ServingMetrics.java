package dev.blip.scorer.metrics;

import dev.blip.core.bundle.BundleManifest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether the scorer is serving, and what it serves: readiness and liveness as 0/1 gauges (so an
 * alert can see a scorer that is up and scraped but not processing), the served model's age (so a
 * retraining job that stopped is noticed) and the training summary's figures from its manifest.
 */
public final class ServingMetrics implements MeterBinder, AutoCloseable {

    /** Manifest figures exposed as gauges: manifest section, key, meter name, description. */
    static final List<String[]> TRAINING_FIGURES = List.of(
            new String[] {"metrics", "modelToNaiveRatio", "blip.model.underfit.ratio",
                "Model's newest-bucket MSE on validation divided by the better naive predictor's (below 1 beats naive)"},
            new String[] {"metrics", "newestBucketMse", "blip.model.validation.mse",
                "Model's newest-bucket MSE on the validation windows (transformed units)"},
            new String[] {"training", "trainingWindows", "blip.model.training.windows", "Windows the served model was trained on"},
            new String[] {"training", "validationWindows", "blip.model.validation.windows", "Windows the served model was calibrated on"});

    private final BooleanSupplier ready;
    private final BooleanSupplier live;
    private final Supplier<BundleManifest> manifest;
    private final Clock clock;
    private final List<Meter> meters = new ArrayList<>();
    private MeterRegistry registry;

    public ServingMetrics(BooleanSupplier ready, BooleanSupplier live, Supplier<BundleManifest> manifest, Clock clock) {
        this.ready = ready;
        this.live = live;
        this.manifest = manifest;
        this.clock = clock;
    }

    @Override
    public synchronized void bindTo(MeterRegistry r) {
        registry = r;
        meters.add(Gauge.builder("blip.ready", () -> ready.getAsBoolean() ? 1 : 0)
                .description("1 when Kafka Streams is RUNNING and a model is loaded (what /health/ready answers), else 0").register(r));
        meters.add(Gauge.builder("blip.live", () -> live.getAsBoolean() ? 1 : 0)
                .description("1 while /health/live answers 200, else 0").register(r));
        meters.add(Gauge.builder("blip.model.age", this::ageSeconds).baseUnit("seconds")
                .description("Time since the served model bundle was written (its createdAt)").register(r));
        for (String[] f : TRAINING_FIGURES) {
            meters.add(Gauge.builder(f[2], () -> figure(f[0], f[1])).description(f[3]).register(r));
        }
    }

    double ageSeconds() {
        try {
            return (clock.millis() - Instant.parse(manifest.get().createdAt()).toEpochMilli()) / 1000.0;
        } catch (DateTimeParseException | NullPointerException e) {
            return Double.NaN;
        }
    }

    double figure(String section, String key) {
        BundleManifest m = manifest.get();
        Map<String, Object> map = "metrics".equals(section) ? m.metrics() : m.training();
        Object v = map == null ? null : map.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @Override
    public synchronized void close() {
        if (registry != null) {
            meters.forEach(registry::remove);
        }
        meters.clear();
    }
}
