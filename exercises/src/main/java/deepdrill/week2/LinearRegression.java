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
        // TODO: validate, build A = X^T X and c = X^T y with X = [1 | x] (intercept first),
        // TODO: then solve A b = c by Cholesky, rejecting each pivot <= RANK_TOLERANCE * A[k][k] as the class Javadoc says.
        throw new UnsupportedOperationException("Not implemented yet: LinearRegression.normalEquation");
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
        // TODO: validate; b = zeros(D + 1), order = 0..n-1; each epoch: shuffle order (only if batchSize < n),
        // TODO: then for each consecutive batch: g = (2/m) sum (X_i b - y_i) X_i over its m rows, b -= learningRate * g.
        throw new UnsupportedOperationException("Not implemented yet: LinearRegression.gradientDescent");
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
        // TODO: check the coefficients' length (D + 1), then b[0] + the dot product of each row with b[1..D].
        throw new UnsupportedOperationException("Not implemented yet: LinearRegression.predict");
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
        // TODO: 1 - sum (y - yhat)^2 / sum (y - mean(y))^2; reject a constant y (the denominator is 0).
        throw new UnsupportedOperationException("Not implemented yet: LinearRegression.rSquared");
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
        // TODO: 1 - (1 - R^2) (n - 1) / (n - p - 1), rejecting n - p - 1 <= 0.
        throw new UnsupportedOperationException("Not implemented yet: LinearRegression.adjustedRSquared");
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
        // TODO: run the rank check on the full X = [1 | x] first; then for each j regress column j on the other columns
        // TODO: (with an intercept), take that fit's R^2_j and return 1 / (1 - R^2_j).
        throw new UnsupportedOperationException("Not implemented yet: LinearRegression.vif");
    }
}
