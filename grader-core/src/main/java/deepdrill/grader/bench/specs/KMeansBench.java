package deepdrill.grader.bench.specs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.bench.BenchSize;
import deepdrill.grader.bench.BenchSpec;
import deepdrill.grader.bench.Call;
import deepdrill.week2.KMeans;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code kmeans}: {@code KMeans.lloyd} in float64 on N points in D = 16 dimensions drawn around
 * k = 8 well-separated centres, started from one point of each blob, at most 20 updates. On such
 * data every contender converges after one update (two assignment passes over N x k distances
 * and one pass of means), so all do the same work. The contenders: the implementation on the class
 * path, the same Lloyd loop in PyTorch ops (distances as |x|^2 - 2 x c^T + |c|^2, a one-hot matrix
 * product for the means, float64), and, as the model solution's variant {@code commons-math},
 * Apache Commons Math 3.6.1's {@code KMeansPlusPlusClusterer} (its own k-means++ seeding included,
 * since it cannot start from given centres). Each returns the centres (k, D), rows sorted by their
 * first coordinate so that the clusters' order does not matter.
 */
public final class KMeansBench implements BenchSpec {

    private static final int D = 16;
    private static final int K = 8;
    private static final int MAX_ITER = 20;
    private static final double SEPARATION = 100;

    /** The variant that times Commons Math instead of the model solution. */
    public static final String COMMONS_MATH = "commons-math";

    @Override
    public String exercise() {
        return "kmeans";
    }

    @Override
    public String description() {
        return "KMeans.lloyd, float64, N points (N, 16) around 8 separated centres, from one point per blob, "
                + "at most 20 updates (converges after 1)";
    }

    @Override
    public List<BenchSize> sizes() {
        return List.of(size("1", 1_000), size("2", 4_000), size("3", 16_000), size("4", 64_000), size("5", 256_000));
    }

    private static BenchSize size(String label, int n) {
        return new BenchSize(label, "x (" + n + ", " + D + "), k = " + K, n);
    }

    /** Two assignment passes (3 N k D each: subtract, square, add) and one of means (N D adds, k D divides). */
    @Override
    public double flops(BenchSize s) {
        double n = s.dim(0);
        return 2 * 3 * n * K * D + n * D + K * D;
    }

    @Override
    public Call code(BenchSize s) {
        double[][] x = points(s.dim(0));
        double[][] initial = Arrays.copyOfRange(x, K, 2 * K);
        return () -> nd4j(KMeans.lloyd(x, initial, MAX_ITER).centres());
    }

    @Override
    public NdCall torch(BenchSize s, NDManager manager) {
        double[][] points = points(s.dim(0));
        int n = points.length;
        double[] flat = new double[n * D];
        for (int i = 0; i < n; i++) {
            System.arraycopy(points[i], 0, flat, i * D, D);
        }
        NDArray x = manager.create(flat, new Shape(n, D));
        NDArray squaredNorms = x.pow(2).sum(new int[] {1}, true);
        NDArray initial = x.get(K + ":" + 2 * K);
        return () -> {
            NDArray centres = initial;
            NDArray labels = nearest(x, squaredNorms, centres);
            for (int update = 0; update < MAX_ITER; update++) {
                NDArray oneHot = labels.oneHot(K, DataType.FLOAT64);
                NDArray counts = oneHot.sum(new int[] {0}).reshape(K, 1);
                centres = oneHot.transpose().matMul(x).div(counts);
                NDArray next = nearest(x, squaredNorms, centres);
                boolean same = next.contentEquals(labels);
                labels = next;
                if (same) {
                    break;
                }
            }
            double[] values = centres.toDoubleArray();
            double[][] rows = new double[K][];
            for (int j = 0; j < K; j++) {
                rows[j] = Arrays.copyOfRange(values, j * D, (j + 1) * D);
            }
            return manager.create(flatSorted(rows), new Shape(K, D));
        };
    }

    private static NDArray nearest(NDArray x, NDArray squaredNorms, NDArray centres) {
        NDArray centreNorms = centres.pow(2).sum(new int[] {1}).reshape(1, K);
        return squaredNorms.sub(x.matMul(centres.transpose()).mul(2)).add(centreNorms).argMin(1);
    }

    @Override
    public List<String> variants() {
        return List.of(COMMONS_MATH);
    }

    @Override
    public Call variant(String name, BenchSize s) {
        if (!name.equals(COMMONS_MATH)) {
            return BenchSpec.super.variant(name, s);
        }
        List<DoublePoint> points = new ArrayList<>();
        for (double[] p : points(s.dim(0))) {
            points.add(new DoublePoint(p));
        }
        return () -> {
            JDKRandomGenerator generator = new JDKRandomGenerator();
            generator.setSeed(7);
            List<CentroidCluster<DoublePoint>> clusters = new KMeansPlusPlusClusterer<DoublePoint>(K, MAX_ITER,
                    new EuclideanDistance(), generator).cluster(points);
            double[][] centres = new double[clusters.size()][];
            for (int j = 0; j < centres.length; j++) {
                centres[j] = clusters.get(j).getCenter().getPoint();
            }
            return nd4j(centres);
        };
    }

    /** N points, point i around centre i % k; centre j sits j * SEPARATION along the first axis. */
    static double[][] points(int n) {
        SplittableRandom random = new SplittableRandom(42);
        double[][] centres = new double[K][D];
        for (int j = 0; j < K; j++) {
            for (int f = 0; f < D; f++) {
                centres[j][f] = f == 0 ? j * SEPARATION : 2 * random.nextDouble() - 1;
            }
        }
        double[][] x = new double[n][D];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < D; f++) {
                x[i][f] = centres[i % K][f] + (2 * random.nextDouble() - 1);
            }
        }
        return x;
    }

    private static Object nd4j(double[][] centres) {
        double[] flat = flatSorted(centres);
        float[] values = new float[flat.length];
        for (int i = 0; i < flat.length; i++) {
            values[i] = (float) flat[i];
        }
        return Nd4j.create(values, new long[] {centres.length, centres.length == 0 ? 0 : centres[0].length},
                org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }

    /** The rows sorted by their first coordinate, flattened. */
    private static double[] flatSorted(double[][] rows) {
        double[][] sorted = rows.clone();
        Arrays.sort(sorted, Comparator.comparingDouble(r -> r[0]));
        return Arrays.stream(sorted).flatMapToDouble(Arrays::stream).toArray();
    }
}
