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
import deepdrill.week2.LinearRegression;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code linear-regression} against Commons Math 3.6.1's {@code OLSMultipleLinearRegression} (a QR
 * decomposition of X, not the normal equation): its {@code estimateRegressionParameters}, {@code
 * calculateRSquared} and {@code calculateAdjustedRSquared}, and VIF = 1 / (1 - R^2_j) from its fit of each feature
 * on the others. Gradient descent is written again here with Commons Math matrices, batch by batch, the rows
 * shuffled by {@code Collections.shuffle} (which the Javadoc says draws what its Fisher-Yates loop draws), and
 * must match step for step; batch gradient descent on the standardised Auto MPG data must also converge to Commons
 * Math's optimum. The same path with one rule changed names the classic mistakes.
 *
 * <p>Covered: the 392 cars of Auto MPG (7 features of very different scales, VIFs above 10); y = 1 + 2 x exactly
 * (pins intercept-first); D = 0 (the intercept is the mean); n = D + 1 (an exact fit); features far from 0 (where
 * a missing intercept shows); features of magnitude 1e-6 (full rank, though every pivot is below 1e-10 in absolute
 * terms); nearly collinear features that must still be accepted; rejected as singular: an exact linear combination
 * (also of features of magnitude 1e6, whose round-off pivot is far above 1e-10 in absolute terms), a constant
 * feature, an all-zero feature, a repeated column, n &lt; D + 1, duplicated rows that leave fewer distinct rows
 * than coefficients, each message naming the first feature whose pivot fails; predictions with D = 0 and negative
 * weights; R^2 of perfect predictions (1), of the mean (0), and of predictions worse than the mean (negative);
 * adjusted R^2 with p = 0 and at n - p - 1 = 1; VIF of an orthogonal design (exactly 1), of one feature (1), of
 * Auto MPG; gradient descent with 0 epochs (the zero start), a hand-computed first step, batch sizes 1, n - 1, n
 * and one that leaves a last batch of 1, several epochs (the order is reshuffled from the last one); rejected:
 * empty or ragged x, y of another length, NaN and infinite values, a learning rate of 0, -1, NaN or infinity,
 * negative epochs, batch sizes 0 and n + 1, a null random, coefficients of the wrong length, a constant y for R^2,
 * n - p - 1 = 0, negative p, VIF with no feature. Every input must be left unchanged. Named: no intercept column,
 * the intercept put last, the intercept dropped from predictions, the gradient not divided by n (or by the batch
 * size), divided by n instead of the batch size, by batchSize for a smaller last batch, the factor 2 dropped, the
 * last partial batch skipped, no shuffling, the order reshuffled from 0..n-1 each epoch, R^2 with an uncentred
 * total sum of squares, SS_res / SS_tot without the 1 -, adjusted R^2 with n - p or n - p - 2, VIF from a fit
 * without an intercept, VIF returned as R^2_j or 1 - R^2_j.
 */
@ExerciseCheck
class LinearRegressionCheck {

    /** QR (Commons) against a Cholesky solve of X^T X: Auto MPG's X^T X has a condition number near 7e9. */
    private static final Tolerance FIT = new Tolerance(1e-9, 1e-6);
    private static final Tolerance EXACT = new Tolerance(1e-10, 1e-8);
    private static final Tolerance CONVERGED = new Tolerance(1e-6, 1e-5);

