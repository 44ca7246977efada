package deepdrill.grader.checks.week2;

import deepdrill.datasets.AutoMpg;
import deepdrill.datasets.Iris;
import deepdrill.grader.checks.support.CompareIndices;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.checks.week2.KnnOracle.Scaling;
import deepdrill.grader.checks.week2.KnnOracle.Tie;
import deepdrill.grader.checks.week2.KnnOracle.Weight;
import deepdrill.week2.Knn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code knn} against kNN written again in {@link KnnOracle} (Commons Statistics' mean and
 * variance, Commons Math's Euclidean distance, a stream sorted on distance then index, votes in
 * an ordered map), and against Tribuo's brute-force {@code KNNTrainer} ({@link TribuoKnn}) on Iris
 * wherever no tie in distance or in the vote can matter. Where two different points lie within
 * rounding of each other's distance after standardising (Iris has many), the last bit of a
 * coordinate decides the order and any correct summation order may land on either side: those
 * queries are not compared (duplicated points tie exactly and are). A few hand values pin the
 * conventions (the population divisor, the tie rules), each said where it is used.
 *
 * <p>Covered: n = 1 (every standard deviation 0), a constant feature (0 after standardising, in
 * training points and queries alike), values near 1e8 with a small spread, a query far outside the
 * training range, one feature, m = 1 query and m != n, a query equal to a training point (distance
 * 0), duplicated training points and all points identical (ties in distance, k = n), integer grids
 * with equal distances, k = 1 and k = n, vote ties between two and three labels where the nearest
 * tied label is the largest, weighted votes that overturn the majority, several neighbours at
 * distance 0 with different labels, leave-one-out on duplicated points; Iris with a fixed split
 * (every fifth flower a query) for k = 1, 5, 15; Auto MPG (every fourth car a query) for k = 1, 7.
 * Rejected: no training points, no features, ragged rows, a query of another width, NaN and
 * infinite features, labels or targets of the wrong length, k = 0, k &gt; n, k = n in
 * leave-one-out. Every input must be left unchanged. Named: the standard deviation divided by
 * n - 1, the variance where the deviation belongs, a constant feature divided by 0, squared
 * distances, the Manhattan distance, ties in distance broken by the higher index, the farthest
 * neighbours, no standardising, the queries' statistics or the training and query sets pooled,
 * vote ties broken by the smallest or largest label, 1 / d^2 weights, 1 / 0 weights left to
 * infinity, the point counted as its own neighbour in leave-one-out.
 */
@ExerciseCheck
class KnnCheck {

    private static final Tolerance TOLERANCE = new Tolerance(1e-12, 1e-9);

    private static final String SAMPLE_STD = "divided the variance by n - 1: standardisation uses the population "
            + "standard deviation, sqrt(sum (x - mean)^2 / n).";
    private static final String VARIANCE = "returned the variance: the standard deviation is its square root.";
    private static final String DIVIDED_BY_ZERO = "divided a constant feature by its standard deviation of 0: the "
            + "Javadoc maps it to 0 for every point.";
    private static final String SQUARED = "returned squared distances: take the square root of the summed squares.";
    private static final String MANHATTAN = "summed absolute differences (the Manhattan distance): Euclidean is the "
            + "square root of the summed squares.";
    private static final String HIGHER_INDEX = "broke ties in distance by the higher index: equal distances go lower "
            + "training index first (a stable sort on distance).";
    private static final String FARTHEST = "ranked the farthest points first: sort by increasing distance.";
    private static final String UNSCALED = "left the features unstandardised: the feature with the largest scale "
            + "then decides every distance. Fit the mean and standard deviation on the training features.";
    private static final String QUERY_STATS = "standardised with the queries' own statistics: fit the scaler on the "
            + "training features only and apply that one scaler to the queries (the test set must not leak in).";
    private static final String POOLED_STATS = "fitted the scaler on the training points and the queries together: "
            + "fit it on the training features only.";
    private static final String SMALLEST_LABEL = "broke a vote tie by the smallest label: the Javadoc gives it to the "
            + "tied label of the nearest neighbour.";
    private static final String LARGEST_LABEL = "broke a vote tie by the largest label: the Javadoc gives it to the "
            + "tied label of the nearest neighbour.";
    private static final String UNWEIGHTED = "counted one vote per neighbour: each vote is weighted by 1 / distance.";
    private static final String INVERSE_SQUARED = "weighted the votes by 1 / d^2 (squared distances): the weight is "
            + "1 / d with the plain Euclidean distance.";
    private static final String INFINITE = "let 1 / 0 become an infinite weight: with neighbours at distance 0, only "
            + "those vote, one vote each (infinities tie with each other).";
    private static final String SELF = "counted the point as its own neighbour: leave-one-out predicts point i from "
            + "the other n - 1 points, so skip index i (k off by one).";

