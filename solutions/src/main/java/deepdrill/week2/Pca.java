package deepdrill.week2;

/**
 * Principal component analysis: the directions along which centred data vary most, how much of
 * the variance each one carries, and the projection onto the first k of them and back.
 *
 * <h2>The idea</h2>
 * Centre the data (subtract each feature's mean), then find the orthonormal directions w_1, w_2, ...
 * that maximise the variance of the projections x . w, each orthogonal to those before it. They
 * are the eigenvectors of the sample covariance matrix, in the order of their eigenvalues (the
 * variance along each), and equally the right singular vectors of the centred data matrix.
 * Keeping the first k compresses the data with the least squared reconstruction error any
 * k-dimensional linear projection can reach: PCA is used for visualisation (k = 2), for
 * decorrelating and whitening inputs, for denoising, and to shrink features before a model.
 *
 * <h2>Formula</h2>
 * <pre>
 *   mean_j  = (1/n) sum_i x_ij                      Xc = X - mean   (every row)
 *   C       = Xc^T Xc / (n - 1)                     the sample covariance, (d, d)
 *   Xc      = U S V^T                               thin SVD, singular values s_1 &gt;= s_2 &gt;= ...
 *   C w_i   = lambda_i w_i,    lambda_i = s_i^2 / (n - 1)    (so w_i = i-th column of V)
 *   ratio_i = lambda_i / (lambda_1 + ... + lambda_d) = lambda_i / trace(C)
 *
 *   transform:          z = (x - mean) W^T                 W = the k components as rows, (k, d)
 *                       z_i / sqrt(lambda_i)               with whitening
 *   inverse transform:  x' = z W + mean                    (z_i * sqrt(lambda_i) first, if whitened)
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   n  samples (rows), at least 2    d  features (columns), at least 1    k  components kept, 0..d
 *
 *   x                       (n, d)   the data, one sample per row, every value finite
 *   covariance              (d, d)   symmetric, divided by n - 1
 *   Fit.mean                (d)      the feature means
 *   Fit.components          (k, d)   one unit-length component per ROW, by decreasing variance
 *   Fit.explainedVariance   (k)      lambda_1 &gt;= ... &gt;= lambda_k &gt;= 0
 *   Fit.explainedVarianceRatio (k)   lambda_i / trace(C): the share of ALL the variance, not of the k kept
 *   Fit.singularValues      (k)      s_i = sqrt((n - 1) lambda_i) of the centred data
 *   transform(fit, x)       (m, k)   for x of shape (m, d), m &gt;= 1
 *   inverseTransform(fit, z)(m, d)   for z of shape (m, k)
 * </pre>
 *
 * <h2>The convention</h2>
 * This follows scikit-learn's {@code PCA} (fitted with its full SVD). The covariance divides by
 * n - 1, and so do the explained variances. Components are rows, sorted by decreasing explained
 * variance. An eigenvector's sign is arbitrary (w and -w are both unit eigenvectors), so each
 * component's sign is fixed as scikit-learn's {@code svd_flip} does for the components: the entry
 * of largest absolute value is made positive (the first such entry if two are equally large). A
 * negative eigenvalue that rounding leaves (about -1e-16) counts as 0. Where several components
 * share one variance (data of rank below d, n - 1 &lt; d, or exactly isotropic data), any
 * orthonormal basis of their common span is right. The explained-variance ratio divides by the total
 * variance over all d directions, so the ratios of the k kept components sum to at most 1.
 * Whitening divides each projection by the standard deviation sqrt(lambda_i) of that component (not
 * by s_i, not by lambda_i), so that every whitened coordinate has sample variance 1.
 *
 * <p>Rejected with an {@link IllegalArgumentException}: a null or ragged array, fewer than 2 rows
 * or no columns, a NaN or infinite value, k outside 0..d, a fit of data whose every row is the
 * same (no variance to explain; its covariance is simply 0), an x or z whose width does not match
 * the fit, and whitening with a kept component of zero variance. Inputs are never modified; every result is a new array.
 *
 * <p>You may use ND4J's linear algebra (or write the eigen decomposition yourself: the cyclic
 * Jacobi method takes about 30 lines for a symmetric matrix), but not ND4J's own PCA class.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>Why centre first? (Without centring, the first "component" points at the mean, and the
 *       variances are second moments about 0, not variances.)</li>
 *   <li>Eigen decomposition of the covariance or SVD of the data? (Same components; the SVD avoids
 *       forming X^T X, which squares the condition number and loses the small eigenvalues' digits.)</li>
 *   <li>How do singular values relate to explained variance? (lambda_i = s_i^2 / (n - 1): squared,
 *       then divided.)</li>
 *   <li>How do you choose k? (Cumulative explained-variance ratio, e.g. 95%, or the elbow of the scree
 *       plot, or downstream validation.)</li>
 *   <li>Should features be standardised first? (When they are in different units: otherwise the
 *       feature with the largest scale dominates the first component.)</li>
 *   <li>What does whitening do, and what is its risk? (Unit variance in every direction; it blows up
 *       the noise of the smallest components.)</li>
 *   <li>PCA versus t-SNE or an autoencoder? (PCA is linear, deterministic and invertible; the others
 *       capture nonlinear structure.)</li>
 * </ul>
 *
 * @see <a href="https://scikit-learn.org/stable/modules/decomposition.html#pca">scikit-learn's PCA
 *      guide</a>, and Jolliffe, <i>Principal Component Analysis</i> (2nd ed., 2002), chapters 1-3
 */
