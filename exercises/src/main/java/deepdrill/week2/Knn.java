package deepdrill.week2;

/**
 * k-nearest neighbours: a query takes the majority class (or the mean target) of the k training
 * points closest to it, after the features are standardised with the training data's statistics.
 *
 * <h2>The idea</h2>
 * kNN learns nothing at training time: it keeps the training set and, for each query, looks up the
 * k points at the smallest Euclidean distance. A classifier lets them vote; a regressor averages
 * their targets. Distances add up squared differences over the features, so a feature measured in
 * large units (millimetres next to metres) would decide alone: each feature is first standardised
 * to mean 0 and standard deviation 1, with the mean and deviation of the training data only (the
 * queries are the test set; using their statistics leaks them into the model). Weighting each
 * vote by 1 / distance lets the closest neighbours count more. Leave-one-out validation predicts
 * each training point from all the others, which for kNN costs no retraining.
 *
 * <h2>Formula</h2>
 * <pre>
 *   standardise:  mu_j = (1/n) sum_i x_ij      sigma_j = sqrt((1/n) sum_i (x_ij - mu_j)^2)
 *                 z_ij = (x_ij - mu_j) / sigma_j       (z_ij = 0 where sigma_j = 0)
 *   distance:     d(a, b) = sqrt( sum_j (a_j - b_j)^2 )
 *   classify:     y(q) = the label with the most votes among N_k(q), the k nearest training points
 *   weighted:     y(q) = argmax_c sum_{i in N_k(q), y_i = c} 1 / d(q, x_i)
 *   regress:      y(q) = (1/k) sum_{i in N_k(q)} y_i
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   n  training points     m  queries     d  features     k  neighbours, 1 &lt;= k &lt;= n
 *
 *   train    [n][d]   the training features; labels int[n] or targets double[n]
 *   queries  [m][d]   the points to predict
 *   result   int[m] labels, double[m] values, or [m][n] distances
 * </pre>
 *
 * <h2>The convention</h2>
 * <ul>
 *   <li>Standardisation uses the population standard deviation (divided by n, as scikit-learn's
 *       {@code StandardScaler}), fitted on the training features only and applied to both training
 *       features and queries. A feature that is constant in the training data (sigma = 0) becomes
 *       0 for every point, training and query alike: it carries no information and takes no part
 *       in any distance.</li>
 *   <li>Neighbours are ranked by distance; equal distances are ranked by the lower training index
 *       first (a stable sort on the distance).</li>
 *   <li>Vote ties (two labels with the same count, or the same total weight): the label of the
 *       nearest neighbour among the tied labels wins, that is, the tied label that appears first
 *       in the ranked neighbour list.</li>
 *   <li>Weighted votes use the plain Euclidean distance, weight 1 / d, summed in neighbour order.
 *       When some of the k neighbours are at distance 0, only those vote, one vote each (the
 *       limit of 1 / d as d goes to 0).</li>
 *   <li>{@link #leaveOneOut} uses the features as they are given (the caller standardises once,
 *       beforehand): point i is predicted from the other n - 1 points, never from itself.</li>
 *   <li>Bad input throws an {@link IllegalArgumentException}: no training points, rows of unequal
 *       length or with no features, a NaN or infinite feature, labels or targets of the wrong
 *       length, k below 1 or above the number of points that can vote (n, or n - 1 in
 *       leave-one-out).</li>
 * </ul>
 * Inputs are not modified; every result is a new array.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>Why standardise, and with which statistics? (Otherwise the feature with the largest scale
 *       dominates the distance; with the training set's only, or the test set leaks into the
 *       model.)</li>
 *   <li>How do you choose k? (Cross-validation; small k overfits with high variance, large k
 *       underfits with high bias; odd k avoids ties between two classes.)</li>
 *   <li>What does prediction cost? (O(n d) per query for brute force, nothing for training; KD-trees
 *       or ball trees help in low dimensions, approximate methods (HNSW, LSH) in high ones.)</li>
 *   <li>What is the curse of dimensionality here? (In many dimensions all distances become nearly
 *       equal, so the nearest neighbour is hardly nearer than the farthest.)</li>
 *   <li>Why can you drop the square root? (sqrt is increasing, so it does not change the ranking;
 *       it does change 1 / d weights.)</li>
 * </ul>
 *
 * @see <a href="https://scikit-learn.org/stable/modules/neighbors.html">scikit-learn: nearest
 *      neighbours</a>, and Cover and Hart, "Nearest neighbor pattern classification", IEEE
 *      Transactions on Information Theory 13(1), 1967
 */
public final class Knn {

