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
import dev.blip.core.transform.TransformPipeline;
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

    /** Default event-count preprocessing: first difference, then per-key EWM normalisation. */
    public static List<TransformSpec> eventTransforms() {
        return List.of(TransformSpec.difference(), TransformSpec.ewm(0.05, 8, 1.0));
    }

    /**
     * A bundle for 5-minute event counts, window 12, hidden 16, trained briefly on 4 clean synthetic
     * keys. Cached per JVM.
     */
    public static synchronized ModelBundle small() {
        if (small == null) {
            SyntheticTraffic.Result traffic = new SyntheticTraffic(4, 600, dev.blip.core.bucket.BucketInterval.parse("5m"),
                    1_700_006_400_000L, 5, 200, 48, 0, 600, 7L).generate();
            small = train(traffic.series(), eventTransforms(), ModelConfig.defaults(1, 12).withHidden(List.of(16)), 8, 0.995);
        }
        return small;
    }

    /** Trains on the first 80 % of every series and calibrates on the rest. */
    public static ModelBundle train(List<CountSeries> series, List<TransformSpec> transforms, ModelConfig config,
                                    int epochs, double quantile) {
        List<CountSeries> fitPart = new ArrayList<>();
        List<CountSeries> validationPart = new ArrayList<>();
        for (CountSeries s : series) {
            int cut = (int) (s.length() * 0.8);
            fitPart.add(s.slice(0, cut));
            validationPart.add(s.slice(cut, s.length()));
        }
        List<TransformSpec> fitted = TransformPipeline.fit(transforms, fitPart);
        WindowAssembler assembler = new WindowAssembler(new TransformPipeline(fitted, config.features()), config.windowLength());
        List<Window> train = new ArrayList<>();
        List<Window> validation = new ArrayList<>();
        fitPart.forEach(s -> train.addAll(assembler.windows(s, 2)));
        validationPart.forEach(s -> validation.addAll(assembler.windows(s, 1)));
        MultiLayerNetwork net = AutoencoderFactory.build(config);
        DataSet ds = new DataSet(WindowTensors.features(train), WindowTensors.targets(train, config.reverseOrder()));
        for (int e = 0; e < epochs; e++) {
            net.fit(ds);
        }
        WindowScorer probe = new WindowScorer(new Dl4jReconstructionModel(config, net), null);
        Calibration calibration = Calibrator.fit(CalibrationMethod.QUANTILE, quantile, probe.signedErrors(validation),
                config.features(), config.windowLength());
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, Product.NAME, Product.VERSION, null,
                "2026-01-01T00:00:00Z", series.get(0).features().names(), series.get(0).interval().toString(), 2, config,
                fitted, calibration, Map.of("series", series.size()), Map.of("epochs", epochs));
        return BundleIO.inMemory(manifest, net);
    }
}