    @Test
    @DisplayName("fitScaler and standardize: training mean, population standard deviation, a constant feature to 0")
    void scaler(Random random) {
        // Pins the divisor: {1, 3} has mean 2 and population deviation 1 (the sample one is 1.414).
        checkScaler(new double[][] {{1, 10}, {3, 10}}, new double[][] {{2, 10}, {0, 7}});
        checkScaler(new double[][] {{5, -2, 0.5}}, new double[][] {{5, -2, 0.5}, {6, 0, 0}});
        checkScaler(new double[][] {{1e8 + 0.5}, {1e8 - 0.5}, {1e8 + 1.5}, {1e8 - 1.5}}, new double[][] {{1e8}});
        for (int c = 0; c < 3; c++) {
            int n = 2 + random.nextInt(30);
            int d = 1 + random.nextInt(5);
            checkScaler(normal(random, n, d, 10), normal(random, 1 + random.nextInt(5), d, 30));
        }
    }

    @Test
    @DisplayName("distances: Euclidean, every query to every training point")
    void distances(Random random) {
        checkDistances(new double[][] {{0, 0}}, new double[][] {{3, 4}, {0, 0}, {-1, 1}});
        checkDistances(new double[][] {{1}, {2}, {-5}}, new double[][] {{2}});
        for (int c = 0; c < 3; c++) {
            int d = 1 + random.nextInt(6);
            checkDistances(normal(random, 1 + random.nextInt(6), d, 5), normal(random, 1 + random.nextInt(9), d, 5));
        }
    }

    @Test
    @DisplayName("nearest: the k closest training points, nearest first, equal distances lower index first")
    void nearest(Random random) {
        // Pins the tie rule: points 1 and 3 are both at distance 1 from the origin, point 1 first.
        checkNearest(new double[][] {{2, 0}, {1, 0}, {5, 5}, {0, -1}, {0, 0}}, new double[] {0, 0}, 3);
        checkNearest(new double[][] {{1, 1}, {1, 1}, {1, 1}, {1, 1}}, new double[] {0, 3}, 4);   // all identical
        checkNearest(new double[][] {{7}}, new double[] {7}, 1);
        // An integer grid: many equal distances from a grid point.
        double[][] grid = new double[25][];
        for (int i = 0; i < 25; i++) {
            grid[i] = new double[] {i % 5, i / 5};
        }
        checkNearest(grid, new double[] {2, 2}, 9);
        checkNearest(grid, new double[] {0, 4}, 6);
        for (int c = 0; c < 3; c++) {
            int n = 1 + random.nextInt(20);
            double[][] train = duplicated(random, normal(random, n, 2, 3));
            checkNearest(train, train[random.nextInt(train.length)], 1 + random.nextInt(train.length));
        }
    }

