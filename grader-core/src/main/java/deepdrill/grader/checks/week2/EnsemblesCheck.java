package deepdrill.grader.checks.week2;

import deepdrill.datasets.Iris;
import deepdrill.grader.checks.support.CompareIndices;
import deepdrill.grader.checks.support.CompareScalar;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.checks.week2.EnsemblesOracle.Split;
import deepdrill.week2.Ensembles;
import deepdrill.week2.Ensembles.Stump;
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
 * Checks {@code ensembles}. Every stump is checked against all the splits the Javadoc allows,
 * enumerated and scored in {@link EnsemblesOracle} (brute force): its loss must be the smallest, its
 * threshold a midpoint, its leaves the side's mean (or weighted-majority sign), and, where the
 * ties are exact by construction (identical features, integer targets, uniform weights), the tie
 * rule must pick it. The random draws are replayed from a {@link Random} of the same seed. The
 * ensembles are checked along the learner's own path (so that a near-tie settled by rounding
 * cannot derail a correct answer): bagging's OOB predictions recomputed from the learner's samples
 * and stumps; AdaBoost's weights and alphas recomputed round by round from its stumps, the final
 * weights also against the closed form exp(-y F(x)) / Z, the training error against the bound
 * prod Z_t; gradient boosting's stumps each the best fit to the residuals of the stumps before it,
 * the first one also against Tribuo's depth-1 {@code CARTRegressionTrainer} on the residuals.
 *
 * <p>Covered: n = 1 (a bootstrap of one, a point in every sample, an OOB prediction of NaN and an
 * OOB error of NaN), a constant feature and all features constant (the stump without a split),
 * identical features (the lower index wins), tied thresholds (the lower wins), repeated rows in a
 * sample, a candidate-feature subset, a weighted label sum of exactly 0 (+1), zero weights, Iris
 * versicolor against virginica (uniform weights: exact ties), separable data (err = 0 in round 1:
 * one stump, alpha from 1e-10), XOR data (err = 0.5 in round 1: no stump), m = d (no feature draws)
 * and m = 1, learning rates 0.1 to 1. Rejected: no points, ragged or NaN features, wrong lengths,
 * labels other than -1 and +1, negative or all-zero weights, empty or out-of-range rows and
 * features, repeated features, B = 0, m = 0 and m &gt; d, T = 0, learning rates 0, -1, NaN and
 * infinity. Every input must be left unchanged. Named: sampling without replacement, nextDouble
 * instead of nextInt, a repeated row counted once, every feature used where a subset was given,
 * the threshold at a data value instead of the midpoint, the weights ignored, a 0 weighted sum
 * leaf of -1, features drawn with replacement, by a biased shuffle or before the bootstrap, OOB from every model, a
 * never-OOB point given a number, alpha with log base 10 or without the 0.5, weights not
 * renormalised, the update's sign flipped, gradient boosting fitted to y or to F - y, its learning
 * rate left out, an initial prediction of 0.
 */
@ExerciseCheck
class EnsemblesCheck {

    private static final Tolerance TOLERANCE = new Tolerance(1e-10, 1e-9);

    private static final String WITHOUT_REPLACEMENT = "sampled without replacement (a permutation): a bootstrap "
            + "sample draws n times with replacement, so repeats are expected and about 37% of the points are left out.";
    private static final String NEXT_DOUBLE = "drew (int) (random.nextDouble() * n): the Javadoc fixes random.nextInt(n), "
            + "so that the draws can be replayed.";
    private static final String DEDUPED = "counted a repeated row once: a row that appears twice in the sample counts "
            + "twice in the squared error and in the leaf's mean.";
    private static final String ALL_FEATURES = "searched every feature: only the candidate features given may split.";
    private static final String AT_VALUE = "put the threshold at a data value: the candidates are the midpoints "
            + "(a + b) / 2 between consecutive distinct values.";
    private static final String UNWEIGHTED = "ignored the weights: the error is the sum of the weights of the "
            + "misclassified points, and each leaf is the sign of sum w_i y_i.";
    private static final String ZERO_SUM_MINUS = "gave a leaf whose weighted label sum is 0 the label -1: the Javadoc "
            + "gives it +1.";
    private static final String FEATURES_WITH_REPLACEMENT = "drew the features with replacement (nextInt(d) m times): "
            + "use the partial Fisher-Yates shuffle, position j swapped with j + nextInt(d - j).";
    private static final String FEATURES_BIASED = "swapped position j with position nextInt(d): the partial "
            + "Fisher-Yates shuffle swaps it with j + nextInt(d - j), so that positions before j are never drawn again.";
    private static final String FEATURES_FIRST = "drew the features before the bootstrap sample: each model draws its "
            + "sample first, then its features.";
    private static final String OOB_ALL = "averaged every model for the OOB prediction: only the models whose sample "
            + "does not contain the point may predict it.";
    private static final String NEVER_OOB = "gave a point that is in every sample an OOB prediction: it has none "
            + "(NaN), and it is left out of the OOB error.";
    private static final String LOG10 = "took alpha with log base 10: alpha = 0.5 ln((1 - err) / err), the natural log.";
    private static final String NO_HALF = "left the 0.5 out of alpha = 0.5 ln((1 - err) / err).";
    private static final String UNNORMALISED = "did not renormalise the weights after the update: divide by Z = "
            + "sum_i w_i exp(-alpha y_i h(x_i)) so that they sum to 1 (err is a share of that sum).";
    private static final String SIGN = "updated the weights with exp(+alpha y h): the points the stump gets wrong "
            + "(y h = -1) must gain weight, so the factor is exp(-alpha y_i h(x_i)).";
    private static final String FIT_Y = "fitted the stump to y instead of the residuals y - F(x).";
    private static final String FIT_NEGATIVE = "fitted the stump to F(x) - y: the residual (the negative gradient) "
            + "is y - F(x).";
    private static final String NO_RATE = "left the learning rate out of the update: F += nu * h(x), not F += h(x).";
    private static final String INIT_ZERO = "started from F_0 = 0: gradient boosting with squared loss starts from the "
            + "mean target.";

