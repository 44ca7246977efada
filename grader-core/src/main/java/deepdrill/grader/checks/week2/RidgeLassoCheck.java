package deepdrill.grader.checks.week2;

import static deepdrill.grader.checks.week2.RegressionData.column;
import static deepdrill.grader.checks.week2.RegressionData.linear;
import static deepdrill.grader.checks.week2.RegressionData.prepend;
import static deepdrill.grader.checks.week2.RegressionData.shape;
import static deepdrill.grader.checks.week2.RegressionData.standardised;

import deepdrill.datasets.AutoMpg;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareScalar;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.week2.RidgeLasso;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code ridge-lasso}. Ridge against Commons Math 3.6.1's {@code OLSMultipleLinearRegression} (a QR
 * solve, no intercept of its own) on the augmented problem: rows [1, x_i] with targets y_i, then D rows [0,
 * sqrt(alpha) e_j] with targets 0, which is ridge with an unpenalised intercept; and the gradient of the ridge
 * objective at the learner's answer must vanish. The lasso against its optimality (KKT) conditions at a
 * converged answer: the residuals sum to 0, |X_j^T r| / n &lt;= alpha where b_j = 0 and X_j^T r / n = alpha
 * sign(b_j) elsewhere; at alpha = 0 it must be Commons Math's OLS; and, along the fixed path, against
 * coordinate descent written again here with Commons Math vectors. alpha_max against Commons Math's population
 * {@code Covariance}, max_j |cov(x_j, y)|, and as the point where the lasso becomes all zeros. The
 * soft-threshold against its case-by-case closed form.
 *
 * <p>Covered: soft-thresholds exactly at +gamma and -gamma (0), gamma = 0, z = 0, infinite z, tiny and huge
 * magnitudes; ridge with alpha = 0 (OLS), a huge alpha (every weight near 0, the intercept near mean(y)), a
 * constant feature (weight 0), two identical columns (equal weights, alpha &gt; 0 only), D = 0, n = 1,
 * features far from 0 (where a penalised intercept shows), Auto MPG; the lasso at alpha = 0, at alpha_max
 * exactly (all zeros), just below it (one weight leaves 0), with a constant feature, with maxSweeps = 0, 1 and
 * 2 and a loose tolerance (the stopping rule), standardised Auto MPG; alpha_max with a negative covariance the
 * largest in size, a constant y (0), D = 0 (0); rejected: a negative, NaN or infinite alpha or gamma, a NaN z,
 * negative maxSweeps, a negative or NaN tolerance, empty, ragged or non-finite x, y of another length, alpha =
 * 0 with collinear features, a constant feature or n &lt;= D (the message says "singular"); an
 * IllegalArgumentException on valid input fails. Every input must be left unchanged. Named: the intercept
 * penalised, ridge's alpha multiplied by n, no intercept, the soft-threshold without its clip at 0, one-sided,
 * with its sign lost, moving z away from 0, by gamma / 2; the lasso without the 1/n scaling, with a residual
 * never updated after a coordinate step; alpha_max without dividing by n, divided by n - 1, uncentred, without
 * the absolute value.
 */
@ExerciseCheck
class RidgeLassoCheck {

    private static final Tolerance EXACT = new Tolerance(1e-12, 1e-12);
    private static final Tolerance FIT = new Tolerance(1e-9, 1e-7);
    private static final Tolerance PATH = new Tolerance(1e-10, 1e-8);