    @Test
    @DisplayName("classify: standardise with the training statistics, then a majority vote with the stated tie rule")
    void classify(Random random) {
        // Feature 0 is noise in the thousands, feature 1 the signal in the hundredths: unstandardised,
        // the noise decides.
        double[][] train = new double[40][];
        int[] labels = new int[40];
        for (int i = 0; i < 40; i++) {
            labels[i] = i % 2;
            train[i] = new double[] {1000 * random.nextGaussian(), 0.01 * (labels[i] * 2 - 1) + 0.003 * random.nextGaussian()};
        }
        double[][] queries = new double[12][];
        for (int q = 0; q < 12; q++) {
            // The queries sit off-centre, so their own statistics are far from the training ones.
            queries[q] = new double[] {1500 + 300 * random.nextGaussian(), 0.01 * (q % 2 * 2 - 1) + 0.003 * random.nextGaussian()};
        }
        checkClassify("signal in the small feature", train, labels, queries, 3);
        // Pins the vote tie rule: k = 2, the nearest is label 2, the other label 0.
        checkClassify("a 1-1 vote tie", new double[][] {{0}, {1}, {3}, {10}}, new int[] {0, 2, 0, 1},
                new double[][] {{1.2}}, 2);
        checkClassify("a 2-2 vote tie", new double[][] {{0}, {1}, {2}, {3}, {4}, {40}}, new int[] {0, 0, 5, 5, 1, 9},
                new double[][] {{2.4}}, 4);
        checkClassify("a 1-1-1 vote tie", new double[][] {{5}, {-1}, {1.5}, {100}}, new int[] {0, 1, 7, 7},
                new double[][] {{0.4}, {2.9}}, 3);
        checkClassify("a constant feature", new double[][] {{1, 4}, {2, 4}, {3, 4}, {8, 4}}, new int[] {0, 0, 1, 1},
                new double[][] {{2.6, 100}, {7, -50}}, 1);
        checkClassify("k = n", new double[][] {{0, 0}, {1, 1}, {2, 0}}, new int[] {3, 4, 4},
                new double[][] {{0, 0}, {9, 9}}, 3);
        checkClassify("one training point", new double[][] {{1, 2}}, new int[] {6}, new double[][] {{0, 0}}, 1);
        for (int c = 0; c < 2; c++) {
            int n = 4 + random.nextInt(20);
            double[][] x = duplicated(random, normal(random, n, 3, 4));
            int[] y = IntStream.range(0, x.length).map(i -> random.nextInt(3)).toArray();
            checkClassify("random data", x, y, normal(random, 1 + random.nextInt(8), 3, 4), 1 + random.nextInt(x.length));
        }
    }

    @Test
    @DisplayName("classify on Iris: every fifth flower a query, k = 1, 5, 15; Tribuo agrees where no tie matters")
    void classifyIris() {
        Iris iris = Iris.load();
        int[] test = IntStream.range(0, 150).filter(i -> i % 5 == 0).toArray();
        int[] fit = IntStream.range(0, 150).filter(i -> i % 5 != 0).toArray();
        double[][] train = rows(iris.features(), fit);
        int[] labels = Arrays.stream(fit).map(i -> iris.labels()[i]).toArray();
        double[][] queries = rows(iris.features(), test);
        for (int k : new int[] {1, 5, 15}) {
            int[] expected = checkClassify("Iris, k = " + k, train, labels, queries, k);
            int right = 0;
            for (int q = 0; q < test.length; q++) {
                right += expected[q] == iris.labels()[test[q]] ? 1 : 0;
            }
            if (right < 27) {
                throw new AssertionFailedError("the oracle itself fits Iris badly (" + right + "/30): a check bug");
            }
            // Tribuo on the same standardised features, compared where its tie rules cannot differ.
            double[][][] z = KnnOracle.scaled(train, queries, Scaling.TRAIN);
            int[] tribuo = TribuoKnn.classify(z[0], labels, z[1], k);
            for (int q = 0; q < test.length; q++) {
                if (tieFree(z[0], z[1][q], k) && !KnnOracle.tiedVote(labels, KnnOracle.nearest(z[0], z[1][q], k, -1, false))
                        && tribuo[q] != expected[q]) {
                    throw new AssertionFailedError("Tribuo's KNNTrainer predicts " + tribuo[q] + " for Iris query " + q
                            + ", the oracle " + expected[q] + ": a check bug");
                }
            }
        }
    }

    @Test
    @DisplayName("classifyWeighted: votes weighted by 1 / distance, neighbours at distance 0 take every vote")
    void classifyWeighted(Random random) {
        // Pins the weights: one neighbour at distance 1 (label 1) outweighs two at 3 and 3.5 (label 0).
        double[][] line = {{-1}, {3}, {-3.5}, {20}, {-20}};
        checkWeighted("1 / d overturns the majority", line, new int[] {1, 0, 0, 2, 2}, new double[][] {{0}}, 3);
        // Distances 0.6 (label 0) and 0.9, 2.1, 2.2 (label 1): 1 / d gives label 1, 1 / d^2 label 0.
        checkWeighted("1 / d against 1 / d^2", new double[][] {{0}, {1.5}, {-1.5}, {1.6}, {50}},
                new int[] {0, 1, 1, 1, 0}, new double[][] {{-0.6}}, 4);
        // Three training points at distance 0 from the query: label 3 (index 0) against label 8 twice.
        checkWeighted("several neighbours at distance 0", new double[][] {{2, 2}, {2, 2}, {0, 1}, {2, 2}, {9, 9}},
                new int[] {3, 8, 3, 8, 3}, new double[][] {{2, 2}}, 4);
        // Mean 0 and deviation 5, so the standardised points are exactly symmetric about the query:
        // both labels weigh 1 / 0.2 + 1 / 1.4, and the nearest (index 0, label 4) breaks the tie.
        checkWeighted("a tie in weight", new double[][] {{1}, {-1}, {7}, {-7}}, new int[] {4, 2, 4, 2},
                new double[][] {{0}}, 4, true);
        for (int c = 0; c < 2; c++) {
            int n = 4 + random.nextInt(20);
            double[][] x = normal(random, n, 2, 3);
            int[] y = IntStream.range(0, n).map(i -> random.nextInt(3)).toArray();
            checkWeighted("random data", x, y, normal(random, 1 + random.nextInt(8), 2, 3), 1 + random.nextInt(n));
        }
    }

