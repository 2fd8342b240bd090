package dev.blip.trainer.calibrate;

import dev.blip.core.score.ErrorScope;

import dev.blip.core.model.ReconstructionModel;
import dev.blip.core.score.Calibration;
import dev.blip.core.score.Calibrator;
import dev.blip.core.score.WindowScorer;
import dev.blip.core.window.Window;

import java.util.List;

/**
 * Fits the bundle's {@link Calibration} on validation windows only: the model reconstructs them
 * through the core {@link WindowScorer} (the path scoring uses), and the core {@link Calibrator}
 * turns their signed errors into a threshold and the [0, 1] score mapping.
 */
public final class ThresholdFitter {

    private ThresholdFitter() {
    }

    public static Calibration fit(CalibrationChoice choice, ReconstructionModel model, List<Window> validation,
                                  ErrorScope scope, double bandQuantile) {
        List<double[]> errors = new WindowScorer(model, null).signedErrors(validation);
        int f = model.config().features();
        int t = model.config().windowLength();
        int counts = validation.get(0).countFeatures();
        return Calibrator.fit(choice.method(), choice.parameter(), errors, f, t, scope, counts, bandQuantile);
    }
}