    private static final String PENALISED_INTERCEPT = "penalised the intercept: alpha ||b||^2 leaves b0 out (centre x "
            + "and y, solve for b, then b0 = mean(y) - mean(x) . b), or the fit depends on where y's origin is.";
    private static final String ALPHA_TIMES_N = "scaled alpha by n: this ridge's objective sums the squared errors, "
            + "||y - b0 - X b||^2 + alpha ||b||^2, so X^T X gets + alpha I, not + n alpha I.";
    private static final String NO_INTERCEPT = "fitted no intercept: centre x and y first (or keep a column of ones "
            + "that is not penalised), and return b0 = mean(y) - mean(x) . b first.";
    private static final String NO_CLIP = "left out the clip at 0: S(z, gamma) = sign(z) max(|z| - gamma, 0) is 0 for "
            + "|z| <= gamma, not z - gamma sign(z) (which crosses 0).";
    private static final String ONE_SIDED = "only thresholded the positive side, max(z - gamma, 0): a negative z below "
            + "-gamma gives z + gamma.";
    private static final String LOST_SIGN = "lost z's sign: S(z, gamma) = sign(z) max(|z| - gamma, 0).";
    private static final String AWAY = "moved z away from 0 (added gamma to |z|): the threshold shrinks towards 0, "
            + "|z| - gamma.";
    private static final String HALF = "subtracted gamma / 2: the lasso's coordinate step thresholds rho_j at alpha "
            + "itself, S(z, gamma) = sign(z) max(|z| - gamma, 0).";
    private static final String NO_1_OVER_N = "left out the 1/n scaling: this lasso minimises (1/(2n)) ||r||^2 + alpha "
            + "||b||_1, so rho_j = (1/n) Xc_j^T r + z_j b_j with z_j = (1/n) ||Xc_j||^2, thresholded at alpha (without "
            + "1/n the effective penalty is n times smaller).";
    private static final String STALE_RESIDUAL = "did not update the residual after a coordinate step: r -= Xc_j "
            + "(new b_j - old b_j) at once, so that the next coordinate sees the change.";
    private static final String MAX_TIMES_N = "did not divide by n: alpha_max = max_j |Xc_j^T yc| / n, the lasso's "
            + "objective being scaled by 1/(2n).";
    private static final String MAX_N_MINUS_1 = "divided by n - 1 (a sample covariance): alpha_max divides by n.";
    private static final String MAX_UNCENTRED = "did not centre x and y: alpha_max uses the centred Xc_j^T yc, since "
            + "the unpenalised intercept absorbs the means.";
    private static final String MAX_NO_ABS = "took the largest signed Xc_j^T yc / n: a feature with a large negative "
            + "correlation leaves 0 first too; take absolute values.";

    private static final AutoMpg AUTO = AutoMpg.load();

    @Test
    @DisplayName("the soft-threshold S(z, gamma) = sign(z) max(|z| - gamma, 0)")
    void softThreshold(Random random) {
        double[][] cases = {{3, 1}, {-3, 1}, {0.5, 1}, {-0.5, 1}, {1, 1}, {-1, 1}, {0, 1}, {2.5, 0}, {-2.5, 0}, {0, 0},
                {Double.POSITIVE_INFINITY, 2}, {Double.NEGATIVE_INFINITY, 2}, {1e-300, 1e-301}, {-1e300, 1e299}};
        for (double[] c : cases) {
            checkThreshold(c[0], c[1]);
        }
        for (int i = 0; i < 8; i++) {
            checkThreshold(3 * random.nextGaussian(), 2 * random.nextDouble());
        }
    }

    @Test
    @DisplayName("ridge: Commons Math on the augmented problem, intercept unpenalised; the gradient is 0 there")
    void ridge(Random random) {
        double[][] x = normal(random, 12, 3, 40, 5);   // far from 0: a penalised intercept shows
        double[] y = linear(random, x, 0.5);
        checkRidge("alpha = 0 (OLS)", x, y, 0);
        checkRidge("alpha = 1", x, y, 1);
        checkRidge("alpha = 1e8", x, y, 1e8);
        double[][] constant = normal(random, 10, 2, 0, 1);
        double[][] twins = normal(random, 10, 3, 0, 1);
        for (int i = 0; i < 10; i++) {
            constant[i][1] = 4;
            twins[i][2] = twins[i][0];
        }
        checkRidge("a constant feature", constant, linear(random, constant, 0.1), 0.5);
        checkRidge("two identical columns", twins, linear(random, twins, 0.1), 2);
        checkRidge("D = 0", new double[5][0], normal(random, 5), 3);
        checkRidge("n = 1", new double[][] {{2, -1}}, new double[] {3}, 1);
        for (int i = 0; i < 2; i++) {
            int d = 1 + random.nextInt(5);
            double[][] xs = normal(random, d + 2 + random.nextInt(30), d, 5 * random.nextGaussian(), 3);
            checkRidge("synthetic", xs, linear(random, xs, 1), 10 * random.nextDouble());
        }
        checkRidge("Auto MPG", AUTO.features(), AUTO.mpg(), 100);
    }