    @Test
    @DisplayName("regress: the mean target of the k nearest, on synthetic data and Auto MPG")
    void regress(Random random) {
        checkRegress("hand values", new double[][] {{0, 1}, {1, 1}, {2, 1}, {10, 1}}, new double[] {1, 2, 4, 100},
                new double[][] {{0.9, 5}}, 3);
        checkRegress("k = n", new double[][] {{0}, {5}}, new double[] {-1, 3}, new double[][] {{0}, {100}}, 2);
        double[][] scaled = new double[30][];
        double[] y = new double[30];
        for (int i = 0; i < 30; i++) {
            double signal = random.nextDouble();
            scaled[i] = new double[] {5000 * random.nextGaussian(), signal};
            y[i] = 10 * signal;
        }
        checkRegress("signal in the small feature", scaled, y, new double[][] {{9000, 0.2}, {8000, 0.9}, {7000, 0.5}}, 3);
        AutoMpg cars = AutoMpg.load();
        int n = cars.mpg().length;
        int[] test = IntStream.range(0, n).filter(i -> i % 4 == 0).toArray();
        int[] fit = IntStream.range(0, n).filter(i -> i % 4 != 0).toArray();
        double[][] train = rows(cars.features(), fit);
        double[] targets = Arrays.stream(fit).mapToDouble(i -> cars.mpg()[i]).toArray();
        double[][] queries = rows(cars.features(), test);
        // Tribuo's KNN regression is no oracle here: with its AveragingCombiner, 4.3.2 returns the
        // k-th neighbour's target rather than the mean of the k.
        for (int k : new int[] {1, 7}) {
            checkRegress("Auto MPG, k = " + k, train, targets, queries, k);
        }
    }

    @Test
    @DisplayName("leaveOneOut: each point predicted from the other n - 1, never from itself")
    void leaveOneOut(Random random) {
        checkLeaveOneOut("hand values", new double[][] {{0}, {1}, {2}, {10}, {11}}, new int[] {0, 1, 0, 1, 1}, 1);
        checkLeaveOneOut("duplicated points", new double[][] {{0, 0}, {0, 0}, {5, 5}, {5, 5}, {5, 5}},
                new int[] {0, 1, 1, 0, 0}, 2);
        checkLeaveOneOut("k = n - 1", new double[][] {{0}, {1}, {3}}, new int[] {2, 2, 1}, 2);
        Iris iris = Iris.load();
        double[][] z = KnnOracle.scaled(iris.features(), iris.features(), Scaling.TRAIN)[0];
        for (int k : new int[] {1, 5}) {
            checkLeaveOneOut("Iris standardised, k = " + k, z, iris.labels(), k);
        }
        int n = 3 + random.nextInt(15);
        checkLeaveOneOut("random data", normal(random, n, 2, 1), IntStream.range(0, n).map(i -> random.nextInt(2)).toArray(),
                1 + random.nextInt(n - 1));
    }

