package dev.blip.core.transform;

/**
 * {@code y[t] = x[t] - x[t-lag]}; lag 1 is the first difference. State layout: one counter, then
 * a ring of {@code lag} previous vectors. The first {@code lag} buckets of a key only seed the
 * ring and produce no output.
 */
final class Difference implements Transform {

    private final int lag;
    private final TransformSpec spec;

    Difference(TransformSpec spec) {
        this.spec = spec;
        this.lag = spec.kind() == TransformKind.DIFFERENCE ? 1 : spec.lag();
    }

    @Override
    public TransformKind kind() {
        return spec.kind();
    }

    @Override
    public int stateSize(int features) {
        return 1 + lag * features;
    }

    @Override
    public boolean forward(double[] x, double[] state, int off, double[] invScale, double[] invOffset) {
        int f = x.length;
        long seen = (long) state[off];
        int slot = off + 1 + (int) (seen % lag) * f;
        boolean ready = seen >= lag;
        for (int j = 0; j < f; j++) {
            double previous = state[slot + j];
            state[slot + j] = x[j];
            if (ready) {
                x[j] -= previous;
                invScale[j] = 1.0;
                invOffset[j] = previous;
            }
        }
        state[off] = seen + 1;
        return ready;
    }

    @Override
    public TransformSpec spec() {
        return spec;
    }
}
