package deepdrill.week2;

import java.util.Random;

/**
 * Ordinary least squares, fitted two ways: the normal equation (exactly) and gradient descent
 * (iteratively, in batches), with the usual diagnostics: predictions, R^2, adjusted R^2 and the
 * variance inflation factor of each feature.
 *
 * <h2>The idea</h2>
 * Linear regression models y as an intercept plus a weighted sum of the features and picks the
 * weights that minimise the squared error. Because the loss is a quadratic in the weights, its
 * minimum has a closed form: set the gradient to 0 and solve the D + 1 linear equations
 * X^T X b = X^T y (the normal equation), which is what "program the normal equation" in an
 * interview means. When D is large, or the data do not fit in memory, gradient descent reaches the
 * same minimum by repeated small steps against the gradient, over the whole data set (batch), a
 * few rows at a time (mini-batch) or one row at a time (stochastic): the loop that trains every
 * neural network. R^2 says how much of y's variance the fit explains; adjusted R^2 charges for each
 * feature used; a feature's VIF says how well the other features already predict it
 * (multicollinearity), which makes its coefficient unstable.
 *
 * <h2>Formula</h2>
 * <pre>
 *   X = [1 | x]                        the design matrix: a column of ones, then the features
 *   b = (X^T X)^-1 X^T y               b[0] the intercept, b[1..D] the feature weights
 *   yhat_i = b[0] + sum_j b[j + 1] x_ij
 *
 *   MSE over rows B:  L(b) = (1/m) sum_{i in B} (X_i b - y_i)^2        m = |B|
 *   its gradient:     g    = (2/m) sum_{i in B} (X_i b - y_i) X_i^T    (a vector of D + 1)
 *   a step:           b   &lt;- b - learningRate * g
 *
 *   R^2     = 1 - SS_res / SS_tot,  SS_res = sum (y_i - yhat_i)^2,  SS_tot = sum (y_i - mean(y))^2
 *   adj R^2 = 1 - (1 - R^2) (n - 1) / (n - p - 1)                     p features, not counting the intercept
 *   VIF_j   = 1 / (1 - R^2_j)    R^2_j of the OLS fit (with intercept) of feature j on the other features
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   n  rows (samples)        D  features        p = D + 1 coefficients
 *
 *   x             [n][D]    the features, one row per sample (D may be 0: an intercept-only model)
 *   y             [n]       the target
 *   coefficients  [D + 1]   intercept first, then one weight per feature, in x's column order
 *   predicted     [n]       a prediction per row
 * </pre>
 *
 * <h2>The convention</h2>
 * The intercept is always fitted and always comes first. Every method returns a new array and
 * leaves its inputs unchanged; x must be rectangular with n &gt;= 1 rows, y must have n values, and
 * every value must be finite, or the method throws an {@link IllegalArgumentException}.
 *
 * <p><b>The rank check.</b> The normal equation needs X^T X to be invertible: a constant feature
 * (a copy of the intercept column, up to a factor), a feature that is a linear combination of
 * others, or fewer rows than coefficients make it singular. Decompose A = X^T X by Cholesky
 * (equivalently, Gaussian elimination without row swaps), column by column in X's order,
 * intercept first: column k's pivot is A[k][k] - sum_{m &lt; k} L[k][m]^2, which is the squared
 * norm of what is left of column k of X after projecting out the columns before it. If a pivot is
 * not greater than {@link #RANK_TOLERANCE} (1e-10) times A[k][k] (so also when A[k][k] is 0), throw
 * an {@link IllegalArgumentException} whose message contains "singular" and names the feature
 * ("feature j", 0-based, for column k = j + 1).
 *
 * <p><b>Gradient descent's path</b>, fixed so that the result is exact: the coefficients start at 0
 * (all D + 1 of them); an index order starts as 0, 1, ..., n - 1. Each epoch, when batchSize &lt; n,
 * first shuffles that order in place (continuing from the last epoch's order) by Fisher-Yates from
 * the end: for i = n - 1 down to 1, j = random.nextInt(i + 1), swap order[i] and order[j]
 * (this is what {@code Collections.shuffle(list, random)} does); with batchSize = n the random is not
 * used. The epoch then cuts the order into consecutive batches of batchSize rows, the last one
 * smaller when batchSize does not divide n, and takes one step per batch with the gradient of that
 * batch's MSE, divided by that batch's own size m. So batchSize = n is batch gradient descent
 * (one step per epoch), 1 is stochastic gradient descent, anything between is mini-batch. The
 * features are used as given: standardise them beforehand, or a large learning rate diverges.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>Derive the normal equation. (d/db ||y - X b||^2 = -2 X^T (y - X b) = 0 gives
 *       X^T X b = X^T y.)</li>
 *   <li>Why not invert X^T X in practice? (Squaring X squares its condition number; QR or SVD of X
 *       itself, or a Cholesky solve, is cheaper and more accurate; the cost is O(n D^2 + D^3).)</li>
 *   <li>When is X^T X singular, and what then? (Collinear or constant features, n &lt; D + 1; drop
 *       features, or use ridge regression, which adds alpha I and is always invertible.)</li>
 *   <li>Batch, mini-batch or stochastic? (Batch: exact gradient, one step per pass; SGD: cheap noisy
 *       steps that need a decaying learning rate to settle; mini-batch: the usual compromise, and
 *       vectorised.)</li>
 *   <li>Why standardise features for gradient descent? (The loss's curvature differs per direction by
 *       the features' scales: an ill-conditioned bowl forces a tiny learning rate.)</li>
 *   <li>Can R^2 be negative? (Yes, on predictions worse than the mean: on test data, or for a model
 *       without an intercept. On its own training data OLS with an intercept gives R^2 in [0, 1].)</li>
 *   <li>Why adjusted R^2? (R^2 never drops when a feature is added, even a useless one.)</li>
 *   <li>What VIF is too high? (Above 5 to 10 by the usual rules of thumb: the coefficient's variance
 *       is inflated that many times by the feature's correlation with the others.)</li>
 * </ul>
 *
 * @see <a href="https://www.statlearning.com/">James, Witten, Hastie and Tibshirani, <i>An
 *      Introduction to Statistical Learning</i> (2nd ed., 2021), chapter 3: linear regression, R^2,
 *      collinearity and the VIF</a>
 */
