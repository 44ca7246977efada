package deepdrill.week2;

/**
 * Ridge regression in closed form and the lasso by cyclic coordinate descent, both with an
 * unpenalised intercept, plus the lasso's two building blocks: the soft-threshold operator and
 * alpha_max, the smallest penalty that sets every lasso coefficient to 0.
 *
 * <h2>The idea</h2>
 * Ordinary least squares overfits when features are many, noisy or collinear (X^T X is then
 * singular or nearly so, and the coefficients blow up). Regularisation adds a penalty on the
 * weights' size. Ridge's L2 penalty shrinks every weight smoothly towards 0 and keeps a closed
 * form: it adds alpha to the diagonal of X^T X, which makes it invertible even for collinear
 * features. The lasso's L1 penalty has a corner at 0, so it sets weights exactly to 0 and selects
 * features; it has no closed form, but along one coordinate at a time it has one: the
 * soft-threshold of that coordinate's least-squares update. The intercept is never penalised:
 * shifting y by a constant should shift the intercept by that constant and change nothing else.
 * Centring x and y first removes the intercept from both problems; it is recovered at the end.
 *
 * <h2>Formula</h2>
 * <pre>
 *   ridge:   minimise  ||y - b0 - X b||^2 + alpha ||b||^2                   (scikit-learn's Ridge)
 *            b  = (Xc^T Xc + alpha I)^-1 Xc^T yc,    b0 = mean(y) - mean(x) . b
 *
 *   lasso:   minimise  (1/(2n)) ||y - b0 - X b||^2 + alpha ||b||_1          (scikit-learn's Lasso)
 *            soft-threshold  S(z, gamma) = sign(z) max(|z| - gamma, 0)
 *            coordinate j:   rho_j = (1/n) Xc_j^T r + z_j b_j,   z_j = (1/n) ||Xc_j||^2
 *                            b_j  &lt;- S(rho_j, alpha) / z_j                 r = yc - Xc b, the residual
 *            alpha_max = max_j |Xc_j^T yc| / n                              (every b_j = 0 for alpha &gt;= alpha_max)
 *
 *   Xc = x minus each column's mean, yc = y - mean(y); the intercept b0 = mean(y) - mean(x) . b.
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   n  rows (samples)        D  features
 *
 *   x             [n][D]    the features (D may be 0: the intercept alone)
 *   y             [n]       the target
 *   alpha         the penalty's weight, at least 0
 *   coefficients  [D + 1]   intercept first, then one weight per feature in x's column order
 * </pre>
 *
 * <h2>The convention</h2>
 * The objectives are scaled as above, as scikit-learn scales them: ridge's squared error is summed
 * (not averaged), the lasso's is divided by 2n. So the same alpha means different things in the
 * two, and the lasso's alpha does not grow with n. Every method returns a new array and leaves its
 * inputs unchanged; x must be rectangular with n &gt;= 1 rows, y must have n values, every value and
 * alpha must be finite and alpha &gt;= 0, or the method throws an {@link IllegalArgumentException}.
 *
 * <p><b>Ridge</b> may centre (as above) or, equally, keep the intercept's column of ones: with
 * X = [1 | x], solve (X^T X + alpha J) b = X^T y, where J is the identity with a 0 in the intercept's
 * corner. Solve by Cholesky, intercept first, with the rank check of {@code linear-regression}: a
 * pivot not greater than {@link #RANK_TOLERANCE} times its diagonal entry throws an
 * {@link IllegalArgumentException} whose message contains "singular". With alpha &gt; 0 every
 * feature's pivot is at least alpha, so only alpha = 0 (OLS) with collinear or constant features, or
 * n &lt;= D, fails it (and a tiny alpha against large features may).
 *
 * <p><b>The lasso's path</b>, fixed so that the result is exact: centre x and y; b = 0; r = yc.
 * One sweep visits j = 0, 1, ..., D - 1 in order: a feature with z_j = 0 (constant) keeps b_j = 0;
 * otherwise compute rho_j from the current residual, set the new b_j = S(rho_j, alpha) / z_j, and
 * at once update the residual, r -= Xc_j (new b_j - old b_j), so that the next coordinate sees it.
 * After each sweep, stop if the largest |new b_j - old b_j| of that sweep is at most
 * {@code tolerance}; stop in any case after {@code maxSweeps} sweeps (0 sweeps: every b_j = 0).
 * Then b0 = mean(y) - mean(x) . b.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>Why does the lasso give exact zeros and ridge does not? (The L1 ball has corners on the
 *       axes, where the least-squares contours touch it first; in one coordinate, the subgradient
 *       of |b| covers [-1, 1] at 0, so every |rho| &lt;= alpha lands on 0. The L2 penalty's
 *       gradient 2 alpha b vanishes at 0 and only shrinks.)</li>
 *   <li>Why leave the intercept unpenalised? (Penalising it makes the fit depend on where y's origin
 *       is: adding 100 to y would not add 100 to the predictions.)</li>
 *   <li>Why standardise before regularising? (The penalty treats all weights alike, so a feature
 *       measured in grams is penalised differently from the same in kilograms.)</li>
 *   <li>Ridge with collinear features? (It is always solvable for alpha &gt; 0 and splits the weight
 *       evenly between identical columns; the lasso picks one of them, arbitrarily.)</li>
 *   <li>What is the Bayesian view? (Ridge is the MAP estimate under a Gaussian prior on b, the lasso
 *       under a Laplace prior.)</li>
 *   <li>How do you choose alpha? (Cross-validation over a log-spaced grid that starts at alpha_max,
 *       where the lasso's path is all zeros, and goes down, warm-starting each fit from the last.)</li>
 * </ul>
 *
 * @see <a href="https://web.stanford.edu/~hastie/Papers/glmnet.pdf">Friedman, Hastie and Tibshirani
 *      (2010), "Regularization paths for generalized linear models via coordinate descent", Journal of
 *      Statistical Software 33(1)</a>, and Tibshirani (1996), "Regression shrinkage and selection via
 *      the lasso"
 */
