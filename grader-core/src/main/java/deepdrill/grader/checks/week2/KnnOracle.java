package deepdrill.grader.checks.week2;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.math3.util.MathArrays;
import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Variance;

/**
 * kNN written again for the check, in another style than the model solution: statistics from
 * Commons Statistics ({@code Mean}, and {@code Variance} rescaled from n - 1 to n), distances from
 * Commons Math's {@code MathArrays.distance}, ranks from a stream sorted on (distance, index), votes
 * in an insertion-ordered map. Every option is a way to get kNN right or a known way to get it
 * wrong, so that the check can name the mistake whose answer the learner's equals.
 */
final class KnnOracle {

    /** Whose statistics standardise the features. */
    enum Scaling { TRAIN, NONE, QUERIES, TRAIN_AND_QUERIES, SAMPLE_STD }

    /** How a vote tie is broken. */
    enum Tie { NEAREST, SMALLEST_LABEL, LARGEST_LABEL }

    /** How a neighbour's vote is weighted. */
    enum Weight { ONE, INVERSE, INVERSE_SQUARED, INVERSE_NO_ZERO_RULE }

    private KnnOracle() {
    }

    static double[] mean(double[][] x) {
        return IntStream.range(0, x[0].length).mapToDouble(j -> Mean.of(column(x, j)).getAsDouble()).toArray();
    }

    /** The population standard deviation per column (or the sample one, divided by n - 1). */
    static double[] std(double[][] x, boolean sample) {
        int n = x.length;
        return IntStream.range(0, x[0].length).mapToDouble(j -> {
            if (n == 1) {
                return sample ? Double.NaN : 0;
            }
            double unbiased = Variance.of(column(x, j)).getAsDouble();
            return Math.sqrt(sample ? unbiased : unbiased * (n - 1) / n);
        }).toArray();
    }

    static double[][] standardize(double[][] x, double[] mean, double[] std) {
        return Arrays.stream(x).map(row -> IntStream.range(0, row.length)
                .mapToDouble(j -> std[j] == 0 ? 0 : (row[j] - mean[j]) / std[j]).toArray()).toArray(double[][]::new);
    }

    static double distance(double[] a, double[] b) {
        return MathArrays.distance(a, b);
    }

    /** The k nearest rows of {@code points} to {@code query}, ranked by (distance, index), without {@code skip}. */
    static int[] nearest(double[][] points, double[] query, int k, int skip, boolean higherIndexFirst) {
        Comparator<Integer> byIndex = higherIndexFirst ? Comparator.reverseOrder() : Comparator.naturalOrder();
        return IntStream.range(0, points.length).filter(i -> i != skip).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> distance(points[i], query)).thenComparing(byIndex))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** The features standardised as {@code scaling} says: [0] the training points, [1] the queries. */
    static double[][][] scaled(double[][] train, double[][] queries, Scaling scaling) {
        double[][] basis = switch (scaling) {
            case TRAIN, SAMPLE_STD, NONE -> train;
            case QUERIES -> queries;
            case TRAIN_AND_QUERIES -> concat(train, queries);
        };
        if (scaling == Scaling.NONE) {
            return new double[][][] {train, queries};
        }
        double[] mean = mean(basis);
        double[] std = std(basis, scaling == Scaling.SAMPLE_STD);
        return new double[][][] {standardize(train, mean, std), standardize(queries, mean, std)};
    }

    static int[] classify(double[][] train, int[] labels, double[][] queries, int k, Scaling scaling, Tie tie,
            Weight weight, boolean higherIndexFirst) {
        double[][][] z = scaled(train, queries, scaling);
        return Arrays.stream(z[1]).mapToInt(q -> vote(z[0], labels, q,
                nearest(z[0], q, k, -1, higherIndexFirst), tie, weight)).toArray();
    }

    static double[] regress(double[][] train, double[] targets, double[][] queries, int k, Scaling scaling) {
        double[][][] z = scaled(train, queries, scaling);
        return Arrays.stream(z[1]).mapToDouble(q -> Mean.of(Arrays.stream(nearest(z[0], q, k, -1, false))
                .mapToDouble(i -> targets[i]).toArray()).getAsDouble()).toArray();
    }

    /** Leave-one-out; {@code selfCounted} is the mistake of ranking the point among its own neighbours. */
    static int[] leaveOneOut(double[][] x, int[] labels, int k, boolean selfCounted) {
        return IntStream.range(0, x.length).map(i -> vote(x, labels, x[i],
                nearest(x, x[i], k, selfCounted ? -1 : i, false), Tie.NEAREST, Weight.ONE)).toArray();
    }

    /** Whether the vote among these neighbours is tied (two labels share the top count). */
    static boolean tiedVote(int[] labels, int[] near) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int i : near) {
            counts.merge(labels[i], 1, Integer::sum);
        }
        int top = counts.values().stream().max(Integer::compare).orElseThrow();
        return counts.values().stream().filter(c -> c == top).count() > 1;
    }

    private static int vote(double[][] points, int[] labels, double[] query, int[] near, Tie tie, Weight weight) {
        boolean anyZero = Arrays.stream(near).anyMatch(i -> distance(points[i], query) == 0);
        Map<Integer, Double> totals = new LinkedHashMap<>();   // labels in order of their nearest member
        for (int i : near) {
            double d = distance(points[i], query);
            double w = switch (weight) {
                case ONE -> 1;
                case INVERSE -> anyZero ? (d == 0 ? 1 : 0) : 1 / d;
                case INVERSE_SQUARED -> anyZero ? (d == 0 ? 1 : 0) : 1 / (d * d);
                case INVERSE_NO_ZERO_RULE -> 1 / d;
            };
            totals.merge(labels[i], w, Double::sum);
        }
        double top = totals.values().stream().max(Double::compare).orElseThrow();
        var tied = totals.entrySet().stream().filter(e -> e.getValue() == top).map(Map.Entry::getKey);
        return switch (tie) {
            case NEAREST -> tied.findFirst().orElseThrow();
            case SMALLEST_LABEL -> tied.min(Integer::compare).orElseThrow();
            case LARGEST_LABEL -> tied.max(Integer::compare).orElseThrow();
        };
    }

    private static double[] column(double[][] x, int j) {
        return Arrays.stream(x).mapToDouble(row -> row[j]).toArray();
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