    @Test
    @DisplayName("bootstrap: random.nextInt(n), n times, with replacement")
    void bootstrap(Random random) {
        for (int n : new int[] {1, 2, 3, 10, 50}) {
            long seed = random.nextLong();
            int[] actual = Guarded.call(in -> Ensembles.bootstrap(n, new Random(seed)));
            int[] expected = EnsemblesOracle.bootstrap(n, new Random(seed));
            Random other = new Random(seed);
            int[] nextDouble = IntStream.range(0, n).map(i -> (int) (other.nextDouble() * n)).toArray();
            CompareIndices.assertEqual("bootstrap(n = " + n + ", new Random(" + seed + "))", expected, actual,
                    p -> "draw " + p + " of random.nextInt(" + n + ")",
                    new Mistake<>(WITHOUT_REPLACEMENT, () -> n >= 5 && actual != null && isPermutation(actual) ? actual : null),
                    Mistake.giving(NEXT_DOUBLE, nextDouble));
        }
    }

    @Test
    @DisplayName("fitRegressionStump: the smallest squared error over midpoint thresholds, ties to the lower feature and threshold")
    void regressionStump(Random random) {
        // Pins the midpoint: the best split of {1, 2, 4} is between 2 and 4, at 3.
        checkRegression("midpoint", new double[][] {{1}, {2}, {4}}, new double[] {1, 1, 5}, null, null, true);
        // Pins the tie rule: two identical features (feature 0 wins) and thresholds 0.5 and 2.5 that
        // tie exactly (squared errors 6 and 6: the lower wins).
        checkRegression("identical features", new double[][] {{0, 0}, {1, 1}, {2, 2}, {3, 3}}, new double[] {0, 3, 3, 0},
                null, null, true);
        // Row 3 three times: the best split is at 2.5 (squared error 14); counted once, 0.5 would tie it.
        checkRegression("repeated rows", new double[][] {{0}, {1}, {2}, {3}}, new double[] {0, 4, 5, 9},
                new int[] {0, 1, 2, 3, 3, 3}, null, true);
        checkRegression("a feature subset", new double[][] {{0, 5, 1}, {1, 4, 0}, {2, 3, 1}, {3, 2, 0}},
                new double[] {0, 0, 8, 8}, null, new int[] {2, 1}, true);
        checkRegression("a constant feature", new double[][] {{7, 1}, {7, 2}, {7, 3}}, new double[] {1, 2, 6}, null, null, true);
        checkRegression("all features constant", new double[][] {{7, 1}, {7, 1}}, new double[] {1, 2}, null, new int[] {1, 0},
                true);
        checkRegression("one row", new double[][] {{1, 2}, {3, 4}}, new double[] {5, 6}, new int[] {1}, null, true);
        for (int c = 0; c < 3; c++) {
            int n = 2 + random.nextInt(25);
            int d = 1 + random.nextInt(4);
            double[][] x = normal(random, n, d);
            double[] y = IntStream.range(0, n).mapToDouble(i -> 3 * Math.signum(x[i][0]) + random.nextGaussian()).toArray();
            int[] rows = EnsemblesOracle.bootstrap(n, random);
            checkRegression("random data", x, y, rows, null, false);
        }
    }

    @Test
    @DisplayName("fitWeightedStump: the smallest weighted error, each leaf the sign of sum w y (+1 at 0)")
    void weightedStump(Random random) {
        // Pins the leaf rule: the right side's weighted sum is 0.25 - 0.25 = 0, so it says +1.
        checkWeighted("a 0 sum", new double[][] {{0}, {1}, {2}}, new int[] {-1, 1, -1}, new double[] {0.5, 0.25, 0.25}, true);
        checkWeighted("zero weights", new double[][] {{0}, {1}, {2}, {3}}, new int[] {1, -1, 1, -1},
                new double[] {0, 0.5, 0.5, 0}, true);
        checkWeighted("all features constant", new double[][] {{1, 1}, {1, 1}, {1, 1}}, new int[] {-1, -1, 1},
                new double[] {1, 1, 1}, true);
        IrisTwo iris = IrisTwo.load();
        double[] uniform = new double[iris.y().length];
        Arrays.fill(uniform, 1.0 / uniform.length);
        checkWeighted("Iris versicolor against virginica, uniform weights", iris.x(), iris.y(), uniform, true);
        for (int c = 0; c < 3; c++) {
            int n = 2 + random.nextInt(25);
            double[][] x = normal(random, n, 1 + random.nextInt(3));
            int[] y = IntStream.range(0, n).map(i -> x[i][0] + 0.7 * random.nextGaussian() > 0 ? 1 : -1).toArray();
            double[] w = IntStream.range(0, n).mapToDouble(i -> random.nextDouble()).toArray();
            checkWeighted("random weights", x, y, w, false);
        }
    }