    @Test
    @DisplayName("bad input (no points, ragged rows, NaN, wrong lengths, k outside 1..n) throws IllegalArgumentException")
    void rejectsBadInput() {
        double[][] ok = {{0, 1}, {1, 0}, {2, 2}};
        int[] labels = {0, 1, 0};
        double[][] q = {{0, 0}};
        rejected("fitScaler({})", () -> Knn.fitScaler(new double[0][]));
        rejected("fitScaler({{}, {}})", () -> Knn.fitScaler(new double[][] {{}, {}}));
        rejected("fitScaler({{1, 2}, {3}})", () -> Knn.fitScaler(new double[][] {{1, 2}, {3}}));
        rejected("fitScaler({{1}, {NaN}})", () -> Knn.fitScaler(new double[][] {{1}, {Double.NaN}}));
        rejected("standardize({{1, 2}}, a scaler of 1 feature)",
                () -> Knn.standardize(new double[][] {{1, 2}}, new Knn.Scaler(new double[] {0}, new double[] {1})));
        rejected("distances({{1, 2}}, {{1}})", () -> Knn.distances(new double[][] {{1, 2}}, new double[][] {{1}}));
        rejected("distances({{Infinity}}, {{1}})",
                () -> Knn.distances(new double[][] {{Double.POSITIVE_INFINITY}}, new double[][] {{1}}));
        rejected("nearest(3 points, query, k = 0)", () -> Knn.nearest(ok, new double[] {0, 0}, 0));
        rejected("nearest(3 points, query, k = 4)", () -> Knn.nearest(ok, new double[] {0, 0}, 4));
        rejected("nearest(3 points, a query of 3 features, 1)", () -> Knn.nearest(ok, new double[] {0, 0, 0}, 1));
        rejected("classify(3 points, 2 labels, ...)", () -> Knn.classify(ok, new int[] {0, 1}, q, 1));
        rejected("classify({}, {}, ...)", () -> Knn.classify(new double[0][], new int[0], q, 1));
        rejected("classify(3 points, ..., k = 4)", () -> Knn.classify(ok, labels, q, 4));
        rejected("classify(..., a NaN query, 1)", () -> Knn.classify(ok, labels, new double[][] {{0, Double.NaN}}, 1));
        rejected("classifyWeighted(3 points, ..., k = 0)", () -> Knn.classifyWeighted(ok, labels, q, 0));
        rejected("regress(3 points, 4 targets, ...)", () -> Knn.regress(ok, new double[] {1, 2, 3, 4}, q, 1));
        rejected("regress(3 points, ..., k = 4)", () -> Knn.regress(ok, new double[] {1, 2, 3}, q, 4));
        rejected("leaveOneOut(3 points, labels, k = 3)", () -> Knn.leaveOneOut(ok, labels, 3));
        rejected("leaveOneOut(3 points, 2 labels, 1)", () -> Knn.leaveOneOut(ok, new int[] {0, 1}, 1));
        rejected("classify(3 points, ..., a query of 3 features, 1)",
                () -> Knn.classify(ok, labels, new double[][] {{0, 0, 0}}, 1));
        rejected("leaveOneOut(1 point, labels, k = 1)", () -> Knn.leaveOneOut(new double[][] {{1}}, new int[] {0}, 1));
    }

    // ---- one case each ---------------------------------------------------------------------------

    private static void checkScaler(double[][] train, double[][] others) {
        String what = "fitScaler(" + show(train) + ")";
        Knn.Scaler actual = Guarded.call(in -> Knn.fitScaler(in.copy("x", train)));
        notNull(what, actual);
        double[] mean = KnnOracle.mean(train);
        double[] std = KnnOracle.std(train, false);
        compare(what + ".mean()", mean, actual.mean(), List.of());
        compare(what + ".std()", std, actual.std(), List.of(
                new Mistake<>(SAMPLE_STD, () -> train.length == 1 ? null : KnnOracle.std(train, true)),
                Mistake.giving(VARIANCE, Arrays.stream(std).map(s -> s * s).toArray())));
        Knn.Scaler given = new Knn.Scaler(mean, std);
        for (double[][] x : List.of(train, others)) {
            String call = "standardize(" + show(x) + ", mean " + show(mean) + ", std " + show(std) + ")";
            double[][] z = Guarded.call(in -> Knn.standardize(in.copy("x", x), in.copy("scaler", given)));
            compare(call, KnnOracle.standardize(x, mean, std), z, List.of(new Mistake<>(DIVIDED_BY_ZERO,
                    () -> Arrays.stream(std).anyMatch(s -> s == 0) ? divided(x, mean, std) : null)));
        }
    }

    private static void checkDistances(double[][] queries, double[][] train) {
        String what = "distances(queries " + show(queries) + ", train " + show(train) + ")";
        double[][] actual = Guarded.call(in -> Knn.distances(in.copy("queries", queries), in.copy("train", train)));
        double[][] expected = new double[queries.length][train.length];
        double[][] squared = new double[queries.length][train.length];
        double[][] manhattan = new double[queries.length][train.length];
        for (int q = 0; q < queries.length; q++) {
            for (int i = 0; i < train.length; i++) {
                expected[q][i] = KnnOracle.distance(queries[q], train[i]);
                squared[q][i] = expected[q][i] * expected[q][i];
                manhattan[q][i] = org.apache.commons.math3.util.MathArrays.distance1(queries[q], train[i]);
            }
        }
        compare(what, expected, actual, List.of(Mistake.giving(SQUARED, squared), Mistake.giving(MANHATTAN, manhattan)));
    }

