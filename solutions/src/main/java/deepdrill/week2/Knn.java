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
        int d = validate(x, "x");
        int n = x.length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            for (double[] row : x) {
                sum += row[j];
            }
            mean[j] = sum / n;
            double squares = 0;
            for (double[] row : x) {
                squares += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
            std[j] = Math.sqrt(squares / n);
        }
        return new Scaler(mean, std);
    }

    /**
     * {@code x} standardised with {@code scaler}: (x - mean) / std, and 0 where std is 0.
     *
     * @param x      points [m][d], finite; not modified
     * @param scaler statistics of d features
     * @return a new [m][d] array
     */
    public static double[][] standardize(double[][] x, Scaler scaler) {
        int d = validate(x, "x");
        if (scaler.mean().length != d || scaler.std().length != d) {
            throw new IllegalArgumentException("the scaler has " + scaler.mean().length + " features, x has " + d);
        }
        double[][] z = new double[x.length][d];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = scaler.std()[j] == 0 ? 0 : (x[i][j] - scaler.mean()[j]) / scaler.std()[j];
            }
        }
        return z;
    }

    /**
     * The Euclidean distance from every query to every training point.
     *
     * @param queries points [m][d]; not modified
     * @param train   points [n][d]; not modified
     * @return a new [m][n] array: row q, column i is d(queries[q], train[i])
     */
    public static double[][] distances(double[][] queries, double[][] train) {
        int d = validate(train, "train");
        sameWidth(queries, d);
        double[][] out = new double[queries.length][train.length];
        for (int q = 0; q < queries.length; q++) {
            for (int i = 0; i < train.length; i++) {
                out[q][i] = distance(queries[q], train[i]);
            }
        }
        return out;
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
        int d = validate(train, "train");
        sameWidth(new double[][] {query}, d);
        checkK(k, train.length, "the number of training points");
        return nearestAmong(train, query, k, -1);
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
        double[][][] z = standardised(train, labels.length, queries, k);
        int[] out = new int[queries.length];
        for (int q = 0; q < queries.length; q++) {
            out[q] = vote(nearestAmong(z[0], z[1][q], k, -1), labels);
        }
        return out;
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
        double[][][] z = standardised(train, labels.length, queries, k);
        int[] out = new int[queries.length];
        for (int q = 0; q < queries.length; q++) {
            int[] near = nearestAmong(z[0], z[1][q], k, -1);
            double[] weight = new double[k];
            boolean exact = distance(z[1][q], z[0][near[0]]) == 0;
            for (int p = 0; p < k; p++) {
                double dist = distance(z[1][q], z[0][near[p]]);
                weight[p] = exact ? (dist == 0 ? 1 : 0) : 1 / dist;
            }
            out[q] = weightedVote(near, labels, weight);
        }
        return out;
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
        double[][][] z = standardised(train, targets.length, queries, k);
        double[] out = new double[queries.length];
        for (int q = 0; q < queries.length; q++) {
            double sum = 0;
            for (int i : nearestAmong(z[0], z[1][q], k, -1)) {
                sum += targets[i];
            }
            out[q] = sum / k;
        }
        return out;
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
        validate(x, "x");
        sameLength(labels.length, x.length);
        checkK(k, x.length - 1, "the number of other points (n - 1)");
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = vote(nearestAmong(x, x[i], k, i), labels);
        }
        return out;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    // The k nearest points of {@code points} to {@code query}, skipping index {@code skip}.
    private static int[] nearestAmong(double[][] points, double[] query, int k, int skip) {
        Integer[] order = new Integer[points.length - (skip >= 0 ? 1 : 0)];
        double[] dist = new double[points.length];
        int at = 0;
        for (int i = 0; i < points.length; i++) {
            dist[i] = distance(query, points[i]);
            if (i != skip) {
                order[at++] = i;
            }
        }
        // A stable sort: equal distances keep the index order.
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> dist[i]));
        int[] out = new int[k];
        for (int p = 0; p < k; p++) {
            out[p] = order[p];
        }
        return out;
    }

    private static int vote(int[] near, int[] labels) {
        double[] ones = new double[near.length];
        java.util.Arrays.fill(ones, 1);
        return weightedVote(near, labels, ones);
    }

    // The label with the largest total weight; a tie goes to the label seen first in {@code near}.
    private static int weightedVote(int[] near, int[] labels, double[] weight) {
        int best = labels[near[0]];
        double bestTotal = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < near.length; p++) {
            int label = labels[near[p]];
            double total = 0;
            for (int r = 0; r < near.length; r++) {
                total += labels[near[r]] == label ? weight[r] : 0;
            }
            if (total > bestTotal) {
                best = label;
                bestTotal = total;
            }
        }
        return best;
    }

    // The training features and the queries, both standardised with the training statistics.
    private static double[][][] standardised(double[][] train, int answers, double[][] queries, int k) {
        int d = validate(train, "train");
        sameLength(answers, train.length);
        sameWidth(queries, d);
        checkK(k, train.length, "the number of training points");
        Scaler scaler = fitScaler(train);
        return new double[][][] {standardize(train, scaler), standardize(queries, scaler)};
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return Math.sqrt(sum);
    }

    // The number of features of a non-empty rectangular array of finite values.
    private static int validate(double[][] x, String name) {
        if (x.length == 0) {
            throw new IllegalArgumentException(name + " has no points");
        }
        int d = x[0].length;
        if (d == 0) {
            throw new IllegalArgumentException(name + " has no features");
        }
        sameWidth(x, d);
        return d;
    }

    private static void sameWidth(double[][] x, int d) {
        for (double[] row : x) {
            if (row.length != d) {
                throw new IllegalArgumentException("every point needs " + d + " features, one has " + row.length);
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("features must be finite, got " + v);
                }
            }
        }
    }

    private static void sameLength(int answers, int n) {
        if (answers != n) {
            throw new IllegalArgumentException(n + " points but " + answers + " labels or targets");
        }
    }

    private static void checkK(int k, int most, String what) {
        if (k < 1 || k > most) {
            throw new IllegalArgumentException("k = " + k + " must be between 1 and " + what + ", " + most);
        }
    }
}
