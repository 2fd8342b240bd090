package dev.blip.core.testkit;

import dev.blip.core.model.ModelConfig;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A double-precision forward pass of the {@code AutoencoderFactory} network (written from DL4J's
 * LSTM semantics, independent of DL4J, of the fast pass and of any BLAS) together with a bound,
 * per output value, on how far <em>any</em> float32 implementation of the same computation can be
 * from it. Tests bound a float engine's error by this, never by another library's measured error
 * on the machine at hand: the bound depends only on the weights, the input and IEEE float32
 * arithmetic, so it is the same on every CPU.
 *
 * <h2>The rounding model</h2>
 * Unit roundoff {@code u} ({@link #FLOAT_U} = 2<sup>-24</sup>), {@code gamma(n) = n u / (1 - n u)}.
 * Weights and inputs are float32 values, hence exact. Every intermediate result {@code v_s} of the
 * computation (a "site") is computed from its (already perturbed) operands with a local error of
 * at most {@code rho_s}:
 * <ul>
 *   <li><b>Dot products</b>: every gate pre-activation {@code z = b + W x + R h} ({@code K = nIn + 1 + H}
 *       terms) and every output {@code y = b + V h} ({@code H + 1} terms):
 *       {@code rho = gamma(K) * sum |w| |x|}. This holds for <em>any</em> summation order, blocked
 *       or not, with or without FMA (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>,
 *       2nd ed., sec. 3.1, eq. 3.5 and the remark on arbitrary orderings), so OpenBLAS, MKL, oneDNN
 *       and a Java loop all satisfy it on any CPU: this is what takes the BLAS out of the bound.</li>
 *   <li><b>Non-linearities</b> (the four gates, {@code tanh(c)}): {@code rho = alpha} absolute,
 *       {@link #FLOAT_ALPHA} = 8u = 4.8e-7. The fast pass's kernels are within 4.9u of the true
 *       functions ({@code GateMathAccuracyTest} checks them against this allowance; Java float
 *       arithmetic is IEEE-exact and identical on every CPU, so that is a property of the code,
 *       not a machine measurement).</li>
 *   <li><b>Cell and output state</b>: {@code c = f c' + g a}: {@code rho = gamma(5) (|f c'| + |g a|)};
 *       {@code h = o tanh(c)}: {@code rho = gamma(3) |o tanh(c)|} (at least as many roundings as
 *       the fast pass's fused quotient form or a plain multiply-add performs).</li>
 * </ul>
 * To first order in {@code u}, the error of an output {@code y} is then
 * {@code |y_float - y| <= sum_s |dy/dv_s| rho_s}, the sum over every site of every step of every
 * layer (the standard linearised forward error analysis, Higham sec. 3.1/3.4). The sensitivities
 * {@code dy/dv_s} are the <em>signed</em> products of the step Jacobians, computed exactly by one
 * reverse (adjoint) sweep per output value; bounding them componentwise step by step instead
 * ({@code |J_T|...|J_1|}) overestimates by many orders of magnitude through a 32-step recurrence.
 * The neglected terms are quadratic in the relative errors (here below 1e-4), so below 1e-4 of the
 * bound. The bound is a worst case over the signs of all roundings, which do not in reality align,
 * so a correct float engine stays well below it (measured: a few percent of it); a wrong gate, a
 * transposed or missing weight or bias moves the output by orders of magnitude more (see
 * {@code FastLstmReconstructionModelTest}'s bug-injection test).
 *
 * <p>The double-precision reference has its own rounding, with unit roundoff 2<sup>-53</sup>.
 * Every term is linear in {@code (u, alpha)} up to the {@code gamma} factors, which are
 * superadditive, so a bound computed with {@code u_float + u_double} and
 * {@code alpha_float + alpha_double} covers {@code |float - real| + |reference - real|}:
 * {@link #float32()} does exactly that.
 */
public final class LstmRoundingModel {

    /** float32 unit roundoff. */
    public static final double FLOAT_U = 0x1p-24;
    /** Allowed evaluation error of a float32 tanh or sigmoid kernel, absolute. */
    public static final double FLOAT_ALPHA = 8 * FLOAT_U;
    /** float64 unit roundoff and activation allowance (libm-quality tanh/exp are within a few ulp). */
    public static final double DOUBLE_U = 0x1p-53;
    public static final double DOUBLE_ALPHA = 8 * DOUBLE_U;

    /** Bound for a float32 engine compared with this (double) reference. */
    public static Params float32() {
        return new Params(FLOAT_U + DOUBLE_U, FLOAT_ALPHA + DOUBLE_ALPHA);
    }

    /** Bound for another float64 engine (e.g. DL4J in double) compared with this reference. */
    public static Params float64() {
        return new Params(2 * DOUBLE_U, 2 * DOUBLE_ALPHA);
    }

    /** Unit roundoff and activation allowance of the model. */
    public record Params(double u, double alpha) {

        double gamma(int n) {
            return n * u / (1 - n * u);
        }
    }

    /** Reference outputs and their error bounds, NCW like the engines' output (time order undone). */
    public record Result(double[] exact, double[] bound) {

        /** Largest {@code |actual - exact| / bound}; at most 1 when {@code actual} is within the bound. */
        public double worstRatio(float[] actual) {
            double worst = 0;
            for (int i = 0; i < exact.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - exact[i]) / bound[i]);
            }
            return worst;
        }

        public double worstRatio(double[] actual) {
            double worst = 0;
            for (int i = 0; i < exact.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - exact[i]) / bound[i]);
            }
            return worst;
        }

        /** Index of the element with the largest ratio (see {@link #worstRatio(float[])}). */
        public int worstAt(float[] actual) {
            int at = 0;
            double worst = -1;
            for (int i = 0; i < exact.length; i++) {
                double r = Math.abs(actual[i] - exact[i]) / bound[i];
                if (r > worst) {
                    worst = r;
                    at = i;
                }
            }
            return at;
        }

        public double maxError(float[] actual) {
            double worst = 0;
            for (int i = 0; i < exact.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - exact[i]));
            }
            return worst;
        }

        public double maxBound() {
            return Arrays.stream(bound).max().orElse(0);
        }

        public double maxAbsExact() {
            return Arrays.stream(exact).map(Math::abs).max().orElse(0);
        }

        /** The first {@code n} windows of a result for more windows (each window is independent). */
        public Result prefix(int size) {
            return new Result(Arrays.copyOf(exact, size), Arrays.copyOf(bound, size));
        }
    }

    /** One LSTM direction in DL4J's layout: W [nIn][4H], RW [H][4H], b [4H]; gate blocks a (tanh), f, o, g. */
    private record Direction(double[][] w, double[][] rw, double[] b) {

        int hidden() {
            return rw.length;
        }
    }

    private record EncoderLayer(Direction forward, Direction backward) {
    }

    /** What one step of one direction computed, kept for the adjoint sweep, with the local error bounds. */
    private static final class Step {
        double[] x;
        double[] cPrev;
        double[] a;
        double[] f;
        double[] o;
        double[] g;
        double[] tc;
        double[] h;
        double[] c;
        double[] rhoZ;
        double[] rhoC;
        double[] rhoH;
    }

    /** A direction's steps by position in the sequence (not processing order). */
    private record Trace(Direction d, Step[] steps, boolean backwards) {
    }

    private final int features;
    private final int length;
    private final boolean reverse;
    private final List<EncoderLayer> encoder = new ArrayList<>();
    private final List<Direction> decoder = new ArrayList<>();
    private final double[][] outW;
    private final double[] outB;

    private LstmRoundingModel(ModelConfig config, MultiLayerNetwork net) {
        features = config.features();
        length = config.windowLength();
        reverse = config.reverseOrder();
        int depth = config.hidden().size();
        for (int i = 0; i < depth; i++) {
            Layer layer = net.getLayer(i);
            if (config.bidirectional()) {
                encoder.add(new EncoderLayer(direction(layer, "f"), direction(layer, "b")));
            } else {
                encoder.add(new EncoderLayer(direction(layer, ""), null));
            }
        }
        for (int i = depth + 1; i <= 2 * depth; i++) {
            decoder.add(direction(net.getLayer(i), ""));
        }
        Layer out = net.getLayer(2 * depth + 1);
        outW = matrix(out, "W");
        outB = matrix(out, "b")[0];
    }

    /** The model of {@code net}, an {@code AutoencoderFactory} network for {@code config}. */
    public static LstmRoundingModel of(ModelConfig config, MultiLayerNetwork net) {
        return new LstmRoundingModel(config, net);
    }

    private static Direction direction(Layer layer, String prefix) {
        return new Direction(matrix(layer, prefix + "W"), matrix(layer, prefix + "RW"), matrix(layer, prefix + "b")[0]);
    }

    private static double[][] matrix(Layer layer, String key) {
        INDArray p = layer.paramTable().get(key);
        if (p == null) {
            throw new IllegalArgumentException("parameter " + key + " not found, has " + layer.paramTable().keySet());
        }
        INDArray d = p.castTo(DataType.DOUBLE);
        return d.rank() == 2 ? d.toDoubleMatrix() : new double[][] {d.toDoubleVector()};
    }

    /** Reference outputs and bounds for {@code n} NCW windows. */
    public Result run(float[] windows, int n, Params params) {
        int size = n * features * length;
        if (windows.length != size) {
            throw new IllegalArgumentException("expected " + size + " values, got " + windows.length);
        }
        double[] exact = new double[size];
        double[] bound = new double[size];
        for (int b = 0; b < n; b++) {
            window(windows, b, params, exact, bound);
        }
        return new Result(exact, bound);
    }

    private void window(float[] windows, int b, Params params, double[] exact, double[] bound) {
        List<double[]> seq = new ArrayList<>();
        for (int s = 0; s < length; s++) {
            double[] x = new double[features];
            for (int j = 0; j < features; j++) {
                x[j] = windows[(b * features + j) * length + s];
            }
            seq.add(x);
        }
        // forward, keeping every step
        List<Trace[]> enc = new ArrayList<>();
        double[] latent = null;
        for (int i = 0; i < encoder.size(); i++) {
            EncoderLayer layer = encoder.get(i);
            boolean last = i == encoder.size() - 1;
            Trace fwd = forward(layer.forward, seq, false, params);
            Trace bwd = null;
            if (layer.backward != null) {
                // LastTimeStep keeps step T-1, where the backward direction has seen only x[T-1].
                bwd = forward(layer.backward, last ? List.of(seq.get(length - 1)) : seq, true, params);
            }
            enc.add(new Trace[] {fwd, bwd});
            if (last) {
                double[] top = fwd.steps[length - 1].h;
                latent = bwd == null ? top : concat(top, bwd.steps[0].h);
            } else {
                List<double[]> next = new ArrayList<>();
                for (int s = 0; s < length; s++) {
                    next.add(bwd == null ? fwd.steps[s].h : concat(fwd.steps[s].h, bwd.steps[s].h));
                }
                seq = next;
            }
        }
        List<Trace> dec = new ArrayList<>();
        seq = new ArrayList<>();
        for (int s = 0; s < length; s++) {
            seq.add(latent);
        }
        for (Direction d : decoder) {
            Trace t = forward(d, seq, false, params);
            dec.add(t);
            seq = new ArrayList<>();
            for (Step step : t.steps) {
                seq.add(step.h);
            }
        }
        // output layer, then one adjoint sweep per output value
        Trace top = dec.get(dec.size() - 1);
        int hidden = outW.length;
        for (int s = 0; s < length; s++) {
            double[] h = top.steps[s].h;
            int t = reverse ? length - 1 - s : s;
            for (int j = 0; j < features; j++) {
                double y = outB[j];
                double abs = Math.abs(outB[j]);
                double[] lambda = new double[hidden];
                for (int k = 0; k < hidden; k++) {
                    y += outW[k][j] * h[k];
                    abs += Math.abs(outW[k][j] * h[k]);
                    lambda[k] = outW[k][j];
                }
                int at = (b * features + j) * length + t;
                exact[at] = y;
                bound[at] = params.gamma(hidden + 1) * abs + sensitivity(enc, dec, s, lambda, params);
            }
        }
    }

    /** {@code sum_s |dy/dv_s| rho_s} over every site, for an output at decoder step {@code s} with {@code dy/dh = lambda}. */
    private double sensitivity(List<Trace[]> enc, List<Trace> dec, int s, double[] lambda, Params params) {
        double[] sum = {0};
        double[][] lambdaOut = new double[length][];
        lambdaOut[s] = lambda;
        for (int i = dec.size() - 1; i >= 0; i--) {
            lambdaOut = backward(dec.get(i), lambdaOut, s, params, sum);
        }
        double[] lambdaLatent = new double[lambdaOut[0].length];
        for (double[] l : lambdaOut) {
            if (l != null) {
                add(lambdaLatent, l);
            }
        }
        for (int i = enc.size() - 1; i >= 0; i--) {
            Trace fwd = enc.get(i)[0];
            Trace bwd = enc.get(i)[1];
            int hf = fwd.d.hidden();
            double[][] outF = new double[length][];
            double[][] outB = bwd == null ? null : new double[bwd.steps.length][];
            if (i == enc.size() - 1) {
                outF[length - 1] = Arrays.copyOfRange(lambdaLatent, 0, hf);
                if (bwd != null) {
                    outB[0] = Arrays.copyOfRange(lambdaLatent, hf, lambdaLatent.length);
                }
            } else {
                for (int p = 0; p < length; p++) {
                    outF[p] = Arrays.copyOfRange(lambdaOut[p], 0, hf);
                    if (bwd != null) {
                        outB[p] = Arrays.copyOfRange(lambdaOut[p], hf, lambdaOut[p].length);
                    }
                }
            }
            double[][] inF = backward(fwd, outF, length - 1, params, sum);
            if (i == 0) {
                if (bwd != null) {
                    backward(bwd, outB, 0, params, sum);
                }
                break;
            }
            if (bwd != null) {
                double[][] inB = backward(bwd, outB, 0, params, sum);
                if (inB.length == 1) {
                    add(inF[length - 1], inB[0]); // the last layer's one backward step read x[T-1]
                } else {
                    for (int p = 0; p < length; p++) {
                        add(inF[p], inB[p]);
                    }
                }
            }
            lambdaOut = inF;
        }
        return sum[0];
    }

    /** One direction's forward pass over {@code seq} (read backwards when {@code backwards}). */
    private static Trace forward(Direction d, List<double[]> seq, boolean backwards, Params params) {
        int h = d.hidden();
        int width = 4 * h;
        int n = seq.size();
        Step[] steps = new Step[n];
        double[] hPrev = new double[h];
        double[] cPrev = new double[h];
        for (int i = 0; i < n; i++) {
            int p = backwards ? n - 1 - i : i;
            double[] x = seq.get(p);
            double gammaK = params.gamma(x.length + 1 + h);
            double[] z = d.b.clone();
            double[] abs = new double[width];
            for (int j = 0; j < width; j++) {
                abs[j] = Math.abs(z[j]);
            }
            multiply(d.w, x, z, abs);
            multiply(d.rw, hPrev, z, abs);
            Step st = new Step();
            st.x = x;
            st.cPrev = cPrev;
            st.a = new double[h];
            st.f = new double[h];
            st.o = new double[h];
            st.g = new double[h];
            st.tc = new double[h];
            st.h = new double[h];
            st.c = new double[h];
            st.rhoZ = new double[width];
            st.rhoC = new double[h];
            st.rhoH = new double[h];
            for (int j = 0; j < width; j++) {
                st.rhoZ[j] = gammaK * abs[j];
            }
            for (int j = 0; j < h; j++) {
                st.a[j] = Math.tanh(z[j]);
                st.f[j] = sigmoid(z[h + j]);
                st.o[j] = sigmoid(z[2 * h + j]);
                st.g[j] = sigmoid(z[3 * h + j]);
                st.c[j] = st.f[j] * cPrev[j] + st.g[j] * st.a[j];
                st.rhoC[j] = params.gamma(5) * (Math.abs(st.f[j] * cPrev[j]) + Math.abs(st.g[j] * st.a[j]));
                st.tc[j] = Math.tanh(st.c[j]);
                st.h[j] = st.o[j] * st.tc[j];
                st.rhoH[j] = params.gamma(3) * Math.abs(st.h[j]);
            }
            steps[p] = st;
            hPrev = st.h;
            cPrev = st.c;
        }
        return new Trace(d, steps, backwards);
    }

    /**
     * Adjoint sweep of one direction: {@code lambdaOut[p]} is dy/dh at position {@code p} from
     * above (null for none), positions after {@code last} (in processing order) are not reached.
     * Adds {@code sum |lambda_site| rho_site} to {@code sum[0]}; returns dy/dx per position.
     */
    private static double[][] backward(Trace t, double[][] lambdaOut, int last, Params params, double[] sum) {
        Direction d = t.d;
        int h = d.hidden();
        int n = t.steps.length;
        double[][] lambdaIn = new double[n][];
        double[] lh = new double[h];
        double[] lc = new double[h];
        double[] lz = new double[4 * h];
        double total = 0;
        // processing order reversed: forward directions from `last` down to 0, backward ones from 0 up
        for (int i = t.backwards ? 0 : last; t.backwards ? i < n : i >= 0; i += t.backwards ? 1 : -1) {
            Step st = t.steps[i];
            if (lambdaOut[i] != null) {
                add(lh, lambdaOut[i]);
            }
            double[] lcPrev = new double[h];
            for (int j = 0; j < h; j++) {
                total += Math.abs(lh[j]) * st.rhoH[j];
                double lo = lh[j] * st.tc[j];
                double ltc = lh[j] * st.o[j];
                total += Math.abs(ltc) * params.alpha();
                double lcj = lc[j] + ltc * (1 - st.tc[j] * st.tc[j]);
                total += Math.abs(lcj) * st.rhoC[j];
                double lf = lcj * st.cPrev[j];
                double lg = lcj * st.a[j];
                double la = lcj * st.g[j];
                lcPrev[j] = lcj * st.f[j];
                total += (Math.abs(la) + Math.abs(lf) + Math.abs(lo) + Math.abs(lg)) * params.alpha();
                lz[j] = la * (1 - st.a[j] * st.a[j]);
                lz[h + j] = lf * st.f[j] * (1 - st.f[j]);
                lz[2 * h + j] = lo * st.o[j] * (1 - st.o[j]);
                lz[3 * h + j] = lg * st.g[j] * (1 - st.g[j]);
            }
            for (int j = 0; j < 4 * h; j++) {
                total += Math.abs(lz[j]) * st.rhoZ[j];
            }
            lambdaIn[i] = transposeMultiply(d.w, lz);
            lh = transposeMultiply(d.rw, lz);
            lc = lcPrev;
        }
        sum[0] += total;
        return lambdaIn;
    }

    /** z += x W and abs += |x| |W| for W [k][width]. */
    private static void multiply(double[][] w, double[] x, double[] z, double[] abs) {
        for (int k = 0; k < x.length; k++) {
            double v = x[k];
            double av = Math.abs(v);
            double[] row = w[k];
            for (int j = 0; j < row.length; j++) {
                z[j] += row[j] * v;
                abs[j] += Math.abs(row[j]) * av;
            }
        }
    }

    /** W l for W [k][width]: one value per row k. */
    private static double[] transposeMultiply(double[][] w, double[] l) {
        double[] out = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            double[] row = w[k];
            double s = 0;
            for (int j = 0; j < row.length; j++) {
                s += row[j] * l[j];
            }
            out[k] = s;
        }
        return out;
    }

    private static void add(double[] into, double[] x) {
        for (int i = 0; i < into.length; i++) {
            into[i] += x[i];
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
