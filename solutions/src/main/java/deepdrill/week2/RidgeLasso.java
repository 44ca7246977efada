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
        validate(x, y, alpha);
        int p = x[0].length + 1;
        double[][] a = new double[p][p];
        double[] c = new double[p];
        for (int i = 0; i < x.length; i++) {
            double[] row = new double[p];
            row[0] = 1;
            System.arraycopy(x[i], 0, row, 1, p - 1);
            for (int j = 0; j < p; j++) {
                c[j] += row[j] * y[i];
                for (int k = 0; k < p; k++) {
                    a[j][k] += row[j] * row[k];
                }
            }
        }
        for (int j = 1; j < p; j++) {
            a[j][j] += alpha;
        }
        return choleskySolve(a, c);
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
        if (Double.isNaN(z) || !(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("softThreshold needs a z that is not NaN and a finite gamma >= 0, got z = "
                    + z + ", gamma = " + gamma);
        }
        if (z > gamma) {
            return z - gamma;
        }
        if (z < -gamma) {
            return z + gamma;
        }
        return 0;
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
        Centred c = centre(x, y, 0);
        int n = c.x().length;
        double max = 0;
        for (int j = 0; j < c.means().length; j++) {
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += c.x()[i][j] * c.y()[i];
            }
            max = Math.max(max, Math.abs(dot) / n);
        }
        return max;
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
        Centred c = centre(x, y, alpha);
        if (maxSweeps < 0) {
            throw new IllegalArgumentException("maxSweeps must be at least 0, got " + maxSweeps);
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("the tolerance must be finite and at least 0, got " + tolerance);
        }
        int n = c.x().length;
        int d = c.means().length;
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                z[j] += c.x()[i][j] * c.x()[i][j];
            }
            z[j] /= n;
        }
        double[] b = new double[d];
        double[] r = c.y().clone();
        for (int sweep = 0; sweep < maxSweeps; sweep++) {
            double largest = 0;
            for (int j = 0; j < d; j++) {
                if (z[j] == 0) {
                    continue;
                }
                double rho = 0;
                for (int i = 0; i < n; i++) {
                    rho += c.x()[i][j] * r[i];
                }
                rho = rho / n + z[j] * b[j];
                double updated = softThreshold(rho, alpha) / z[j];
                double change = updated - b[j];
                for (int i = 0; i < n; i++) {
                    r[i] -= c.x()[i][j] * change;
                }
                b[j] = updated;
                largest = Math.max(largest, Math.abs(change));
            }
            if (largest <= tolerance) {
                break;
            }
        }
        return withIntercept(c, b);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    // x and y minus their means, and the means, after checking the input.
    private record Centred(double[][] x, double[] y, double[] means, double yMean) {
    }

    private static Centred centre(double[][] x, double[] y, double alpha) {
        validate(x, y, alpha);
        int n = x.length;
        int d = x[0].length;
        double[] means = new double[d];
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            yMean += y[i];
            for (int j = 0; j < d; j++) {
                means[j] += x[i][j];
            }
        }
        yMean /= n;
        for (int j = 0; j < d; j++) {
            means[j] /= n;
        }
        double[][] xc = new double[n][d];
        double[] yc = new double[n];
        for (int i = 0; i < n; i++) {
            yc[i] = y[i] - yMean;
            for (int j = 0; j < d; j++) {
                xc[i][j] = x[i][j] - means[j];
            }
        }
        return new Centred(xc, yc, means, yMean);
    }

    private static void validate(double[][] x, double[] y, double alpha) {
        if (x == null || x.length == 0 || x[0] == null) {
            throw new IllegalArgumentException("x must have at least one row");
        }
        int n = x.length;
        int d = x[0].length;
        for (double[] row : x) {
            if (row == null || row.length != d) {
                throw new IllegalArgumentException("x must be rectangular: every row with " + d + " features");
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("x must be finite, got " + v);
                }
            }
        }
        if (y == null || y.length != n) {
            throw new IllegalArgumentException("y must have one value per row of x (" + n + ")");
        }
        for (double v : y) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("y must be finite, got " + v);
            }
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and at least 0, got " + alpha);
        }
    }

    // [b0, b] with b0 = mean(y) - mean(x) . b.
    private static double[] withIntercept(Centred c, double[] b) {
        double[] out = new double[b.length + 1];
        out[0] = c.yMean();
        for (int j = 0; j < b.length; j++) {
            out[0] -= c.means()[j] * b[j];
            out[j + 1] = b[j];
        }
        return out;
    }

    // Solves A b = rhs for a symmetric A by Cholesky, intercept first, with the rank check on every pivot.
    private static double[] choleskySolve(double[][] a, double[] rhs) {
        int d = rhs.length;
        double[][] l = new double[d][d];
        for (int k = 0; k < d; k++) {
            double pivot = a[k][k];
            for (int m = 0; m < k; m++) {
                pivot -= l[k][m] * l[k][m];
            }
            if (!(pivot > RANK_TOLERANCE * a[k][k])) {
                throw new IllegalArgumentException("the ridge system is singular at " + (k == 0 ? "the intercept"
                        : "feature " + (k - 1)) + " (pivot " + pivot
                        + " is not above " + RANK_TOLERANCE + " x " + a[k][k] + "): a constant or collinear feature with "
                        + "alpha = 0; use alpha > 0 or drop the feature");
            }
            l[k][k] = Math.sqrt(pivot);
            for (int i = k + 1; i < d; i++) {
                double s = a[i][k];
                for (int m = 0; m < k; m++) {
                    s -= l[i][m] * l[k][m];
                }
                l[i][k] = s / l[k][k];
            }
        }
        double[] w = new double[d];
        for (int i = 0; i < d; i++) {
            double s = rhs[i];
            for (int m = 0; m < i; m++) {
                s -= l[i][m] * w[m];
            }
            w[i] = s / l[i][i];
        }
        double[] b = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = w[i];
            for (int m = i + 1; m < d; m++) {
                s -= l[m][i] * b[m];
            }
            b[i] = s / l[i][i];
        }
        return b;
    }
}