    private static void checkNearest(double[][] train, double[] query, int k) {
        String what = "nearest(" + show(train) + ", query " + show(query) + ", k = " + k + ")";
        int[] actual = Guarded.call(in -> Knn.nearest(in.copy("train", train), in.copy("query", query), k));
        int[] expected = KnnOracle.nearest(train, query, k, -1, false);
        int[] farthest = IntStream.range(0, train.length).boxed()
                .sorted((a, b) -> Double.compare(KnnOracle.distance(train[b], query), KnnOracle.distance(train[a], query)))
                .limit(k).mapToInt(Integer::intValue).toArray();
        CompareIndices.assertEqual(what, expected, actual,
                p -> "the expected point is at distance " + fmt(KnnOracle.distance(train[expected[p]], query))
                        + (p < actual.length && actual[p] >= 0 && actual[p] < train.length
                        ? ", yours at " + fmt(KnnOracle.distance(train[actual[p]], query)) : ""),
                Mistake.giving(HIGHER_INDEX, KnnOracle.nearest(train, query, k, -1, true)), Mistake.giving(FARTHEST, farthest));
    }

    private static int[] checkClassify(String name, double[][] train, int[] labels, double[][] queries, int k) {
        String what = "classify(" + name + ": n = " + train.length + ", m = " + queries.length + ", k = " + k + ")";
        int[] actual = Guarded.call(in -> Knn.classify(in.copy("train", train), in.copy("labels", labels),
                in.copy("queries", queries), k));
        int[] expected = KnnOracle.classify(train, labels, queries, k, Scaling.TRAIN, Tie.NEAREST, Weight.ONE, false);
        List<Mistake<int[]>> mistakes = new ArrayList<>(scalingMistakes(
                s -> KnnOracle.classify(train, labels, queries, k, s, Tie.NEAREST, Weight.ONE, false)));
        mistakes.add(new Mistake<>(SMALLEST_LABEL,
                () -> KnnOracle.classify(train, labels, queries, k, Scaling.TRAIN, Tie.SMALLEST_LABEL, Weight.ONE, false)));
        mistakes.add(new Mistake<>(LARGEST_LABEL,
                () -> KnnOracle.classify(train, labels, queries, k, Scaling.TRAIN, Tie.LARGEST_LABEL, Weight.ONE, false)));
        mistakes.add(new Mistake<>(HIGHER_INDEX,
                () -> KnnOracle.classify(train, labels, queries, k, Scaling.TRAIN, Tie.NEAREST, Weight.ONE, true)));
        CompareIndices.assertEqual(what, expected, settled(train, queries, k, expected, actual, false),
                p -> "the label predicted for query " + p, mistakes);
        return expected;
    }

    private static void checkWeighted(String name, double[][] train, int[] labels, double[][] queries, int k) {
        checkWeighted(name, train, labels, queries, k, false);
    }

    /** With {@code exactTies}, the case's ties are exact by construction and are compared too. */
    private static void checkWeighted(String name, double[][] train, int[] labels, double[][] queries, int k,
            boolean exactTies) {
        String what = "classifyWeighted(" + name + ": n = " + train.length + ", m = " + queries.length + ", k = " + k + ")";
        int[] actual = Guarded.call(in -> Knn.classifyWeighted(in.copy("train", train), in.copy("labels", labels),
                in.copy("queries", queries), k));
        int[] expected = KnnOracle.classify(train, labels, queries, k, Scaling.TRAIN, Tie.NEAREST, Weight.INVERSE, false);
        List<Mistake<int[]>> mistakes = new ArrayList<>();
        // Infinite weights first: at distance 0 their answer can be the unweighted one.
        for (Weight w : List.of(Weight.INVERSE_NO_ZERO_RULE, Weight.INVERSE_SQUARED, Weight.ONE)) {
            String diagnosis = w == Weight.ONE ? UNWEIGHTED : w == Weight.INVERSE_SQUARED ? INVERSE_SQUARED : INFINITE;
            mistakes.add(new Mistake<>(diagnosis,
                    () -> KnnOracle.classify(train, labels, queries, k, Scaling.TRAIN, Tie.NEAREST, w, false)));
        }
        mistakes.addAll(scalingMistakes(s -> KnnOracle.classify(train, labels, queries, k, s, Tie.NEAREST, Weight.INVERSE,
                false)));
        mistakes.add(new Mistake<>(SMALLEST_LABEL, () -> KnnOracle.classify(train, labels, queries, k, Scaling.TRAIN,
                Tie.SMALLEST_LABEL, Weight.INVERSE, false)));
        CompareIndices.assertEqual(what, expected, exactTies ? actual : settled(train, queries, k, expected, actual, false),
                p -> "the label predicted for query " + p, mistakes);
    }

