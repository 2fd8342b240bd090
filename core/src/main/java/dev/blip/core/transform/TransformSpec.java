package dev.blip.core.transform;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/**
 * The saved form of one transform: its kind and every parameter, fitted ones included. This is
 * what a model bundle's manifest stores; {@link Transforms#create} turns it back into the running
 * object. Fields that a kind does not use are null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransformSpec(TransformKind kind, Integer lag, Double alpha, Integer warmup, Double minScale,
                            double[] center, double[] scale) {

    public static TransformSpec difference() {
        return new TransformSpec(TransformKind.DIFFERENCE, null, null, null, null, null, null);
    }

    public static TransformSpec seasonalDifference(int lag) {
        return new TransformSpec(TransformKind.SEASONAL_DIFFERENCE, lag, null, null, null, null, null);
    }

    /** Unfitted global z-score. */
    public static TransformSpec zscore() {
        return new TransformSpec(TransformKind.ZSCORE, null, null, null, null, null, null);
    }

    /** Unfitted global median/IQR. */
    public static TransformSpec robust() {
        return new TransformSpec(TransformKind.ROBUST, null, null, null, null, null, null);
    }

    public static TransformSpec ewm(double alpha, int warmup, double minScale) {
        return new TransformSpec(TransformKind.EWM, null, alpha, warmup, minScale, null, null);
    }

    public boolean fitted() {
        return !kind.needsFit() || (center != null && scale != null);
    }

    public TransformSpec withFit(double[] fittedCenter, double[] fittedScale) {
        return new TransformSpec(kind, lag, alpha, warmup, minScale, fittedCenter, fittedScale);
    }

    /** Every rule this spec breaks, for a model of {@code features} features; empty when valid. */
    public List<String> violations(int features) {
        List<String> out = new ArrayList<>();
        if (kind == null) {
            out.add("kind: required");
            return out;
        }
        switch (kind) {
            case SEASONAL_DIFFERENCE -> {
                if (lag == null || lag < 1) {
                    out.add("lag: must be >= 1 for SEASONAL_DIFFERENCE, got " + lag);
                }
            }
            case EWM -> {
                if (alpha == null || !(alpha > 0 && alpha <= 1)) {
                    out.add("alpha: must be in (0, 1] for EWM, got " + alpha);
                }
                if (warmup == null || warmup < 0) {
                    out.add("warmup: must be >= 0 for EWM, got " + warmup);
                }
                if (minScale == null || !(minScale > 0) || minScale.isInfinite()) {
                    out.add("minScale: must be a positive finite number for EWM, got " + minScale);
                }
            }
            case ZSCORE, ROBUST -> {
                if (center != null && center.length != features) {
                    out.add("center: must have " + features + " values, got " + center.length);
                }
                if (scale != null && scale.length != features) {
                    out.add("scale: must have " + features + " values, got " + scale.length);
                }
                if (scale != null) {
                    for (double s : scale) {
                        if (!(s > 0) || Double.isInfinite(s)) {
                            out.add("scale: every value must be positive and finite, got " + s);
                            break;
                        }
                    }
                }
            }
            default -> { }
        }
        return out;
    }
}
