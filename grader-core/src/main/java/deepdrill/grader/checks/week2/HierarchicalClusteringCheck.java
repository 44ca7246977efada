package deepdrill.grader.checks.week2;

import deepdrill.datasets.Iris;
import deepdrill.grader.checks.support.CompareIndices;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.week2.HierarchicalClustering;
import deepdrill.week2.HierarchicalClustering.Linkage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code hierarchical-clustering} against {@link LinkageOracle}: agglomerative clustering
 * from the definitions, every cluster-to-cluster distance recomputed at every merge as the
 * minimum, maximum or mean over all point pairs (no Lance-Williams update), with the Javadoc's tie
 * rule and SciPy's ids. Ids and sizes must match exactly, merge distances to 1e-9; every answer
 * must also have non-decreasing merge heights, a &lt; b in every row and each id used once. A few
 * small cases are also compared with linkage matrices worked out by hand (given below, to pin the
 * convention: for the points on a line, SciPy's {@code linkage} gives the same rows; the square's
 * ties follow this exercise's rule, which SciPy does not promise). The cut is checked against the
 * oracle's replay of the first N - k merges, on the oracle's matrices, so that it is graded on its
 * own.
 *
 * <p>Covered: N = 1 (no rows), N = 2; duplicated points (merges at distance 0, tied); ties (a
 * square's four equal sides, evenly spaced points on a line: a single-linkage chain); one feature;
 * seeded Gaussian points; Iris (150 x 4, its duplicated flowers and many equal distances) with each
 * linkage; cuts at k = 1, k = N and in between, labels numbered by first appearance; rejected: no
 * points, rows of different lengths or of no features, NaN and infinite values, a null linkage, k
 * of 0 or N + 1, a matrix row of 3 values, a row naming a cluster not made yet or merged already.
 * Every input must be left unchanged. Not applicable: batch and channel axes, dtypes (plain double
 * arrays). Named: average linkage as the plain mean of the two old distances (WPGMA instead of
 * UPGMA), single and complete swapped, squared distances, new cluster ids reused, the larger id
 * first, the last tied pair instead of the first; for the cut, labels numbered by cluster id, one
 * merge too many or too few.
 */
@ExerciseCheck
class HierarchicalClusteringCheck {

    private static final Tolerance TOLERANCE = new Tolerance(1e-9, 1e-9);

    private static final String WPGMA = "averaged the two old distances, (D(K, I) + D(K, J)) / 2: that is WPGMA; "
            + "average linkage (UPGMA) weighs them by the sizes, (|I| D(K, I) + |J| D(K, J)) / (|I| + |J|), the mean "
            + "over all point pairs.";
    private static final String SWAPPED = "swapped single and complete linkage: single takes the nearest pair (min), "
            + "complete the farthest (max).";
    private static final String SQUARED = "used squared Euclidean distances: the linkage matrix holds the distances "
            + "themselves (take the square root).";
    private static final String REUSED = "reused an old id for the merged cluster: the cluster made by row i is "
            + "N + i, and ids are never reused.";
    private static final String TIE_LAST = "merged the last of the tied pairs: on a tie the pair with the smallest "
            + "(a, b) goes first.";
    private static final String BY_ID = "numbered the flat clusters in the order of their cluster ids: number them "
            + "in order of first appearance over the points (point 0's cluster is 0).";
    private static final String ONE_TOO_MANY = "replayed one merge too many: k clusters remain after the first N - k "
            + "rows.";
    private static final String ONE_TOO_FEW = "replayed one merge too few: k clusters remain after the first N - k "
            + "rows.";

    // ---- tasks -----------------------------------------------------------------------------------

    @Test
    @DisplayName("single linkage: the nearest pair; hand-checked cases, ties, a chain, Iris")
    void singleLinkage(Random random) {
        checkLinkageCases(Linkage.SINGLE, random);
        // Worked by hand: {0, 1, 3, 7}: (0,1) at 1 -> 4; 3 to {0,1} at 2 -> 5; 7 to the rest at 4.
        hand(line(0, 1, 3, 7), Linkage.SINGLE, new double[][] {{0, 1, 1, 2}, {2, 4, 2, 3}, {3, 5, 4, 4}});
        // A square of side 1: four tied sides; (0,1) first, then (2,3) before (2,4).
        hand(square(), Linkage.SINGLE, new double[][] {{0, 1, 1, 2}, {2, 3, 1, 2}, {4, 5, 1, 4}});
    }

    @Test
    @DisplayName("complete linkage: the farthest pair")
    void completeLinkage(Random random) {
        checkLinkageCases(Linkage.COMPLETE, random);
        hand(line(0, 1, 3, 7), Linkage.COMPLETE, new double[][] {{0, 1, 1, 2}, {2, 4, 3, 3}, {3, 5, 7, 4}});
        hand(square(), Linkage.COMPLETE, new double[][] {{0, 1, 1, 2}, {2, 3, 1, 2}, {4, 5, Math.sqrt(2), 4}});
    }

    @Test
    @DisplayName("average linkage (UPGMA): the mean over all point pairs")
    void averageLinkage(Random random) {
        checkLinkageCases(Linkage.AVERAGE, random);
        // 3 to {0,1}: (3 + 2) / 2; 7 to {0,1,3}: (7 + 6 + 4) / 3 = 17/3 (WPGMA: (6.5 + 4) / 2 = 5.25).
        hand(line(0, 1, 3, 7), Linkage.AVERAGE, new double[][] {{0, 1, 1, 2}, {2, 4, 2.5, 3}, {3, 5, 17.0 / 3, 4}});
    }

    @Test
    @DisplayName("cut the tree into k flat clusters, labels by first appearance")
    void cut(Random random) {
        double[][] z = LinkageOracle.linkage(line(0, 1, 3, 7), Linkage.SINGLE);
        for (int k = 1; k <= 4; k++) {
            checkCut(z, k);
        }
        // Points 7, 0, 1, 3: point 0 (at 7) is alone until the last merge, so its cluster is label 0.
        double[][] shuffled = LinkageOracle.linkage(line(7, 0, 1, 3), Linkage.SINGLE);
        checkCut(shuffled, 2);
        checkCut(shuffled, 3);
        checkCut(new double[0][], 1);                       // N = 1
        checkCut(LinkageOracle.linkage(line(2, 2, 2), Linkage.AVERAGE), 2);   // ties at distance 0
        for (int t = 0; t < 3; t++) {
            double[][] x = gaussian(random, 5 + random.nextInt(25), 1 + random.nextInt(3));
            Linkage linkage = Linkage.values()[random.nextInt(3)];
            double[][] zr = LinkageOracle.linkage(x, linkage);
            checkCut(zr, 1 + random.nextInt(x.length));
        }
        double[][] iris = LinkageOracle.linkage(Iris.load().features(), Linkage.AVERAGE);
        checkCut(iris, 3);
        checkCut(iris, 7);
    }

    @Test
    @DisplayName("bad arguments throw IllegalArgumentException")
    void rejectsBadInput() {
        rejected("linkage({}, SINGLE)", () -> HierarchicalClustering.linkage(new double[0][], Linkage.SINGLE));
        rejected("linkage({{0, 0}, {1}}, SINGLE)",
                () -> HierarchicalClustering.linkage(new double[][] {{0, 0}, {1}}, Linkage.SINGLE));
        rejected("linkage({{}, {}}, AVERAGE)", () -> HierarchicalClustering.linkage(new double[][] {{}, {}}, Linkage.AVERAGE));
        rejected("linkage({{0}, {NaN}}, COMPLETE)",
                () -> HierarchicalClustering.linkage(new double[][] {{0}, {Double.NaN}}, Linkage.COMPLETE));
        rejected("linkage({{0}, {-Infinity}}, SINGLE)",
                () -> HierarchicalClustering.linkage(new double[][] {{0}, {Double.NEGATIVE_INFINITY}}, Linkage.SINGLE));
        rejected("linkage({{0}, {1}}, null)", () -> HierarchicalClustering.linkage(new double[][] {{0}, {1}}, null));
        double[][] z = {{0, 1, 1, 2}, {2, 3, 2, 3}};
        rejected("cut(Z of 3 points, 0)", () -> HierarchicalClustering.cut(z, 0));
        rejected("cut(Z of 3 points, 4)", () -> HierarchicalClustering.cut(z, 4));
        rejected("cut({{0, 1, 1}}, 1)", () -> HierarchicalClustering.cut(new double[][] {{0, 1, 1}}, 1));
        rejected("cut({{0, 1, 1, 2}, {2, 4, 2, 3}}, 1): cluster 4 does not exist yet",
                () -> HierarchicalClustering.cut(new double[][] {{0, 1, 1, 2}, {2, 4, 2, 3}}, 1));
        rejected("cut({{0, 1, 1, 2}, {0, 2, 2, 3}}, 1): cluster 0 was merged already",
                () -> HierarchicalClustering.cut(new double[][] {{0, 1, 1, 2}, {0, 2, 2, 3}}, 1));
        rejected("cut(null, 1)", () -> HierarchicalClustering.cut(null, 1));
    }

    // ---- cases -----------------------------------------------------------------------------------

    private static void checkLinkageCases(Linkage linkage, Random random) {
        checkLinkage(new double[][] {{3, -1}}, linkage);                          // N = 1: no rows
        checkLinkage(new double[][] {{0, 0}, {3, 4}}, linkage);                   // N = 2: one row at 5
        checkLinkage(line(0, 1, 3, 7), linkage);
        checkLinkage(new double[][] {{1, 1}, {1, 1}, {1, 1}, {4, 5}}, linkage);   // duplicates: 0-distance ties
        checkLinkage(square(), linkage);
        checkLinkage(line(0, 1, 2, 3, 4, 5, 6, 7), linkage);                      // evenly spaced: a tied chain
        checkLinkage(line(0, 1, 2.5, 4.5, 7, 10), linkage);                       // growing gaps: single chains
        for (int t = 0; t < 4; t++) {
            checkLinkage(gaussian(random, 3 + random.nextInt(25), 1 + random.nextInt(4)), linkage);
        }
        checkLinkage(Iris.load().features(), linkage);
    }

    private static void checkLinkage(double[][] x, Linkage linkage) {
        double[][] actual = Guarded.call(in -> HierarchicalClustering.linkage(in.copy("x", x), linkage));
        String what = "linkage(" + show(x) + ", " + linkage + ")";
        double[][] expected = LinkageOracle.linkage(x, linkage);
        Linkage other = linkage == Linkage.SINGLE ? Linkage.COMPLETE : linkage == Linkage.COMPLETE ? Linkage.SINGLE : null;
        List<Mistake<double[][]>> mistakes = new ArrayList<>();
        if (linkage == Linkage.AVERAGE) {
            mistakes.add(new Mistake<>(WPGMA, () -> LinkageOracle.wpgma(x)));
        }
        if (other != null) {
            mistakes.add(new Mistake<>(SWAPPED, () -> LinkageOracle.linkage(x, other)));
        }
        mistakes.add(new Mistake<>(SQUARED, () -> LinkageOracle.brute(x, linkage, true, false, false)));
        mistakes.add(new Mistake<>(REUSED, () -> LinkageOracle.brute(x, linkage, false, true, false)));
        mistakes.add(new Mistake<>(TIE_LAST, () -> LinkageOracle.brute(x, linkage, false, false, true)));
        assertMatrix(what, x.length, expected, actual, mistakes);
    }

    /** A case worked by hand: the oracle must agree with it, and so must the learner. */
    private static void hand(double[][] x, Linkage linkage, double[][] byHand) {
        if (firstRowDifference(byHand, LinkageOracle.linkage(x, linkage)) >= 0) {
            throw new IllegalStateException("the oracle disagrees with the hand-checked " + linkage + " case " + show(x));
        }
        double[][] actual = Guarded.call(in -> HierarchicalClustering.linkage(in.copy("x", x), linkage));
        assertMatrix("linkage(" + show(x) + ", " + linkage + "), worked by hand", x.length, byHand, actual, List.of());
    }

    private static void checkCut(double[][] z, int k) {
        int[] actual = Guarded.call(in -> HierarchicalClustering.cut(in.copy("z", z), k));
        int[] expected = LinkageOracle.cut(z, k, 0, false);
        CompareIndices.assertEqual("cut(" + showRows(z) + ", k = " + k + ")", expected, actual,
                p -> "the clusters are those after the first N - k = " + (z.length + 1 - k) + " rows, labelled in order "
                        + "of first appearance over the points",
                Mistake.giving(BY_ID, LinkageOracle.cut(z, k, 0, true)),
                new Mistake<>(ONE_TOO_MANY, () -> k > 1 ? LinkageOracle.cut(z, k, 1, false) : null),
                new Mistake<>(ONE_TOO_FEW, () -> k < z.length + 1 ? LinkageOracle.cut(z, k, -1, false) : null));
    }

    // ---- comparison ------------------------------------------------------------------------------

    private static void assertMatrix(String what, int n, double[][] expected, double[][] actual,
                                     List<Mistake<double[][]>> mistakes) {
        if (actual == null) {
            throw new AssertionFailedError(what + ": got null, expected " + (n - 1) + " rows (an empty array for N = 1)");
        }
        String diagnosis = Mistake.matching(wrong -> firstRowDifference(wrong, actual) < 0, mistakes);
        if (actual.length != n - 1) {
            throw new AssertionFailedError(diagnosis + what + ": expected N - 1 = " + (n - 1) + " rows, got " + actual.length);
        }
        boolean[] used = new boolean[2 * n];
        for (int r = 0; r < actual.length; r++) {
            double[] row = actual[r];
            if (row == null || row.length != 4) {
                throw new AssertionFailedError(what + ": row " + r + " must hold 4 values {a, b, distance, size}, got "
                        + (row == null ? "null" : Arrays.toString(row)));
            }
            if (row[0] > row[1]) {
                throw new AssertionFailedError(Mistake.PREFIX + "put the larger id first in row " + r + " "
                        + Arrays.toString(row) + ": each row holds the smaller cluster id as a, the larger as b.\n" + what);
            }
            for (int side = 0; side < 2; side++) {
                double c = row[side];
                if (c != Math.rint(c) || c < 0 || c >= n + r || used[(int) c]) {
                    throw new AssertionFailedError(diagnosis + what + ": row " + r + " " + Arrays.toString(row) + " names cluster "
                            + c + ", which " + (c >= 0 && c < n + r && c == Math.rint(c) ? "was merged already"
                            : "does not exist yet (row i makes cluster N + i)"));
                }
                used[(int) c] = true;
            }
            if (r > 0 && row[2] < actual[r - 1][2] - LinkageOracle.TIE * Math.max(1, actual[r - 1][2])) {
                throw new AssertionFailedError(diagnosis + what + ": the merge distance falls from "
                        + format(actual[r - 1][2]) + " (row " + (r - 1) + ") to " + format(row[2]) + " (row " + r
                        + "); for single, complete and average linkage it never decreases, so a closer pair was missed");
            }
        }
        int p = firstRowDifference(expected, actual);
        if (p < 0) {
            return;
        }
        throw new AssertionFailedError(diagnosis + what + ": row " + p + " should be " + showRow(expected[p]) + ", got "
                + showRow(actual[p]) + " (rows {a, b, distance, size}; ties within 1e-10 go to the smallest (a, b))"
                + (p > 0 ? "; rows 0.." + (p - 1) + " agree" : ""));
    }

    private static int firstRowDifference(double[][] expected, double[][] actual) {
        if (actual == null || actual.length != expected.length) {
            return 0;
        }
        for (int r = 0; r < expected.length; r++) {
            double[] e = expected[r];
            double[] a = actual[r];
            if (a == null || a.length != 4 || a[0] != e[0] || a[1] != e[1] || a[3] != e[3] || !TOLERANCE.accepts(e[2], a[2])) {
                return r;
            }
        }
        return -1;
    }

    private static void rejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the arguments first: at least one point, rows of one width with finite "
                + "values, a linkage; for cut, 1 <= k <= N and a matrix of {a, b, distance, size} rows naming "
                + "existing clusters", call);
    }

    // ---- inputs ----------------------------------------------------------------------------------

    private static double[][] line(double... values) {
        double[][] x = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            x[i] = new double[] {values[i]};
        }
        return x;
    }

    private static double[][] square() {
        return new double[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
    }

    private static double[][] gaussian(Random random, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int f = 0; f < d; f++) {
                row[f] = 2 * random.nextGaussian();
            }
        }
        return x;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.10g", v);
    }

    private static String showRow(double[] row) {
        return row == null ? "null" : String.format(Locale.ROOT, "{%d, %d, %s, %d}", (long) row[0], (long) row[1],
                format(row[2]), (long) row[3]);
    }

    private static String showRows(double[][] z) {
        if (z.length > 4) {
            return "(the linkage matrix of " + (z.length + 1) + " points)";
        }
        StringBuilder s = new StringBuilder("{");
        for (int r = 0; r < z.length; r++) {
            s.append(r == 0 ? "" : ", ").append(showRow(z[r]));
        }
        return s.append("}").toString();
    }

    private static String show(double[][] a) {
        if (a.length > 8) {
            return "(" + a.length + " x " + a[0].length + " points)";
        }
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < a.length; i++) {
            s.append(i == 0 ? "" : ", ").append(Arrays.toString(a[i]).replace('[', '{').replace(']', '}'));
        }
        return s.append("}").toString();
    }
}