    private static final String NO_INTERCEPT = "left out the intercept column: X = [1 | x] needs its column of ones, "
            + "or the fit is forced through the origin (the coefficients are intercept first, D + 1 of them).";
    private static final String INTERCEPT_LAST = "put the intercept last: the coefficients are intercept first, then "
            + "one weight per feature in x's column order.";
    private static final String PREDICT_NO_INTERCEPT = "left the intercept b[0] out of the predictions: yhat = b[0] + "
            + "sum_j b[j + 1] x_ij.";
    private static final String PREDICT_SHIFTED = "paired the weights with the wrong features: b[0] is the intercept, "
            + "so feature j's weight is b[j + 1].";
    private static final String SUMMED = "summed the gradient over the rows without dividing by their number: the "
            + "MSE's gradient is (2/m) sum (X_i b - y_i) X_i, m the rows in the batch (n for batch gradient descent).";
    private static final String NO_TWO = "dropped the factor 2 of the squared error's derivative: the gradient of "
            + "(1/m) sum r_i^2 is (2/m) sum r_i X_i (that is the gradient of half the MSE).";
    private static final String BY_N = "divided each batch's gradient by n, the size of the data set: divide by the "
            + "batch's own size m (the MSE is over the batch's rows).";
    private static final String BY_BATCH_SIZE = "divided the last, smaller batch's gradient by batchSize: divide by "
            + "that batch's own size m = n - (number of full batches) * batchSize.";
    private static final String LAST_DROPPED = "skipped the last batch when batchSize does not divide n: it is smaller, "
            + "but it is a batch, and its rows get their step.";
    private static final String NO_SHUFFLE = "did not shuffle the rows: with batchSize < n each epoch first shuffles "
            + "the order with the given random (Fisher-Yates from the end, or Collections.shuffle).";
    private static final String FRESH_SHUFFLE = "shuffled 0, 1, ..., n - 1 afresh each epoch: the order is shuffled in "
            + "place, continuing from the last epoch's order.";
    private static final String UNCENTRED = "used an uncentred total sum of squares, sum y_i^2: SS_tot = sum (y_i - "
            + "mean(y))^2, the squared error of predicting the mean.";
    private static final String NO_ONE_MINUS = "returned SS_res / SS_tot: R^2 = 1 - SS_res / SS_tot.";
    private static final String DF_N_MINUS_P = "divided by n - p instead of n - p - 1: the intercept is a parameter "
            + "too, so p features and an intercept leave n - p - 1 degrees of freedom.";
    private static final String DF_N_MINUS_P_2 = "divided by n - p - 2, counting the intercept twice: p is the number of "
            + "features, and adj R^2 = 1 - (1 - R^2) (n - 1) / (n - p - 1).";
    private static final String DF_N = "used n / (n - p - 1) instead of (n - 1) / (n - p - 1).";
    private static final String VIF_NO_INTERCEPT = "regressed each feature on the others without an intercept: R^2_j "
            + "must come from a fit with an intercept (or a feature far from 0 looks explained by any other).";
    private static final String VIF_R2 = "returned R^2_j: VIF_j = 1 / (1 - R^2_j).";
    private static final String VIF_ONE_MINUS = "returned 1 - R^2_j (the tolerance): VIF_j is its reciprocal.";

    private static final AutoMpg AUTO = AutoMpg.load();

    @Test
    @DisplayName("the normal equation: intercept first, equal to Commons Math's OLS (Auto MPG and synthetic data)")
    void normalEquation(Random random) {
        checkFit("y = 1 + 2x", new double[][] {{0}, {1}, {2}, {3}}, new double[] {1, 3, 5, 7});
        checkFit("intercept only (D = 0)", new double[6][0], new double[] {3, -1, 4, 1, 5, 9});
        checkFit("n = D + 1 (exact fit)", normal(random, 3, 2, 0, 1), normal(random, 3));
        for (int i = 0; i < 3; i++) {
            int d = 1 + random.nextInt(5);
            double[][] x = normal(random, d + 2 + random.nextInt(40), d, 50, 10);   // far from 0
            checkFit("synthetic", x, linear(random, x, 0.5));
        }
        double[][] near = normal(random, 30, 3, 0, 1);
        for (double[] row : near) {
            row[2] = row[0] - row[1] + 1e-3 * random.nextGaussian();   // nearly, not exactly, collinear
        }
        checkFit("nearly collinear", near, linear(random, near, 0.1));
        double[][] tiny = normal(random, 25, 3, 0, 1e-6);   // every entry of X^T X but A[0][0] below 1e-10
        checkFit("features of magnitude 1e-6", tiny, linear(random, tiny, 1e-7));
        checkFit("Auto MPG", AUTO.features(), AUTO.mpg());
    }

