package dev.blip.core.bundle;

import dev.blip.core.score.Calibration;
import dev.blip.core.transform.TransformSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers of a manifest that scoring computes with must be finite: JSON cannot hold NaN, but
 * Jackson reads the strings {@code "NaN"} and {@code "Infinity"} into doubles, and one NaN in a
 * calibration makes every verdict false without an error.
 */
final class FiniteValues {

    private FiniteValues() {
    }

    static List<String> violations(Calibration c, List<TransformSpec> transforms) {
        List<String> out = new ArrayList<>();
        if (c != null) {
            scalar(out, "calibration.parameter", c.parameter());
            scalar(out, "calibration.threshold", c.threshold());
            scalar(out, "calibration.tailScale", c.tailScale());
            array(out, "calibration.errorMean", c.errorMean());
            array(out, "calibration.precision", c.precision());
            array(out, "calibration.reference", c.reference());
        }
        if (transforms != null) {
            for (int i = 0; i < transforms.size(); i++) {
                TransformSpec t = transforms.get(i);
                if (t != null) {
                    array(out, "transforms[" + i + "].center", t.center());
                    array(out, "transforms[" + i + "].scale", t.scale());
                    if (t.alpha() != null) {
                        scalar(out, "transforms[" + i + "].alpha", t.alpha());
                    }
                    if (t.minScale() != null) {
                        scalar(out, "transforms[" + i + "].minScale", t.minScale());
                    }
                }
            }
        }
        return out;
    }

    private static void scalar(List<String> out, String field, double v) {
        if (!Double.isFinite(v)) {
            out.add(field + ": must be a finite number, got " + v);
        }
    }

    private static void array(List<String> out, String field, double[] values) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                out.add(field + ": must hold finite numbers, got " + values[i] + " at index " + i);
                return;
            }
        }
    }
}