public final class Pca {

    private Pca() {
    }

    /**
     * A fitted PCA: what {@link #fit} returns and what {@link #transform} and
     * {@link #inverseTransform} use. Shapes are in the class Javadoc.
     */
    public record Fit(double[] mean, double[][] components, double[] explainedVariance,
                      double[] explainedVarianceRatio, double[] singularValues) {
    }

    /**
     * The sample covariance matrix, divided by n - 1.
     *
     * @param x data of shape (n, d), n &gt;= 2; not modified
     * @return a new (d, d) symmetric matrix: entry (j, l) = sum_i (x_ij - mean_j)(x_il - mean_l) / (n - 1)
     */
    public static double[][] covariance(double[][] x) {
        int d = validate(x);
        int n = x.length;
        double[][] c = centred(x, means(x));
        double[][] cov = new double[d][d];
        for (int j = 0; j < d; j++) {
            for (int l = j; l < d; l++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += c[i][j] * c[i][l];
                }
                cov[j][l] = sum / (n - 1);
                cov[l][j] = cov[j][l];
            }
        }
        return cov;
    }

    /**
     * Fits PCA with k components.
     *
     * @param x data of shape (n, d), n &gt;= 2, not all rows equal; not modified
     * @param k components to keep, 0 to d
     * @return the mean, the first k components (rows, sign fixed), their explained variances,
     *         explained-variance ratios and singular values
     */
    public static Fit fit(double[][] x, int k) {
        int d = validate(x);
        int n = x.length;
        if (k < 0 || k > d) {
            throw new IllegalArgumentException("k must be between 0 and d = " + d + ", got " + k);
        }
        double[] mean = means(x);
        double[][] a = covariance(x);
        double total = 0;
        for (int j = 0; j < d; j++) {
            total += a[j][j];
        }
        if (total <= 0) {
            throw new IllegalArgumentException("every row of x is the same: there is no variance to explain");
        }
        double[][] v = jacobi(a);
        Integer[] order = new Integer[d];
        for (int j = 0; j < d; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(a[q][q], a[p][p]));

        double[][] components = new double[k][d];
        double[] variance = new double[k];
        double[] ratio = new double[k];
        double[] singular = new double[k];
        for (int i = 0; i < k; i++) {
            int col = order[i];
            int largest = 0;
            for (int j = 0; j < d; j++) {
                components[i][j] = v[j][col];
                if (Math.abs(v[j][col]) > Math.abs(v[largest][col])) {
                    largest = j;
                }
            }
            if (components[i][largest] < 0) {
                for (int j = 0; j < d; j++) {
                    components[i][j] = -components[i][j];
                }
            }
            singular[i] = Math.sqrt(Math.max(a[col][col], 0) * (n - 1));
            variance[i] = singular[i] * singular[i] / (n - 1);
        }
        for (int i = 0; i < k; i++) {
            ratio[i] = variance[i] / total;
        }
        return new Fit(mean, components, variance, ratio, singular);
    }

    /**
     * Projects data onto the fit's components.
     *
     * @param fit    a fit of k components over d features; not modified
     * @param x      data of shape (m, d), m &gt;= 1; not modified
     * @param whiten whether to divide each coordinate by its component's standard deviation
     * @return a new (m, k) array: (x - mean) W^T, each column divided by sqrt(lambda_i) if whitened
     */
    public static double[][] transform(Fit fit, double[][] x, boolean whiten) {
        int d = fit.mean().length;
        int k = fit.components().length;
        checkRows(x, d, "x");
        double[][] scale = whitening(fit, whiten);
        double[][] z = new double[x.length][k];
        for (int r = 0; r < x.length; r++) {
            for (int i = 0; i < k; i++) {
                double sum = 0;
                for (int j = 0; j < d; j++) {
                    sum += (x[r][j] - fit.mean()[j]) * fit.components()[i][j];
                }
                z[r][i] = sum / scale[0][i];
            }
        }
        return z;
    }

    /**
     * Maps projections back to the data's space: the reconstruction from k components.
     *
     * @param fit    a fit of k components over d features; not modified
     * @param z      projections of shape (m, k), m &gt;= 1 (rows of length 0 when k = 0); not modified
     * @param whiten whether z was whitened (each coordinate is multiplied by sqrt(lambda_i) first)
     * @return a new (m, d) array: z W + mean
     */
    public static double[][] inverseTransform(Fit fit, double[][] z, boolean whiten) {
        int d = fit.mean().length;
        int k = fit.components().length;
        checkRows(z, k, "z");
        double[][] scale = whitening(fit, whiten);
        double[][] x = new double[z.length][d];
        for (int r = 0; r < z.length; r++) {
            for (int j = 0; j < d; j++) {
                double sum = fit.mean()[j];
                for (int i = 0; i < k; i++) {
                    sum += z[r][i] * scale[0][i] * fit.components()[i][j];
                }
                x[r][j] = sum;
            }
        }
        return x;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    // The divisor of each projection: sqrt(lambda_i) when whitening, else 1 (as a (1, k) row).
    private static double[][] whitening(Fit fit, boolean whiten) {
        int k = fit.components().length;
        double[][] scale = new double[1][k];
        for (int i = 0; i < k; i++) {
            scale[0][i] = 1;
            if (whiten) {
                double sd = Math.sqrt(fit.explainedVariance()[i]);
                if (!(sd > 0)) {
                    throw new IllegalArgumentException("cannot whiten: component " + i + " has zero variance");
                }
                scale[0][i] = sd;
            }
        }
        return scale;
    }

    // Checks x is at least 2 rows of one width d >= 1, all finite; returns d.
    private static int validate(double[][] x) {
        if (x == null || x.length < 2) {
            throw new IllegalArgumentException("x must have at least 2 rows");
        }
        if (x[0] == null || x[0].length == 0) {
            throw new IllegalArgumentException("x must have at least 1 column");
        }
        checkRows(x, x[0].length, "x");
        return x[0].length;
    }

    private static void checkRows(double[][] x, int width, String name) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException(name + " must have at least 1 row");
        }
        for (double[] row : x) {
            if (row == null || row.length != width) {
                throw new IllegalArgumentException("every row of " + name + " must have length " + width);
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(name + " must hold finite values, got " + v);
                }
            }
        }
    }

    private static double[] means(double[][] x) {
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= x.length;
        }
        return mean;
    }

    private static double[][] centred(double[][] x, double[] mean) {
        double[][] c = new double[x.length][mean.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                c[i][j] = x[i][j] - mean[j];
            }
        }
        return c;
    }

    // Cyclic Jacobi eigen decomposition of the symmetric matrix a, in place: on return its
    // diagonal holds the eigenvalues, and the returned matrix's columns the unit eigenvectors.
    private static double[][] jacobi(double[][] a) {
        int d = a.length;
        double[][] v = new double[d][d];
        double norm = 0;
        for (int p = 0; p < d; p++) {
            v[p][p] = 1;
            for (int q = 0; q < d; q++) {
                norm += a[p][q] * a[p][q];
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-36 * norm) {
                break;
            }
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int r = 0; r < d; r++) {
                        double rp = a[r][p];
                        double rq = a[r][q];
                        a[r][p] = c * rp - s * rq;
                        a[r][q] = s * rp + c * rq;
                    }
                    for (int r = 0; r < d; r++) {
                        double pr = a[p][r];
                        double qr = a[q][r];
                        a[p][r] = c * pr - s * qr;
                        a[q][r] = s * pr + c * qr;
                    }
                    for (int r = 0; r < d; r++) {
                        double rp = v[r][p];
                        double rq = v[r][q];
                        v[r][p] = c * rp - s * rq;
                        v[r][q] = s * rp + c * rq;
                    }
                }
            }
        }
        return v;
    }
}
