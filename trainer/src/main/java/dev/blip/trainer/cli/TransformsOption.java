package dev.blip.trainer.cli;

import dev.blip.core.transform.TransformSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code --transforms} and {@code --normaliser}. A transform list is comma-separated:
 * {@code difference}, {@code seasonal:LAG}, {@code zscore}, {@code robust},
 * {@code ewm[:ALPHA[:WARMUP[:MINSCALE]]]} (defaults 0.05, the window length, 1.0).
 * {@code --normaliser} is the short form for the step after {@code difference}:
 * {@code per-key} (EWM), {@code robust}, {@code global} (z-score) or {@code none}.
 */
final class TransformsOption {

    private TransformsOption() {
    }

    static List<TransformSpec> parse(String text, int window) {
        List<TransformSpec> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] p = part.trim().toLowerCase(Locale.ROOT).split(":");
            out.add(switch (p[0]) {
                case "difference", "diff" -> TransformSpec.difference();
                case "seasonal" -> TransformSpec.seasonalDifference(intArg(p, 1, -1, part));
                case "zscore", "global" -> TransformSpec.zscore();
                case "robust" -> TransformSpec.robust();
                case "ewm", "per-key" -> TransformSpec.ewm(doubleArg(p, 1, 0.05, part), intArg(p, 2, window, part),
                        doubleArg(p, 3, 1.0, part));
                default -> throw new IllegalArgumentException("--transforms: unknown transform '" + part
                        + "' (use difference, seasonal:LAG, zscore, robust, ewm[:alpha[:warmup[:minScale]]])");
            });
        }
        return out;
    }

    static List<TransformSpec> forNormaliser(String normaliser, int window) {
        return switch (normaliser.toLowerCase(Locale.ROOT)) {
            case "per-key", "ewm" -> parse("difference,ewm", window);
            case "robust" -> parse("difference,robust", window);
            case "global", "zscore" -> parse("difference,zscore", window);
            case "none" -> parse("difference", window);
            default -> throw new IllegalArgumentException("--normaliser: must be per-key, robust, global or none, got '"
                    + normaliser + "'");
        };
    }

    /** The level channel's transforms for a {@code --normaliser} choice (no differencing). */
    static List<TransformSpec> levelForNormaliser(String normaliser, int window) {
        return switch (normaliser.toLowerCase(Locale.ROOT)) {
            case "per-key", "ewm" -> List.of(TransformSpec.ewm(dev.blip.trainer.train.TrainOptions.LEVEL_ALPHA, window, 1.0));
            case "robust" -> List.of(TransformSpec.robust());
            case "global", "zscore" -> List.of(TransformSpec.zscore());
            case "none" -> List.of();
            default -> throw new IllegalArgumentException("--normaliser: must be per-key, robust, global or none, got '"
                    + normaliser + "'");
        };
    }

    private static int intArg(String[] p, int i, int dflt, String part) {
        if (p.length <= i) {
            if (dflt < 0) {
                throw new IllegalArgumentException("--transforms: '" + part + "' needs a lag, e.g. seasonal:288");
            }
            return dflt;
        }
        try {
            return Integer.parseInt(p[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--transforms: '" + part + "' has a non-integer parameter '" + p[i] + "'");
        }
    }

    private static double doubleArg(String[] p, int i, double dflt, String part) {
        if (p.length <= i) {
            return dflt;
        }
        try {
            return Double.parseDouble(p[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--transforms: '" + part + "' has a non-numeric parameter '" + p[i] + "'");
        }
    }
}
