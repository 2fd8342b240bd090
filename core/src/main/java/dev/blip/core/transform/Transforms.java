package dev.blip.core.transform;

/** Turns saved specs into running transforms; {@link TransformPipeline} validates them first. */
public final class Transforms {

    private Transforms() {
    }

    public static Transform create(TransformSpec spec) {
        return switch (spec.kind()) {
            case DIFFERENCE, SEASONAL_DIFFERENCE -> new Difference(spec);
            case ZSCORE, ROBUST -> new GlobalNormaliser(spec);
            case EWM -> new EwmNormaliser(spec);
        };
    }
}