    @Test
    @DisplayName("collinear or constant features, too few rows: IllegalArgumentException saying \"singular\"")
    void rejectsSingular(Random random) {
        double[][] combination = normal(random, 20, 3, 0, 1);
        double[][] constant = normal(random, 20, 3, 0, 1);
        double[][] zero = normal(random, 20, 2, 0, 1);
        double[][] repeated = normal(random, 20, 3, 0, 1);
        double[][] large = normal(random, 20, 3, 0, 1e6);
        for (int i = 0; i < 20; i++) {
            large[i][2] = large[i][0] + large[i][1];
            combination[i][2] = 2 * combination[i][0] - 0.5 * combination[i][1];
            constant[i][1] = 3.5;
            zero[i][0] = 0;
            repeated[i][2] = repeated[i][0];
        }
        double[][] two = normal(random, 2, 2, 0, 1);
        double[][] duplicated = {two[0], two[1], two[0].clone(), two[1].clone()};
        double[][] wide = normal(random, 2, 3, 0, 1);
        singular("normalEquation(x with x2 = 2 x0 - 0.5 x1)", 2, () -> LinearRegression.normalEquation(combination, normal(random, 20)));
        singular("normalEquation(x with a constant x1 = 3.5)", 1, () -> LinearRegression.normalEquation(constant, normal(random, 20)));
        singular("normalEquation(x with x0 = 0 throughout)", 0, () -> LinearRegression.normalEquation(zero, normal(random, 20)));
        // Pivots scale with the features' squares: here round-off leaves one near 1e-4, which only a
        // tolerance relative to A[k][k] recognises as 0.
        singular("normalEquation(x of magnitude 1e6 with x2 = x0 + x1)", 2,
                () -> LinearRegression.normalEquation(large, normal(random, 20)));
        singular("normalEquation(x with x2 a copy of x0)", 2, () -> LinearRegression.normalEquation(repeated, normal(random, 20)));
        singular("normalEquation(4 rows, 2 of them distinct, D = 2)", 1,
                () -> LinearRegression.normalEquation(duplicated, normal(random, 4)));
        singular("normalEquation(n = 2 rows, D = 3)", 1, () -> LinearRegression.normalEquation(wide, normal(random, 2)));
        singular("vif(x with x2 = 2 x0 - 0.5 x1)", 2, () -> LinearRegression.vif(combination));
        singular("vif(x with a constant x1)", 1, () -> LinearRegression.vif(constant));
    }

    @Test
    @DisplayName("predictions: b[0] + sum_j b[j + 1] x_ij")
    void predict(Random random) {
        checkPredict(new double[][] {{1, 2}, {0, 0}, {-1, 3}}, new double[] {0.5, 2, -1});
        checkPredict(new double[4][0], new double[] {2.5});
        for (int i = 0; i < 3; i++) {
            int d = 1 + random.nextInt(5);
            checkPredict(normal(random, 1 + random.nextInt(20), d, 3, 2), normal(random, d + 1));
        }
    }

    @Test
    @DisplayName("R^2 and adjusted R^2: Commons Math's on OLS fits; of other predictions, negative ones too")
    void rSquared(Random random) {
        checkR2("perfect predictions", new double[] {1, 2, 4}, new double[] {1, 2, 4}, 0);
        checkR2("the mean as prediction", new double[] {1, 2, 6}, new double[] {3, 3, 3}, 0);
        checkR2("worse than the mean", new double[] {1, 2, 6}, new double[] {6, 2, 1}, 1);
        checkR2("n - p - 1 = 1", new double[] {1, 3, 2, 5}, new double[] {1.5, 2.5, 2, 4.5}, 2);
        for (int i = 0; i < 3; i++) {
            int d = 1 + random.nextInt(4);
            double[][] x = normal(random, d + 3 + random.nextInt(30), d, 20, 5);
            checkOlsR2("synthetic", x, linear(random, x, 1 + 3 * random.nextDouble()));
        }
        checkOlsR2("Auto MPG", AUTO.features(), AUTO.mpg());
    }

