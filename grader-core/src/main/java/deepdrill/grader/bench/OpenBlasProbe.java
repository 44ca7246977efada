package deepdrill.grader.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures ND4J's (OpenBLAS's) float32 GEMM rate in this JVM, whatever {@code OPENBLAS_CORETYPE}
 * it was started with, and prints {@code gflops <rate>}: the best of ten 1024^3 products after
 * three warm-ups. Run by {@link OpenBlasMeasurement}, with and without the core type.
 */
public final class OpenBlasProbe {

    private static final int N = 1024;

    private OpenBlasProbe() {
    }

    public static void main(String[] args) {
        INDArray a = Nd4j.rand(DataType.FLOAT, N, N);
        INDArray b = Nd4j.rand(DataType.FLOAT, N, N);
        for (int i = 0; i < 3; i++) {
            a.mmul(b, 'f');
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            a.mmul(b, 'f');
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.println("gflops " + 2.0 * N * N * N / best);
        System.exit(0);
    }
}