    @Test
    @DisplayName("alpha_max = max_j |cov(x_j, y)| (population): the smallest alpha that zeroes the lasso")
    void alphaMax(Random random) {
        double[][] x = {{1, 0}, {2, 5}, {3, 1}, {4, 2}};
        checkAlphaMax("a negative covariance the largest", x, new double[] {-10, -30, 0, 10});   // 11.25 and -17.5
        checkAlphaMax("a constant y", x, new double[] {2, 2, 2, 2});
        checkAlphaMax("D = 0", new double[3][0], new double[] {1, 2, 4});
        for (int i = 0; i < 3; i++) {
            double[][] xs = normal(random, 3 + random.nextInt(30), 1 + random.nextInt(5), 10, 2);
            checkAlphaMax("synthetic", xs, linear(random, xs, 1));
        }
        checkAlphaMax("Auto MPG", AUTO.features(), AUTO.mpg());
    }

    @Test
    @DisplayName("the lasso's coordinate descent follows the fixed path (cyclic order, sweeps, stopping rule)")
    void lassoPath(Random random) {
        double[][] x = normal(random, 15, 3, 2, 1);
        double[] y = linear(random, x, 0.5);
        double alphaMax = alphaMax(x, y);
        checkPath("0 sweeps", x, y, 0.1 * alphaMax, 0, 0);
        checkPath("1 sweep", x, y, 0.1 * alphaMax, 1, 0);
        checkPath("2 sweeps", x, y, 0.3 * alphaMax, 2, 0);
        checkPath("a loose tolerance", x, y, 0.05 * alphaMax, 1000, 1e-2);
        double[][] constant = normal(random, 12, 3, 0, 1);
        for (double[] row : constant) {
            row[1] = -2;
        }
        checkPath("a constant feature", constant, linear(random, constant, 0.3), 0.01, 5, 0);
        for (int i = 0; i < 3; i++) {
            int d = 1 + random.nextInt(6);
            double[][] xs = normal(random, 5 + random.nextInt(30), d, random.nextGaussian(), 2);
            double[] ys = linear(random, xs, 1);
            checkPath("synthetic", xs, ys, alphaMax(xs, ys) * random.nextDouble(), 1 + random.nextInt(8), 0);
        }
    }

    @Test
    @DisplayName("the converged lasso meets the optimality (KKT) conditions; alpha = 0 is OLS, alpha_max all zeros")
    void lassoOptimality(Random random) {
        double[][] x = normal(random, 30, 4, 3, 2);
        double[] y = linear(random, x, 0.5);
        double alphaMax = alphaMax(x, y);
        checkKkt("alpha_max", x, y, alphaMax);
        checkKkt("0.999 alpha_max", x, y, 0.999 * alphaMax);
        checkKkt("0.3 alpha_max", x, y, 0.3 * alphaMax);
        checkKkt("alpha = 0", x, y, 0);
        double[] zero = valid("lasso(x [30][4], y, alpha 0, maxSweeps 100000, tolerance 1e-14)",
                () -> Guarded.call(in -> RidgeLasso.lasso(in.copy("x", x), in.copy("y", y), 0, 100_000, 1e-14)));
        Compare.assertClose("lasso(x [30][4], y, alpha 0) against Commons Math's OLS", Compare.vector(ols(x, y)),
                Compare.vector(zero), new Tolerance(1e-7, 1e-6), List.of());
        double[] atMax = valid("lasso(x [30][4], y, alpha_max, maxSweeps 100, tolerance 1e-12)",
                () -> Guarded.call(in -> RidgeLasso.lasso(in.copy("x", x), in.copy("y", y), alphaMax, 100, 1e-12)));
        double[] expected = new double[5];
        expected[0] = Arrays.stream(y).average().orElseThrow();
        Compare.assertClose("lasso(x [30][4], y, alpha = alpha_max " + fmt(alphaMax) + "): every weight 0, the intercept "
                + "mean(y)", Compare.vector(expected), Compare.vector(atMax), FIT,
                List.of(Mistake.giving(NO_1_OVER_N, Compare.vector(path(x, y, alphaMax, 100, 1e-12,
                        new Rule(false, true, RidgeLassoCheck::threshold))))));
        double[][] z = standardised(AUTO.features());
        double autoMax = alphaMax(z, AUTO.mpg());
        checkKkt("standardised Auto MPG, 0.05 alpha_max", z, AUTO.mpg(), 0.05 * autoMax);
    }

