package dev.blip.core.transform;

import dev.blip.core.bucket.CountSeries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ordered transforms of a model, applied bucket by bucket with one flat per-key state array.
 * Because every transform is affine per bucket, the pipeline also returns the composed inverse
 * for each bucket, which turns a reconstruction back into expected counts exactly.
 */
public final class TransformPipeline {

    private final List<Transform> transforms;
    private final int features;
    private final int[] offsets;
    private final int stateSize;
    private final int warmup;

    public TransformPipeline(List<TransformSpec> specs, int features) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, got " + features);
        }
        this.features = features;
        this.transforms = new ArrayList<>(specs.size());
        this.offsets = new int[specs.size()];
        int size = 0;
        int wu = 0;
        for (int i = 0; i < specs.size(); i++) {
            List<String> problems = specs.get(i).violations(features);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("transforms[" + i + "] " + specs.get(i).kind() + ": "
                        + String.join("; ", problems));
            }
            Transform t = Transforms.create(specs.get(i));
            transforms.add(t);
            offsets[i] = size;
            size += t.stateSize(features);
            wu = Math.max(wu, t.warmup());
        }
        this.stateSize = size;
        this.warmup = wu;
    }

    /**
     * Fits every unfitted global normaliser on the training series, in order: each one sees the
     * output of the transforms before it. Fitted specs are returned unchanged.
     */
    public static List<TransformSpec> fit(List<TransformSpec> specs, List<CountSeries> training) {
        if (training.isEmpty()) {
            throw new IllegalArgumentException("cannot fit transforms on no training series");
        }
        int features = training.get(0).featureCount();
        List<TransformSpec> fitted = new ArrayList<>(specs.size());
        for (TransformSpec spec : specs) {
            if (!spec.fitted()) {
                TransformPipeline prefix = new TransformPipeline(fitted, features);
                List<double[]> outputs = new ArrayList<>();
                for (CountSeries s : training) {
                    outputs.addAll(prefix.applyAll(s));
                }
                if (outputs.isEmpty()) {
                    throw new IllegalArgumentException("training series are too short to fit " + spec.kind());
                }
                spec = GlobalNormaliser.fit(spec, outputs.toArray(new double[0][]), features);
            }
            fitted.add(spec);
        }
        return List.copyOf(fitted);
    }

    /** A fresh per-key state. */
    public double[] newState() {
        return new double[stateSize];
    }

    public int stateSize() {
        return stateSize;
    }

    public int features() {
        return features;
    }

    /** Outputs a key must produce before its windows count (the largest transform warm-up). */
    public int warmup() {
        return warmup;
    }

    public List<TransformSpec> specs() {
        return transforms.stream().map(Transform::spec).toList();
    }

    /**
     * Transforms one bucket in place. On return {@code x = invScale * y + invOffset} recovers the
     * original counts, element by element.
     *
     * @return false when a transform consumed the bucket to seed its state (no output)
     */
    public boolean apply(double[] x, double[] state, double[] invScale, double[] invOffset) {
        return apply(x, state, invScale, invOffset, new double[features], new double[features]);
    }

    /**
     * As {@link #apply(double[], double[], double[], double[])}, with caller-owned scratch arrays of
     * {@code features} doubles each, so the per-bucket path of a key allocates nothing.
     */
    public boolean apply(double[] x, double[] state, double[] invScale, double[] invOffset, double[] s, double[] o) {
        return applyAt(x, state, 0, invScale, invOffset, s, o);
    }

    /** As {@link #apply(double[], double[], double[], double[], double[], double[])}, with this pipeline's state at {@code base}. */
    public boolean applyAt(double[] x, double[] state, int base, double[] invScale, double[] invOffset, double[] s, double[] o) {
        Arrays.fill(invScale, 1.0);
        Arrays.fill(invOffset, 0.0);
        for (int i = 0; i < transforms.size(); i++) {
            if (!transforms.get(i).forward(x, state, base + offsets[i], s, o)) {
                return false;
            }
            for (int j = 0; j < features; j++) {
                invOffset[j] += invScale[j] * o[j];
                invScale[j] *= s[j];
            }
        }
        return true;
    }

    /** Runs a whole series through a fresh state; returns the outputs in order. */
    public List<double[]> applyAll(CountSeries series) {
        double[] state = newState();
        double[] s = new double[features];
        double[] o = new double[features];
        double[] scratchScale = new double[features];
        double[] scratchOffset = new double[features];
        List<double[]> out = new ArrayList<>(series.length());
        for (double[] v : series.values()) {
            double[] x = v.clone();
            if (apply(x, state, s, o, scratchScale, scratchOffset)) {
                out.add(x);
            }
        }
        return out;
    }
}
