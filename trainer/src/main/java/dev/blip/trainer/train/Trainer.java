package dev.blip.trainer.train;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.BundleManifest;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.ReconstructionModel;
import dev.blip.core.model.fast.ReconstructionModels;
import dev.blip.core.score.Calibration;
import dev.blip.core.score.WindowScorer;
import dev.blip.core.window.Window;
import dev.blip.trainer.calibrate.ThresholdFitter;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Trains, calibrates and packages a model: the programmatic API behind {@code train} and
 * {@code detect --train-fraction}, and what the demo calls. Deterministic: the same series,
 * options and clock give a bundle with the same content hash.
 */
public final class Trainer {

    private final Clock clock;

    public Trainer(Clock clock) {
        this.clock = clock;
    }

    public Trainer() {
        this(Clock.systemUTC());
    }

    /**
     * @throws IllegalArgumentException for invalid options (naming every violation)
     * @throws dev.blip.trainer.dataset.InputException when the series cannot give enough windows
     * @throws UnderfitException when the model is not clearly better than naive reconstructions
     *                           and {@code allowUnderfit} is false
     */
    public TrainResult train(List<CountSeries> series, TrainOptions o) {
        List<String> violations = o.violations();
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("invalid training options: " + String.join("; ", violations));
        }
        long started = System.nanoTime();
        TrainingData data = TrainingData.split(series, o);
        int channels = data.preprocessing().channelCount(series.get(0).featureCount());
        ModelConfig config = new ModelConfig(channels, o.windowLength(), o.hidden(), o.reverse(),
                o.bidirectional(), o.learningRate(), 1.0, o.seed(), o.maskNewest());
        MultiLayerNetwork net = AutoencoderFactory.build(config);
        FitLoop.Outcome fit = new FitLoop(config, o).run(net, data.train(), data.validation());
        ReconstructionModel engine = ReconstructionModels.forBundle(config, net);
        UnderfitCheck check = UnderfitCheck.of(engine, data.validation(), o.underfitRatio());
        if (!check.passed() && (!o.allowUnderfit() || !Double.isFinite(check.modelMse()))) {
            // A diverged model (NaN loss) cannot be calibrated, even when underfitting is allowed.
            throw new UnderfitException(check);
        }
        // Calibrate through the engine every bundle scores with (the scorer, detect), not DL4J's:
        // the threshold must be fitted on exactly the raw scores it will be compared with.
        Calibration calibration = ThresholdFitter.fit(o.calibration(), engine, data.validation(), o.scope(), o.bandQuantile());
        BundleManifest manifest = ManifestContent.build(data, config, calibration, fit, check, o,
                Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        ModelBundle bundle = BundleIO.inMemory(manifest, net);
        WindowScorer scorer = new WindowScorer(engine, calibration);
        return new TrainResult(bundle, fit.epochs(), fit.bestEpoch(), check, scorer.score(data.validation()),
                data.train().size(), data.skipped(), Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Validation loss after each epoch, through the fast inference pass on the current weights
     * (extracting them costs far less than DL4J's inference of the validation windows; DL4J when
     * the fast pass does not support the network): the MSE of the masked newest steps when the
     * model predicts them, else of whole windows, in transformed space.
     */
    static double validationMse(ModelConfig config, MultiLayerNetwork net, List<Window> validation) {
        List<double[]> errors = new WindowScorer(ReconstructionModels.forEvaluation(config, net), null).signedErrors(validation);
        int len = config.windowLength();
        int from = config.maskNewest() > 0 ? len - config.maskNewest() : 0;
        double sum = 0;
        long n = 0;
        for (double[] e : errors) {
            for (int c = 0; c < config.features(); c++) {
                for (int t = from; t < len; t++) {
                    double v = e[c * len + t];
                    sum += v * v;
                    n++;
                }
            }
        }
        return sum / n;
    }
}
