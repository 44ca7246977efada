package deepdrill.grader.checks.week2;

import deepdrill.datasets.Iris;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.week2.Pca;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.apache.commons.statistics.descriptive.Mean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code pca} against Apache Commons Math 3.6.1: the covariance against its
 * {@code Covariance} (bias-corrected, n - 1), the components and explained variances against the
 * {@code EigenDecomposition} of that covariance (sorted here by decreasing eigenvalue, each sign
 * fixed by the largest-entry rule), the singular values against the {@code SingularValueDecomposition}
 * of the centred data, the means against Commons Statistics' {@code Mean}; projections and
 * reconstructions against a fit built from those oracles, multiplied out with Commons' matrices.
 * Properties checked as well: the components are orthonormal, the explained variances of all d
 * components sum to trace(C) (the total variance is preserved), whitened projections have sample
 * variance 1, and the squared reconstruction error of the training data is (n - 1) times the sum
 * of the dropped eigenvalues. Where eigenvalues coincide (zero eigenvalues of rank-deficient data
 * or n - 1 &lt; d), only the span is unique: each such component must lie in the oracle's
 * eigenspace, and be orthonormal to the rest.
 *
 * <p>Covered: small hand cases (3 x 2 and 6 x 2), correlated data of 2 to 5 features with means far from 0 and
 * different scales, n = 2, n = 3 with d = 5 (n &lt; d: three zero eigenvalues), a constant feature
 * (a zero eigenvalue whose component is that feature's axis), duplicated rows, a feature that is the
 * sum of two others (rank d - 1), values near 1e6 with a spread of 1, k = 0 (empty components, the
 * reconstruction is the mean), k = d (the exact reconstruction), k = 1, one row to project, rows the
 * fit did not see, Iris (150 x 4); rejected: null, fewer than 2 rows, no columns, ragged rows, NaN
 * and infinite values, k = -1 and k = d + 1, every row equal, an x or z of the wrong width, whitening
 * a zero-variance component. Inputs must be left unchanged and results must be new arrays. Named:
 * PCA without centring (components, variances, ratios, singular values), the covariance divided by
 * n, the components as columns, the sign convention ignored, components sorted by increasing
 * variance, the explained variance from unsquared singular values, the singular values as the
 * variance, the standard deviation as the variance, the explained variance divided by n, the ratio
 * over the kept components only, the ratio of singular values, the variance or its square root as
 * the singular value, projection without centring, whitening by s_i or by lambda_i, the mean left
 * out of the reconstruction, the whitening not undone; generically, a result that is the input.
 */
@ExerciseCheck
class PcaCheck {

    private static final String NOT_CENTRED = "skipped the centring: this is what X^T X / (n - 1), the second moments "
            + "about 0, gives; subtract each feature's mean first, or the first component points at the mean.";
    private static final String COV_N = "divided the covariance by n: the sample covariance divides by n - 1 (as "
            + "numpy.cov and scikit-learn's explained_variance_ do).";
    private static final String COLUMNS = "returned the components as columns, shape (d, k): here, as in "
            + "scikit-learn's components_, each component is a row, shape (k, d) (the SVD's V^T, not V).";
    private static final String SIGN = "ignored the sign convention: every component is right up to its sign, but "
            + "the entry of largest absolute value must be positive (flip the whole row when it is negative).";
    private static final String ASCENDING = "sorted the components by increasing variance: the first component is "
            + "the one with the largest eigenvalue.";
    private static final String NOT_SQUARED = "computed the explained variance from the singular values without "
            + "squaring them (s_i / (n - 1)): lambda_i = s_i^2 / (n - 1).";
    private static final String SINGULAR_AS_VARIANCE = "returned the singular values as the explained variance: "
            + "lambda_i = s_i^2 / (n - 1).";
    private static final String STD_AS_VARIANCE = "returned the standard deviation sqrt(lambda_i) where the variance "
            + "lambda_i belongs.";
    private static final String VARIANCE_N = "divided the explained variance by n: it is s_i^2 / (n - 1), the "
            + "eigenvalue of the sample covariance.";
    private static final String RATIO_KEPT = "divided by the variance of the k kept components only: the ratio is "
            + "over the total variance trace(C) of all d directions, so the kept ratios sum to at most 1.";
    private static final String RATIO_SINGULAR = "took the ratio of singular values, s_i / sum s: the ratio is of "
            + "variances, s_i^2 / sum s^2.";
    private static final String SV_AS_VARIANCE = "returned the explained variance lambda_i as the singular value: "
            + "s_i = sqrt((n - 1) lambda_i).";
    private static final String SV_AS_STD = "returned sqrt(lambda_i) as the singular value: s_i = sqrt((n - 1) "
            + "lambda_i), the singular value of the centred data matrix itself.";
    private static final String TRANSFORM_NOT_CENTRED = "projected x without subtracting the fit's mean: "
            + "z = (x - mean) W^T.";
    private static final String WHITEN_BY_S = "whitened by dividing by the singular value s_i: divide by the "
            + "component's standard deviation sqrt(lambda_i) = s_i / sqrt(n - 1).";
    private static final String WHITEN_BY_VARIANCE = "whitened by dividing by the variance lambda_i: divide by its "
            + "square root, the standard deviation.";
    private static final String NO_MEAN_BACK = "left the mean out of the reconstruction: x' = z W + mean.";
    private static final String WHITEN_NOT_UNDONE = "did not undo the whitening: multiply each z_i by "
            + "sqrt(lambda_i) before mapping back.";
    private static final String UNWHITEN_BY_S = "undid the whitening with s_i: multiply by sqrt(lambda_i) = s_i / "
            + "sqrt(n - 1).";

    /** Eigenvalues closer than this (relative to the largest) are one eigenspace. */
    private static final double SAME_EIGENVALUE = 1e-7;
    private static final Tolerance COMPONENTS = new Tolerance(1e-7, 1e-6);

    @Test
    @DisplayName("the sample covariance, divided by n - 1")
    void covariance(Random random) {
        checkCovariance(new double[][] {{1, 2}, {3, 6}, {5, 7}});
        checkCovariance(new double[][] {{0.5, -1, 4}, {2, 3, 4}});                  // n = 2, a constant column
        for (int i = 0; i < 3; i++) {
            checkCovariance(correlated(random, 5 + random.nextInt(30), 2 + random.nextInt(4)));
        }
        checkCovariance(correlated(random, 3, 5));                                  // n < d
        double[][] far = correlated(random, 20, 3);
        for (double[] row : far) {
            row[0] += 1e6;                                                          // a large mean, a spread of ~1
        }
        checkCovariance(far);
    }

    @Test
    @DisplayName("the components: unit rows by decreasing variance, largest entry positive")
    void components(Random random) {
        checkFit(new double[][] {{2, 0}, {0, 1}, {-2, 0}, {0, -1}, {1, 1}, {-1, -1}}, 2);
        checkFit(new double[][] {{2, 0}, {0, 1}, {-2, 0}, {0, -1}, {1, 1}, {-1, -1}}, 1);
        for (int i = 0; i < 4; i++) {
            int d = 2 + random.nextInt(4);
            checkFit(correlated(random, d + 3 + random.nextInt(30), d), 1 + random.nextInt(d));
        }
        double[][] x = correlated(random, 25, 4);
        checkFit(x, 4);
    }

    @Test
    @DisplayName("explained variance s^2 / (n - 1), its ratio to the total, and the singular values")
    void explainedVariance(Random random) {
        checkFit(new double[][] {{1, 2}, {3, 6}, {5, 7}, {2, 2}}, 2);
        for (int i = 0; i < 4; i++) {
            int d = 2 + random.nextInt(4);
            checkFit(correlated(random, d + 3 + random.nextInt(30), d), random.nextInt(d + 1));
        }
    }

    @Test
    @DisplayName("projection onto k components and reconstruction (k = 0, k < d, k = d)")
    void projection(Random random) {
        for (int k = 0; k <= 3; k++) {
            double[][] x = correlated(random, 15, 3);
            checkTransform(x, k, x, false);
            checkTransform(x, k, correlated(random, 1 + random.nextInt(4), 3), false);   // rows the fit did not see
        }
        double[][] x = correlated(random, 12, 5);
        checkTransform(x, 2, new double[][] {x[3].clone()}, false);                     // one row
    }

    @Test
    @DisplayName("whitening: each coordinate divided by sqrt(lambda_i), unit sample variance")
    void whitening(Random random) {
        for (int i = 0; i < 3; i++) {
            int d = 2 + random.nextInt(3);
            double[][] x = correlated(random, 10 + random.nextInt(20), d);
            checkTransform(x, 1 + random.nextInt(d), x, true);
            checkTransform(x, d, correlated(random, 3, d), true);
        }
    }

    @Test
    @DisplayName("a constant feature, duplicated rows, n < d and rank-deficient data")
    void degenerateData(Random random) {
        double[][] constant = correlated(random, 12, 3);
        for (double[] row : constant) {
            row[1] = 4.5;                                       // lambda = 0 along the feature's own axis
        }
        checkFit(constant, 3);
        checkTransform(constant, 2, constant, true);

        double[][] once = correlated(random, 6, 3);
        double[][] twice = new double[12][];
        for (int i = 0; i < 12; i++) {
            twice[i] = once[i % 6].clone();                    // every row twice: the same components
        }
        checkFit(twice, 3);

        checkFit(correlated(random, 3, 5), 5);                 // n - 1 = 2 < d: three zero eigenvalues
        checkFit(correlated(random, 2, 3), 2);                 // n = 2: one direction
        checkTransform(correlated(random, 4, 6), 3, correlated(random, 2, 6), false);

        double[][] sum = correlated(random, 15, 4);
        for (double[] row : sum) {
            row[3] = row[0] + row[1];                          // rank 3: one zero eigenvalue
        }
        checkFit(sum, 4);
        checkTransform(sum, 3, sum, false);                    // the 3 kept components reconstruct it exactly
    }

    @Test
    @DisplayName("Iris: 4 measurements, 2 components keep about 98% of the variance")
    void iris() {
        double[][] x = Iris.load().features();
        // scikit-learn's PCA(2).fit(iris) gives explained_variance_ratio_ [0.9246, 0.0531]; the check
        // compares with Commons Math, these only say where a learner will see them.
        checkFit(x, 2);
        checkFit(x, 4);
        checkTransform(x, 2, x, false);
        checkTransform(x, 2, x, true);
        Pca.Fit fit = oracleFit(x, 2);
        double[][] back = Guarded.call(in -> Pca.inverseTransform(in.copy("fit", fit),
                Pca.transform(in.copy("fit", fit), in.copy("x", x), false), false));
        double error = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 4; j++) {
                error += (back[i][j] - x[i][j]) * (back[i][j] - x[i][j]);
            }
        }
        double[] lambda = eigen(covarianceOf(x)).values();
        double dropped = (x.length - 1) * (lambda[2] + lambda[3]);
        if (Math.abs(error - dropped) > 1e-8 * dropped) {
            throw new AssertionFailedError(String.format(Locale.ROOT, "the reconstruction of Iris from 2 components is "
                    + "wrong: its squared error should be (n - 1) * (lambda_3 + lambda_4) = %.10g, got %.10g",
                    dropped, error));
        }
    }

    @Test
    @DisplayName("bad data, k out of range, a wrong width and impossible whitening throw IllegalArgumentException")
    void rejectsBadInput() {
        double[][] ok = {{1, 2}, {3, 5}, {4, 4}};
        rejected("covariance(null)", () -> Pca.covariance(null));
        rejected("covariance({{1, 2}})", () -> Pca.covariance(new double[][] {{1, 2}}));
        rejected("covariance({{}, {}})", () -> Pca.covariance(new double[][] {{}, {}}));
        rejected("covariance({{1, 2}, {3}})", () -> Pca.covariance(new double[][] {{1, 2}, {3}}));
        rejected("covariance({{1, NaN}, {3, 4}})", () -> Pca.covariance(new double[][] {{1, Double.NaN}, {3, 4}}));
        rejected("fit({{1, 2}}, 1)", () -> Pca.fit(new double[][] {{1, 2}}, 1));
        rejected("fit({{1, 2}, {3, Infinity}}, 1)", () -> Pca.fit(new double[][] {{1, 2}, {3, Double.POSITIVE_INFINITY}}, 1));
        rejected("fit(x, -1)", () -> Pca.fit(ok, -1));
        rejected("fit(x with d = 2, 3)", () -> Pca.fit(ok, 3));
        rejected("fit({{1, 2}, {1, 2}, {1, 2}}, 1): every row equal", () -> Pca.fit(new double[][] {{1, 2}, {1, 2}, {1, 2}}, 1));
        Pca.Fit fit = oracleFit(ok, 2);
        rejected("transform(fit over d = 2, {{1, 2, 3}})", () -> Pca.transform(fit, new double[][] {{1, 2, 3}}, false));
        rejected("transform(fit, {})", () -> Pca.transform(fit, new double[0][], false));
        rejected("transform(fit, {{1, NaN}})", () -> Pca.transform(fit, new double[][] {{1, Double.NaN}}, false));
        rejected("inverseTransform(fit with k = 2, {{1}})", () -> Pca.inverseTransform(fit, new double[][] {{1}}, false));
        double[][] flat = {{1, 5}, {2, 5}, {3, 5}};
        Pca.Fit zero = oracleFit(flat, 2);
        rejected("transform(fit whose 2nd component has variance 0, x, whiten)", () -> Pca.transform(zero, flat, true));
        rejected("inverseTransform(fit whose 2nd component has variance 0, z, whiten)",
                () -> Pca.inverseTransform(zero, new double[][] {{1, 0}}, true));
    }

    // ---- one case each ---------------------------------------------------------------------------

    private static void checkCovariance(double[][] x) {
        double[][] actual = Guarded.call(in -> Pca.covariance(in.copy("x", x)));
        int n = x.length;
        double[][] expected = covarianceOf(x);
        double[][] raw = secondMoments(x);
        String what = "covariance(x " + shape(x) + ")";
        assertNew(what, actual, x);
        compare(what, expected, actual, scaled(expected, 1e-10, 1e-8), List.of(
                new Mistake<>(COV_N, () -> times(expected, (n - 1.0) / n)),
                new Mistake<>(NOT_CENTRED, () -> raw),
                new Mistake<>(NOT_CENTRED + " (And divided by n.)", () -> times(raw, (n - 1.0) / n))));
    }

    private static void checkFit(double[][] x, int k) {
        Pca.Fit fit = Guarded.call(in -> Pca.fit(in.copy("x", x), k));
        int n = x.length;
        int d = x[0].length;
        String what = "fit(x " + shape(x) + ", k " + k + ")";
        if (fit == null) {
            throw new AssertionFailedError(what + " returned null");
        }
        for (Object part : new Object[] {fit.mean(), fit.components(), fit.explainedVariance(),
            fit.explainedVarianceRatio(), fit.singularValues()}) {
            if (part instanceof double[][] rows) {
                assertNew(what + ".components()", rows, x);
            }
        }
        double[] mean = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = Mean.of(column(x, j)).getAsDouble();
        }
        compareVector(what + ".mean()", mean, fit.mean(), new Tolerance(1e-10 * scale(mean), 1e-10), List.of());

        Eigen centred = eigen(covarianceOf(x));
        Eigen uncentred = eigen(secondMoments(x));
        double[][] w = fit.components();
        compare(what + ".components()", components(centred, k, w), w, COMPONENTS, List.of(
                new Mistake<>(COLUMNS, () -> transpose(components(centred, k, null), d)),
                new Mistake<>(SIGN, () -> signMatched(components(centred, k, w), w)),
                new Mistake<>(NOT_CENTRED, () -> components(uncentred, k, w)),
                new Mistake<>(NOT_CENTRED, () -> signMatched(components(uncentred, k, w), w)),
                new Mistake<>(ASCENDING, () -> components(centred.reversed(), k, w)),
                new Mistake<>(ASCENDING, () -> signMatched(components(centred.reversed(), k, w), w))));
        assertOrthonormal(what + ".components()", w);

        double[] lambda = head(centred.values(), k);
        double[] s = new double[k];
        double sumS = 0;
        double[] svd = new SingularValueDecomposition(new Array2DRowRealMatrix(centre(x, mean))).getSingularValues();
        for (int i = 0; i < Math.min(k, svd.length); i++) {
            s[i] = svd[i];
        }
        for (double v : svd) {
            sumS += v;
        }
        double total = trace(covarianceOf(x));
        double top = Math.max(centred.values()[0], 1e-300);
        Tolerance varianceTolerance = new Tolerance(1e-9 * top, 1e-7);
        double[] uncentredLambda = head(uncentred.values(), k);
        double finalSumS = sumS;
        compareVector(what + ".explainedVariance()", lambda, fit.explainedVariance(), varianceTolerance, List.of(
                Mistake.giving(NOT_SQUARED, map(s, v -> v / (n - 1))),
                Mistake.giving(SINGULAR_AS_VARIANCE, s),
                Mistake.giving(STD_AS_VARIANCE, map(lambda, Math::sqrt)),
                Mistake.giving(VARIANCE_N, map(lambda, v -> v * (n - 1) / n)),
                Mistake.giving(NOT_CENTRED, uncentredLambda)));
        if (k == d) {
            double sum = Arrays.stream(fit.explainedVariance()).sum();
            if (Math.abs(sum - total) > 1e-9 * total) {
                throw new AssertionFailedError(String.format(Locale.ROOT, "%s: the explained variances of all d "
                        + "components must sum to the total variance trace(C) = %.12g, got %.12g", what, total, sum));
            }
        }
        double keptTotal = Arrays.stream(lambda).sum();
        compareVector(what + ".explainedVarianceRatio()", map(lambda, v -> v / total), fit.explainedVarianceRatio(),
                new Tolerance(1e-9, 1e-7), List.of(
                        new Mistake<>(RATIO_KEPT, () -> k == d || keptTotal == 0 ? null : map(lambda, v -> v / keptTotal)),
                        Mistake.giving(RATIO_SINGULAR, map(s, v -> v / finalSumS)),
                        Mistake.giving(NOT_CENTRED, map(uncentredLambda, v -> v / trace(secondMoments(x))))));
        compareVector(what + ".singularValues()", s, fit.singularValues(), new Tolerance(1e-6 * Math.max(svd[0], 1e-300), 1e-7),
                List.of(Mistake.giving(SV_AS_VARIANCE, lambda),
                        Mistake.giving(SV_AS_STD, map(lambda, Math::sqrt)),
                        Mistake.giving(NOT_CENTRED, map(uncentredLambda, v -> Math.sqrt(v * (n - 1))))));
    }

    /**
     * transform and inverseTransform with a fit built from the oracle (so that a wrong fit cannot
     * fail these), on {@code rows}, which need not be the training data.
     */
    private static void checkTransform(double[][] x, int k, double[][] rows, boolean whiten) {
        Pca.Fit fit = oracleFit(x, k);
        String what = "transform(fit of x " + shape(x) + " with k " + k + ", rows " + shape(rows) + ", whiten " + whiten + ")";
        double[][] z = Guarded.call(in -> Pca.transform(in.copy("fit", fit), in.copy("x", rows), whiten));
        assertNew(what, z, rows);
        RealMatrix w = k == 0 ? null : new Array2DRowRealMatrix(fit.components());
        double[][] plain = k == 0 ? new double[rows.length][0]
                : new Array2DRowRealMatrix(centre(rows, fit.mean())).multiply(w.transpose()).getData();
        double[] sd = map(fit.explainedVariance(), Math::sqrt);
        double[][] expected = whiten ? divideColumns(plain, sd) : plain;
        double[][] raw = k == 0 ? plain : new Array2DRowRealMatrix(rows).multiply(w.transpose()).getData();
        compare(what, expected, z, new Tolerance(1e-9 * scale(rows), 1e-8), List.of(
                Mistake.giving(TRANSFORM_NOT_CENTRED, whiten ? divideColumns(raw, sd) : raw),
                new Mistake<>(WHITEN_BY_S, () -> whiten ? divideColumns(plain, fit.singularValues()) : null),
                new Mistake<>(WHITEN_BY_VARIANCE, () -> whiten ? divideColumns(plain, fit.explainedVariance()) : null)));
        if (whiten && rows == x && x.length > 1) {
            for (int i = 0; i < k; i++) {
                double[] c = column(z, i);
                double var = Arrays.stream(c).map(v -> v * v).sum() / (x.length - 1);
                if (Math.abs(var - 1) > 1e-8) {
                    throw new AssertionFailedError(String.format(Locale.ROOT, "%s: whitened coordinate %d of the "
                            + "training data should have sample variance 1 (over n - 1), got %.10g", what, i, var));
                }
            }
        }

        // Back from the oracle's projections, so that a wrong transform cannot fail this.
        String back = "inverseTransform(fit of x " + shape(x) + " with k " + k + ", z " + shape(expected) + ", whiten "
                + whiten + ")";
        double[][] rebuilt = Guarded.call(in -> Pca.inverseTransform(in.copy("fit", fit), in.copy("z", expected), whiten));
        assertNew(back, rebuilt, expected);
        double[][] projected = k == 0 ? new double[rows.length][x[0].length]
                : new Array2DRowRealMatrix(plain).multiply(w).getData();
        double[][] wanted = addRows(projected, fit.mean());
        double dropped = trace(covarianceOf(x)) - Arrays.stream(fit.explainedVariance()).sum();
        if (rows == x && dropped <= 1e-12 * trace(covarianceOf(x))) {
            // Every direction with variance is kept: the training rows come back exactly.
            compare(back + ", all the variance kept", rows, rebuilt, new Tolerance(1e-8 * scale(rows), 1e-8), List.of());
        }
        compare(back, wanted, rebuilt, new Tolerance(1e-9 * scale(rows), 1e-8), List.of(
                Mistake.giving(NO_MEAN_BACK, projected),
                new Mistake<>(WHITEN_NOT_UNDONE, () -> whiten && k > 0
                        ? addRows(new Array2DRowRealMatrix(expected).multiply(w).getData(), fit.mean()) : null),
                new Mistake<>(UNWHITEN_BY_S, () -> whiten && k > 0 ? addRows(new Array2DRowRealMatrix(
                        timesColumns(expected, fit.singularValues())).multiply(w).getData(), fit.mean()) : null)));
    }

    // ---- the oracle --------------------------------------------------------------------------------

    /** Eigenvalues (decreasing, negatives from rounding set to 0) and their unit eigenvectors. */
    private record Eigen(double[] values, double[][] vectors) {

        Eigen reversed() {
            int d = values.length;
            double[] v = new double[d];
            double[][] w = new double[d][];
            for (int i = 0; i < d; i++) {
                v[i] = values[d - 1 - i];
                w[i] = vectors[d - 1 - i];
            }
            return new Eigen(v, w);
        }
    }

    private static Eigen eigen(double[][] symmetric) {
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(symmetric));
        int d = symmetric.length;
        double[] raw = e.getRealEigenvalues();
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(raw[q], raw[p]));
        double[] values = new double[d];
        double[][] vectors = new double[d][];
        for (int i = 0; i < d; i++) {
            values[i] = Math.max(raw[order[i]], 0);
            vectors[i] = e.getEigenvector(order[i]).toArray();
        }
        return new Eigen(values, vectors);
    }

    /**
     * The first k expected components: a component of a single eigenvalue is its eigenvector with
     * the sign rule applied; one of a repeated eigenvalue is only defined up to its eigenspace, so
     * the learner's row projected onto that eigenspace is expected (it is its own projection when it
     * lies in it). {@code learner} may be null (then the oracle's own eigenvectors are used).
     */
    private static double[][] components(Eigen eigen, int k, double[][] learner) {
        int d = eigen.values().length;
        double tie = SAME_EIGENVALUE * Math.max(Math.abs(eigen.values()[0]), Math.abs(eigen.values()[d - 1]));
        double[][] expected = new double[k][];
        for (int i = 0; i < k; i++) {
            int from = i;
            int to = i;
            while (from > 0 && Math.abs(eigen.values()[from - 1] - eigen.values()[i]) <= tie) {
                from--;
            }
            while (to < d - 1 && Math.abs(eigen.values()[to + 1] - eigen.values()[i]) <= tie) {
                to++;
            }
            double[] v = eigen.vectors()[i].clone();
            boolean shared = from < to;
            boolean usable = learner != null && i < learner.length && learner[i] != null && learner[i].length == d;
            if (shared && usable) {
                double[] p = new double[d];
                for (int e = from; e <= to; e++) {
                    double dot = dot(eigen.vectors()[e], learner[i]);
                    for (int j = 0; j < d; j++) {
                        p[j] += dot * eigen.vectors()[e][j];
                    }
                }
                expected[i] = p;
            } else {
                expected[i] = flipped(v, usable ? learner[i] : null);
            }
        }
        return expected;
    }

    /** The sign rule: the entry of largest |value| positive; on a near tie, the learner's sign is taken. */
    private static double[] flipped(double[] v, double[] learner) {
        int largest = 0;
        for (int j = 1; j < v.length; j++) {
            if (Math.abs(v[j]) > Math.abs(v[largest])) {
                largest = j;
            }
        }
        boolean tie = false;
        for (int j = 0; j < v.length; j++) {
            tie |= j != largest && Math.abs(v[largest]) - Math.abs(v[j]) < 1e-9;
        }
        boolean negative = tie && learner != null ? dot(v, learner) < 0 : v[largest] < 0;
        return negative ? map(v, e -> -e) : v.clone();
    }

    /** The expected rows with each sign chosen to agree with the learner's row. */
    private static double[][] signMatched(double[][] expected, double[][] learner) {
        double[][] out = new double[expected.length][];
        for (int i = 0; i < expected.length; i++) {
            double[] e = expected[i];
            boolean usable = learner != null && i < learner.length && learner[i] != null && learner[i].length == e.length;
            out[i] = usable && dot(e, learner[i]) < 0 ? map(e, v -> -v) : e;
        }
        return out;
    }

    /** A fit from the oracle: Commons' eigenvectors with the sign rule, lambda, ratios, s. */
    private static Pca.Fit oracleFit(double[][] x, int k) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = Mean.of(column(x, j)).getAsDouble();
        }
        Eigen e = eigen(covarianceOf(x));
        double total = trace(covarianceOf(x));
        double[] lambda = head(e.values(), k);
        return new Pca.Fit(mean, components(e, k, null), lambda, map(lambda, v -> v / total),
                map(lambda, v -> Math.sqrt(v * (n - 1))));
    }

    private static double[][] covarianceOf(double[][] x) {
        return new Covariance(x, true).getCovarianceMatrix().getData();
    }

    /** X^T X / (n - 1): the "covariance" of data that was not centred. */
    private static double[][] secondMoments(double[][] x) {
        RealMatrix m = new Array2DRowRealMatrix(x);
        return m.transpose().multiply(m).scalarMultiply(1.0 / (x.length - 1)).getData();
    }

    // ---- comparison ------------------------------------------------------------------------------

    private static void compare(String what, double[][] expected, double[][] actual, Tolerance tolerance,
            List<Mistake<double[][]>> mistakes) {
        int cols = expected.length == 0 ? 0 : expected[0].length;
        if (actual == null) {
            throw new AssertionFailedError(what + ": got null, expected an array of shape (" + expected.length + ", "
                    + cols + ")");
        }
        for (int i = 0; i < actual.length; i++) {
            int width = actual[0] == null ? -1 : actual[0].length;
            if (actual[i] == null || actual[i].length != width) {
                throw new AssertionFailedError(what + ": row " + i + " is null or of another length than row 0; expected "
                        + "(" + expected.length + ", " + cols + ")");
            }
        }
        if (actual.length > 0 && actual.length == expected.length && actual[0].length != cols) {
            throw new AssertionFailedError(what + ": wrong shape: expected (" + expected.length + ", " + cols + "), got "
                    + shape(actual));
        }
        if (expected.length == 0 || cols == 0) {
            if (actual.length != expected.length) {
                throw new AssertionFailedError(what + ": wrong shape: expected " + expected.length + " rows of length "
                        + cols + ", got " + shape(actual));
            }
            return;
        }
        List<Mistake<INDArray>> wrapped = new ArrayList<>();
        for (Mistake<double[][]> m : mistakes) {
            Supplier<double[][]> answer = m.answer();
            wrapped.add(new Mistake<>(m.diagnosis(), () -> {
                double[][] a = answer.get();
                return a == null || a.length == 0 ? null : matrix(a);
            }));
        }
        if (actual.length == 0) {
            throw new AssertionFailedError(what + ": wrong shape: expected (" + expected.length + ", " + cols + "), got "
                    + "no rows");
        }
        Compare.assertClose(what, matrix(expected), matrix(actual), tolerance, wrapped);
    }

    private static void compareVector(String what, double[] expected, double[] actual, Tolerance tolerance,
            List<Mistake<double[]>> mistakes) {
        if (actual == null) {
            throw new AssertionFailedError(what + ": got null, expected " + expected.length + " values");
        }
        if (expected.length == 0) {
            if (actual.length != 0) {
                throw new AssertionFailedError(what + ": expected no values (k = 0), got " + actual.length);
            }
            return;
        }
        List<Mistake<INDArray>> wrapped = new ArrayList<>();
        for (Mistake<double[]> m : mistakes) {
            wrapped.add(new Mistake<>(m.diagnosis(), () -> Compare.vector(m.answer().get())));
        }
        Compare.assertClose(what, Compare.vector(expected), Compare.vector(actual), tolerance, wrapped);
    }

    private static void assertOrthonormal(String what, double[][] w) {
        for (int i = 0; i < w.length; i++) {
            for (int l = i; l < w.length; l++) {
                double dot = dot(w[i], w[l]);
                if (Math.abs(dot - (i == l ? 1 : 0)) > 1e-9) {
                    throw new AssertionFailedError(String.format(Locale.ROOT, "%s: the components must be orthonormal "
                            + "rows, but row %d . row %d = %.10g (expected %d)", what, i, l, dot, i == l ? 1 : 0));
                }
            }
        }
    }

    /** The result must be a new array: neither an input nor one of its rows. */
    private static void assertNew(String what, double[][] result, double[][] input) {
        if (result == null) {
            return;
        }
        if (result == input) {
            throw new AssertionFailedError(Mistake.PREFIX + "returned the input array itself where a new array is "
                    + "promised (" + what + "): a caller who changes the result would change the input too.");
        }
        for (double[] row : result) {
            for (double[] in : input) {
                if (row != null && row == in) {
                    throw new AssertionFailedError(Mistake.PREFIX + "returned a row of the input inside the result "
                            + "where a new array is promised (" + what + "): copy the values.");
                }
            }
        }
    }

    private static void rejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the arguments first: at least 2 rows of one width, finite values, k "
                + "in 0..d, some variance, widths that match the fit, no zero-variance component to whiten", call);
    }

    // ---- small matrix helpers --------------------------------------------------------------------

    private static INDArray matrix(double[][] a) {
        int rows = a.length;
        int cols = a[0].length;
        double[] flat = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            if (a[i].length != cols) {
                return null;
            }
            System.arraycopy(a[i], 0, flat, i * cols, cols);
        }
        return Nd4j.create(flat, new long[] {rows, cols}, DataType.DOUBLE);
    }

    private static Tolerance scaled(double[][] a, double abs, double rel) {
        return new Tolerance(abs * scale(a), rel);
    }

    private static double scale(double[][] a) {
        double s = 1;
        for (double[] row : a) {
            s = Math.max(s, scale(row));
        }
        return s;
    }

    private static double scale(double[] a) {
        double s = 1;
        for (double v : a) {
            s = Math.max(s, Math.abs(v));
        }
        return s;
    }

    private static double[][] centre(double[][] x, double[] mean) {
        double[][] c = new double[x.length][mean.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                c[i][j] = x[i][j] - mean[j];
            }
        }
        return c;
    }

    private static double[][] addRows(double[][] a, double[] mean) {
        double[][] out = new double[a.length][mean.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                out[i][j] = a[i][j] + mean[j];
            }
        }
        return out;
    }

    private static double[][] divideColumns(double[][] a, double[] by) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = a[i][j] / by[j];
            }
        }
        return out;
    }

    private static double[][] timesColumns(double[][] a, double[] by) {
        return divideColumns(a, map(by, v -> 1 / v));
    }

    private static double[][] times(double[][] a, double factor) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = map(a[i], v -> v * factor);
        }
        return out;
    }

    private static double[][] transpose(double[][] a, int cols) {
        double[][] t = new double[cols][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < cols; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static double[] column(double[][] x, int j) {
        double[] c = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i][j];
        }
        return c;
    }

    private static double[] head(double[] v, int k) {
        return Arrays.copyOf(v, k);
    }

    private static double trace(double[][] a) {
        double t = 0;
        for (int i = 0; i < a.length; i++) {
            t += a[i][i];
        }
        return t;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] map(double[] v, java.util.function.DoubleUnaryOperator f) {
        return Arrays.stream(v).map(f).toArray();
    }

    private static String shape(double[][] x) {
        return "(" + x.length + ", " + (x.length == 0 || x[0] == null ? 0 : x[0].length) + ")";
    }

    // ---- inputs ----------------------------------------------------------------------------------

    /**
     * n rows of d correlated features: standard normal scores times a random mixing matrix, each
     * feature with its own scale and a mean far from 0 (so that forgetting to centre shows).
     */
    private static double[][] correlated(Random random, int n, int d) {
        double[][] mix = new double[d][d];
        for (int a = 0; a < d; a++) {
            double scale = 0.3 + 3 * random.nextDouble();
            for (int b = 0; b < d; b++) {
                mix[a][b] = scale * random.nextGaussian();
            }
        }
        double[] offset = new double[d];
        for (int j = 0; j < d; j++) {
            offset[j] = 5 + 10 * random.nextDouble();
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            double[] z = new double[d];
            for (int a = 0; a < d; a++) {
                z[a] = random.nextGaussian();
            }
            for (int j = 0; j < d; j++) {
                double v = offset[j];
                for (int a = 0; a < d; a++) {
                    v += z[a] * mix[a][j];
                }
                x[i][j] = v;
            }
        }
        return x;
    }
}