    @Test
    @DisplayName("bag with m = d: bootstrap samples, a stump each, OOB predictions from the models that left the point out")
    void bagging(Random random) {
        checkBag("n = 1", new double[][] {{3}}, new double[] {2}, 1, 1, random.nextLong());
        checkBag("n = 2", new double[][] {{0}, {1}}, new double[] {0, 1}, 3, 1, random.nextLong());
        for (int c = 0; c < 2; c++) {
            int n = 15 + random.nextInt(25);
            double[][] x = normal(random, n, 3);
            double[] y = IntStream.range(0, n).mapToDouble(i -> 2 * x[i][1] + 0.3 * random.nextGaussian()).toArray();
            checkBag("random data", x, y, 4 + random.nextInt(6), 3, random.nextLong());
        }
    }

    @Test
    @DisplayName("bag with m < d (a random forest): each model draws its sample, then m features by partial Fisher-Yates")
    void randomForest(Random random) {
        for (int m : new int[] {1, 2}) {
            int n = 12 + random.nextInt(20);
            double[][] x = normal(random, n, 4);
            double[] y = IntStream.range(0, n).mapToDouble(i -> x[i][0] - x[i][3] + 0.2 * random.nextGaussian()).toArray();
            checkBag("random data", x, y, 5 + random.nextInt(5), m, random.nextLong());
        }
        IrisTwo iris = IrisTwo.load();
        double[] y = Arrays.stream(iris.y()).asDoubleStream().toArray();
        checkBag("Iris versicolor (-1) against virginica (+1)", iris.x(), y, 6, 2, random.nextLong());
    }

    @Test
    @DisplayName("adaBoost: alpha = 0.5 ln((1 - err) / err), weights times exp(-alpha y h) / Z, the stop rules")
    void adaBoost(Random random) {
        IrisTwo iris = IrisTwo.load();
        checkAdaBoost("Iris versicolor against virginica", iris.x(), iris.y(), 8);
        checkAdaBoost("separable: err = 0 in round 1", new double[][] {{0}, {1}, {2}, {3}}, new int[] {-1, -1, 1, 1}, 5);
        checkAdaBoost("XOR: err = 0.5 in round 1", new double[][] {{0, 0}, {1, 1}, {0, 1}, {1, 0}}, new int[] {1, 1, -1, -1}, 3);
        checkAdaBoost("one round", new double[][] {{0}, {1}, {2}}, new int[] {1, -1, 1}, 1);
        int n = 20 + random.nextInt(20);
        double[][] x = normal(random, n, 2);
        int[] y = IntStream.range(0, n).map(i -> x[i][0] * x[i][1] + 0.2 * random.nextGaussian() > 0 ? 1 : -1).toArray();
        checkAdaBoost("random data", x, y, 6);
    }

    @Test
    @DisplayName("gradientBoost: F_0 the mean, each stump fitted to y - F, added times the learning rate")
    void gradientBoosting(Random random) {
        checkBoost("hand values", new double[][] {{0}, {1}, {2}, {3}}, new double[] {1, 2, 10, 11}, 3, 0.5);
        checkBoost("a constant target", new double[][] {{0}, {1}}, new double[] {4, 4}, 2, 0.1);
        for (double rate : new double[] {0.1, 0.3, 1}) {
            int n = 15 + random.nextInt(20);
            double[][] x = normal(random, n, 2);
            double[] y = IntStream.range(0, n).mapToDouble(i -> 3 * Math.sin(2 * x[i][0]) + x[i][1] + 0.1 * random.nextGaussian())
                    .toArray();
            checkBoost("random data", x, y, 4 + random.nextInt(4), rate);
        }
    }

