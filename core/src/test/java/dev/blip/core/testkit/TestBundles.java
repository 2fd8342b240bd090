package dev.blip.core.testkit;

import dev.blip.core.Product;
import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.BundleManifest;
import dev.blip.core.bundle.ModelBundle;
import dev.blip.core.model.AutoencoderFactory;
import dev.blip.core.model.Dl4jReconstructionModel;
import dev.blip.core.model.ModelConfig;
import dev.blip.core.model.WindowTensors;
import dev.blip.core.score.Calibration;
import dev.blip.core.score.CalibrationMethod;
import dev.blip.core.score.Calibrator;
import dev.blip.core.score.WindowScorer;
import dev.blip.core.synth.SyntheticTraffic;
import dev.blip.core.detect.DetectorSpec;
import dev.blip.core.score.ErrorScope;
import dev.blip.core.transform.ChannelPipeline;
import dev.blip.core.transform.Preprocessing;
import dev.blip.core.transform.Stabiliser;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import dev.blip.core.transform.TransformSpec;
import dev.blip.core.window.Window;
import dev.blip.core.window.WindowAssembler;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small, quickly trained bundles for tests in every module (this is test code: the product's
 * training loop lives in the trainer). Deterministic for a given seed.
 */
public final class TestBundles {

    private static ModelBundle small;

    private TestBundles() {
    }

    /** First difference, then per-key EWM normalisation (one channel group). */
    public static List<TransformSpec> eventTransforms() {
        return List.of(TransformSpec.difference(), TransformSpec.ewm(0.05, 8, 1.0));
    }

    /** The product's default shape for counts: Anscombe, per-key level and difference channels. */
    public static Preprocessing eventPreprocessing() {
        return Preprocessing.levelAndDifference(Stabiliser.ANSCOMBE, List.of(TransformSpec.ewm(0.02, 8, 1.0)),
                eventTransforms());
    }

    /** The detector of test bundles: defaults, with the likelihood learning over 48 buckets. */
    public static DetectorSpec detector() {
        return DetectorSpec.defaults().withLearningBuckets(48);
    }

    /**
     * A bundle for 5-minute event counts, window 12, hidden 16, trained briefly on 4 clean synthetic
     * keys. Cached per JVM.
     */
    public static synchronized ModelBundle small() {
        if (small == null) {
            SyntheticTraffic.Result traffic = TestTraffic.synthetic(4, 600, 5, 200, 48, 0, 600, 7L);
            small = train(traffic.series(), eventPreprocessing(), ModelConfig.defaults(1, 12).withHidden(List.of(16)), 8, 0.995);
        }
        return small;
    }

    /**
     * Trains on the first 80 % of every series and calibrates on the rest. {@code shape} gives the
     * network's sizes and options; its input width becomes the preprocessing's channel count and
     * the newest bucket is masked (predicted), as the trainer does by default.
     */
    public static ModelBundle train(List<CountSeries> series, Preprocessing preprocessing, ModelConfig shape,
                                    int epochs, double quantile) {
        int counts = series.get(0).featureCount();
        ModelConfig config = new ModelConfig(preprocessing.channelCount(counts), shape.windowLength(), shape.hidden(),
                shape.reverseOrder(), shape.bidirectional(), shape.learningRate(), shape.gradientClip(), shape.seed(), 1);
        List<CountSeries> fitPart = new ArrayList<>();
        List<CountSeries> validationPart = new ArrayList<>();
        for (CountSeries s : series) {
            int cut = (int) (s.length() * 0.8);
            fitPart.add(s.slice(0, cut));
            validationPart.add(s.slice(cut, s.length()));
        }
        Preprocessing fitted = preprocessing.fit(fitPart);
        WindowAssembler assembler = new WindowAssembler(new ChannelPipeline(fitted, counts), config.windowLength());
        List<Window> train = new ArrayList<>();
        List<Window> validation = new ArrayList<>();
        fitPart.forEach(s -> train.addAll(assembler.windows(s, 2)));
        validationPart.forEach(s -> validation.addAll(assembler.windows(s, 1)));
        MultiLayerNetwork net = AutoencoderFactory.build(config);
        INDArray input = Nd4j.create(WindowTensors.masked(train, config.maskNewest()),
                new long[] {train.size(), config.features(), config.windowLength()}, 'c');
        DataSet ds = new DataSet(input, WindowTensors.targets(train, config.reverseOrder()));
        for (int e = 0; e < epochs; e++) {
            net.fit(ds);
        }
        WindowScorer probe = new WindowScorer(new Dl4jReconstructionModel(config, net), null);
        Calibration calibration = Calibrator.fit(CalibrationMethod.QUANTILE, quantile, probe.signedErrors(validation),
                config.features(), config.windowLength(), ErrorScope.NEWEST, counts, 0.99);
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, Product.NAME, Product.VERSION, null,
                "2026-01-01T00:00:00Z", series.get(0).features().names(), series.get(0).interval().toString(), 2, config,
                fitted, calibration, detector(), Map.of("series", series.size()), Map.of("epochs", epochs));
        return BundleIO.inMemory(manifest, net);
    }
}