public final class RidgeLasso {

    /** The ridge solve's relative tolerance on its pivots, as in {@code linear-regression}. */
    public static final double RANK_TOLERANCE = 1e-10;

    private RidgeLasso() {
    }

    /**
     * Ridge regression with an unpenalised intercept, in closed form.
     *
     * @param x     the features [n][D]; not modified
     * @param y     the target [n]; not modified
     * @param alpha the L2 penalty's weight, finite and at least 0 (0 is OLS)
     * @return the coefficients [D + 1], intercept first
     * @throws IllegalArgumentException for bad input, or a system that fails the rank check (the
     *                                  message contains "singular")
     */
    public static double[] ridge(double[][] x, double[] y, double alpha) {
        // TODO: validate; with X = [1 | x] (intercept first) build A = X^T X and c = X^T y, add alpha to A[j][j] for every
        // TODO: feature j >= 1 but not to the intercept's A[0][0], then solve A b = c by Cholesky with the rank check.
        throw new UnsupportedOperationException("Not implemented yet: RidgeLasso.ridge");
    }

    /**
     * The soft-threshold operator S(z, gamma) = sign(z) max(|z| - gamma, 0): z moved towards 0 by
     * gamma, and 0 when |z| &lt;= gamma.
     *
     * @param z     any value but NaN (an infinite z stays infinite)
     * @param gamma the threshold, finite and at least 0
     * @return S(z, gamma)
     * @throws IllegalArgumentException for a NaN z, or a gamma that is negative, NaN or infinite
     */
    public static double softThreshold(double z, double gamma) {
        // TODO: validate; z - gamma above gamma, z + gamma below -gamma, 0 in between (both ends included).
        throw new UnsupportedOperationException("Not implemented yet: RidgeLasso.softThreshold");
    }

    /**
     * alpha_max = max_j |Xc_j^T yc| / n: the smallest alpha at which every lasso coefficient is 0
     * (0 when no feature varies with y: D = 0, constant features, a constant y).
     *
     * @param x the features [n][D]; not modified
     * @param y the target [n]; not modified
     * @return alpha_max, at least 0
     * @throws IllegalArgumentException for bad input
     */
    public static double lassoAlphaMax(double[][] x, double[] y) {
        // TODO: validate; centre x and y; the largest |Xc_j^T yc| / n over the features (0 when there is none).
        throw new UnsupportedOperationException("Not implemented yet: RidgeLasso.lassoAlphaMax");
    }

    /**
     * The lasso by cyclic coordinate descent, along the path fixed in the class Javadoc.
     *
     * @param x         the features [n][D]; not modified
     * @param y         the target [n]; not modified
     * @param alpha     the L1 penalty's weight, finite and at least 0
     * @param maxSweeps the most sweeps over the D coordinates, at least 0
     * @param tolerance stop after a sweep whose largest coefficient change is at most this; finite, at least 0
     * @return the coefficients [D + 1], intercept first
     * @throws IllegalArgumentException for bad input, negative maxSweeps, or a tolerance that is
     *                                  negative, NaN or infinite
     */
    public static double[] lasso(double[][] x, double[] y, double alpha, int maxSweeps, double tolerance) {
        // TODO: validate; centre x and y; z_j = ||Xc_j||^2 / n; b = 0; r = yc. Each sweep, j = 0..D-1 (skip z_j = 0):
        // TODO: rho = Xc_j . r / n + z_j b_j, new = softThreshold(rho, alpha) / z_j, r -= Xc_j (new - b_j), b_j = new;
        // TODO: stop after a sweep whose largest |change| <= tolerance, or after maxSweeps. Return [mean(y) - mean(x) . b, b...].
        throw new UnsupportedOperationException("Not implemented yet: RidgeLasso.lasso");
    }
}