    @Test
    @DisplayName("bad input throws IllegalArgumentException")
    void rejectsBadInput() {
        double[][] x = {{1, 2}, {2, 1}, {3, 5}, {4, 3}};
        double[] y = {1, 2, 3, 5};
        double[][] collinear = {{1, 2}, {2, 4}, {3, 6}, {4, 8}};
        rejected("softThreshold(1, -0.5)", () -> RidgeLasso.softThreshold(1, -0.5));
        rejected("softThreshold(1, NaN)", () -> RidgeLasso.softThreshold(1, Double.NaN));
        rejected("softThreshold(1, Infinity)", () -> RidgeLasso.softThreshold(1, Double.POSITIVE_INFINITY));
        rejected("softThreshold(NaN, 1)", () -> RidgeLasso.softThreshold(Double.NaN, 1));
        rejected("ridge(x, y, -1)", () -> RidgeLasso.ridge(x, y, -1));
        rejected("ridge(x, y, NaN)", () -> RidgeLasso.ridge(x, y, Double.NaN));
        rejected("ridge(x, y, Infinity)", () -> RidgeLasso.ridge(x, y, Double.POSITIVE_INFINITY));
        rejected("ridge({}, {}, 1)", () -> RidgeLasso.ridge(new double[0][], new double[0], 1));
        rejected("ridge(ragged x, y, 1)", () -> RidgeLasso.ridge(new double[][] {{1, 2}, {3}, {4, 5}, {6, 7}}, y, 1));
        rejected("ridge(x, y of 3 values, 1)", () -> RidgeLasso.ridge(x, new double[] {1, 2, 3}, 1));
        rejected("ridge(x with NaN, y, 1)", () -> RidgeLasso.ridge(new double[][] {{1, 2}, {2, Double.NaN}, {3, 5},
                {4, 3}}, y, 1));
        singular("ridge(x with x1 = 2 x0, y, alpha 0)", () -> RidgeLasso.ridge(collinear, y, 0));
        singular("ridge(x with a constant x1 = 4, y, alpha 0)", () -> RidgeLasso.ridge(new double[][] {{1, 4}, {2, 4},
                {3, 4}, {5, 4}}, y, 0));
        singular("ridge(2 rows, D = 2, alpha 0)", () -> RidgeLasso.ridge(new double[][] {{1, 2}, {3, 1}}, new double[] {1, 2},
                0));
        rejected("lasso(x, y, -1, 10, 0)", () -> RidgeLasso.lasso(x, y, -1, 10, 0));
        rejected("lasso(x, y, NaN, 10, 0)", () -> RidgeLasso.lasso(x, y, Double.NaN, 10, 0));
        rejected("lasso(x, y, 0.1, -1, 0)", () -> RidgeLasso.lasso(x, y, 0.1, -1, 0));
        rejected("lasso(x, y, 0.1, 10, -1e-6)", () -> RidgeLasso.lasso(x, y, 0.1, 10, -1e-6));
        rejected("lasso(x, y, 0.1, 10, NaN)", () -> RidgeLasso.lasso(x, y, 0.1, 10, Double.NaN));
        rejected("lasso(x, y with Infinity, 0.1, 10, 0)", () -> RidgeLasso.lasso(x,
                new double[] {1, Double.POSITIVE_INFINITY, 3, 5}, 0.1, 10, 0));
        rejected("lassoAlphaMax({}, {})", () -> RidgeLasso.lassoAlphaMax(new double[0][], new double[0]));
        rejected("lassoAlphaMax(x, y of 5 values)", () -> RidgeLasso.lassoAlphaMax(x, new double[] {1, 2, 3, 4, 5}));
    }

    // ---- the soft-threshold ----------------------------------------------------------------------

