package dev.blip.core.bundle;

import dev.blip.core.score.Calibration;
import dev.blip.core.transform.ChannelSpec;
import dev.blip.core.transform.Preprocessing;
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

    static List<String> violations(Calibration c, Preprocessing preprocessing) {
        List<String> out = new ArrayList<>();
        if (c != null) {
            scalar(out, "calibration.parameter", c.parameter());
            scalar(out, "calibration.threshold", c.threshold());
            scalar(out, "calibration.tailScale", c.tailScale());
            array(out, "calibration.errorMean", c.errorMean());
            array(out, "calibration.precision", c.precision());
            array(out, "calibration.reference", c.reference());
            array(out, "calibration.bandLow", c.bandLow());
            array(out, "calibration.bandHigh", c.bandHigh());
        }
        if (preprocessing == null || preprocessing.channels() == null) {
            return out;
        }
        for (int g = 0; g < preprocessing.channels().size(); g++) {
            ChannelSpec group = preprocessing.channels().get(g);
            if (group == null || group.transforms() == null) {
                continue;
            }
            for (int i = 0; i < group.transforms().size(); i++) {
                TransformSpec t = group.transforms().get(i);
                String where = "preprocessing.channels[" + g + "].transforms[" + i + "]";
                if (t != null) {
                    array(out, where + ".center", t.center());
                    array(out, where + ".scale", t.scale());
                    if (t.alpha() != null) {
                        scalar(out, where + ".alpha", t.alpha());
                    }
                    if (t.minScale() != null) {
                        scalar(out, where + ".minScale", t.minScale());
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
