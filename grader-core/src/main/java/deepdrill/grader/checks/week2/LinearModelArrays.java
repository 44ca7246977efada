package deepdrill.grader.checks.week2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Array helpers shared by the linear-classifier checks ({@code logistic-regression},
 * {@code svm-hinge}): plain Java data into PyTorch arrays, and small vector operations.
 */
final class LinearModelArrays {

    private LinearModelArrays() {
    }

    interface IndexedMap {
        double apply(int index, double value);
    }

    static double[] map(double[] v, IndexedMap f) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = f.apply(i, v[i]);
        }
        return out;
    }

    static NDArray matrix(NDManager manager, double[][] x) {
        double[] flat = new double[x.length * x[0].length];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * x[0].length, x[0].length);
        }
        return manager.create(flat, new Shape(x.length, x[0].length));
    }

    static NDArray labels(NDManager manager, int[] y) {
        return manager.create(Arrays.stream(y).asDoubleStream().toArray());
    }

    static double sumSquares(double[] w) {
        return Arrays.stream(w).map(v -> v * v).sum();
    }
}