    private static double threshold(double z, double gamma) {
        return Math.abs(z) <= gamma ? 0 : Math.copySign(Math.abs(z) - gamma, z);
    }

    private static void checkThreshold(double z, double gamma) {
        double actual = Guarded.call(in -> RidgeLasso.softThreshold(z, gamma));
        double expected = threshold(z, gamma);
        double sign = Math.signum(z);
        CompareScalar.assertClose("softThreshold(" + fmt(z) + ", " + fmt(gamma) + ")", expected, actual, EXACT, List.of(
                Mistake.giving(NO_CLIP, z - gamma * sign),
                Mistake.giving(ONE_SIDED, Math.max(z - gamma, 0)),
                Mistake.giving(LOST_SIGN, Math.max(Math.abs(z) - gamma, 0)),
                Mistake.giving(AWAY, z + gamma * sign),
                Mistake.giving(HALF, sign * Math.max(Math.abs(z) - gamma / 2, 0))));
    }

    // ---- ridge ----------------------------------------------------------------------------------

    private static void checkRidge(String name, double[][] x, double[] y, double alpha) {
        String what = "ridge(" + name + ": x " + shape(x) + ", y, alpha " + fmt(alpha) + ")";
        double[] actual = valid(what, () -> Guarded.call(in -> RidgeLasso.ridge(in.copy("x", x), in.copy("y", y),
                alpha)));
        int n = x.length;
        int d = x[0].length;
        double[] expected = augmented(x, y, alpha, 0, true);
        List<Mistake<INDArray>> mistakes = new ArrayList<>();
        if (alpha > 0 && d > 0) {
            mistakes.add(Mistake.giving(PENALISED_INTERCEPT, Compare.vector(augmented(x, y, alpha, alpha, true))));
            if (n > 1) {
                mistakes.add(Mistake.giving(ALPHA_TIMES_N, Compare.vector(augmented(x, y, n * alpha, 0, true))));
            }
        }
        if (d > 0) {
            double[] through = augmented(x, y, alpha, 0, false);
            mistakes.add(Mistake.giving(NO_INTERCEPT, Compare.vector(through)));
            mistakes.add(Mistake.giving(NO_INTERCEPT, Compare.vector(prepend(0, through))));
        }
        Compare.assertClose(what, Compare.vector(expected), Compare.vector(actual), FIT, mistakes);
        assertRidgeGradientZero(what, x, y, alpha, actual);
    }

    /**
     * Ridge by Commons Math's OLS without its own intercept, on rows [1, x_i] (or [x_i] without an
     * intercept) then D rows sqrt(alpha) e_j with target 0 (and, for {@code interceptPenalty} &gt; 0,
     * one row sqrt(interceptPenalty) on the intercept's column). With n = 1 the solution is
     * b = 0 and b0 = y (Commons needs more rows than that).
     */
    private static double[] augmented(double[][] x, double[] y, double alpha, double interceptPenalty, boolean intercept) {
        int n = x.length;
        int d = x[0].length;
        if (d == 0) {
            return new double[] {Arrays.stream(y).average().orElseThrow()};
        }
        if (n == 1 && intercept && interceptPenalty == 0) {
            return prepend(y[0], new double[d]);
        }
        int p = d + (intercept ? 1 : 0);
        int shift = intercept ? 1 : 0;
        List<double[]> rows = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(intercept ? prepend(1, x[i]) : x[i].clone());
            targets.add(y[i]);
        }
        for (int j = 0; j < d; j++) {
            double[] row = new double[p];
            row[j + shift] = Math.sqrt(alpha);
            rows.add(row);
            targets.add(0.0);
        }
        if (intercept && interceptPenalty > 0) {
            double[] row = new double[p];
            row[0] = Math.sqrt(interceptPenalty);
            rows.add(row);
            targets.add(0.0);
        }
        while (rows.size() < p + 1) {   // Commons asks for more rows than columns; a zero row changes nothing
            rows.add(new double[p]);
            targets.add(0.0);
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.setNoIntercept(true);
        ols.newSampleData(targets.stream().mapToDouble(Double::doubleValue).toArray(), rows.toArray(double[][]::new));
        return ols.estimateRegressionParameters();
    }

