package dev.blip.core.model.fast;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The gate GEMM of one LSTM direction: {@code Z = W[p0:p1]^T * S[p0:p1]}, with the stacked step
 * input {@code S} ({@code K x n}, unit-major, one column per window) and the result split into
 * the four gate blocks ({@code H x n} each; separate arrays so that the gate kernels vectorise).
 *
 * <p>Two engines, chosen per call by the caller: OpenBLAS {@code cblas_sgemm} through JavaCPP on
 * off-heap copies of {@code S} and {@code Z} (one put and four gets per step), or a Java loop of
 * row updates. OpenBLAS costs ~6-10 us per call even for a [256x65]x[65x1] product (measured on
 * the benchmark machine) while the Java loop needs ~1 us; at batch 256 OpenBLAS is ~3x faster.
 * Buffers are sized for {@code capacity} windows and reused for every smaller batch. Not
 * thread-safe: owned by one model instance.
 */
final class GateGemm {

    private final LstmDirection w;
    private final float[] zrow;
    private final FloatPointer s;
    private final FloatPointer z;
    private final FloatPointer a;

    GateGemm(LstmDirection w, int capacity, boolean withNative) {
        this.w = w;
        this.zrow = new float[4 * w.hidden];
        this.s = withNative ? new FloatPointer((long) w.stackedRows() * capacity) : null;
        this.z = withNative ? new FloatPointer(4L * w.hidden * capacity) : null;
        this.a = withNative ? new FloatPointer(w.transposed) : null;
    }

    /**
     * Gate pre-activations of {@code n} windows from stacked-input rows {@code [p0, p1)} into
     * {@code gates}; through OpenBLAS when {@code useNative} (requires native buffers).
     */
    void multiply(float[] stacked, int n, int p0, int p1, float[][] gates, boolean useNative) {
        if (useNative) {
            nativeMultiply(stacked, n, p0, p1, gates);
        } else {
            javaMultiply(stacked, n, p0, p1, gates);
        }
    }

    boolean hasNative() {
        return s != null;
    }

    private void nativeMultiply(float[] stacked, int n, int p0, int p1, float[][] gates) {
        int k = w.stackedRows();
        int h = w.hidden;
        s.position((long) p0 * n).put(stacked, p0 * n, (p1 - p0) * n);
        a.position(p0);
        z.position(0);
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                openblas_nolapack.CblasNoTrans, 4 * h, n, p1 - p0, 1f, a, k, s, n, 0f, z, n);
        for (int g = 0; g < 4; g++) {
            z.position((long) g * h * n).get(gates[g], 0, h * n);
        }
        z.position(0);
        s.position(0);
        a.position(0);
    }

    private void javaMultiply(float[] stacked, int n, int p0, int p1, float[][] gates) {
        int h = w.hidden;
        float[][] rows = w.rows;
        for (int b = 0; b < n; b++) {
            scale(stacked[p0 * n + b], rows[p0], zrow);
            for (int p = p0 + 1; p < p1; p++) {
                axpy(stacked[p * n + b], rows[p], zrow);
            }
            for (int g = 0; g < 4; g++) {
                float[] gate = gates[g];
                int off = g * h;
                for (int j = 0; j < h; j++) {
                    gate[j * n + b] = zrow[off + j];
                }
            }
        }
    }

    private static void scale(float alpha, float[] x, float[] y) {
        for (int j = 0; j < y.length; j++) {
            y[j] = alpha * x[j];
        }
    }

    private static void axpy(float alpha, float[] x, float[] y) {
        for (int j = 0; j < y.length; j++) {
            y[j] += alpha * x[j];
        }
    }
}
