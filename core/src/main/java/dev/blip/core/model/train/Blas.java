package dev.blip.core.model.train;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Row-major {@code cblas_sgemm} on off-heap buffers at element offsets:
 * {@code C = op(A) * op(B) + beta * C}. Positions are set for the call and reset, so one buffer
 * may be used at different offsets by successive calls (never twice in one call).
 */
final class Blas {

    private Blas() {
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     FloatPointer a, long aOffset, int lda, FloatPointer b, long bOffset, int ldb,
                     float beta, FloatPointer c, long cOffset, int ldc) {
        a.position(aOffset);
        b.position(bOffset);
        c.position(cOffset);
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, 1f, a, lda, b, ldb, beta, c, ldc);
        a.position(0);
        b.position(0);
        c.position(0);
    }

    static void put(FloatPointer dst, long offset, float[] src, int srcOffset, int length) {
        dst.position(offset).put(src, srcOffset, length);
        dst.position(0);
    }

    static void get(FloatPointer src, long offset, float[] dst, int length) {
        src.position(offset).get(dst, 0, length);
        src.position(0);
    }
}