    /** d/db0 = -2 sum r_i, d/db_j = -2 sum x_ij r_i + 2 alpha b_j: each must be 0 up to rounding. */
    private static void assertRidgeGradientZero(String what, double[][] x, double[] y, double alpha, double[] b) {
        int d = x[0].length;
        double[] gradient = new double[d + 1];
        double[] scale = new double[d + 1];
        for (int i = 0; i < x.length; i++) {
            RealVector row = MatrixUtils.createRealVector(prepend(1, x[i]));
            double fitted = row.dotProduct(MatrixUtils.createRealVector(b));
            double r = y[i] - fitted;
            double size = Math.abs(y[i]) + row.map(Math::abs).dotProduct(MatrixUtils.createRealVector(b).map(Math::abs));
            for (int j = 0; j <= d; j++) {
                gradient[j] += -2 * row.getEntry(j) * r;
                scale[j] += 2 * Math.abs(row.getEntry(j)) * size;
            }
        }
        for (int j = 1; j <= d; j++) {
            gradient[j] += 2 * alpha * b[j];
            scale[j] += 2 * alpha * Math.abs(b[j]);
        }
        for (int j = 0; j <= d; j++) {
            if (Math.abs(gradient[j]) > 1e-9 * scale[j] + 1e-12) {
                throw new AssertionFailedError(what + ": the gradient of ||y - b0 - X b||^2 + alpha ||b||^2 at your "
                        + "coefficients is not 0: d/d" + (j == 0 ? "b0" : "b" + j) + " = " + fmt(gradient[j])
                        + " (allowed " + fmt(1e-9 * scale[j]) + "). " + (j == 0 ? "The intercept is not penalised." : ""));
            }
        }
    }

    // ---- alpha_max -------------------------------------------------------------------------------

    /** max_j |cov(x_j, y)|, the population covariance (divided by n), by Commons Math. */
    private static double alphaMax(double[][] x, double[] y) {
        return alphaMaxBy(x, y, (a, b) -> x.length < 2 ? 0 : new Covariance().covariance(a, b, false), true);
    }

    private static double alphaMaxBy(double[][] x, double[] y, Cov cov, boolean abs) {
        double max = abs ? 0 : Double.NEGATIVE_INFINITY;
        for (int j = 0; j < x[0].length; j++) {
            double c = cov.of(column(x, j), y);
            max = Math.max(max, abs ? Math.abs(c) : c);
        }
        return x[0].length == 0 ? 0 : max;
    }

    @FunctionalInterface
    private interface Cov {
        double of(double[] a, double[] b);
    }

    private static void checkAlphaMax(String name, double[][] x, double[] y) {
        double actual = Guarded.call(in -> RidgeLasso.lassoAlphaMax(in.copy("x", x), in.copy("y", y)));
        int n = x.length;
        double expected = alphaMax(x, y);
        List<Mistake<Double>> mistakes = new ArrayList<>(List.of(Mistake.giving(MAX_TIMES_N, n * expected)));
        if (n > 1) {
            mistakes.add(Mistake.giving(MAX_N_MINUS_1, n * expected / (n - 1)));
        }
        mistakes.add(Mistake.giving(MAX_UNCENTRED, alphaMaxBy(x, y, (a, b) ->
                MatrixUtils.createRealVector(a).dotProduct(MatrixUtils.createRealVector(b)) / n, true)));
        mistakes.add(Mistake.giving(MAX_NO_ABS, alphaMaxBy(x, y, (a, b) ->
                n < 2 ? 0 : new Covariance().covariance(a, b, false), false)));
        CompareScalar.assertClose("lassoAlphaMax(" + name + ": x " + shape(x) + ", y)", expected, actual, FIT, mistakes);
    }

    // ---- the lasso's path, written again ---------------------------------------------------------

    /** One way of walking the path; {@code perN} and {@code updateResidual} true and the right threshold are the exercise's. */
    private record Rule(boolean perN, boolean updateResidual, DoubleBinaryOperator threshold) {
        static final Rule RIGHT = new Rule(true, true, RidgeLassoCheck::threshold);
    }

