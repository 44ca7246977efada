package deepdrill.grader.checks.week2;

import deepdrill.datasets.Iris;
import deepdrill.grader.checks.support.CompareIndices;
import deepdrill.grader.checks.support.CompareScalar;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.checks.week2.KMeansOracle.Loop;
import deepdrill.grader.checks.week2.KMeansOracle.Run;
import deepdrill.grader.checks.week2.KMeansOracle.Seeding;
import deepdrill.week2.KMeans;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code kmeans} three ways. The path the Javadoc fixes (k-means++ draws, tie rule, empty
 * clusters, the stopping rule) is written again in {@link KMeansOracle}, independently of the model
 * solution, so that seeding indices, labels and iteration counts must match exactly and centres
 * and inertia to 1e-9. Every converged answer must also be a Lloyd fixed point by the definitions
 * (each point labelled with a nearest centre, each non-empty centre the mean of its points, the
 * inertia the sum of squared distances). And on well-separated blobs the converged inertia must
 * equal that of Apache Commons Math 3.6.1's {@code KMeansPlusPlusClusterer}, which follows a path
 * of its own. The real data is Fisher's Iris ({@link Iris}, 150 x 4).
 *
 * <p>Covered: N = 1; k = 1 (the grand mean); k = N (inertia 0); duplicated points, k above the
 * number of distinct points (the seeding's all-zero D^2 rule, with the count of draws checked);
 * ties in distance (a point halfway between two centres, two identical centres); an empty cluster
 * (a centre far from every point keeps its place, never NaN or 0); a result (or a row of it) that
 * is the centres passed in, for the update and for maxIter 0; labels that are not the nearest
 * centres (for the inertia); maxIter 0 and a loop stopped by maxIter before converging; one
 * feature; negative and large coordinates; Iris with several seeds; rejected: no points, rows of
 * different lengths or of no features, NaN and infinite values, k of 0 or above N, centres of
 * another width, labels outside 0..k-1 or of another length, maxIter below 0, a null Random. Every
 * input must be left unchanged. Not applicable: batch and channel axes, dtypes (plain double
 * arrays). Named: the farthest point instead of sampling by D^2, sampling by D instead of D^2, D^2
 * to the last chosen centre only, the first centre fixed at point 0, u not scaled by the total,
 * extra or missing draws; inertia with plain distances, averaged instead of summed, or from the
 * nearest centre instead of the label's; ties to the highest index; centres not updated to the
 * mean, sums not divided, an empty cluster set to NaN or 0; never stopping at convergence, stopping
 * after one update; labels one assignment behind.
 */
@ExerciseCheck
class KMeansCheck {

    private static final Tolerance TOLERANCE = new Tolerance(1e-9, 1e-9);

    private static final String FARTHEST = "picked the farthest point as the next centre: k-means++ samples it, with "
            + "probability D^2 / sum D^2 (one nextDouble() * total, the first running sum above it).";
    private static final String BY_DISTANCE = "sampled the next centre in proportion to D, the distance: k-means++ "
            + "weighs each point by D^2, the squared distance to its nearest chosen centre.";
    private static final String LAST_ONLY = "measured D^2 to the last chosen centre only: it is the distance to the "
            + "nearest of all centres chosen so far (keep a running minimum).";
    private static final String FIRST_ZERO = "took point 0 as the first centre: it is point random.nextInt(N).";
    private static final String UNSCALED = "compared the running sum of D^2 with nextDouble() itself: scale it by the "
            + "total first (u = nextDouble() * total), or normalise the weights.";
    private static final String PLAIN_DISTANCES = "added up plain Euclidean distances: inertia sums the squared "
            + "distances (no square root).";
    private static final String AVERAGED = "averaged the squared distances: inertia is their sum, not their mean.";
    private static final String NEAREST_NOT_LABEL = "measured each point to its nearest centre: inertia uses the "
            + "centre of the point's label, whichever it is.";
    private static final String TIE_HIGHEST = "gave a tie to the highest centre index (<= in the minimum search): on "
            + "equal distances the lowest index wins (strict <).";
    private static final String NOT_UPDATED = "did not update the centres to the means of their points.";
    private static final String NOT_DIVIDED = "summed the cluster's points without dividing by their count.";
    private static final String EMPTY_NAN = "divided by a count of 0 for an empty cluster (NaN): an empty cluster "
            + "keeps its centre.";
    private static final String EMPTY_ZERO = "set an empty cluster's centre to 0: it keeps its centre as it was.";
    private static final String NO_STOP = "kept iterating after the labels stopped changing: stop at the first update "
            + "that leaves every label as it was.";
    private static final String ONE_UPDATE = "stopped after the first update: the new labels were compared with "
            + "themselves (overwritten before the comparison); compare them with the previous labels first.";
    private static final String STALE = "returned the labels the last centres were computed from: the result's labels "
            + "are the assignment to the result's centres.";

    // ---- tasks -----------------------------------------------------------------------------------

    @Test
    @DisplayName("inertia: the sum of squared distances to each label's centre")
    void inertia(Random random) {
        checkInertia(new double[][] {{0, 0}, {3, 4}, {1, 1}}, new double[][] {{0, 0}, {1, 0}}, new int[] {0, 0, 1});
        checkInertia(new double[][] {{5}}, new double[][] {{5}}, new int[] {0});   // 0
        checkInertia(new double[][] {{1, 2}, {1, 2}}, new double[][] {{-1e3, 2e3}}, new int[] {0, 0});
        for (int t = 0; t < 4; t++) {
            double[][] x = gaussian(random, 3 + random.nextInt(30), 1 + random.nextInt(4), 3);
            double[][] c = gaussian(random, 1 + random.nextInt(4), x[0].length, 3);
            int[] labels = new int[x.length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = random.nextInt(c.length);   // not the nearest centres
            }
            checkInertia(x, c, labels);
        }
    }

    @Test
    @DisplayName("assignment: each point's nearest centre, the lowest index on a tie")
    void assign(Random random) {
        // (0, 0) is 1 away from centres 0 and 2: the tie goes to 0.
        checkAssign(new double[][] {{0, 0}, {4, 4}, {-2, 0}}, new double[][] {{1, 0}, {5, 5}, {-1, 0}});
        checkAssign(new double[][] {{1}, {2}, {3}}, new double[][] {{2}, {2}});   // identical centres
        checkAssign(new double[][] {{7, -3}}, new double[][] {{0, 0}});
        for (int t = 0; t < 4; t++) {
            double[][] x = gaussian(random, 1 + random.nextInt(40), 1 + random.nextInt(4), 2);
            checkAssign(x, gaussian(random, 1 + random.nextInt(6), x[0].length, 2));
        }
        checkAssign(Iris.load().features(), new double[][] {{5, 3.4, 1.5, 0.2}, {5.9, 2.8, 4.3, 1.3}, {6.6, 3, 5.5, 2}});
    }

    @Test
    @DisplayName("update: each centre moves to the mean of its points; an empty cluster keeps its centre")
    void updateCentres(Random random) {
        checkUpdate(new double[][] {{0, 0}, {2, 0}, {10, 10}}, new int[] {0, 0, 1}, new double[][] {{5, 5}, {0, 0}});
        // cluster 1 is empty: it stays at (100, -100)
        checkUpdate(new double[][] {{1, 1}, {3, 5}}, new int[] {0, 0}, new double[][] {{0, 0}, {100, -100}});
        checkUpdate(new double[][] {{4}, {4}, {4}}, new int[] {2, 2, 2}, new double[][] {{1}, {2}, {3}});
        for (int t = 0; t < 4; t++) {
            double[][] x = gaussian(random, 2 + random.nextInt(30), 1 + random.nextInt(4), 5);
            double[][] c = gaussian(random, 1 + random.nextInt(5), x[0].length, 5);
            checkUpdate(x, KMeansOracle.assign(x, c, false), c);
        }
    }

    @Test
    @DisplayName("k-means++ seeding: nextInt(N), then D^2 sampling with the stated draws")
    void seedPlusPlus(Random random) {
        checkSeed(new double[][] {{0}, {1}, {3}, {10}}, 2, 1);
        checkSeed(new double[][] {{0}, {1}, {3}, {10}}, 4, 7);                    // k = N
        checkSeed(new double[][] {{2, 2}}, 1, 3);                                  // N = 1
        checkSeed(gaussian(random, 12, 2, 1), 1, random.nextLong());               // k = 1: one nextInt only
        double[][] duplicates = {{1, 1}, {1, 1}, {1, 1}, {5, 5}, {5, 5}, {1, 1}};
        checkSeed(duplicates, 2, 11);
        checkSeed(duplicates, 4, 12);        // more centres than distinct points: lowest index not chosen, no draw
        checkSeed(duplicates, 6, 13);
        double[][] iris = Iris.load().features();
        for (int t = 0; t < 3; t++) {
            checkSeed(iris, 3 + t, random.nextLong());
        }
        for (int t = 0; t < 4; t++) {
            double[][] x = gaussian(random, 5 + random.nextInt(40), 1 + random.nextInt(5), 4);
            checkSeed(x, 2 + random.nextInt(4), random.nextLong());
        }
    }

    @Test
    @DisplayName("Lloyd iterations: from given centres until no label changes, or maxIter updates")
    void lloyd(Random random) {
        // {0, 1, 10, 11} from centres 0 and 1: [0,1,1,1] -> centres 0, 22/3 -> [0,0,1,1] -> 0.5, 10.5: 2 updates.
        double[][] line = {{0}, {1}, {10}, {11}};
        checkLloyd(line, new double[][] {{0}, {1}}, 10);
        checkLloyd(line, new double[][] {{0}, {1}}, 1);      // stopped by maxIter before converging
        checkLloyd(line, new double[][] {{0}, {1}}, 0);      // only the assignment
        checkLloyd(line, new double[][] {{0}, {1}, {500}}, 10);   // an empty cluster keeps its centre
        checkLloyd(line, new double[][] {{3}}, 5);                // k = 1: the grand mean
        checkLloyd(line, new double[][] {{0}, {1}, {10}, {11}}, 5);   // k = N: inertia 0
        checkLloyd(new double[][] {{2, 2}, {2, 2}, {2, 2}, {8, 0}}, new double[][] {{2, 2}, {2, 2}, {8, 0}}, 5);
        for (int t = 0; t < 4; t++) {
            int k = 2 + random.nextInt(4);
            double[][] x = blobs(random, 10 + random.nextInt(40), k, 1 + random.nextInt(3), 3);
            checkLloyd(x, gaussian(random, k, x[0].length, 3), 50);
        }
        double[][] iris = Iris.load().features();
        checkLloyd(iris, new double[][] {iris[0].clone(), iris[1].clone(), iris[2].clone()}, 100);
    }

    @Test
    @DisplayName("fit on Iris and on blobs: seeding then Lloyd; the same inertia as Commons Math")
    void fit(Random random) {
        double[][] iris = Iris.load().features();
        for (int t = 0; t < 3; t++) {
            checkFit(iris, 3, 100, random.nextLong());
        }
        checkFit(iris, 1, 100, random.nextLong());
        checkFit(new double[][] {{1, 1}, {1, 1}, {1, 1}, {5, 5}, {5, 5}}, 3, 20, random.nextLong());
        for (int t = 0; t < 3; t++) {
            int k = 2 + random.nextInt(4);
            double[][] x = blobs(random, 30 + random.nextInt(60), k, 2 + random.nextInt(3), 100);
            long seed = random.nextLong();
            KMeans.Result actual = checkFit(x, k, 100, seed);
            double library = commonsMathInertia(x, k, seed);
            CompareScalar.assertClose("fit on " + x.length + " points in " + k + " well-separated blobs: the converged "
                    + "inertia against Commons Math's KMeansPlusPlusClusterer", library, actual.inertia(),
                    new Tolerance(1e-9, 1e-9), List.of());
        }
    }

    @Test
    @DisplayName("bad arguments throw IllegalArgumentException")
    void rejectsBadInput() {
        double[][] x = {{0, 0}, {1, 1}, {2, 2}};
        double[][] c = {{0, 0}, {1, 1}};
        rejected("fit({}, 1, 10, random)", () -> KMeans.fit(new double[0][], 1, 10, new Random(1)));
        rejected("fit(x, 0, 10, random)", () -> KMeans.fit(x, 0, 10, new Random(1)));
        rejected("fit(x with 3 points, 4, 10, random)", () -> KMeans.fit(x, 4, 10, new Random(1)));
        rejected("fit(x, 2, -1, random)", () -> KMeans.fit(x, 2, -1, new Random(1)));
        rejected("seedPlusPlus(x, 2, null)", () -> KMeans.seedPlusPlus(x, 2, null));
        rejected("seedPlusPlus({{0, 0}, {1}}, 1, random)",
                () -> KMeans.seedPlusPlus(new double[][] {{0, 0}, {1}}, 1, new Random(1)));
        rejected("seedPlusPlus({{}, {}}, 1, random)", () -> KMeans.seedPlusPlus(new double[][] {{}, {}}, 1, new Random(1)));
        rejected("seedPlusPlus({{0}, {NaN}}, 1, random)",
                () -> KMeans.seedPlusPlus(new double[][] {{0}, {Double.NaN}}, 1, new Random(1)));
        rejected("assign({{0}, {Infinity}}, {{0}})",
                () -> KMeans.assign(new double[][] {{0}, {Double.POSITIVE_INFINITY}}, new double[][] {{0}}));
        rejected("assign(x, {{0, 0, 0}})", () -> KMeans.assign(x, new double[][] {{0, 0, 0}}));
        rejected("assign(x, {})", () -> KMeans.assign(x, new double[0][]));
        rejected("lloyd(x, centres, -1)", () -> KMeans.lloyd(x, c, -1));
        rejected("lloyd(x, {{0, NaN}}, 5)", () -> KMeans.lloyd(x, new double[][] {{0, Double.NaN}}, 5));
        rejected("updateCentres(x, {0, 2, 1}, 2 centres)", () -> KMeans.updateCentres(x, new int[] {0, 2, 1}, c));
        rejected("updateCentres(x, {0, -1, 1}, 2 centres)", () -> KMeans.updateCentres(x, new int[] {0, -1, 1}, c));
        rejected("updateCentres(x, {0, 1}, 2 centres)", () -> KMeans.updateCentres(x, new int[] {0, 1}, c));
        rejected("updateCentres(x, {0, 1, 0}, centres of 1 feature)",
                () -> KMeans.updateCentres(x, new int[] {0, 1, 0}, new double[][] {{0}, {1}}));
        rejected("inertia(x, 2 centres, {0, 0, 5})", () -> KMeans.inertia(x, c, new int[] {0, 0, 5}));
        rejected("inertia(x, {{0}}, {0, 0, 0})", () -> KMeans.inertia(x, new double[][] {{0}}, new int[] {0, 0, 0}));
    }

    // ---- one case each ---------------------------------------------------------------------------

    private static void checkInertia(double[][] x, double[][] c, int[] labels) {
        double actual = Guarded.call(in -> KMeans.inertia(in.copy("x", x), in.copy("centres", c), in.copy("labels", labels)));
        double expected = KMeansOracle.inertia(x, c, labels);
        double plain = 0;
        for (int i = 0; i < x.length; i++) {
            plain += Math.sqrt(KMeansOracle.squared(x[i], c[labels[i]]));
        }
        CompareScalar.assertClose("inertia(" + show(x) + ", " + show(c) + ", labels " + Arrays.toString(labels) + ")",
                expected, actual, TOLERANCE, List.of(Mistake.giving(PLAIN_DISTANCES, plain),
                        Mistake.giving(AVERAGED, expected / x.length),
                        Mistake.giving(NEAREST_NOT_LABEL, KMeansOracle.inertia(x, c, KMeansOracle.assign(x, c, false)))));
    }

    private static void checkAssign(double[][] x, double[][] c) {
        int[] actual = Guarded.call(in -> KMeans.assign(in.copy("x", x), in.copy("centres", c)));
        int[] expected = KMeansOracle.assign(x, c, false);
        CompareIndices.assertEqual("assign(" + show(x) + ", " + show(c) + ")", expected, actual,
                p -> explainLabel(x, c, p), Mistake.giving(TIE_HIGHEST, KMeansOracle.assign(x, c, true)));
    }

    private static void checkUpdate(double[][] x, int[] labels, double[][] c) {
        String what = "updateCentres(" + show(x) + ", labels " + Arrays.toString(labels) + ", " + show(c) + ")";
        double[][][] answer = Guarded.call(in -> {
            double[][] passed = in.copy("centres", c);
            double[][] out = KMeans.updateCentres(in.copy("x", x), in.copy("labels", labels), passed);
            return new double[][][] {out, passed};
        });
        double[][] actual = answer[0];
        assertNotShared(what, actual, answer[1], "centres");
        double[][] expected = KMeansOracle.means(x, labels, c);
        boolean anyEmpty = false;
        double[][] nan = new double[c.length][];
        double[][] zero = new double[c.length][];
        double[][] sums = new double[c.length][c[0].length];
        for (int j = 0; j < c.length; j++) {
            int count = 0;
            for (int i = 0; i < x.length; i++) {
                if (labels[i] == j) {
                    count++;
                    for (int f = 0; f < c[0].length; f++) {
                        sums[j][f] += x[i][f];
                    }
                }
            }
            anyEmpty |= count == 0;
            nan[j] = count == 0 ? filled(c[0].length, Double.NaN) : expected[j];
            zero[j] = count == 0 ? new double[c[0].length] : expected[j];
        }
        final boolean empty = anyEmpty;
        assertRows(what, "centre", expected, actual, List.of(Mistake.giving(NOT_UPDATED, c),
                Mistake.giving(NOT_DIVIDED, sums), new Mistake<>(EMPTY_NAN, () -> empty ? nan : null),
                new Mistake<>(EMPTY_ZERO, () -> empty ? zero : null)));
    }

    private static void checkSeed(double[][] x, int k, long seed) {
        Random learner = new Random(seed);
        int[] actual = Guarded.call(in -> KMeans.seedPlusPlus(in.copy("x", x), k, learner));
        Random oracle = new Random(seed);
        int[] expected = KMeansOracle.seed(x, k, oracle, Seeding.CORRECT);
        String what = "seedPlusPlus(" + show(x) + ", k = " + k + ", new Random(" + seed + "))";
        CompareIndices.assertEqual(what, expected, actual, p -> p == 0 ? "the first centre is point random.nextInt(N)"
                        : "point " + expected[p] + " is where the running sum of D^2 first exceeds u = nextDouble() * total",
                wrongSeeding(x, k, seed, Seeding.FARTHEST, FARTHEST), wrongSeeding(x, k, seed, Seeding.DISTANCE, BY_DISTANCE),
                wrongSeeding(x, k, seed, Seeding.LAST_ONLY, LAST_ONLY), wrongSeeding(x, k, seed, Seeding.FIRST_ZERO, FIRST_ZERO),
                wrongSeeding(x, k, seed, Seeding.UNSCALED, UNSCALED));
        if (learner.nextLong() != oracle.nextLong()) {
            throw new AssertionFailedError("Looks like you drew a different number of random numbers than the Javadoc "
                    + "fixes: " + what + " chose the right points, but the Random is not where one nextInt(N) and one "
                    + "nextDouble() per further centre (none when every D^2 is 0) leave it.");
        }
    }

    private static Mistake<int[]> wrongSeeding(double[][] x, int k, long seed, Seeding how, String diagnosis) {
        return new Mistake<>(diagnosis, () -> KMeansOracle.seed(x, k, new Random(seed), how));
    }

    private static void checkLloyd(double[][] x, double[][] initial, int maxIter) {
        String what = "lloyd(" + show(x) + ", initialCentres " + show(initial) + ", maxIter " + maxIter + ")";
        Object[] answer = Guarded.call(in -> {
            double[][] passed = in.copy("initialCentres", initial);
            return new Object[] {KMeans.lloyd(in.copy("x", x), passed, maxIter), passed};
        });
        KMeans.Result actual = (KMeans.Result) answer[0];
        if (actual != null) {
            assertNotShared(what, actual.centres(), (double[][]) answer[1], "initialCentres");
        }
        Run expected = KMeansOracle.lloyd(x, initial, maxIter, Loop.CORRECT);
        assertRun(what, x, expected, actual, List.of(
                new Mistake<>(NOT_UPDATED, () -> KMeansOracle.lloyd(x, initial, maxIter, Loop.NO_UPDATE)),
                new Mistake<>(NO_STOP, () -> KMeansOracle.lloyd(x, initial, maxIter, Loop.NO_STOP)),
                new Mistake<>(STALE, () -> KMeansOracle.lloyd(x, initial, maxIter, Loop.STALE_LABELS)),
                new Mistake<>(TIE_HIGHEST, () -> KMeansOracle.lloyd(x, initial, maxIter, Loop.TIE_HIGHEST)),
                new Mistake<>(ONE_UPDATE, () -> KMeansOracle.lloyd(x, initial, maxIter, Loop.ONE_UPDATE))));
    }

    private static KMeans.Result checkFit(double[][] x, int k, int maxIter, long seed) {
        KMeans.Result actual = Guarded.call(in -> KMeans.fit(in.copy("x", x), k, maxIter, new Random(seed)));
        Run expected = KMeansOracle.fit(x, k, maxIter, seed, Seeding.CORRECT);
        String what = "fit(" + show(x) + ", k = " + k + ", maxIter " + maxIter + ", new Random(" + seed + "))";
        assertRun(what, x, expected, actual, List.of(
                new Mistake<>(FARTHEST, () -> KMeansOracle.fit(x, k, maxIter, seed, Seeding.FARTHEST)),
                new Mistake<>(BY_DISTANCE, () -> KMeansOracle.fit(x, k, maxIter, seed, Seeding.DISTANCE)),
                new Mistake<>(LAST_ONLY, () -> KMeansOracle.fit(x, k, maxIter, seed, Seeding.LAST_ONLY)),
                new Mistake<>(FIRST_ZERO, () -> KMeansOracle.fit(x, k, maxIter, seed, Seeding.FIRST_ZERO)),
                new Mistake<>(UNSCALED, () -> KMeansOracle.fit(x, k, maxIter, seed, Seeding.UNSCALED))));
        return actual;
    }

    // ---- comparisons -----------------------------------------------------------------------------

    /**
     * A whole result: the definitions first (labels nearest to the returned centres, converged
     * centres the means, inertia their sum), then field by field against the oracle's path.
     */
    private static void assertRun(String what, double[][] x, Run expected, KMeans.Result actual, List<Mistake<Run>> mistakes) {
        if (actual == null || actual.centres() == null || actual.labels() == null) {
            throw new AssertionFailedError(what + ": got null (or a result with null centres or labels)");
        }
        String diagnosis = Mistake.matching(wrong -> same(wrong, actual), mistakes);
        if (diagnosis.isEmpty() && TOLERANCE.accepts(plainInertia(x, actual), actual.inertia())
                && !TOLERANCE.accepts(expected.inertia(), actual.inertia())) {
            diagnosis = Mistake.PREFIX + PLAIN_DISTANCES + "\n";
        }
        if (actual.centres().length != expected.centres().length || actual.labels().length != x.length) {
            throw new AssertionFailedError(diagnosis + what + ": expected " + expected.centres().length + " centres and "
                    + x.length + " labels, got " + actual.centres().length + " and " + actual.labels().length);
        }
        for (double[] row : actual.centres()) {
            if (row == null || row.length != x[0].length) {
                throw new AssertionFailedError(diagnosis + what + ": every centre must have " + x[0].length + " features");
            }
        }
        if (!same(expected, actual)) {
            String field = !Arrays.equals(expected.labels(), actual.labels()) ? "the labels" + labelsDiff(expected, actual)
                    : expected.iterations() != actual.iterations() ? "iterations: expected " + expected.iterations()
                            + " updates, got " + actual.iterations()
                    : expected.converged() != actual.converged() ? "converged: expected " + expected.converged()
                            + ", got " + actual.converged()
                    : !rowsClose(expected.centres(), actual.centres()) ? "the centres: expected " + show(expected.centres())
                            + ", got " + show(actual.centres())
                    : String.format(Locale.ROOT, "the inertia: expected %.12g, got %.12g", expected.inertia(), actual.inertia());
            throw new AssertionFailedError(diagnosis + what + ": " + field + " (the path is fixed by the Javadoc: labels = "
                    + "assign(initial centres), then update and assign until no label changes or maxIter updates)");
        }
        // The definitions, on the learner's own answer.
        int[] nearest = KMeansOracle.assign(x, actual.centres(), false);
        for (int i = 0; i < x.length; i++) {
            if (KMeansOracle.squared(x[i], actual.centres()[actual.labels()[i]])
                    > KMeansOracle.squared(x[i], actual.centres()[nearest[i]])) {
                throw new AssertionFailedError(what + ": point " + i + " is labelled " + actual.labels()[i]
                        + " but centre " + nearest[i] + " is nearer");
            }
        }
        if (actual.converged()) {
            double[][] means = KMeansOracle.means(x, actual.labels(), actual.centres());
            if (!rowsClose(means, actual.centres())) {
                throw new AssertionFailedError(what + ": converged, yet a centre is not the mean of its points: "
                        + show(actual.centres()) + " against the means " + show(means));
            }
        }
        CompareScalar.assertClose(what + ": inertia against the sum of squared distances of its own centres and labels",
                KMeansOracle.inertia(x, actual.centres(), actual.labels()), actual.inertia(), TOLERANCE,
                List.of(Mistake.giving(PLAIN_DISTANCES, plainInertia(x, actual))));
    }

    private static double plainInertia(double[][] x, KMeans.Result r) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.sqrt(KMeansOracle.squared(x[i], r.centres()[r.labels()[i]]));
        }
        return s;
    }

    private static boolean same(Run run, KMeans.Result actual) {
        return run != null && actual.centres() != null && actual.labels() != null
                && Arrays.equals(run.labels(), actual.labels()) && run.iterations() == actual.iterations()
                && run.converged() == actual.converged() && rowsClose(run.centres(), actual.centres())
                && TOLERANCE.accepts(run.inertia(), actual.inertia());
    }

    private static String labelsDiff(Run expected, KMeans.Result actual) {
        int p = CompareIndices.firstDifference(expected.labels(), actual.labels());
        return ": first difference at point " + p + ", expected " + expected.labels()[p] + ", got " + actual.labels()[p]
                + " (after " + expected.iterations() + " updates, converged " + expected.converged() + ")";
    }

    private static void assertRows(String what, String row, double[][] expected, double[][] actual,
                                   List<Mistake<double[][]>> mistakes) {
        if (actual == null) {
            throw new AssertionFailedError(what + ": got null, expected " + show(expected));
        }
        if (rowsClose(expected, actual)) {
            return;
        }
        String diagnosis = Mistake.matching(wrong -> rowsClose(wrong, actual), mistakes);
        throw new AssertionFailedError(diagnosis + what + ": expected " + show(expected) + ", got " + show(actual)
                + firstRowDifference(row, expected, actual));
    }

    private static String firstRowDifference(String row, double[][] expected, double[][] actual) {
        for (int j = 0; j < Math.min(expected.length, actual.length); j++) {
            if (actual[j] == null || !rowsClose(new double[][] {expected[j]}, new double[][] {actual[j]})) {
                return "; first difference at " + row + " " + j;
            }
        }
        return "; expected " + expected.length + " rows, got " + actual.length;
    }

    private static boolean rowsClose(double[][] a, double[][] b) {
        if (a == null || b == null || a.length != b.length) {
            return false;
        }
        for (int j = 0; j < a.length; j++) {
            if (a[j] == null || b[j] == null || a[j].length != b[j].length) {
                return false;
            }
            for (int f = 0; f < a[j].length; f++) {
                if (!TOLERANCE.accepts(a[j][f], b[j][f])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void assertNotShared(String what, double[][] result, double[][] passed, String name) {
        if (result == null) {
            return;
        }
        for (int j = 0; j < result.length; j++) {
            for (double[] p : passed) {
                if (result == passed || result[j] == p) {
                    throw new AssertionFailedError(Mistake.PREFIX + "returned " + (result == passed ? name + " itself"
                            : "a row of " + name + " as row " + j + " of the result") + " where a new array is promised: "
                            + "a caller who changes the result would change " + name + " too. Copy it (.clone()).\n" + what);
                }
            }
        }
    }

    private static String explainLabel(double[][] x, double[][] c, int p) {
        StringBuilder s = new StringBuilder("point " + p + "'s squared distances to the centres are [");
        for (int j = 0; j < c.length && j < 8; j++) {
            s.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", KMeansOracle.squared(x[p], c[j])));
        }
        return s.append(c.length > 8 ? ", ...]" : "]").append(" (the smallest wins; the lowest index on a tie)").toString();
    }

    private static void rejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the arguments first: at least one point, rows of one width with finite "
                + "values, 1 <= k <= N, centres of the points' width, labels in 0..k-1, maxIter >= 0, a Random", call);
    }

    // ---- the library's converged answer ----------------------------------------------------------

    /** Commons Math's k-means++ and Lloyd (its own draws and empty-cluster rule) on the same points: its inertia. */
    private static double commonsMathInertia(double[][] x, int k, long seed) {
        List<DoublePoint> points = new ArrayList<>();
        for (double[] p : x) {
            points.add(new DoublePoint(p));
        }
        JDKRandomGenerator generator = new JDKRandomGenerator();
        generator.setSeed(seed);
        KMeansPlusPlusClusterer<DoublePoint> clusterer = new KMeansPlusPlusClusterer<>(k, 100, new EuclideanDistance(),
                generator);
        double inertia = 0;
        for (CentroidCluster<DoublePoint> cluster : clusterer.cluster(points)) {
            double[] centre = cluster.getCenter().getPoint();
            for (DoublePoint p : cluster.getPoints()) {
                inertia += KMeansOracle.squared(p.getPoint(), centre);
            }
        }
        return inertia;
    }

    // ---- inputs ----------------------------------------------------------------------------------

    private static double[][] gaussian(Random random, int n, int d, double scale) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int f = 0; f < d; f++) {
                row[f] = scale * random.nextGaussian();
            }
        }
        return x;
    }

    /**
     * n points of unit spread around k centres at least {@code separation} apart (centre j at
     * j * separation on the first axis, anywhere nearby on the others); point i is in blob i % k.
     */
    private static double[][] blobs(Random random, int n, int k, int d, double separation) {
        double[][] centres = gaussian(random, k, d, separation / 4);
        for (int j = 0; j < k; j++) {
            centres[j][0] = j * separation;
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < d; f++) {
                x[i][f] = centres[i % k][f] + random.nextGaussian();
            }
        }
        return x;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static String show(double[][] a) {
        if (a.length > 6) {
            return "(" + a.length + " x " + a[0].length + " points)";
        }
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < a.length; i++) {
            s.append(i == 0 ? "" : ", ").append(a[i] == null ? "null" : Arrays.toString(a[i]).replace('[', '{').replace(']', '}'));
        }
        return s.append("}").toString();
    }
}
