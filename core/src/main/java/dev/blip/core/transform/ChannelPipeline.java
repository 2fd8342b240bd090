package dev.blip.core.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * The running form of {@link Preprocessing}: stabilises one bucket of counts and runs every
 * channel group's {@link TransformPipeline} over it, with one flat per-key state array (the
 * groups' states one after another). A bucket yields output only when every group yields one
 * (differencing consumes a key's first bucket); every group's state still advances, so the
 * trainer and the scorer see identical channels.
 */
public final class ChannelPipeline {

    private final Preprocessing spec;
    private final int features;
    private final List<TransformPipeline> groups = new ArrayList<>();
    private final int[] offsets;
    private final int stateSize;
    private final int warmup;

    public ChannelPipeline(Preprocessing spec, int features) {
        List<String> problems = spec.violations(features);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        this.spec = spec;
        this.features = features;
        this.offsets = new int[spec.groups()];
        int size = 0;
        int wu = 0;
        for (int g = 0; g < spec.groups(); g++) {
            TransformPipeline p = new TransformPipeline(spec.channels().get(g).transforms(), features);
            groups.add(p);
            offsets[g] = size;
            size += p.stateSize();
            wu = Math.max(wu, p.warmup());
        }
        this.stateSize = size;
        this.warmup = wu;
    }

    /** One unstabilised group of already fitted transforms: the shape of earlier models, and of many tests. */
    public static ChannelPipeline of(List<TransformSpec> fitted, int features) {
        return new ChannelPipeline(Preprocessing.single(Stabiliser.NONE, Preprocessing.DIFFERENCE, fitted), features);
    }

    public Preprocessing spec() {
        return spec;
    }

    public Stabiliser stabiliser() {
        return spec.stabiliser();
    }

    /** Count features per bucket. */
    public int features() {
        return features;
    }

    /** Model channels: groups x features. */
    public int channels() {
        return features * groups.size();
    }

    public int stateSize() {
        return stateSize;
    }

    /** Outputs a key must produce before its windows count. */
    public int warmup() {
        return warmup;
    }

    /** Scratch arrays for {@link #apply} of a pipeline over {@code features} features; one per caller. */
    public static double[][] newScratch(int features) {
        return new double[6][features];
    }

    /**
     * Transforms one bucket of counts into {@code out[channels]}, and writes per channel the
     * affine inverse back to the stabilised value: {@code stabilised = invScale * out + invOffset}.
     *
     * @param scratch caller-owned scratch from {@link #newScratch(int)}, so the per-bucket path allocates nothing
     * @return false while a group is still consuming buckets to seed its state
     */
    public boolean apply(double[] counts, double[] state, double[] out, double[] invScale, double[] invOffset,
                         double[][] scratch) {
        boolean ready = true;
        double[] x = scratch[0];
        double[] s = scratch[1];
        double[] o = scratch[2];
        double[] ws = scratch[3];
        double[] wo = scratch[4];
        double[] stabilised = scratch[5];
        for (int f = 0; f < features; f++) {
            stabilised[f] = spec.stabiliser().forward(counts[f]);
        }
        for (int g = 0; g < groups.size(); g++) {
            // each group transforms its own copy in place
            System.arraycopy(stabilised, 0, x, 0, features);
            boolean produced = groups.get(g).applyAt(x, state, offsets[g], s, o, ws, wo);
            ready &= produced;
            int base = g * features;
            System.arraycopy(x, 0, out, base, features);
            System.arraycopy(s, 0, invScale, base, features);
            System.arraycopy(o, 0, invOffset, base, features);
        }
        return ready;
    }
}