    private static double[] path(double[][] x, double[] y, double alpha, int maxSweeps, double tolerance, Rule rule) {
        int n = x.length;
        int d = x[0].length;
        double yMean = Arrays.stream(y).average().orElseThrow();
        RealVector yc = MatrixUtils.createRealVector(y).mapSubtract(yMean);
        RealVector[] xc = new RealVector[d];
        double[] means = new double[d];
        for (int j = 0; j < d; j++) {
            means[j] = Arrays.stream(column(x, j)).average().orElseThrow();
            xc[j] = MatrixUtils.createRealVector(column(x, j)).mapSubtract(means[j]);
        }
        double scale = rule.perN() ? n : 1;
        RealVector b = MatrixUtils.createRealVector(new double[d]);
        RealVector r = yc.copy();
        for (int sweep = 0; sweep < maxSweeps; sweep++) {
            double largest = 0;
            for (int j = 0; j < d; j++) {
                double z = xc[j].dotProduct(xc[j]) / scale;
                if (z == 0) {
                    continue;
                }
                double old = b.getEntry(j);
                double rho = xc[j].dotProduct(r) / scale + z * old;
                double updated = rule.threshold().applyAsDouble(rho, alpha) / z;
                b.setEntry(j, updated);
                if (rule.updateResidual()) {
                    r = r.subtract(xc[j].mapMultiply(updated - old));
                }
                largest = Math.max(largest, Math.abs(updated - old));
            }
            if (largest <= tolerance) {
                break;
            }
        }
        return prepend(yMean - MatrixUtils.createRealVector(means).dotProduct(b), b.toArray());
    }

    private static void checkPath(String name, double[][] x, double[] y, double alpha, int maxSweeps, double tolerance) {
        String what = String.format(Locale.ROOT, "lasso(%s: x %s, y, alpha %s, maxSweeps %d, tolerance %s)", name,
                shape(x), fmt(alpha), maxSweeps, fmt(tolerance));
        double[] actual = valid(what, () -> Guarded.call(in -> RidgeLasso.lasso(in.copy("x", x), in.copy("y", y), alpha,
                maxSweeps, tolerance)));
        List<Mistake<INDArray>> mistakes = List.of(
                variant(NO_1_OVER_N, x, y, alpha, maxSweeps, tolerance, new Rule(false, true, RidgeLassoCheck::threshold)),
                variant(STALE_RESIDUAL, x, y, alpha, maxSweeps, tolerance,
                        new Rule(true, false, RidgeLassoCheck::threshold)),
                variant(NO_CLIP, x, y, alpha, maxSweeps, tolerance, new Rule(true, true, (z, g) -> z - g * Math.signum(z))),
                variant(ONE_SIDED, x, y, alpha, maxSweeps, tolerance, new Rule(true, true, (z, g) -> Math.max(z - g, 0))),
                variant(HALF, x, y, alpha, maxSweeps, tolerance, new Rule(true, true, (z, g) -> threshold(z, g / 2))));
        Compare.assertClose(what, Compare.vector(path(x, y, alpha, maxSweeps, tolerance, Rule.RIGHT)),
                Compare.vector(actual), PATH, mistakes);
    }

    private static Mistake<INDArray> variant(String diagnosis, double[][] x, double[] y, double alpha, int maxSweeps,
            double tolerance, Rule rule) {
        return new Mistake<>(diagnosis, () -> Compare.vector(path(x, y, alpha, maxSweeps, tolerance, rule)));
    }

    /**
     * Runs the lasso to convergence and checks the subgradient conditions of (1/(2n)) ||r||^2 + alpha
     * ||b||_1 with r = y - b0 - X b: sum r = 0; |X_j^T r| / n &lt;= alpha where b_j = 0, and
     * X_j^T r / n = alpha sign(b_j) elsewhere.
     */
    private static void checkKkt(String name, double[][] x, double[] y, double alpha) {
        String what = "lasso(" + name + ": x " + shape(x) + ", y, alpha " + fmt(alpha) + ", maxSweeps 100000, tolerance "
                + "1e-13)";
        double[] b = valid(what, () -> Guarded.call(in -> RidgeLasso.lasso(in.copy("x", x), in.copy("y", y), alpha,
                100_000, 1e-13)));
        int n = x.length;
        int d = x[0].length;
        if (b == null || b.length != d + 1) {
            throw new AssertionFailedError(what + ": expected " + (d + 1) + " coefficients (intercept first), got "
                    + (b == null ? "null" : b.length));
        }
        String problem = kktProblem(x, y, b, alpha);
        if (problem != null) {
            String named = alpha > 0 && kktProblem(x, y, b, alpha / n) == null ? Mistake.PREFIX + NO_1_OVER_N + "\n" : "";
            throw new AssertionFailedError(named + what + " is not optimal: " + problem);
        }
    }

