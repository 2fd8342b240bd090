package dev.blip.core.transform;

import java.util.List;

/** Turns saved specs into running transforms. */
public final class Transforms {

    private Transforms() {
    }

    public static Transform create(TransformSpec spec) {
        List<String> problems = spec.violations(spec.center() == null ? 0 : spec.center().length);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("transform " + spec.kind() + ": " + String.join("; ", problems));
        }
        return switch (spec.kind()) {
            case DIFFERENCE, SEASONAL_DIFFERENCE -> new Difference(spec);
            case ZSCORE, ROBUST -> new GlobalNormaliser(spec);
            case EWM -> new EwmNormaliser(spec);
        };
    }
}
