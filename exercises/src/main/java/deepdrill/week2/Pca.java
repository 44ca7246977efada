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
        // TODO: centre each column on its mean, then sum products of centred columns and divide by n - 1.
        throw new UnsupportedOperationException("Not implemented yet: Pca.covariance");
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
        // TODO: centre, eigen-decompose the covariance (or SVD the centred data), sort by decreasing variance,
        //       fix each component's sign, then fill the variances, ratios (over trace(C)) and singular values.
        throw new UnsupportedOperationException("Not implemented yet: Pca.fit");
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
        // TODO: subtract the mean, dot with each component row; divide by sqrt(variance) if whitening.
        throw new UnsupportedOperationException("Not implemented yet: Pca.transform");
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
        // TODO: undo the whitening if asked, then z W + mean.
        throw new UnsupportedOperationException("Not implemented yet: Pca.inverseTransform");
    }
}