    /** Null when b meets the conditions for this alpha; otherwise the first one it breaks. */
    private static String kktProblem(double[][] x, double[] y, double[] b, double alpha) {
        int n = x.length;
        double[] r = new double[n];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            RealVector row = MatrixUtils.createRealVector(prepend(1, x[i]));
            r[i] = y[i] - row.dotProduct(MatrixUtils.createRealVector(b));
            scale = Math.max(scale, Math.abs(y[i]));
        }
        double slack = 1e-7 * Math.max(alpha, 1e-3 * scale);
        double mean = Arrays.stream(r).sum() / n;
        if (Math.abs(mean) > 1e-9 * Math.max(1, scale)) {
            return "the residuals y - b0 - X b average " + fmt(mean) + ", not 0: the unpenalised intercept's optimality "
                    + "needs sum r = 0 (b0 = mean(y) - mean(x) . b)";
        }
        for (int j = 0; j < x[0].length; j++) {
            double c = MatrixUtils.createRealVector(column(x, j)).dotProduct(MatrixUtils.createRealVector(r)) / n;
            double bj = b[j + 1];
            if (bj == 0 ? Math.abs(c) > alpha + slack : Math.abs(c - alpha * Math.signum(bj)) > slack) {
                return "for b_" + (j + 1) + " = " + fmt(bj) + ", X_" + j + "^T r / n = " + fmt(c) + ", but the "
                        + "subgradient condition needs " + (bj == 0 ? "|X_j^T r| / n <= alpha = " + fmt(alpha)
                        : "X_j^T r / n = alpha sign(b_j) = " + fmt(alpha * Math.signum(bj))) + " (slack " + fmt(slack) + ")";
            }
        }
        return null;
    }

    // ---- oracles and inputs ----------------------------------------------------------------------

    private static double[] ols(double[][] x, double[] y) {
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        return ols.estimateRegressionParameters();
    }

    private static double[][] normal(Random random, int n, int d, double mean, double sd) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = mean + sd * random.nextGaussian();
            }
        }
        return x;
    }

    private static double[] normal(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    /** The learner's answer on valid input, where an IllegalArgumentException is a wrong answer, not a crash. */
    private static double[] valid(String what, java.util.function.Supplier<double[]> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw new AssertionFailedError(what + " threw IllegalArgumentException (" + e.getMessage() + "), but this "
                    + "input is valid. A constant feature has z_j = 0: keep its b_j = 0 rather than dividing by z_j; with "
                    + "alpha > 0 ridge is solvable whatever the features.", e);
        }
    }

    private static void singular(String what, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            if (message == null || !message.toLowerCase(Locale.ROOT).contains("singular")) {
                throw new AssertionFailedError(what + ": the IllegalArgumentException's message should say that the "
                        + "system is \"singular\" (see the Javadoc), got "
                        + (message == null ? "no message" : "\"" + message + "\""));
            }
            return;
        } catch (UnsupportedOperationException notImplemented) {
            throw notImplemented;
        } catch (RuntimeException e) {
            throw new AssertionFailedError(what + ": expected IllegalArgumentException saying \"singular\", got " + e, e);
        }
        throw new AssertionFailedError(what + ": expected IllegalArgumentException saying \"singular\", nothing was "
                + "thrown: with alpha = 0 this is OLS, and its X^T X is singular here (check each Cholesky pivot against "
                + "RANK_TOLERANCE * A[k][k]).");
    }

    private static void rejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the arguments first: a non-empty rectangular x, y of the same length, "
                + "finite values, alpha and gamma finite and >= 0, maxSweeps >= 0, a finite tolerance >= 0", call);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.8g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
