package deepdrill.grader.bench.specs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.bench.BenchData;
import deepdrill.grader.bench.BenchSize;
import deepdrill.grader.bench.BenchSpec;
import deepdrill.grader.bench.Call;
import deepdrill.week2.LinearRegression;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code linear-regression}: {@code LinearRegression.gradientDescent} as batch gradient descent
 * (batchSize = n, so the random is never drawn from), {@value #EPOCHS} epochs at learning rate
 * {@value #LEARNING_RATE}, on x (n, {@value #FEATURES}) and y (n) uniform in [-1, 1), in float64 as
 * the exercise is. PyTorch runs the same epochs as three ops each (X b - y, X^T r, the step), in
 * float64. The library contender, Commons Math's {@code OLSMultipleLinearRegression} (a Householder
 * QR of X), solves the least-squares problem exactly instead: a different answer (the optimum, where
 * {@value #EPOCHS} epochs are still on their way), so it is timed as a partial variant, not compared.
 * The coefficients come back as a float32 vector of D + 1, intercept first.
 */
public final class LinearRegressionBench implements BenchSpec {

    static final int FEATURES = 16;
    static final int EPOCHS = 10;
    static final double LEARNING_RATE = 0.1;
    private static final String COMMONS_OLS = "commons-math OLS";

    @Override
    public String exercise() {
        return "linear-regression";
    }

    @Override
    public String description() {
        return "LinearRegression.gradientDescent, float64, batch gradient descent (batchSize = n), " + EPOCHS
                + " epochs, lr " + LEARNING_RATE + ", D = " + FEATURES + " features plus the intercept";
    }

    @Override
    public List<BenchSize> sizes() {
        return List.of(size("1", 1_000), size("2", 4_000), size("3", 16_000), size("4", 64_000), size("5", 256_000));
    }

    private static BenchSize size(String label, int n) {
        return new BenchSize(label, "x (" + n + ", " + FEATURES + "), y (" + n + ")", n);
    }

    /** Per epoch 2 n p for X b, n for the residual, 2 n p for X^T r and 2 p for the step (p = D + 1). */
    @Override
    public double flops(BenchSize s) {
        double n = s.dim(0);
        double p = FEATURES + 1;
        return EPOCHS * (4 * n * p + n + 2 * p);
    }

    @Override
    public Call code(BenchSize s) {
        double[][] x = features(s.dim(0));
        double[] y = target(s.dim(0));
        return () -> floats(LinearRegression.gradientDescent(x, y, LEARNING_RATE, EPOCHS, x.length, new Random(1)));
    }

    @Override
    public NdCall torch(BenchSize s, NDManager manager) {
        int n = s.dim(0);
        NDArray x = manager.ones(new Shape(n, 1), DataType.FLOAT64)
                .concat(BenchData.torch(manager, 1, n, FEATURES).toType(DataType.FLOAT64, false), 1);
        NDArray xt = x.transpose();
        NDArray y = BenchData.torch(manager, 2, n, 1).toType(DataType.FLOAT64, false);
        double step = 2 * LEARNING_RATE / n;
        return () -> {
            NDArray b = manager.zeros(new Shape(FEATURES + 1, 1), DataType.FLOAT64);
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                b = b.sub(xt.matMul(x.matMul(b).sub(y)).mul(step));
            }
            return b.reshape(FEATURES + 1).toType(DataType.FLOAT32, false);
        };
    }

    @Override
    public List<String> variants() {
        return List.of(COMMONS_OLS);
    }

    @Override
    public Set<String> partialVariants() {
        return Set.of(COMMONS_OLS);
    }

    @Override
    public Call variant(String name, BenchSize s) {
        if (!name.equals(COMMONS_OLS)) {
            return BenchSpec.super.variant(name, s);
        }
        double[][] x = features(s.dim(0));
        double[] y = target(s.dim(0));
        return () -> {
            OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
            ols.newSampleData(y, x);
            return floats(ols.estimateRegressionParameters());
        };
    }

    private static double[][] features(int n) {
        float[] values = BenchData.floats(1, n, FEATURES);
        double[][] x = new double[n][FEATURES];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES; j++) {
                x[i][j] = values[i * FEATURES + j];
            }
        }
        return x;
    }

    private static double[] target(int n) {
        float[] values = BenchData.floats(2, n, 1);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = values[i];
        }
        return y;
    }

    private static org.nd4j.linalg.api.ndarray.INDArray floats(double[] coefficients) {
        float[] out = new float[coefficients.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) coefficients[j];
        }
        return Nd4j.create(out, new long[] {out.length}, org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }
}
