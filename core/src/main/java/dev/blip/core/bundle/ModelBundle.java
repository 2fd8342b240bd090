package dev.blip.core.bundle;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.FeatureSpec;
import dev.blip.core.model.ReconstructionModel;
import dev.blip.core.model.fast.InferenceEngine;
import dev.blip.core.model.fast.ReconstructionModels;
import dev.blip.core.score.WindowScorer;
import dev.blip.core.detect.Detector;
import dev.blip.core.transform.ChannelPipeline;
import dev.blip.core.window.WindowAssembler;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A loaded, validated model: its manifest, its network, and the running objects built from them.
 * Obtain one from {@link BundleIO#load} or {@link BundleIO#save}.
 */
public final class ModelBundle {

    private final BundleManifest manifest;
    private final MultiLayerNetwork network;
    private final BucketInterval interval;
    private final FeatureSpec features;
    private final WindowAssembler assembler;
    private final Detector detector;

    ModelBundle(BundleManifest manifest, MultiLayerNetwork network) {
        this.manifest = manifest;
        this.network = network;
        this.interval = BucketInterval.parse(manifest.bucketInterval());
        this.features = new FeatureSpec(manifest.features());
        ChannelPipeline pipeline = new ChannelPipeline(manifest.preprocessing(), features.size());
        this.assembler = new WindowAssembler(pipeline, manifest.model().windowLength());
        this.detector = new Detector(manifest.detector(), features.size());
    }

    /** The per-key post-processing (shared; per-key memory is a {@code DetectorState}). */
    public Detector detector() {
        return detector;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** The content hash: identity of this model on every output record. */
    public String version() {
        return manifest.modelVersion();
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public BucketInterval interval() {
        return interval;
    }

    public FeatureSpec features() {
        return features;
    }

    public WindowAssembler assembler() {
        return assembler;
    }

    /**
     * A new inference instance over this bundle's weights (not shared with other callers): the
     * fast LSTM pass when it supports the network, else DL4J (logged).
     */
    public ReconstructionModel newReconstructionModel() {
        return newReconstructionModel(InferenceEngine.AUTO);
    }

    /** As {@link #newReconstructionModel()}, with the engine chosen by the caller. */
    public ReconstructionModel newReconstructionModel(InferenceEngine engine) {
        return ReconstructionModels.forBundle(manifest.model(), network, engine);
    }

    /** A scorer with its own inference instance; use one per thread. */
    public WindowScorer newScorer() {
        return newScorer(WindowScorer.DEFAULT_MAX_BATCH);
    }

    /** A scorer with its own inference instance, handing the model at most {@code maxBatch} windows per call. */
    public WindowScorer newScorer(int maxBatch) {
        return newScorer(maxBatch, InferenceEngine.AUTO);
    }

    /** As {@link #newScorer(int)}, with the engine chosen by the caller. */
    public WindowScorer newScorer(int maxBatch, InferenceEngine engine) {
        return new WindowScorer(newReconstructionModel(engine), manifest.calibration(), maxBatch);
    }
}
