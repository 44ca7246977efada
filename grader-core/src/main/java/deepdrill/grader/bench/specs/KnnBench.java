package deepdrill.grader.bench.specs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.bench.BenchData;
import deepdrill.grader.bench.BenchSize;
import deepdrill.grader.bench.BenchSpec;
import deepdrill.grader.bench.Call;
import deepdrill.grader.checks.week2.TribuoKnn;
import deepdrill.week2.Knn;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code knn}: {@code Knn.classify} on n training points and m queries of d = 8 features, two
 * classes, k = 5 (odd, so two classes never tie), the standardisation included. Contenders: the
 * model solution, Tribuo's brute-force {@code KNNTrainer} (one thread, on features standardised
 * the same way, its dataset built in the call: kNN's "training" is storing the points), and PyTorch
 * (the standardisation, the squared distances as |q|^2 - 2 q.t + |t|^2 through one matmul, topk,
 * and the vote). The inputs are float32 values, handed to the Java contenders as doubles; the
 * result is the predicted labels as a float32 vector.
 */
public final class KnnBench implements BenchSpec {

    private static final int D = 8;
    private static final int K = 5;
    private static final String TRIBUO = "tribuo";

    @Override
    public String exercise() {
        return "knn";
    }

    @Override
    public String description() {
        return "Knn.classify, n training points and m queries of d = " + D + " features, 2 classes, k = " + K;
    }

    @Override
    public List<BenchSize> sizes() {
        return List.of(size("1", 125, 25), size("2", 250, 50), size("3", 500, 100), size("4", 1000, 200),
                size("5", 2000, 400), size("6", 4000, 800));
    }

    private static BenchSize size(String label, int n, int m) {
        return new BenchSize(label, "train (" + n + ", " + D + "), queries (" + m + ", " + D + ")", n, m);
    }

    /** The distances: a subtract, a multiply and an add per feature, per (query, training point) pair. */
    @Override
    public double flops(BenchSize s) {
        return 3.0 * s.dim(0) * s.dim(1) * D;
    }

    @Override
    public Call code(BenchSize s) {
        double[][] train = rows(BenchData.floats(1, s.dim(0), D), s.dim(0));
        int[] labels = labels(train);
        double[][] queries = rows(BenchData.floats(2, s.dim(1), D), s.dim(1));
        return () -> asFloats(Knn.classify(train, labels, queries, K));
    }

    @Override
    public NdCall torch(BenchSize s, NDManager manager) {
        NDArray train = BenchData.torch(manager, 1, s.dim(0), D);
        NDArray queries = BenchData.torch(manager, 2, s.dim(1), D);
        NDArray labels = manager.create(asFloatArray(labels(rows(BenchData.floats(1, s.dim(0), D), s.dim(0)))));
        return () -> {
            NDArray mean = train.mean(new int[] {0});
            NDArray std = train.sub(mean).square().mean(new int[] {0}).sqrt();
            NDArray t = train.sub(mean).div(std);
            NDArray q = queries.sub(mean).div(std);
            NDArray squared = q.square().sum(new int[] {1}, true).sub(q.matMul(t.transpose()).mul(2))
                    .add(t.square().sum(new int[] {1}).reshape(1, -1));
            NDArray nearest = squared.topK(K, 1, false, true).get(1);
            NDArray votes = labels.take(nearest).sum(new int[] {1});
            return votes.gt(K / 2.0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        };
    }

    @Override
    public List<String> variants() {
        return List.of(TRIBUO);
    }

    @Override
    public Call variant(String name, BenchSize s) {
        if (!name.equals(TRIBUO)) {
            return BenchSpec.super.variant(name, s);
        }
        double[][] train = rows(BenchData.floats(1, s.dim(0), D), s.dim(0));
        int[] labels = labels(train);
        double[][] queries = rows(BenchData.floats(2, s.dim(1), D), s.dim(1));
        return () -> asFloats(TribuoKnn.classifyStandardised(train, labels, queries, K));
    }

    /** Class 1 where the first two features sum to more than 0, with the last one as noise. */
    private static int[] labels(double[][] x) {
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i][0] + x[i][1] + 0.5 * x[i][D - 1] > 0 ? 1 : 0;
        }
        return y;
    }

    private static double[][] rows(float[] values, int n) {
        double[][] x = new double[n][D];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < D; j++) {
                x[i][j] = values[i * D + j];
            }
        }
        return x;
    }

    private static float[] asFloatArray(int[] labels) {
        float[] out = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i];
        }
        return out;
    }

    private static Object asFloats(int[] labels) {
        return Nd4j.createFromArray(asFloatArray(labels)).castTo(DataType.FLOAT);
    }
}
