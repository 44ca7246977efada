package deepdrill.grader.checks.week2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/**
 * The pieces of the ensembles written again for the check, in another style than the model
 * solution: every candidate split enumerated from a {@code TreeSet} of the values and scored by a
 * pass over the rows, draws replayed from a {@link Random} of the same seed, and Tribuo's depth-1
 * CART regression tree.
 */
final class EnsemblesOracle {

    /** A candidate split and what it scores: the squared error or the weighted error. */
    record Split(int feature, double threshold, double left, double right, double loss) {
    }

    private EnsemblesOracle() {
    }

    /** Every split the Javadoc allows, in (feature, threshold) order, with its best leaves and loss. */
    static List<Split> splits(double[][] x, double[] y, double[] w, int[] rows, int[] features, boolean classify) {
        List<Split> out = new ArrayList<>();
        for (int f : Arrays.stream(features).sorted().toArray()) {
            TreeSet<Double> values = new TreeSet<>();
            Arrays.stream(rows).forEach(r -> values.add(x[r][f]));
            Double previous = null;
            for (double v : values) {
                if (previous != null) {
                    out.add(scored(x, y, w, rows, f, (previous + v) / 2, classify));
                }
                previous = v;
            }
        }
        return out;
    }

    /** The split at (feature, threshold) with its best leaves: means, or weighted-majority signs. */
    static Split scored(double[][] x, double[] y, double[] w, int[] rows, int f, double threshold, boolean classify) {
        double[] sum = new double[2];
        double[] count = new double[2];
        for (int r : rows) {
            int side = x[r][f] <= threshold ? 0 : 1;
            sum[side] += classify ? w[r] * y[r] : y[r];
            count[side]++;
        }
        double[] leaf = new double[2];
        for (int s = 0; s < 2; s++) {
            leaf[s] = classify ? (sum[s] >= 0 ? 1 : -1) : count[s] == 0 ? 0 : sum[s] / count[s];
        }
        double loss = 0;
        for (int r : rows) {
            double p = x[r][f] <= threshold ? leaf[0] : leaf[1];
            loss += classify ? (p != y[r] ? w[r] : 0) : (y[r] - p) * (y[r] - p);
        }
        return new Split(f, threshold, leaf[0], leaf[1], loss);
    }

    /** The loss of any stump's predictions on the rows. */
    static double loss(double[][] x, double[] y, double[] w, int[] rows, int f, double threshold, double left,
            double right, boolean classify) {
        double loss = 0;
        for (int r : rows) {
            double p = x[r][f] <= threshold ? left : right;
            loss += classify ? (p != y[r] ? w[r] : 0) : (y[r] - p) * (y[r] - p);
        }
        return loss;
    }

    static int[] bootstrap(int n, Random random) {
        return IntStream.generate(() -> random.nextInt(n)).limit(n).toArray();
    }

    /** The Javadoc's partial Fisher-Yates draw of m of d features, ascending. */
    static int[] features(int d, int m, Random random) {
        int[] order = IntStream.range(0, d).toArray();
        for (int j = 0; j < m; j++) {
            int r = j + random.nextInt(d - j);
            int t = order[j];
            order[j] = order[r];
            order[r] = t;
        }
        return Arrays.stream(order).limit(m).sorted().toArray();
    }

    /** The mistake: the partial shuffle swapping position j with nextInt(d) instead of j + nextInt(d - j). */
    static int[] featuresBiased(int d, int m, Random random) {
        int[] order = IntStream.range(0, d).toArray();
        for (int j = 0; j < m; j++) {
            int r = random.nextInt(d);
            int t = order[j];
            order[j] = order[r];
            order[r] = t;
        }
        return Arrays.stream(order).limit(m).sorted().toArray();
    }

    /** The mistake: m draws of nextInt(d) with replacement, repeats kept once, ascending. */
    static int[] featuresWithReplacement(int d, int m, Random random) {
        return IntStream.range(0, m).map(j -> random.nextInt(d)).distinct().sorted().toArray();
    }

    /** Tribuo's CART regression tree of depth 1 (any child of weight at least 1), its training predictions. */
    static double[] tribuoStump(double[][] x, double[] y) {
        RegressionFactory factory = new RegressionFactory();
        String[] names = IntStream.range(0, x[0].length).mapToObj(j -> String.format("f%03d", j)).toArray(String[]::new);
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("residuals", factory), factory);
        for (int i = 0; i < x.length; i++) {
            data.add(new ArrayExample<>(new Regressor("r", y[i]), names, x[i]));
        }
        var model = new CARTRegressionTrainer(1, 1f, 0f, 1f, new MeanSquaredError(), 1L).train(data);
        return IntStream.range(0, x.length).mapToDouble(i -> model.predict(
                new ArrayExample<>(factory.getUnknownOutput(), names, x[i])).getOutput().getValues()[0]).toArray();
    }
}