    private static double[] checkRegress(String name, double[][] train, double[] targets, double[][] queries, int k) {
        String what = "regress(" + name + ": n = " + train.length + ", m = " + queries.length + ", k = " + k + ")";
        double[] actual = Guarded.call(in -> Knn.regress(in.copy("train", train), in.copy("targets", targets),
                in.copy("queries", queries), k));
        double[] expected = KnnOracle.regress(train, targets, queries, k, Scaling.TRAIN);
        List<Mistake<double[]>> mistakes = new ArrayList<>();
        for (Scaling s : List.of(Scaling.NONE, Scaling.QUERIES, Scaling.TRAIN_AND_QUERIES)) {
            mistakes.add(new Mistake<>(diagnosis(s), () -> KnnOracle.regress(train, targets, queries, k, s)));
        }
        if (actual != null && actual.length == expected.length) {
            double[][][] z = KnnOracle.scaled(train, queries, Scaling.TRAIN);
            for (int q = 0; q < queries.length; q++) {
                if (fragile(z[0], z[1][q], k, true)) {
                    actual[q] = expected[q];
                }
            }
        }
        compare(what, expected, actual, mistakes);
        return expected;
    }

    private static void checkLeaveOneOut(String name, double[][] x, int[] labels, int k) {
        String what = "leaveOneOut(" + name + ": n = " + x.length + ", k = " + k + ")";
        int[] actual = Guarded.call(in -> Knn.leaveOneOut(in.copy("x", x), in.copy("labels", labels), k));
        CompareIndices.assertEqual(what, KnnOracle.leaveOneOut(x, labels, k, false), actual,
                p -> "the label predicted for point " + p + " from the others",
                new Mistake<>(SELF, () -> KnnOracle.leaveOneOut(x, labels, k, true)));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static List<Mistake<int[]>> scalingMistakes(java.util.function.Function<Scaling, int[]> with) {
        List<Mistake<int[]>> mistakes = new ArrayList<>();
        for (Scaling s : List.of(Scaling.NONE, Scaling.QUERIES, Scaling.TRAIN_AND_QUERIES)) {
            mistakes.add(new Mistake<>(diagnosis(s), () -> with.apply(s)));
        }
        return mistakes;
    }

    private static String diagnosis(Scaling s) {
        return switch (s) {
            case NONE -> UNSCALED;
            case QUERIES -> QUERY_STATS;
            default -> POOLED_STATS;
        };
    }

    /**
     * The learner's labels, with those of fragile queries (see {@link #fragile}) set to the expected
     * ones: there, the last bit of a standardised coordinate decides, and any correct summation
     * order may land on either side.
     */
    private static int[] settled(double[][] train, double[][] queries, int k, int[] expected, int[] actual,
            boolean boundaryOnly) {
        if (actual == null || actual.length != expected.length) {
            return actual;
        }
        double[][][] z = KnnOracle.scaled(train, queries, Scaling.TRAIN);
        int[] out = actual.clone();
        for (int q = 0; q < queries.length; q++) {
            if (fragile(z[0], z[1][q], k, boundaryOnly)) {
                out[q] = expected[q];
            }
        }
        return out;
    }

    /**
     * Whether two different training points among the k + 1 nearest are at distances within a
     * relative 1e-9 of each other (equal included), so that rounding can reorder them; identical
     * rows tie exactly in every computation and do not count. With {@code boundaryOnly}, only the
     * k-th and (k+1)-th matter (a mean does not depend on the order).
     */
    private static boolean fragile(double[][] train, double[] query, int k, boolean boundaryOnly) {
        Integer[] order = IntStream.range(0, train.length).boxed().toArray(Integer[]::new);
        double[] d = Arrays.stream(train).mapToDouble(row -> KnnOracle.distance(row, query)).toArray();
        Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
        int last = Math.min(k, train.length - 1);
        for (int p = boundaryOnly ? k - 1 : 0; p < last; p++) {
            int a = order[p];
            int b = order[p + 1];
            if (Math.abs(d[a] - d[b]) <= 1e-9 * Math.max(d[a], d[b]) && !Arrays.equals(train[a], train[b])) {
                return true;
            }
        }
        return false;
    }

    /** Whether the k-th and (k+1)-th distances differ, so that any tie rule picks the same neighbours. */
    private static boolean tieFree(double[][] train, double[] query, int k) {
        double[] d = Arrays.stream(train).mapToDouble(row -> KnnOracle.distance(row, query)).sorted().toArray();
        return k == d.length || d[k] - d[k - 1] > 1e-9;
    }

    private static double[][] divided(double[][] x, double[] mean, double[] std) {
        return Arrays.stream(x).map(row -> IntStream.range(0, row.length).mapToDouble(j -> (row[j] - mean[j]) / std[j])
                .toArray()).toArray(double[][]::new);
    }

    private static void compare(String what, double[][] expected, double[][] actual, List<Mistake<double[][]>> mistakes) {
        notNull(what, actual);
        String wrong = firstDifference(expected, actual);
        if (wrong == null) {
            return;
        }
        String diagnosis = Mistake.matching(w -> firstDifference(w, actual) == null, mistakes);
        throw new AssertionFailedError(diagnosis + what + ": " + wrong);
    }

    private static void compare(String what, double[] expected, double[] actual, List<Mistake<double[]>> mistakes) {
        compare(what, new double[][] {expected}, actual == null ? null : new double[][] {actual},
                mistakes.stream().map(m -> new Mistake<double[][]>(m.diagnosis(), () -> {
                    double[] w = m.answer().get();
                    return w == null ? null : new double[][] {w};
                })).toList());
    }

    /** Where the arrays first differ, in words, or null when they agree within the tolerance. */
    private static String firstDifference(double[][] expected, double[][] actual) {
        if (actual.length != expected.length) {
            return "expected " + expected.length + " rows, got " + actual.length;
        }
        for (int r = 0; r < expected.length; r++) {
            if (actual[r] == null || actual[r].length != expected[r].length) {
                return "expected " + expected[r].length + " values in row " + r + ", got "
                        + (actual[r] == null ? "null" : actual[r].length);
            }
            for (int c = 0; c < expected[r].length; c++) {
                if (!TOLERANCE.accepts(expected[r][c], actual[r][c])) {
                    return "at [" + r + "][" + c + "] expected " + fmt(expected[r][c]) + ", got " + fmt(actual[r][c])
                            + String.format(Locale.ROOT, " (tolerance %.0e + %.0e * |expected|)", TOLERANCE.abs(),
                            TOLERANCE.rel());
                }
            }
        }
        return null;
    }

    private static void notNull(String what, Object actual) {
        if (actual == null) {
            throw new AssertionFailedError(what + ": got null, expected a new array");
        }
    }

    private static void rejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the inputs first: at least one point, rows of equal length with finite "
                + "features, one label or target per point, 1 <= k <= n (n - 1 in leave-one-out)", call);
    }

    // ---- inputs ----------------------------------------------------------------------------------

    private static double[][] normal(Random random, int n, int d, double scale) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = scale * random.nextGaussian();
            }
        }
        return x;
    }

    /** {@code x} with a few of its rows repeated at random places, so that distances tie. */
    private static double[][] duplicated(Random random, double[][] x) {
        List<double[]> rows = new ArrayList<>(Arrays.asList(x));
        int extra = 1 + random.nextInt(3);
        for (int e = 0; e < extra; e++) {
            rows.add(random.nextInt(rows.size() + 1), rows.get(random.nextInt(rows.size())).clone());
        }
        return rows.toArray(double[][]::new);
    }

    private static double[][] rows(double[][] x, int[] which) {
        return Arrays.stream(which).mapToObj(i -> x[i].clone()).toArray(double[][]::new);
    }

    private static String show(double[][] x) {
        if (x.length > 4) {
            return "(" + x.length + " points of " + x[0].length + " features)";
        }
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < x.length; i++) {
            s.append(i == 0 ? "" : ", ").append(show(x[i]));
        }
        return s.append('}').toString();
    }

    private static String show(double[] x) {
        if (x.length > 6) {
            return "(" + x.length + " values)";
        }
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < x.length; i++) {
            s.append(i == 0 ? "" : ", ").append(fmt(x[i]));
        }
        return s.append('}').toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.10g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