    private Knn() {
    }

    /**
     * The training data's per-feature statistics.
     *
     * @param mean the mean of each feature
     * @param std  the population standard deviation of each feature (divided by n), 0 for a
     *             constant feature
     */
    public record Scaler(double[] mean, double[] std) {
    }

    /**
     * The mean and population standard deviation of each feature (column) of {@code x}.
     *
     * @param x the training features [n][d], n &gt;= 1, d &gt;= 1, finite; not modified
     */
    public static Scaler fitScaler(double[][] x) {
        // TODO: per column: the mean, then the root mean squared deviation from it (divide by n).
        throw new UnsupportedOperationException("Not implemented yet: Knn.fitScaler");
    }

    /**
     * {@code x} standardised with {@code scaler}: (x - mean) / std, and 0 where std is 0.
     *
     * @param x      points [m][d], finite; not modified
     * @param scaler statistics of d features
     * @return a new [m][d] array
     */
    public static double[][] standardize(double[][] x, Scaler scaler) {
        // TODO: (x - mean) / std per column; 0 where std is 0.
        throw new UnsupportedOperationException("Not implemented yet: Knn.standardize");
    }

    /**
     * The Euclidean distance from every query to every training point.
     *
     * @param queries points [m][d]; not modified
     * @param train   points [n][d]; not modified
     * @return a new [m][n] array: row q, column i is d(queries[q], train[i])
     */
    public static double[][] distances(double[][] queries, double[][] train) {
        // TODO: sqrt of the summed squared differences, for every (query, training point) pair.
        throw new UnsupportedOperationException("Not implemented yet: Knn.distances");
    }

    /**
     * The indices of the k training points nearest to {@code query}, nearest first; equal
     * distances in order of the lower index first. The features are used as given.
     *
     * @param train points [n][d]; not modified
     * @param query one point of d features; not modified
     * @param k     how many, 1 &lt;= k &lt;= n
     */
    public static int[] nearest(double[][] train, double[] query, int k) {
        // TODO: sort the indices by distance with a stable sort (equal distances keep index order), take k.
        throw new UnsupportedOperationException("Not implemented yet: Knn.nearest");
    }

    /**
     * The majority label of each query's k nearest training points, after standardising with the
     * training features' statistics; a vote tie goes to the tied label of the nearest neighbour.
     *
     * @param train   training features [n][d]; not modified
     * @param labels  training labels, int[n]; not modified
     * @param queries points to classify [m][d]; not modified
     * @param k       neighbours, 1 &lt;= k &lt;= n
     */
    public static int[] classify(double[][] train, int[] labels, double[][] queries, int k) {
        // TODO: fit the scaler on train, standardise train and queries, vote among the k nearest.
        throw new UnsupportedOperationException("Not implemented yet: Knn.classify");
    }

    /**
     * As {@link #classify}, with each neighbour's vote weighted by 1 / distance (in the
     * standardised space); neighbours at distance 0, where there are any, take every vote.
     *
     * @param train   training features [n][d]; not modified
     * @param labels  training labels, int[n]; not modified
     * @param queries points to classify [m][d]; not modified
     * @param k       neighbours, 1 &lt;= k &lt;= n
     */
    public static int[] classifyWeighted(double[][] train, int[] labels, double[][] queries, int k) {
        // TODO: as classify, with weights 1 / d; neighbours at distance 0 take every vote.
        throw new UnsupportedOperationException("Not implemented yet: Knn.classifyWeighted");
    }

    /**
     * The mean target of each query's k nearest training points, after standardising with the
     * training features' statistics.
     *
     * @param train   training features [n][d]; not modified
     * @param targets training targets, double[n]; not modified
     * @param queries points to predict [m][d]; not modified
     * @param k       neighbours, 1 &lt;= k &lt;= n
     */
    public static double[] regress(double[][] train, double[] targets, double[][] queries, int k) {
        // TODO: standardise as in classify, then average the targets of the k nearest.
        throw new UnsupportedOperationException("Not implemented yet: Knn.regress");
    }

    /**
     * The leave-one-out prediction of every point: the majority label (ties as in
     * {@link #classify}) of its k nearest other points, on the features as given.
     *
     * @param x      features [n][d]; not modified
     * @param labels labels, int[n]; not modified
     * @param k      neighbours, 1 &lt;= k &lt;= n - 1
     */
    public static int[] leaveOneOut(double[][] x, int[] labels, int k) {
        // TODO: for each point, the k nearest of the others (skip its own index), then vote.
        throw new UnsupportedOperationException("Not implemented yet: Knn.leaveOneOut");
    }
}