    @Test
    @DisplayName("bad input (no points, NaN, wrong lengths, bad labels or weights, B, m, T or rate out of range) throws IllegalArgumentException")
    void rejectsBadInput() {
        double[][] x = {{0, 1}, {1, 0}, {2, 2}};
        double[] y = {1, 2, 3};
        int[] labels = {1, -1, 1};
        double[] w = {1, 1, 1};
        int[] all = {0, 1, 2};
        int[] both = {0, 1};
        rejected("bootstrap(0, random)", () -> Ensembles.bootstrap(0, new Random(1)));
        rejected("fitRegressionStump({}, {}, ...)", () -> Ensembles.fitRegressionStump(new double[0][], new double[0], all, both));
        rejected("fitRegressionStump({{0, 1}, {1}, ...})",
                () -> Ensembles.fitRegressionStump(new double[][] {{0, 1}, {1}, {2, 2}}, y, all, both));
        rejected("fitRegressionStump(x with NaN, ...)",
                () -> Ensembles.fitRegressionStump(new double[][] {{0, 1}, {Double.NaN, 0}, {2, 2}}, y, all, both));
        rejected("fitRegressionStump(3 points, 2 targets, ...)", () -> Ensembles.fitRegressionStump(x, new double[] {1, 2}, all, both));
        rejected("fitRegressionStump(..., rows {}, ...)", () -> Ensembles.fitRegressionStump(x, y, new int[0], both));
        rejected("fitRegressionStump(..., rows {0, 3}, ...)", () -> Ensembles.fitRegressionStump(x, y, new int[] {0, 3}, both));
        rejected("fitRegressionStump(..., features {})", () -> Ensembles.fitRegressionStump(x, y, all, new int[0]));
        rejected("fitRegressionStump(..., features {2})", () -> Ensembles.fitRegressionStump(x, y, all, new int[] {2}));
        rejected("fitRegressionStump(..., features {1, 1})", () -> Ensembles.fitRegressionStump(x, y, all, new int[] {1, 1}));
        rejected("fitWeightedStump(..., labels {1, 0, 1}, ...)", () -> Ensembles.fitWeightedStump(x, new int[] {1, 0, 1}, w));
        rejected("fitWeightedStump(..., weights {1, -1, 1})", () -> Ensembles.fitWeightedStump(x, labels, new double[] {1, -1, 1}));
        rejected("fitWeightedStump(..., weights {0, 0, 0})", () -> Ensembles.fitWeightedStump(x, labels, new double[] {0, 0, 0}));
        rejected("fitWeightedStump(..., weights {1, NaN, 1})",
                () -> Ensembles.fitWeightedStump(x, labels, new double[] {1, Double.NaN, 1}));
        rejected("fitWeightedStump(..., 2 weights)", () -> Ensembles.fitWeightedStump(x, labels, new double[] {1, 1}));
        rejected("bag(..., B = 0, m = 1, ...)", () -> Ensembles.bag(x, y, 0, 1, new Random(1)));
        rejected("bag(..., B = 2, m = 0, ...)", () -> Ensembles.bag(x, y, 2, 0, new Random(1)));
        rejected("bag(..., B = 2, m = 3 > d, ...)", () -> Ensembles.bag(x, y, 2, 3, new Random(1)));
        rejected("bag(3 points, 2 targets, ...)", () -> Ensembles.bag(x, new double[] {1, 2}, 2, 1, new Random(1)));
        rejected("adaBoost(..., labels {1, 2, 1}, 3)", () -> Ensembles.adaBoost(x, new int[] {1, 2, 1}, 3));
        rejected("adaBoost(..., T = 0)", () -> Ensembles.adaBoost(x, labels, 0));
        rejected("gradientBoost(..., T = 0, 0.1)", () -> Ensembles.gradientBoost(x, y, 0, 0.1));
        for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            rejected("gradientBoost(..., 3, rate " + rate + ")", () -> Ensembles.gradientBoost(x, y, 3, rate));
        }
    }

    // ---- one case each ---------------------------------------------------------------------------

    private static void checkRegression(String name, double[][] x, double[] y, int[] rowsOrNull, int[] featuresOrNull,
            boolean exactTies) {
        int[] rows = rowsOrNull != null ? rowsOrNull : IntStream.range(0, x.length).toArray();
        int[] features = featuresOrNull != null ? featuresOrNull : IntStream.range(0, x[0].length).toArray();
        String what = "fitRegressionStump(" + name + ": n = " + x.length + ", rows " + Arrays.toString(rows)
                + ", features " + Arrays.toString(features) + ")";
        Stump actual = Guarded.call(in -> Ensembles.fitRegressionStump(in.copy("x", x), in.copy("y", y),
                in.copy("rows", rows), in.copy("features", features)));
        int[] distinct = Arrays.stream(rows).distinct().toArray();
        int[] every = IntStream.range(0, x[0].length).toArray();
        assertStump(what, actual, x, y, null, rows, features, false, exactTies, List.of(
                new Mistake<>(DEDUPED, () -> distinct.length == rows.length ? null : best(x, y, null, distinct, features, false)),
                new Mistake<>(ALL_FEATURES, () -> features.length == every.length ? null : best(x, y, null, rows, every, false))));
    }

    private static void checkWeighted(String name, double[][] x, int[] labels, double[] w, boolean exactTies) {
        String what = "fitWeightedStump(" + name + ": n = " + x.length + ")";
        Stump actual = Guarded.call(in -> Ensembles.fitWeightedStump(in.copy("x", x), in.copy("y", labels), in.copy("w", w)));
        double[] y = Arrays.stream(labels).asDoubleStream().toArray();
        int[] rows = IntStream.range(0, x.length).toArray();
        int[] features = IntStream.range(0, x[0].length).toArray();
        double[] ones = new double[x.length];
        Arrays.fill(ones, 1);
        assertStump(what, actual, x, y, w, rows, features, true, exactTies, List.of(
                new Mistake<>(UNWEIGHTED, () -> best(x, y, ones, rows, features, true))));
    }

    private static void checkBag(String name, double[][] x, double[] y, int models, int m, long seed) {
        int n = x.length;
        int d = x[0].length;
        String what = "bag(" + name + ": n = " + n + ", d = " + d + ", B = " + models + ", m = " + m + ", new Random(" + seed + "))";
        Ensembles.Bagging actual = Guarded.call(in -> Ensembles.bag(in.copy("x", x), in.copy("y", y), models, m, new Random(seed)));
        if (actual == null || actual.stumps() == null || actual.samples() == null || actual.features() == null
                || actual.oob() == null) {
            throw new AssertionFailedError(what + ": got null (or a null component), expected a Bagging of " + models + " models");
        }
        lengths(what, models, actual.stumps().length, actual.samples().length, actual.features().length);
        Random replay = new Random(seed);
        Random replayFirst = new Random(seed);
        Random replayWith = new Random(seed);
        Random replayBiased = new Random(seed);
        for (int model = 0; model < models; model++) {
            int b = model;
            int[] sample = EnsemblesOracle.bootstrap(n, replay);
            int[] features = m == d ? IntStream.range(0, d).toArray() : EnsemblesOracle.features(d, m, replay);
            int[] first = m == d ? features : EnsemblesOracle.features(d, m, replayFirst);
            int[] sampleAfter = EnsemblesOracle.bootstrap(n, replayFirst);
            int[] withReplacement = null;
            int[] biased = null;
            if (m < d) {
                EnsemblesOracle.bootstrap(n, replayWith);
                withReplacement = EnsemblesOracle.featuresWithReplacement(d, m, replayWith);
                EnsemblesOracle.bootstrap(n, replayBiased);
                biased = EnsemblesOracle.featuresBiased(d, m, replayBiased);
            }
            int[] learnerSample = actual.samples()[b];
            CompareIndices.assertEqual(what + ": samples()[" + b + "]", sample, learnerSample,
                    p -> "draw " + p + " of model " + b + "'s bootstrap sample",
                    new Mistake<>(WITHOUT_REPLACEMENT, () -> n >= 5 && learnerSample != null && isPermutation(learnerSample)
                            ? learnerSample : null),
                    new Mistake<>(FEATURES_FIRST, () -> m == d ? null : sampleAfter));
            int[] fixedWith = withReplacement;
            int[] fixedBiased = biased;
            CompareIndices.assertEqual(what + ": features()[" + b + "]", features, actual.features()[b],
                    p -> "model " + b + "'s candidate features, ascending",
                    new Mistake<>(FEATURES_WITH_REPLACEMENT, () -> fixedWith),
                    new Mistake<>(FEATURES_BIASED, () -> fixedBiased),
                    new Mistake<>(FEATURES_FIRST, () -> m == d ? null : first));
            assertStump(what + ": stumps()[" + b + "]", actual.stumps()[b], x, y, null, sample, features, false, false, List.of());
        }
        // OOB, from the learner's own (checked) stumps.
        double[] oob = new double[n];
        double[] everyModel = new double[n];
        double squares = 0;
        int counted = 0;
        boolean someNever = false;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            double all = 0;
            int votes = 0;
            for (int b = 0; b < models; b++) {
                double p = actual.stumps()[b].predict(x[i]);
                all += p;
                int point = i;
                if (Arrays.stream(actual.samples()[b]).noneMatch(s -> s == point)) {
                    sum += p;
                    votes++;
                }
            }
            everyModel[i] = all / models;
            oob[i] = votes == 0 ? Double.NaN : sum / votes;
            someNever |= votes == 0;
            if (votes > 0) {
                squares += (oob[i] - y[i]) * (oob[i] - y[i]);
                counted++;
            }
        }
        boolean never = someNever;
        List<Mistake<double[]>> mistakes = List.of(Mistake.giving(OOB_ALL, everyModel),
                new Mistake<>(NEVER_OOB, () -> never ? withNumbersWhereNaN(oob, actual.oob()) : null));
        compare(what + ": oob()", oob, actual.oob(), mistakes);
        double mse = counted == 0 ? Double.NaN : squares / counted;
        CompareScalar.assertClose(what + ": oobMse() (over the " + counted + " points with an OOB prediction)", mse,
                actual.oobMse(), TOLERANCE, List.of());
    }

    private static void checkAdaBoost(String name, double[][] x, int[] labels, int rounds) {
        int n = x.length;
        String what = "adaBoost(" + name + ": n = " + n + ", T = " + rounds + ")";
        Ensembles.AdaBoost actual = Guarded.call(in -> Ensembles.adaBoost(in.copy("x", x), in.copy("y", labels), rounds));
        if (actual == null || actual.stumps() == null || actual.alphas() == null || actual.weights() == null) {
            throw new AssertionFailedError(what + ": got null (or a null component), expected an AdaBoost model");
        }
        double[] y = Arrays.stream(labels).asDoubleStream().toArray();
        int[] rows = IntStream.range(0, n).toArray();
        int[] features = IntStream.range(0, x[0].length).toArray();
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        double[] unnormalised = w.clone();
        double[] flipped = w.clone();
        double bound = 1;
        int added = actual.stumps().length;
        lengths(what + " (stumps and alphas)", added, added, actual.alphas().length);
        for (int round0 = 0; round0 <= Math.min(added, rounds - 1); round0++) {
            int t = round0;
            Split best = best(x, y, w, rows, features, true);
            double bestErr = best.loss();
            // Within rounding below 0.5, stopping or going on are both accepted; at 0.5 boosting stops.
            boolean stops = bestErr >= 0.5 - 1e-12;
            if (t == added) {
                // The learner stopped here: only allowed when the best stump is no better than chance.
                if (!stops) {
                    throw new AssertionFailedError(what + ": stopped after " + t + " stumps, but round " + t
                            + "'s best stump has err = " + fmt(bestErr) + " < 0.5 (and no earlier err was 0): keep "
                            + "boosting up to T rounds");
                }
                break;
            }
            String round = what + ": round " + t;
            if (bestErr >= 0.5) {
                throw new AssertionFailedError(round + ": the best stump has err = " + fmt(bestErr) + " >= 0.5, so boosting "
                        + "stops without adding it; your model has a stump here");
            }
            Stump h = actual.stumps()[t];
            double[] flippedNow = flipped.clone();
            assertStump(round + ", stumps()[" + t + "]", h, x, y, w, rows, features, true, false, List.of(
                    new Mistake<>(SIGN, () -> t == 0 ? null : best(x, y, normalised(flippedNow), rows, features, true))));
            double err = EnsemblesOracle.loss(x, y, w, rows, h.feature(), h.threshold(), h.left(), h.right(), true);
            double clamped = Math.max(err, Ensembles.MIN_ERROR);
            double alpha = 0.5 * Math.log((1 - clamped) / clamped);
            double errU = EnsemblesOracle.loss(x, y, unnormalised, rows, h.feature(), h.threshold(), h.left(), h.right(), true);
            CompareScalar.assertClose(round + ", alphas()[" + t + "] (err = " + fmt(err) + ")", alpha, actual.alphas()[t],
                    TOLERANCE, List.of(Mistake.giving(LOG10, alpha / Math.log(10)), Mistake.giving(NO_HALF, 2 * alpha),
                            new Mistake<>(UNNORMALISED, () -> t == 0 ? null
                                    : 0.5 * Math.log((1 - Math.max(errU, 1e-10)) / Math.max(errU, 1e-10)))));
            bound *= 2 * Math.sqrt(clamped * (1 - clamped));
            if (err == 0) {
                if (added != t + 1) {
                    throw new AssertionFailedError(round + ": the stump makes no mistake (err = 0), so boosting stops "
                            + "after adding it; your model goes on to " + added + " stumps");
                }
                break;
            }
            double z = 0;
            for (int i = 0; i < n; i++) {
                double yh = y[i] * h.predict(x[i]);
                w[i] *= Math.exp(-alpha * yh);
                unnormalised[i] *= Math.exp(-alpha * yh);
                flipped[i] *= Math.exp(alpha * yh);
                z += w[i];
            }
            for (int i = 0; i < n; i++) {
                w[i] /= z;
            }
        }
        if (added > rounds) {
            throw new AssertionFailedError(what + ": " + added + " stumps, more than the " + rounds + " rounds");
        }
        double[] finalUnnormalised = unnormalised;
        double[] finalFlipped = normalised(flipped);
        compare(what + ": weights()", w, actual.weights(), List.of(Mistake.giving(UNNORMALISED, finalUnnormalised),
                Mistake.giving(SIGN, finalFlipped)));
        // The closed form: after the rounds, w_i = exp(-y_i F(x_i)) / sum_j exp(-y_j F(x_j)).
        double[] margin = IntStream.range(0, n).mapToDouble(i -> {
            double f = 0;
            for (int t = 0; t < added; t++) {
                f += actual.alphas()[t] * actual.stumps()[t].predict(x[i]);
            }
            return f;
        }).toArray();
        if (added > 0 && actual.alphas()[added - 1] < 0.5 * Math.log((1 - 1e-10) / 1e-10) - 1) {
            double[] closed = normalised(IntStream.range(0, n).mapToDouble(i -> Math.exp(-y[i] * margin[i])).toArray());
            compare(what + ": weights() against exp(-y F(x)) / Z", closed, actual.weights(), List.of());
        }
        int[] predicted = Guarded.call(in -> Ensembles.adaBoostPredict(in.copy("model", actual), in.copy("x", x)));
        int[] expected = Arrays.stream(margin).mapToInt(f -> f >= 0 ? 1 : -1).toArray();
        CompareIndices.assertEqual("adaBoostPredict(the model of " + what + ", its training points)", expected, predicted,
                p -> "the sign of sum alpha_t h_t(x) for point " + p + " (" + fmt(margin[p]) + "; +1 at 0)");
        double trainingError = IntStream.range(0, n).filter(i -> expected[i] != labels[i]).count() / (double) n;
        if (trainingError > bound + 1e-12) {
            throw new AssertionFailedError(what + ": the training error " + fmt(trainingError) + " exceeds prod_t Z_t = "
                    + fmt(bound) + ", which cannot happen for a correct AdaBoost");
        }
    }

    private static void checkBoost(String name, double[][] x, double[] y, int rounds, double rate) {
        int n = x.length;
        String what = "gradientBoost(" + name + ": n = " + n + ", T = " + rounds + ", learning rate " + fmt(rate) + ")";
        Ensembles.GradientBoosting actual = Guarded.call(in -> Ensembles.gradientBoost(in.copy("x", x), in.copy("y", y),
                rounds, rate));
        if (actual == null || actual.stumps() == null) {
            throw new AssertionFailedError(what + ": got null (or null stumps), expected a GradientBoosting model");
        }
        double mean = Arrays.stream(y).sum() / n;
        CompareScalar.assertClose(what + ": init()", mean, actual.init(), TOLERANCE, List.of(Mistake.giving(INIT_ZERO, 0.0)));
        CompareScalar.assertClose(what + ": learningRate()", rate, actual.learningRate(), TOLERANCE, List.of());
        lengths(what + ": stumps()", rounds, actual.stumps().length);
        int[] rows = IntStream.range(0, n).toArray();
        int[] features = IntStream.range(0, x[0].length).toArray();
        double[] f = new double[n];
        Arrays.fill(f, mean);
        double[] fullStep = f.clone();
        for (int t = 0; t < rounds; t++) {
            double[] residual = IntStream.range(0, n).mapToDouble(i -> y[i] - f[i]).toArray();
            double[] negative = Arrays.stream(residual).map(r -> -r).toArray();
            double[] noRate = IntStream.range(0, n).mapToDouble(i -> y[i] - fullStep[i]).toArray();
            Stump h = actual.stumps()[t];
            int round = t;
            assertStump(what + ": stumps()[" + t + "] (fitted to the residuals of the " + t + " before it)", h, x, residual, null,
                    rows, features, false, false, List.of(
                            Mistake.giving(FIT_Y, best(x, y, null, rows, features, false)),
                            Mistake.giving(FIT_NEGATIVE, best(x, negative, null, rows, features, false)),
                            new Mistake<>(NO_RATE, () -> round == 0 || rate == 1 ? null : best(x, noRate, null, rows, features, false))));
            if (t == 0) {
                // Tribuo's depth-1 CART tree on the first residuals: the same partition, the same leaves.
                double[] tribuo = EnsemblesOracle.tribuoStump(x, residual);
                List<Split> splits = EnsemblesOracle.splits(x, residual, null, rows, features, false);
                if (uniqueBest(splits)) {
                    // Tribuo keeps its leaf values in float32: a float tolerance.
                    Tolerance single = new Tolerance(1e-5, 1e-5);
                    for (int i = 0; i < n; i++) {
                        if (!single.accepts(tribuo[i], h.predict(x[i]))) {
                            throw new AssertionFailedError(what + ": stumps()[0] predicts " + fmt(h.predict(x[i]))
                                    + " for training point " + i + ", Tribuo's CARTRegressionTrainer (depth 1) on the "
                                    + "same residuals " + fmt(tribuo[i]));
                        }
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                f[i] += rate * h.predict(x[i]);
                fullStep[i] += h.predict(x[i]);
            }
        }
    }

    // ---- stumps ----------------------------------------------------------------------------------

    /**
     * The stump must be a best split of the rows over the candidate features: a loss within
     * rounding of the smallest, a midpoint threshold, the side's leaves; with {@code exactTies}, the
     * first of the best in (feature, threshold) order.
     */
    private static void assertStump(String what, Stump actual, double[][] x, double[] y, double[] w, int[] rows,
            int[] features, boolean classify, boolean exactTies, List<Mistake<Split>> known) {
        if (actual == null) {
            throw new AssertionFailedError(what + ": got null, expected a Stump");
        }
        List<Mistake<Split>> mistakes = new ArrayList<>(known);
        List<Split> splits = EnsemblesOracle.splits(x, y, w, rows, features, classify);
        Split expected = first(splits);
        if (expected == null) {
            int lowest = Arrays.stream(features).min().orElseThrow();
            double c = classify ? (IntStream.of(rows).mapToDouble(r -> w[r] * y[r]).sum() >= 0 ? 1 : -1)
                    : IntStream.of(rows).mapToDouble(r -> y[r]).sum() / rows.length;
            expected = new Split(lowest, Double.POSITIVE_INFINITY, c, c, 0);
            if (!sameStump(expected, actual)) {
                fail(what, "no candidate feature has two distinct values, so the stump is (feature " + lowest
                        + ", threshold +infinity, " + fmt(c) + ", " + fmt(c) + ")", expected, actual, mistakes);
            }
            return;
        }
        boolean isCandidate = Arrays.stream(features).anyMatch(f -> f == actual.feature());
        if (!isCandidate) {
            fail(what, "feature " + actual.feature() + " is not a candidate (" + Arrays.toString(features) + ")", expected,
                    actual, mistakes);
        }
        double loss = EnsemblesOracle.loss(x, y, w, rows, actual.feature(), actual.threshold(), actual.left(), actual.right(),
                classify);
        if (!classify) {
            mistakes.add(new Mistake<>(AT_VALUE, () -> atValue(x, rows, actual)));
        }
        if (loss > expected.loss() + 1e-9 * Math.max(1, expected.loss())) {
            fail(what, "its " + (classify ? "weighted error" : "squared error") + " is " + fmt(loss) + ", the best is "
                    + fmt(expected.loss()), expected, actual, mistakes);
        }
        Split mine = splits.stream().filter(s -> s.feature() == actual.feature()
                && Math.abs(s.threshold() - actual.threshold()) <= 1e-12 * (1 + Math.abs(s.threshold()))).findFirst().orElse(null);
        if (mine == null) {
            fail(what, "the threshold " + fmt(actual.threshold()) + " is not a midpoint between consecutive distinct values "
                    + "of feature " + actual.feature(), expected, actual, mistakes);
        } else if (!TOLERANCE.accepts(mine.left(), actual.left()) || !TOLERANCE.accepts(mine.right(), actual.right())) {
            mistakes.add(0, new Mistake<>(ZERO_SUM_MINUS, () -> classify ? withZeroSumMinus(x, y, w, rows, mine) : null));
            fail(what, "for feature " + mine.feature() + " and threshold " + fmt(mine.threshold()) + " the leaves are "
                    + fmt(mine.left()) + " and " + fmt(mine.right()), mine, actual, mistakes);
        } else if (exactTies && !(mine.feature() == expected.feature() && mine.threshold() == expected.threshold())) {
            fail(what, "splits tie at the smallest loss " + fmt(expected.loss()) + ": the lower feature, then the lower "
                    + "threshold wins", expected, actual, mistakes);
        }
    }

    private static void fail(String what, String why, Split expected, Stump actual, List<Mistake<Split>> mistakes) {
        String diagnosis = Mistake.matching(s -> sameStump(s, actual), mistakes);
        throw new AssertionFailedError(diagnosis + what + ": expected " + show(expected) + ", got " + show(actual) + ": " + why);
    }

    /** The first split of the smallest loss, ties within rounding going to the earlier. */
    private static Split first(List<Split> splits) {
        double min = splits.stream().mapToDouble(Split::loss).min().orElse(Double.NaN);
        return splits.stream().filter(s -> s.loss() <= min + 1e-12 * Math.max(1, min)).findFirst().orElse(null);
    }

    private static boolean uniqueBest(List<Split> splits) {
        double min = splits.stream().mapToDouble(Split::loss).min().orElse(Double.NaN);
        return splits.stream().filter(s -> s.loss() <= min + 1e-6 * Math.max(1, min)).count() == 1;
    }

    /** The first best split for these (mistaken) targets or weights, or the no-split stump. */
    private static Split best(double[][] x, double[] y, double[] w, int[] rows, int[] features, boolean classify) {
        Split s = first(EnsemblesOracle.splits(x, y, w, rows, features, classify));
        if (s != null) {
            return s;
        }
        double c = classify ? (IntStream.of(rows).mapToDouble(r -> w[r] * y[r]).sum() >= 0 ? 1 : -1)
                : IntStream.of(rows).mapToDouble(r -> y[r]).sum() / rows.length;
        return new Split(Arrays.stream(features).min().orElseThrow(), Double.POSITIVE_INFINITY, c, c, 0);
    }

    /** The learner's stump, when its threshold is a data value of its feature among the rows. */
    private static Split atValue(double[][] x, int[] rows, Stump actual) {
        if (actual.feature() < 0 || actual.feature() >= x[0].length) {
            return null;
        }
        boolean value = Arrays.stream(rows).anyMatch(r -> x[r][actual.feature()] == actual.threshold());
        return value ? new Split(actual.feature(), actual.threshold(), actual.left(), actual.right(), 0) : null;
    }

    private static Split withZeroSumMinus(double[][] x, double[] y, double[] w, int[] rows, Split s) {
        double[] sum = new double[2];
        for (int r : rows) {
            sum[x[r][s.feature()] <= s.threshold() ? 0 : 1] += w[r] * y[r];
        }
        return new Split(s.feature(), s.threshold(), sum[0] > 0 ? 1 : -1, sum[1] > 0 ? 1 : -1, 0);
    }

    private static boolean sameStump(Split s, Stump actual) {
        return actual != null && s.feature() == actual.feature()
                && (s.threshold() == actual.threshold()
                || Math.abs(s.threshold() - actual.threshold()) <= 1e-12 * (1 + Math.abs(s.threshold())))
                && TOLERANCE.accepts(s.left(), actual.left()) && TOLERANCE.accepts(s.right(), actual.right());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static boolean isPermutation(int[] sample) {
        int[] sorted = sample.clone();
        Arrays.sort(sorted);
        return Arrays.equals(sorted, IntStream.range(0, sample.length).toArray());
    }

    private static double[] normalised(double[] w) {
        double sum = Arrays.stream(w).sum();
        return Arrays.stream(w).map(v -> v / sum).toArray();
    }

    /** The learner's OOB array if it equals the expected one except for numbers where NaN belongs. */
    private static double[] withNumbersWhereNaN(double[] expected, double[] actual) {
        if (actual == null || actual.length != expected.length) {
            return null;
        }
        boolean numberForNaN = false;
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i])) {
                numberForNaN |= !Double.isNaN(actual[i]);
            } else if (!TOLERANCE.accepts(expected[i], actual[i])) {
                return null;
            }
        }
        return numberForNaN ? actual : null;
    }

    private static void lengths(String what, int expected, int... actual) {
        for (int a : actual) {
            if (a != expected) {
                throw new AssertionFailedError(what + ": expected " + expected + " entries, got " + a);
            }
        }
    }

    private static void compare(String what, double[] expected, double[] actual, List<Mistake<double[]>> mistakes) {
        if (actual == null) {
            throw new AssertionFailedError(what + ": got null, expected " + expected.length + " values");
        }
        String wrong = firstDifference(expected, actual);
        if (wrong == null) {
            return;
        }
        String diagnosis = Mistake.matching(m -> firstDifference(m, actual) == null, mistakes);
        throw new AssertionFailedError(diagnosis + what + ": " + wrong);
    }

    private static String firstDifference(double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            return "expected " + expected.length + " values, got " + actual.length;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!TOLERANCE.accepts(expected[i], actual[i])) {
                return "at [" + i + "] expected " + fmt(expected[i]) + ", got " + fmt(actual[i])
                        + String.format(Locale.ROOT, " (tolerance %.0e + %.0e * |expected|)", TOLERANCE.abs(), TOLERANCE.rel());
            }
        }
        return null;
    }

    private static void rejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the inputs first: points with finite features, one target, label (-1 or "
                + "+1) or weight per point, rows and features in range, B, T >= 1, 1 <= m <= d, a positive finite rate", call);
    }

    private static double[][] normal(Random random, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return x;
    }

    private static String show(Split s) {
        return "Stump(feature " + s.feature() + ", threshold " + fmt(s.threshold()) + ", left " + fmt(s.left()) + ", right "
                + fmt(s.right()) + ")";
    }

    private static String show(Stump s) {
        return "Stump(feature " + s.feature() + ", threshold " + fmt(s.threshold()) + ", left " + fmt(s.left()) + ", right "
                + fmt(s.right()) + ")";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.10g", v).replaceAll("\\.?0+(e|$)", "$1");
    }

    /** Iris versicolor (-1) against virginica (+1): the two classes that overlap. */
    private record IrisTwo(double[][] x, int[] y) {
        static IrisTwo load() {
            Iris iris = Iris.load();
            int[] rows = IntStream.range(0, 150).filter(i -> iris.labels()[i] > 0).toArray();
            return new IrisTwo(Arrays.stream(rows).mapToObj(i -> iris.features()[i].clone()).toArray(double[][]::new),
                    Arrays.stream(rows).map(i -> iris.labels()[i] == 1 ? -1 : 1).toArray());
        }
    }
}