    @Test
    @DisplayName("VIF per feature: 1 / (1 - R^2_j) of Commons Math's fit of feature j on the others")
    void vif(Random random) {
        checkVif("an orthogonal design", new double[][] {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}});
        checkVif("one feature", normal(random, 10, 1, 0, 1));
        for (int i = 0; i < 2; i++) {
            double[][] x = normal(random, 15 + random.nextInt(20), 2 + random.nextInt(3), 40, 3);
            for (double[] row : x) {
                row[1] = 0.8 * row[0] + 0.6 * row[1];   // correlated, far from 0
            }
            checkVif("synthetic", x);
        }
        checkVif("Auto MPG", AUTO.features());
    }

    @Test
    @DisplayName("batch gradient descent (batchSize = n) follows the fixed path")
    void batchGradientDescent(Random random) {
        // By hand: b = 0, residuals -y; g = (2/3) (sum -y, sum -x y) = (-8, -56/3); one step of 0.1.
        double[] first = Guarded.call(in -> LinearRegression.gradientDescent(in.copy("x", new double[][] {{1}, {2}, {3}}),
                in.copy("y", new double[] {2, 4, 6}), 0.1, 1, 3, new Random(1)));
        Compare.assertClose("gradientDescent({{1}, {2}, {3}}, {2, 4, 6}, lr 0.1, 1 epoch, batch 3)",
                Compare.vector(new double[] {0.8, 5.6 / 3}), Compare.vector(first), EXACT,
                List.of(Mistake.giving(SUMMED, Compare.vector(new double[] {2.4, 5.6})),
                        Mistake.giving(NO_TWO, Compare.vector(new double[] {0.4, 2.8 / 3})),
                        Mistake.giving(NO_INTERCEPT, Compare.vector(new double[] {5.6 / 3})),
                        Mistake.giving(NO_INTERCEPT, Compare.vector(new double[] {0, 5.6 / 3}))));
        checkPath("0 epochs", normal(random, 5, 2, 0, 1), normal(random, 5), 0.1, 0, 5, random.nextLong());
        for (int i = 0; i < 3; i++) {
            int n = 5 + random.nextInt(20);
            double[][] x = normal(random, n, 1 + random.nextInt(4), 0, 1);
            checkPath("synthetic", x, linear(random, x, 0.3), 0.05, 1 + random.nextInt(20), n, random.nextLong());
        }
    }

    @Test
    @DisplayName("mini-batch and stochastic gradient descent: shuffled each epoch, one step per batch")
    void miniBatchGradientDescent(Random random) {
        double[][] x = normal(random, 10, 2, 0, 1);
        double[] y = linear(random, x, 0.3);
        checkPath("stochastic", x, y, 0.02, 3, 1, random.nextLong());
        checkPath("a last batch of 1", x, y, 0.05, 4, 3, random.nextLong());
        checkPath("batch n - 1", x, y, 0.05, 3, 9, random.nextLong());
        checkPath("batches of 5", x, y, 0.05, 5, 5, random.nextLong());
        for (int i = 0; i < 2; i++) {
            int n = 8 + random.nextInt(30);
            double[][] xs = normal(random, n, 1 + random.nextInt(4), 0, 1);
            checkPath("synthetic", xs, linear(random, xs, 0.3), 0.03, 1 + random.nextInt(6), 2 + random.nextInt(n - 2),
                    random.nextLong());
        }
    }

    @Test
    @DisplayName("batch gradient descent on standardised Auto MPG converges to the OLS optimum")
    void convergesToOls() {
        double[][] z = standardised(AUTO.features());
        double[] expected = ols(z, AUTO.mpg(), true);
        double[] actual = Guarded.call(in -> LinearRegression.gradientDescent(in.copy("x", z), in.copy("y", AUTO.mpg()),
                0.1, 3000, z.length, new Random(7)));
        Compare.assertClose("gradientDescent(standardised Auto MPG, lr 0.1, 3000 epochs, batch n) against Commons "
                + "Math's OLS", Compare.vector(expected), Compare.vector(actual), CONVERGED, List.of());
    }

    @Test
    @DisplayName("bad input throws IllegalArgumentException")
    void rejectsBadInput() {
        double[][] x = {{1, 2}, {2, 1}, {3, 5}, {4, 3}};
        double[] y = {1, 2, 3, 5};
        Random r = new Random(1);
        rejected("normalEquation({}, {})", () -> LinearRegression.normalEquation(new double[0][], new double[0]));
        rejected("normalEquation(ragged x)", () -> LinearRegression.normalEquation(new double[][] {{1, 2}, {3}, {4, 5}},
                new double[] {1, 2, 3}));
        rejected("normalEquation(x, y of 3 values)", () -> LinearRegression.normalEquation(x, new double[] {1, 2, 3}));
        rejected("normalEquation(x with NaN, y)", () -> LinearRegression.normalEquation(
                new double[][] {{1, 2}, {2, Double.NaN}, {3, 5}, {4, 3}}, y));
        rejected("normalEquation(x, y with Infinity)", () -> LinearRegression.normalEquation(x,
                new double[] {1, Double.POSITIVE_INFINITY, 3, 5}));
        rejected("gradientDescent(x, y, lr 0, ...)", () -> LinearRegression.gradientDescent(x, y, 0, 5, 4, r));
        rejected("gradientDescent(x, y, lr -1, ...)", () -> LinearRegression.gradientDescent(x, y, -1, 5, 4, r));
        rejected("gradientDescent(x, y, lr NaN, ...)", () -> LinearRegression.gradientDescent(x, y, Double.NaN, 5, 4, r));
        rejected("gradientDescent(x, y, lr Infinity, ...)",
                () -> LinearRegression.gradientDescent(x, y, Double.POSITIVE_INFINITY, 5, 4, r));
        rejected("gradientDescent(x, y, lr 0.1, epochs -1, ...)", () -> LinearRegression.gradientDescent(x, y, 0.1, -1, 4, r));
        rejected("gradientDescent(x, y, lr 0.1, 5, batch 0, ...)", () -> LinearRegression.gradientDescent(x, y, 0.1, 5, 0, r));
        rejected("gradientDescent(x, y, lr 0.1, 5, batch n + 1, ...)",
                () -> LinearRegression.gradientDescent(x, y, 0.1, 5, 5, r));
        rejected("gradientDescent(x, y, lr 0.1, 5, 2, null)", () -> LinearRegression.gradientDescent(x, y, 0.1, 5, 2, null));
        rejected("gradientDescent(x with NaN, ...)", () -> LinearRegression.gradientDescent(
                new double[][] {{1, 2}, {2, Double.NaN}, {3, 5}, {4, 3}}, y, 0.1, 5, 4, r));
        rejected("predict(x with D = 2, 2 coefficients)", () -> LinearRegression.predict(x, new double[] {1, 2}));
        rejected("predict(x with D = 2, 4 coefficients)", () -> LinearRegression.predict(x, new double[] {1, 2, 3, 4}));
        rejected("rSquared(constant y, ...)", () -> LinearRegression.rSquared(new double[] {2, 2, 2}, new double[] {1, 2, 3}));
        rejected("rSquared(3 values, 2 predictions)", () -> LinearRegression.rSquared(new double[] {1, 2, 3}, new double[] {1, 2}));
        rejected("rSquared({}, {})", () -> LinearRegression.rSquared(new double[0], new double[0]));
        rejected("rSquared(y, predictions with NaN)",
                () -> LinearRegression.rSquared(new double[] {1, 2, 3}, new double[] {1, Double.NaN, 3}));
        rejected("adjustedRSquared(n = 3, p = 2)",
                () -> LinearRegression.adjustedRSquared(new double[] {1, 2, 4}, new double[] {1, 2, 3}, 2));
        rejected("adjustedRSquared(n = 3, p = -1)",
                () -> LinearRegression.adjustedRSquared(new double[] {1, 2, 4}, new double[] {1, 2, 3}, -1));
        rejected("vif(x with no feature)", () -> LinearRegression.vif(new double[4][0]));
        rejected("vif(ragged x)", () -> LinearRegression.vif(new double[][] {{1, 2}, {3}, {4, 5}}));
    }

    // ---- one case each ---------------------------------------------------------------------------

    private static void checkFit(String name, double[][] x, double[] y) {
        String what = "normalEquation(" + name + ": x " + shape(x) + ", y)";
        double[] actual = fullRank(what, () -> Guarded.call(in -> LinearRegression.normalEquation(in.copy("x", x),
                in.copy("y", y))));
        int d = x[0].length;
        double[] expected = d == 0 ? new double[] {Arrays.stream(y).average().orElseThrow()} : ols(x, y, true);
        List<Mistake<org.nd4j.linalg.api.ndarray.INDArray>> mistakes = new ArrayList<>();
        if (d > 0 && x.length > d) {
            double[] through = ols(x, y, false);
            mistakes.add(Mistake.giving(NO_INTERCEPT, Compare.vector(through)));
            mistakes.add(Mistake.giving(NO_INTERCEPT, Compare.vector(prepend(0, through))));
        }
        if (d > 0) {
            double[] last = new double[d + 1];
            System.arraycopy(expected, 1, last, 0, d);
            last[d] = expected[0];
            mistakes.add(Mistake.giving(INTERCEPT_LAST, Compare.vector(last)));
        }
        Compare.assertClose(what, Compare.vector(expected),
                Compare.vector(actual), FIT, mistakes);
    }

    private static void checkPredict(double[][] x, double[] b) {
        double[] actual = Guarded.call(in -> LinearRegression.predict(in.copy("x", x), in.copy("coefficients", b)));
        double[] expected = new double[x.length];
        double[] noIntercept = new double[x.length];
        double[] shifted = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            RealVector row = MatrixUtils.createRealVector(x[i]);
            RealVector weights = MatrixUtils.createRealVector(Arrays.copyOfRange(b, 1, b.length));
            noIntercept[i] = x[i].length == 0 ? 0 : row.dotProduct(weights);
            expected[i] = b[0] + noIntercept[i];
            shifted[i] = x[i].length == 0 ? 0 : row.dotProduct(MatrixUtils.createRealVector(Arrays.copyOf(b, b.length - 1)));
        }
        Compare.assertClose("predict(x " + shape(x) + ", coefficients " + show(b) + ")", Compare.vector(expected),
                Compare.vector(actual), EXACT, List.of(Mistake.giving(PREDICT_NO_INTERCEPT, Compare.vector(noIntercept)),
                        Mistake.giving(PREDICT_SHIFTED, Compare.vector(shifted))));
    }

    /** R^2 of given predictions, against the closed form; adjusted R^2 for a model of p features. */
    private static void checkR2(String name, double[] y, double[] predicted, int p) {
        double mean = Arrays.stream(y).average().orElseThrow();
        double ssRes = 0;
        double ssTot = 0;
        double ssRaw = 0;
        for (int i = 0; i < y.length; i++) {
            ssRes += (y[i] - predicted[i]) * (y[i] - predicted[i]);
            ssTot += (y[i] - mean) * (y[i] - mean);
            ssRaw += y[i] * y[i];
        }
        compareR2(name, y, predicted, p, 1 - ssRes / ssTot, ssRes, ssTot, ssRaw, null);
    }

    /** R^2 and adjusted R^2 of Commons Math's own OLS fit, from its fitted values. */
    private static void checkOlsR2(String name, double[][] x, double[] y) {
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        double[] residuals = ols.estimateResiduals();
        double[] fitted = new double[y.length];
        double ssRaw = 0;
        for (int i = 0; i < y.length; i++) {
            fitted[i] = y[i] - residuals[i];
            ssRaw += y[i] * y[i];
        }
        compareR2(name, y, fitted, x[0].length, ols.calculateRSquared(), ols.calculateResidualSumOfSquares(),
                ols.calculateTotalSumOfSquares(), ssRaw, ols.calculateAdjustedRSquared());
    }

    private static void compareR2(String name, double[] y, double[] predicted, int p, double r2, double ssRes,
            double ssTot, double ssRaw, Double adjusted) {
        double actual = Guarded.call(in -> LinearRegression.rSquared(in.copy("y", y), in.copy("predicted", predicted)));
        String what = "(" + name + ": y " + show(y) + ", predicted " + show(predicted);
        CompareScalar.assertClose("rSquared" + what + ")", r2, actual, EXACT,
                List.of(Mistake.giving(UNCENTRED, 1 - ssRes / ssRaw), Mistake.giving(NO_ONE_MINUS, ssRes / ssTot)));
        int n = y.length;
        double adj = adjusted != null ? adjusted : 1 - (1 - r2) * (n - 1) / (n - p - 1);
        double actualAdj = Guarded.call(in -> LinearRegression.adjustedRSquared(in.copy("y", y),
                in.copy("predicted", predicted), p));
        List<Mistake<Double>> mistakes = new ArrayList<>(List.of(
                Mistake.giving(DF_N_MINUS_P, 1 - (1 - r2) * (n - 1) / (n - p)),
                Mistake.giving(DF_N, 1 - (1 - r2) * n / (n - p - 1))));
        if (n - p - 2 > 0) {
            mistakes.add(Mistake.giving(DF_N_MINUS_P_2, 1 - (1 - r2) * (n - 1) / (n - p - 2)));
        }
        mistakes.add(Mistake.giving(UNCENTRED, 1 - ssRes / ssRaw * (n - 1) / (n - p - 1)));
        CompareScalar.assertClose("adjustedRSquared" + what + ", p " + p + ")", adj, actualAdj, EXACT, mistakes);
    }

    private static void checkVif(String name, double[][] x) {
        String what = "vif(" + name + ": x " + shape(x) + ")";
        double[] actual = fullRank(what, () -> Guarded.call(in -> LinearRegression.vif(in.copy("x", x))));
        int d = x[0].length;
        double[] expected = new double[d];
        double[] r2 = new double[d];
        double[] throughOrigin = new double[d];
        for (int j = 0; j < d; j++) {
            if (d == 1) {
                expected[j] = 1;   // regressed on the intercept alone: R^2 = 0
                throughOrigin[j] = Double.NaN;
                continue;
            }
            double[][] others = new double[x.length][d - 1];
            double[] target = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                target[i] = x[i][j];
                for (int k = 0, m = 0; k < d; k++) {
                    if (k != j) {
                        others[i][m++] = x[i][k];
                    }
                }
            }
            OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
            ols.newSampleData(target, others);
            r2[j] = ols.calculateRSquared();
            expected[j] = 1 / (1 - r2[j]);
            OLSMultipleLinearRegression origin = new OLSMultipleLinearRegression();
            origin.setNoIntercept(true);
            origin.newSampleData(target, others);
            // R^2 of the fit through the origin, against the centred total sum of squares.
            throughOrigin[j] = 1 / (origin.calculateResidualSumOfSquares() / ols.calculateTotalSumOfSquares());
        }
        double[] oneMinus = Arrays.stream(r2).map(v -> 1 - v).toArray();
        double[] uncentred = new double[d];
        for (int j = 0; j < d && d > 1; j++) {
            OLSMultipleLinearRegression origin = new OLSMultipleLinearRegression();
            origin.setNoIntercept(true);
            double[][] others = dropColumn(x, j);
            origin.newSampleData(column(x, j), others);
            uncentred[j] = 1 / (1 - origin.calculateRSquared());
        }
        Compare.assertClose(what, Compare.vector(expected), Compare.vector(actual), FIT,
                List.of(new Mistake<>(VIF_NO_INTERCEPT, () -> d == 1 ? null : Compare.vector(throughOrigin)),
                        new Mistake<>(VIF_NO_INTERCEPT, () -> d == 1 ? null : Compare.vector(uncentred)),
                        Mistake.giving(VIF_R2, Compare.vector(r2)), Mistake.giving(VIF_ONE_MINUS, Compare.vector(oneMinus))));
    }

    // ---- gradient descent, written again ---------------------------------------------------------

    /** One way of walking the path; {@link #RIGHT} is the exercise's. */
    private record Rule(boolean divide, boolean two, boolean byN, boolean byBatchSize, boolean dropLast, boolean shuffle,
                        boolean fresh, boolean intercept) {
        static final Rule RIGHT = new Rule(true, true, false, false, false, true, false, true);
    }

    private static void checkPath(String name, double[][] x, double[] y, double lr, int epochs, int batch, long seed) {
        double[] actual = Guarded.call(in -> LinearRegression.gradientDescent(in.copy("x", x), in.copy("y", y), lr, epochs,
                batch, new Random(seed)));
        int n = x.length;
        Rule r = Rule.RIGHT;
        boolean shuffled = batch < n;
        boolean partial = n % batch != 0;
        List<Mistake<org.nd4j.linalg.api.ndarray.INDArray>> mistakes = new ArrayList<>();
        mistakes.add(variant(SUMMED, x, y, lr, epochs, batch, seed, new Rule(false, true, false, false, false, true, false, true)));
        mistakes.add(variant(NO_TWO, x, y, lr, epochs, batch, seed, new Rule(true, false, false, false, false, true, false, true)));
        mistakes.add(variant(NO_INTERCEPT, x, y, lr, epochs, batch, seed, new Rule(true, true, false, false, false, true, false, false)));
        mistakes.add(new Mistake<>(NO_INTERCEPT, () -> {
            double[] w = path(x, y, lr, epochs, batch, seed, new Rule(true, true, false, false, false, true, false, false));
            return Compare.vector(prepend(0, w));
        }));
        if (shuffled) {
            mistakes.add(variant(BY_N, x, y, lr, epochs, batch, seed, new Rule(true, true, true, false, false, true, false, true)));
            mistakes.add(variant(NO_SHUFFLE, x, y, lr, epochs, batch, seed, new Rule(true, true, false, false, false, false, false, true)));
            if (epochs > 1) {
                mistakes.add(variant(FRESH_SHUFFLE, x, y, lr, epochs, batch, seed, new Rule(true, true, false, false, false, true, true, true)));
            }
        }
        if (partial) {
            mistakes.add(variant(BY_BATCH_SIZE, x, y, lr, epochs, batch, seed, new Rule(true, true, false, true, false, true, false, true)));
            mistakes.add(variant(LAST_DROPPED, x, y, lr, epochs, batch, seed, new Rule(true, true, false, false, true, true, false, true)));
        }
        Compare.assertClose(String.format(Locale.ROOT, "gradientDescent(%s: x %s, y, lr %s, %d epochs, batch %d, "
                + "new Random(%d))", name, shape(x), lr, epochs, batch, seed), Compare.vector(path(x, y, lr, epochs, batch,
                seed, r)), Compare.vector(actual), EXACT, mistakes);
    }

    private static Mistake<org.nd4j.linalg.api.ndarray.INDArray> variant(String diagnosis, double[][] x, double[] y,
            double lr, int epochs, int batch, long seed, Rule rule) {
        Supplier<org.nd4j.linalg.api.ndarray.INDArray> answer = () -> Compare.vector(path(x, y, lr, epochs, batch, seed, rule));
        return new Mistake<>(diagnosis, answer);
    }

    /** The path in Commons Math matrices: X_B^T (X_B b - y_B), scaled, per batch. */
    private static double[] path(double[][] x, double[] y, double lr, int epochs, int batch, long seed, Rule rule) {
        int n = x.length;
        double[][] design = rule.intercept() ? Arrays.stream(x).map(row -> prepend(1, row)).toArray(double[][]::new) : x;
        int p = design[0].length;
        RealVector b = MatrixUtils.createRealVector(new double[p]);
        Random random = new Random(seed);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            if (rule.fresh()) {
                Collections.sort(order);
            }
            if (rule.shuffle() && batch < n) {
                Collections.shuffle(order, random);
            }
            for (int start = 0; start < n; start += batch) {
                int m = Math.min(batch, n - start);
                if (rule.dropLast() && m < batch) {
                    break;
                }
                double[][] rows = new double[m][];
                double[] targets = new double[m];
                for (int t = 0; t < m; t++) {
                    rows[t] = design[order.get(start + t)];
                    targets[t] = y[order.get(start + t)];
                }
                RealMatrix xb = MatrixUtils.createRealMatrix(rows);
                RealVector residual = xb.operate(b).subtract(MatrixUtils.createRealVector(targets));
                RealVector gradient = xb.transpose().operate(residual);
                double divisor = !rule.divide() ? 1 : rule.byN() ? n : rule.byBatchSize() ? batch : m;
                b = b.subtract(gradient.mapMultiply((rule.two() ? 2 : 1) * lr / divisor));
            }
        }
        return b.toArray();
    }

    // ---- oracles and inputs ----------------------------------------------------------------------

    private static double[] ols(double[][] x, double[] y, boolean intercept) {
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.setNoIntercept(!intercept);
        ols.newSampleData(y, x);
        return ols.estimateRegressionParameters();
    }

    private static double[][] dropColumn(double[][] x, int j) {
        return Arrays.stream(x).map(row -> {
            double[] out = new double[row.length - 1];
            for (int k = 0, m = 0; k < row.length; k++) {
                if (k != j) {
                    out[m++] = row[k];
                }
            }
            return out;
        }).toArray(double[][]::new);
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

    /** The learner's answer for an X = [1 | x] of full rank, where an IllegalArgumentException is a wrong answer. */
    private static double[] fullRank(String what, Supplier<double[]> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw new AssertionFailedError(what + " threw " + e.getMessage() + "; but X = [1 | x] has full rank here "
                    + "(Commons Math fits it). The rank check compares each pivot with RANK_TOLERANCE * A[k][k], relative "
                    + "to the column's own scale, and the intercept's column of ones is part of X.", e);
        }
    }

    /** The call must throw IllegalArgumentException saying "singular" and naming the first feature whose pivot fails. */
    private static void singular(String what, int feature, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
            if (!message.contains("singular") || !message.matches("(?s).*\\bfeature " + feature + "\\b.*")) {
                throw new AssertionFailedError(what + ": the IllegalArgumentException's message should say that X^T X "
                        + "is \"singular\" and name \"feature " + feature + "\", the first column (intercept first, "
                        + "in x's order) whose Cholesky pivot fails the rank check; got "
                        + (e.getMessage() == null ? "no message" : "\"" + e.getMessage() + "\""));
            }
            return;
        } catch (UnsupportedOperationException notImplemented) {
            throw notImplemented;
        } catch (RuntimeException e) {
            throw new AssertionFailedError(what + ": expected IllegalArgumentException saying \"singular\", got " + e
                    + " (run the rank check on every pivot of X^T X before dividing by it)", e);
        }
        throw new AssertionFailedError(what + ": expected IllegalArgumentException saying \"singular\", nothing was "
                + "thrown: X^T X is singular here. Check each Cholesky pivot against RANK_TOLERANCE * A[k][k].");
    }

    private static void rejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the arguments first: a non-empty rectangular x, y of the same length, "
                + "finite values, a positive finite learning rate, epochs >= 0, 1 <= batchSize <= n, a random", call);
    }

    private static String show(double[] v) {
        if (v.length > 6) {
            return "(" + v.length + " values)";
        }
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", v[i]).replaceAll("\\.?0+(e|$)", "$1"));
        }
        return s.append('}').toString();
    }
}