public final class LinearRegression {

    /** The rank check's relative tolerance on the pivots of X^T X (see the class Javadoc). */
    public static final double RANK_TOLERANCE = 1e-10;

    private LinearRegression() {
    }

    /**
     * Fits OLS by the normal equation, after the rank check.
     *
     * @param x the features [n][D]; not modified
     * @param y the target [n]; not modified
     * @return the coefficients [D + 1], intercept first
     * @throws IllegalArgumentException for bad input, or when X^T X is singular (the message contains
     *                                  "singular" and names the feature)
     */
    public static double[] normalEquation(double[][] x, double[] y) {
        int n = checkData(x, y);
        int p = x[0].length + 1;
        double[][] a = new double[p][p];
        double[] c = new double[p];
        for (int i = 0; i < n; i++) {
            double[] row = designRow(x[i]);
            for (int j = 0; j < p; j++) {
                c[j] += row[j] * y[i];
                for (int k = 0; k < p; k++) {
                    a[j][k] += row[j] * row[k];
                }
            }
        }
        return choleskySolve(a, c);
    }

    /**
     * Fits OLS by gradient descent on the MSE, along the path fixed in the class Javadoc.
     *
     * @param x            the features [n][D]; not modified
     * @param y            the target [n]; not modified
     * @param learningRate the step size, positive and finite
     * @param epochs       passes over the data, at least 0 (0 returns the zero start)
     * @param batchSize    rows per step, from 1 to n
     * @param random       shuffles the rows each epoch when batchSize &lt; n; not null
     * @return the coefficients [D + 1], intercept first
     * @throws IllegalArgumentException for bad data, a learning rate that is not positive and finite,
     *                                  negative epochs, a batch size outside 1..n, or a null random
     */
    public static double[] gradientDescent(double[][] x, double[] y, double learningRate, int epochs, int batchSize,
            Random random) {
        int n = checkData(x, y);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be positive and finite, got " + learningRate);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be at least 0, got " + epochs);
        }
        if (batchSize < 1 || batchSize > n) {
            throw new IllegalArgumentException("the batch size must be between 1 and n = " + n + ", got " + batchSize);
        }
        if (random == null) {
            throw new IllegalArgumentException("random must not be null");
        }
        int p = x[0].length + 1;
        double[][] design = new double[n][];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            design[i] = designRow(x[i]);
            order[i] = i;
        }
        double[] b = new double[p];
        double[] gradient = new double[p];
        for (int epoch = 0; epoch < epochs; epoch++) {
            if (batchSize < n) {
                shuffle(order, random);
            }
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                java.util.Arrays.fill(gradient, 0);
                for (int t = start; t < end; t++) {
                    double[] row = design[order[t]];
                    double residual = dot(row, b) - y[order[t]];
                    for (int j = 0; j < p; j++) {
                        gradient[j] += row[j] * residual;
                    }
                }
                double step = 2 * learningRate / (end - start);
                for (int j = 0; j < p; j++) {
                    b[j] -= step * gradient[j];
                }
            }
        }
        return b;
    }

    /**
     * The predictions b[0] + sum_j b[j + 1] x_ij.
     *
     * @param x            the features [n][D]; not modified
     * @param coefficients [D + 1], intercept first; not modified
     * @return a new array [n]
     * @throws IllegalArgumentException for bad x, or coefficients of a length other than D + 1
     */
    public static double[] predict(double[][] x, double[] coefficients) {
        checkFeatures(x);
        if (coefficients == null || coefficients.length != x[0].length + 1) {
            throw new IllegalArgumentException("expected D + 1 = " + (x[0].length + 1) + " coefficients (intercept first)"
                    + ", got " + (coefficients == null ? "null" : coefficients.length));
        }
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = dot(designRow(x[i]), coefficients);
        }
        return out;
    }

    /**
     * R^2 = 1 - SS_res / SS_tot of any predictions (negative when they are worse than the mean).
     *
     * @param y         the target [n], n at least 1, not constant; not modified
     * @param predicted the predictions [n]; not modified
     * @return R^2, at most 1
     * @throws IllegalArgumentException for lengths that differ, an empty, NaN or infinite value, or a
     *                                  constant y (SS_tot = 0: R^2 is undefined)
     */
    public static double rSquared(double[] y, double[] predicted) {
        checkPair(y, predicted);
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= y.length;
        double residual = 0;
        double total = 0;
        for (int i = 0; i < y.length; i++) {
            residual += (y[i] - predicted[i]) * (y[i] - predicted[i]);
            total += (y[i] - mean) * (y[i] - mean);
        }
        if (total == 0) {
            throw new IllegalArgumentException("y is constant (SS_tot = 0): R^2 is undefined");
        }
        return 1 - residual / total;
    }

    /**
     * Adjusted R^2 = 1 - (1 - R^2) (n - 1) / (n - p - 1).
     *
     * @param y         the target [n]; not modified
     * @param predicted the predictions of a model with {@code features} features and an intercept; not modified
     * @param features  p, the number of features (the intercept not counted), at least 0
     * @return adjusted R^2
     * @throws IllegalArgumentException as {@link #rSquared}, for negative features, or when n - p - 1 &lt;= 0
     */
    public static double adjustedRSquared(double[] y, double[] predicted, int features) {
        if (features < 0) {
            throw new IllegalArgumentException("features must be at least 0, got " + features);
        }
        double r2 = rSquared(y, predicted);
        int n = y.length;
        if (n - features - 1 <= 0) {
            throw new IllegalArgumentException("adjusted R^2 needs n - p - 1 > 0, got n = " + n + ", p = " + features);
        }
        return 1 - (1 - r2) * (n - 1) / (n - features - 1);
    }

    /**
     * The variance inflation factor of each feature: 1 / (1 - R^2_j), R^2_j from the OLS fit (with an
     * intercept) of feature j on the D - 1 others (with D = 1, on the intercept alone: VIF 1).
     *
     * @param x the features [n][D], D at least 1; not modified
     * @return a new array [D], each at least 1
     * @throws IllegalArgumentException for bad x, D = 0, or an X = [1 | x] that fails the rank check
     *                                  (the message contains "singular")
     */
    public static double[] vif(double[][] x) {
        checkFeatures(x);
        int d = x[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("VIF needs at least one feature");
        }
        normalEquation(x, new double[x.length]);
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
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
            double r2 = rSquared(target, predict(others, normalEquation(others, target)));
            out[j] = 1 / (1 - r2);
        }
        return out;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    // Solves A b = c for a symmetric A by Cholesky, with the rank check on every pivot.
    private static double[] choleskySolve(double[][] a, double[] c) {
        int p = c.length;
        double[][] l = new double[p][p];
        for (int k = 0; k < p; k++) {
            double pivot = a[k][k];
            for (int m = 0; m < k; m++) {
                pivot -= l[k][m] * l[k][m];
            }
            if (!(pivot > RANK_TOLERANCE * a[k][k])) {
                throw new IllegalArgumentException("X^T X is singular: " + (k == 0 ? "the intercept column"
                        : "feature " + (k - 1)) + " is constant, or a linear combination of the intercept and the "
                        + "features before it (pivot " + pivot + " is not above "
                        + RANK_TOLERANCE + " x " + a[k][k] + "); drop it, or use ridge regression");
            }
            l[k][k] = Math.sqrt(pivot);
            for (int i = k + 1; i < p; i++) {
                double s = a[i][k];
                for (int m = 0; m < k; m++) {
                    s -= l[i][m] * l[k][m];
                }
                l[i][k] = s / l[k][k];
            }
        }
        double[] z = new double[p];
        for (int i = 0; i < p; i++) {
            double s = c[i];
            for (int m = 0; m < i; m++) {
                s -= l[i][m] * z[m];
            }
            z[i] = s / l[i][i];
        }
        double[] b = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = z[i];
            for (int m = i + 1; m < p; m++) {
                s -= l[m][i] * b[m];
            }
            b[i] = s / l[i][i];
        }
        return b;
    }

    // One row of X = [1 | x].
    private static double[] designRow(double[] features) {
        double[] row = new double[features.length + 1];
        row[0] = 1;
        System.arraycopy(features, 0, row, 1, features.length);
        return row;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int kept = order[i];
            order[i] = order[j];
            order[j] = kept;
        }
    }

    // Checks x and y together; returns n.
    private static int checkData(double[][] x, double[] y) {
        checkFeatures(x);
        if (y == null || y.length != x.length) {
            throw new IllegalArgumentException("y must have one value per row of x (" + x.length + "), got "
                    + (y == null ? "null" : y.length));
        }
        for (double v : y) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("y must be finite, got " + v);
            }
        }
        return x.length;
    }

    private static void checkFeatures(double[][] x) {
        if (x == null || x.length == 0 || x[0] == null) {
            throw new IllegalArgumentException("x must have at least one row");
        }
        for (double[] row : x) {
            if (row == null || row.length != x[0].length) {
                throw new IllegalArgumentException("x must be rectangular: every row with " + x[0].length + " features");
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("x must be finite, got " + v);
                }
            }
        }
    }

    private static void checkPair(double[] y, double[] predicted) {
        if (y == null || predicted == null || y.length == 0 || y.length != predicted.length) {
            throw new IllegalArgumentException("y and predicted must be non-empty and of the same length");
        }
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i]) || !Double.isFinite(predicted[i])) {
                throw new IllegalArgumentException("y and predicted must be finite");
            }
        }
    }
}
