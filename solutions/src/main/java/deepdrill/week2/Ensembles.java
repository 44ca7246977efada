package deepdrill.week2;

import java.util.Random;

/**
 * Ensembles of decision stumps: bagging with an out-of-bag estimate, random-forest feature
 * sampling, discrete AdaBoost, and gradient boosting for regression with squared loss.
 *
 * <h2>The idea</h2>
 * One shallow tree is a weak, unstable model; many of them combined are among the strongest
 * models for tabular data. <b>Bagging</b> (bootstrap aggregating) fits each model on a bootstrap
 * sample (n draws with replacement) and averages them, which lowers the variance; a point left out
 * of a model's sample (about 1/e = 37% of the points are) can be predicted by that model as if it
 * were test data, so the out-of-bag (OOB) error estimates the test error without a hold-out set.
 * A <b>random forest</b> also restricts each split to a random subset of the features, so that the
 * trees are less alike and their average lowers the variance further. <b>AdaBoost</b> fits the
 * models one after another, each on weights that emphasise the points its predecessors got wrong,
 * and lets them vote with weights alpha. <b>Gradient boosting</b> fits each new model to the
 * residuals y - F(x) (the negative gradient of the squared loss) and adds a shrunken copy of it.
 * The base learner here is a <b>stump</b>: a tree of depth 1, one threshold on one feature.
 *
 * <h2>Formula</h2>
 * <pre>
 *   stump:        h(x) = left if x[feature] &lt;= threshold, else right
 *   bagging:      f(x) = (1/B) sum_b h_b(x)          OOB(i) = mean of h_b(x_i) over the b with i not in sample b
 *   AdaBoost:     err_t = sum_i w_i [h_t(x_i) != y_i]           (the weights sum to 1)
 *                 alpha_t = 0.5 ln((1 - err_t) / err_t)          (natural log)
 *                 w_i &lt;- w_i exp(-alpha_t y_i h_t(x_i)) / Z_t    (Z_t renormalises to a sum of 1)
 *                 H(x) = sign(sum_t alpha_t h_t(x))              training error &lt;= prod_t Z_t
 *   boosting:     F_0 = mean(y)     r_i = y_i - F_{t-1}(x_i)     h_t = the stump fitted to r
 *                 F_t(x) = F_{t-1}(x) + nu h_t(x)               (nu the learning rate)
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   n  points     d  features     B  models     T  rounds     m  features per split (1 &lt;= m &lt;= d)
 *
 *   x        [n][d]  features, finite          y  double[n] targets, or int[n] labels -1 / +1
 *   rows     int[]   the rows a stump is fitted on, repeats counting once each time they appear
 *   features int[]   the candidate features of a split
 *   w        double[n] AdaBoost's weights, at least 0, with a positive sum
 * </pre>
 *
 * <h2>The convention</h2>
 * <ul>
 *   <li><b>Stump candidates.</b> For each candidate feature, the thresholds are the midpoints
 *       (a + b) / 2 between consecutive distinct values of that feature among the rows. A
 *       regression stump minimises the sum of squared errors, each leaf predicting the mean of its
 *       targets. A classification stump minimises the weighted error, each leaf predicting the
 *       sign of the weighted sum of its labels, sum w_i y_i (+1 when that sum is 0). Ties in the
 *       criterion: the lower feature index, then the lower threshold. When no candidate feature
 *       has two distinct values, the stump is (the lowest candidate feature, +infinity, c, c), with
 *       c the mean (or the weighted-majority label): every point goes left.</li>
 *   <li><b>The draws.</b> Every random choice comes from the {@link Random} given, in this order.
 *       A bootstrap sample of n is {@code random.nextInt(n)} n times, kept in draw order. Model b
 *       (b = 0, 1, ...) draws its bootstrap sample first, then, when m &lt; d, its features: a
 *       partial Fisher-Yates shuffle of {0, ..., d - 1}, for j = 0 .. m - 1 swapping position j
 *       with position j + {@code random.nextInt(d - j)}; positions 0 .. m - 1 are its features,
 *       reported in ascending order. When m = d nothing is drawn for the features.</li>
 *   <li><b>OOB.</b> Point i's OOB prediction is the mean of the models whose sample does not
 *       contain i. A point that is in every sample has none: its OOB prediction is NaN, and it is
 *       left out of the OOB mean squared error (NaN when no point has an OOB prediction).</li>
 *   <li><b>AdaBoost's edge cases.</b> The weights start at 1/n. A round whose stump has
 *       err &gt;= 0.5 stops boosting without adding it (it is no better than chance). A round with
 *       err = 0 adds its stump with alpha = 0.5 ln((1 - 1e-10) / 1e-10) and stops (the exact
 *       alpha would be infinite). Otherwise the stump is added and the weights are updated and
 *       renormalised. So the model may hold fewer than T stumps (at least one unless the first
 *       round stops). H(x) is +1 where the weighted vote is 0.</li>
 *   <li>Bad input throws an {@link IllegalArgumentException}: no points, ragged or non-finite
 *       features, targets or labels of the wrong length, labels other than -1 and +1, negative or
 *       non-finite weights or weights that sum to 0, empty rows or rows out of range, empty,
 *       repeated or out-of-range features, fewer than 1 model or round, m outside 1 .. d, a
 *       learning rate that is not positive and finite. Inputs are not modified.</li>
 * </ul>
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>Bagging or boosting: which lowers bias, which variance? (Bagging averages independent-ish
 *       low-bias models: variance. Boosting adds weak high-bias models in sequence: bias.)</li>
 *   <li>What share of the points is out of bag for one bootstrap sample? ((1 - 1/n)^n, about
 *       1/e = 36.8%.)</li>
 *   <li>Why sample features in a random forest? (To decorrelate the trees: a dominant feature would
 *       otherwise open every tree, and averaging correlated trees lowers the variance little.
 *       Usual m: sqrt(d) for classification, d/3 for regression.)</li>
 *   <li>What does AdaBoost minimise? (The exponential loss sum exp(-y F(x)), stagewise; alpha is
 *       its exact line search. The training error falls below prod_t 2 sqrt(err_t (1 - err_t)).)</li>
 *   <li>What is the residual in gradient boosting? (The negative gradient of the loss with respect
 *       to F(x): y - F(x) for 0.5 (y - F)^2. Other losses give other pseudo-residuals.)</li>
 *   <li>Why a learning rate? (Shrinkage: smaller steps with more rounds generalise better; it trades
 *       rounds for less overfitting.)</li>
 * </ul>
 *
 * @see <a href="https://www.stat.berkeley.edu/~breiman/randomforest2001.pdf">Breiman, "Random
 *      Forests", Machine Learning 45, 2001</a>; Freund and Schapire, "A decision-theoretic
 *      generalization of on-line learning and an application to boosting", 1997; Friedman, "Greedy
 *      function approximation: a gradient boosting machine", Annals of Statistics 29(5), 2001
 */
public final class Ensembles {

    private Ensembles() {
    }

    /** The smallest error AdaBoost uses for alpha when a stump makes no mistake. */
    public static final double MIN_ERROR = 1e-10;

    /**
     * A decision stump: {@code left} where {@code x[feature] <= threshold}, else {@code right}.
     *
     * @param feature   the feature it splits on
     * @param threshold the split value (+infinity for a stump without a split)
     * @param left      the prediction where x[feature] &lt;= threshold
     * @param right     the prediction elsewhere
     */
    public record Stump(int feature, double threshold, double left, double right) {

        /** The stump's prediction for one point. */
        public double predict(double[] x) {
            return x[feature] <= threshold ? left : right;
        }
    }

    /**
     * A bagged ensemble (or a random forest) of regression stumps.
     *
     * @param stumps   the B models, in the order they were fitted
     * @param samples  the B bootstrap samples (row indices, in draw order)
     * @param features the B candidate-feature sets, each ascending
     * @param oob      each point's OOB prediction, NaN where it is in every sample
     * @param oobMse   the mean of (oob_i - y_i)^2 over the points with an OOB prediction
     */
    public record Bagging(Stump[] stumps, int[][] samples, int[][] features, double[] oob, double oobMse) {
    }

    /**
     * A discrete AdaBoost model.
     *
     * @param stumps  the stumps added, in order (leaves -1 or +1)
     * @param alphas  their weights alpha_t
     * @param weights the point weights after the last update (summing to 1)
     */
    public record AdaBoost(Stump[] stumps, double[] alphas, double[] weights) {
    }

    /**
     * A gradient-boosted regression model: F(x) = init + learningRate * sum_t h_t(x).
     *
     * @param init         F_0, the mean target
     * @param learningRate nu
     * @param stumps       the T stumps, in order
     */
    public record GradientBoosting(double init, double learningRate, Stump[] stumps) {

        /** F(x) for one point. */
        public double predict(double[] x) {
            double f = init;
            for (Stump s : stumps) {
                f += learningRate * s.predict(x);
            }
            return f;
        }
    }

    /**
     * A bootstrap sample: n row indices drawn uniformly with replacement, {@code random.nextInt(n)}
     * n times, in draw order.
     *
     * @param n      the number of points, at least 1
     * @param random the source of the draws
     */
    public static int[] bootstrap(int n, Random random) {
        if (n < 1) {
            throw new IllegalArgumentException("a bootstrap sample needs n >= 1, got " + n);
        }
        int[] sample = new int[n];
        for (int i = 0; i < n; i++) {
            sample[i] = random.nextInt(n);
        }
        return sample;
    }

    /**
     * The regression stump with the smallest sum of squared errors on the given rows, splitting on
     * one of the candidate features (ties: lower feature, then lower threshold).
     *
     * @param x        features [n][d]; not modified
     * @param y        targets, double[n]; not modified
     * @param rows     the rows to fit on, repeats allowed; not modified
     * @param features the candidate features; not modified
     */
    public static Stump fitRegressionStump(double[][] x, double[] y, int[] rows, int[] features) {
        int d = validate(x, y.length);
        checkRows(rows, x.length);
        int[] candidates = checkFeatures(features, d);
        double[] weight = new double[x.length];
        java.util.Arrays.fill(weight, 1);
        return bestStump(x, y, weight, rows, candidates, false);
    }

    /**
     * The classification stump with the smallest weighted error on all rows, over all features,
     * each leaf the sign of its weighted label sum (+1 at 0).
     *
     * @param x features [n][d]; not modified
     * @param y labels -1 or +1, int[n]; not modified
     * @param w weights, at least 0 with a positive sum, double[n]; not modified
     */
    public static Stump fitWeightedStump(double[][] x, int[] y, double[] w) {
        int d = validate(x, y.length);
        double[] labels = checkLabels(y);
        checkWeights(w, x.length);
        return bestStump(x, labels, w, allRows(x.length), allFeatures(d), true);
    }

    /**
     * Bagging (m = d) or a random forest (m &lt; d) of B regression stumps, each fitted on its
     * bootstrap sample and its candidate features, drawn in the order the class Javadoc fixes;
     * with OOB predictions and their mean squared error.
     *
     * @param x                features [n][d]; not modified
     * @param y                targets, double[n]; not modified
     * @param models           B, at least 1
     * @param featuresPerSplit m, 1 &lt;= m &lt;= d
     * @param random           the source of every draw
     */
    public static Bagging bag(double[][] x, double[] y, int models, int featuresPerSplit, Random random) {
        int d = validate(x, y.length);
        if (models < 1) {
            throw new IllegalArgumentException("bagging needs at least 1 model, got " + models);
        }
        if (featuresPerSplit < 1 || featuresPerSplit > d) {
            throw new IllegalArgumentException("features per split must be in 1.." + d + ", got " + featuresPerSplit);
        }
        int n = x.length;
        Stump[] stumps = new Stump[models];
        int[][] samples = new int[models][];
        int[][] features = new int[models][];
        for (int b = 0; b < models; b++) {
            samples[b] = bootstrap(n, random);
            features[b] = featuresPerSplit == d ? allFeatures(d) : drawFeatures(d, featuresPerSplit, random);
            stumps[b] = fitRegressionStump(x, y, samples[b], features[b]);
        }
        double[] oob = new double[n];
        double squares = 0;
        int counted = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int votes = 0;
            for (int b = 0; b < models; b++) {
                if (!contains(samples[b], i)) {
                    sum += stumps[b].predict(x[i]);
                    votes++;
                }
            }
            oob[i] = votes == 0 ? Double.NaN : sum / votes;
            if (votes > 0) {
                squares += (oob[i] - y[i]) * (oob[i] - y[i]);
                counted++;
            }
        }
        return new Bagging(stumps, samples, features, oob, counted == 0 ? Double.NaN : squares / counted);
    }

    /**
     * Discrete AdaBoost with classification stumps for at most T rounds, with the edge cases of the
     * class Javadoc (err &gt;= 0.5 stops without the stump, err = 0 adds it and stops).
     *
     * @param x      features [n][d]; not modified
     * @param y      labels -1 or +1, int[n]; not modified
     * @param rounds T, at least 1
     */
    public static AdaBoost adaBoost(double[][] x, int[] y, int rounds) {
        validate(x, y.length);
        checkLabels(y);
        if (rounds < 1) {
            throw new IllegalArgumentException("AdaBoost needs at least 1 round, got " + rounds);
        }
        int n = x.length;
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        java.util.List<Stump> stumps = new java.util.ArrayList<>();
        java.util.List<Double> alphas = new java.util.ArrayList<>();
        for (int t = 0; t < rounds; t++) {
            Stump h = fitWeightedStump(x, y, w);
            double err = 0;
            for (int i = 0; i < n; i++) {
                err += h.predict(x[i]) != y[i] ? w[i] : 0;
            }
            if (err >= 0.5) {
                break;
            }
            double alpha = 0.5 * Math.log((1 - Math.max(err, MIN_ERROR)) / Math.max(err, MIN_ERROR));
            stumps.add(h);
            alphas.add(alpha);
            if (err == 0) {
                break;
            }
            double z = 0;
            for (int i = 0; i < n; i++) {
                w[i] *= Math.exp(-alpha * y[i] * h.predict(x[i]));
                z += w[i];
            }
            for (int i = 0; i < n; i++) {
                w[i] /= z;
            }
        }
        return new AdaBoost(stumps.toArray(Stump[]::new), alphas.stream().mapToDouble(Double::doubleValue).toArray(), w);
    }

    /**
     * H(x) = sign(sum_t alpha_t h_t(x)) for each point, +1 where the sum is 0.
     *
     * @param model a model from {@link #adaBoost}
     * @param x     points [m][d]; not modified
     */
    public static int[] adaBoostPredict(AdaBoost model, double[][] x) {
        int[] out = new int[x.length];
        for (int q = 0; q < x.length; q++) {
            double vote = 0;
            for (int t = 0; t < model.stumps().length; t++) {
                vote += model.alphas()[t] * model.stumps()[t].predict(x[q]);
            }
            out[q] = vote >= 0 ? 1 : -1;
        }
        return out;
    }

    /**
     * Gradient boosting for regression with squared loss: F_0 the mean target, then T stumps, each
     * fitted (on every row and every feature) to the residuals y - F and added times nu.
     *
     * @param x            features [n][d]; not modified
     * @param y            targets, double[n]; not modified
     * @param rounds       T, at least 1
     * @param learningRate nu, positive and finite
     */
    public static GradientBoosting gradientBoost(double[][] x, double[] y, int rounds, double learningRate) {
        int d = validate(x, y.length);
        if (rounds < 1) {
            throw new IllegalArgumentException("gradient boosting needs at least 1 round, got " + rounds);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be positive and finite, got " + learningRate);
        }
        int n = x.length;
        double init = 0;
        for (double v : y) {
            init += v;
        }
        init /= n;
        double[] f = new double[n];
        java.util.Arrays.fill(f, init);
        Stump[] stumps = new Stump[rounds];
        double[] residual = new double[n];
        for (int t = 0; t < rounds; t++) {
            for (int i = 0; i < n; i++) {
                residual[i] = y[i] - f[i];
            }
            stumps[t] = fitRegressionStump(x, residual, allRows(n), allFeatures(d));
            for (int i = 0; i < n; i++) {
                f[i] += learningRate * stumps[t].predict(x[i]);
            }
        }
        return new GradientBoosting(init, learningRate, stumps);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    // The best stump over the candidates: squared error (classify false) or weighted error (true).
    private static Stump bestStump(double[][] x, double[] y, double[] w, int[] rows, int[] features, boolean classify) {
        Stump best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int f : features) {
            double[] values = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                values[r] = x[rows[r]][f];
            }
            double[] distinct = java.util.Arrays.stream(values).sorted().distinct().toArray();
            for (int c = 0; c + 1 < distinct.length; c++) {
                double threshold = (distinct[c] + distinct[c + 1]) / 2;
                double[] leaves = new double[2];
                double loss = 0;
                for (int side = 0; side < 2; side++) {
                    int[] part = side(x, rows, f, threshold, side == 0);
                    leaves[side] = leaf(y, w, part, classify);
                    loss += loss(y, w, part, leaves[side], classify);
                }
                if (loss < bestLoss) {
                    bestLoss = loss;
                    best = new Stump(f, threshold, leaves[0], leaves[1]);
                }
            }
        }
        if (best == null) {
            double c = leaf(y, w, rows, classify);
            best = new Stump(features[0], Double.POSITIVE_INFINITY, c, c);
        }
        return best;
    }

    private static int[] side(double[][] x, int[] rows, int f, double threshold, boolean left) {
        return java.util.Arrays.stream(rows).filter(r -> (x[r][f] <= threshold) == left).toArray();
    }

    // The leaf's value: the mean target, or the sign of the weighted label sum (+1 at 0).
    private static double leaf(double[] y, double[] w, int[] part, boolean classify) {
        double sum = 0;
        for (int r : part) {
            sum += classify ? w[r] * y[r] : y[r];
        }
        return classify ? (sum >= 0 ? 1 : -1) : sum / part.length;
    }

    private static double loss(double[] y, double[] w, int[] part, double value, boolean classify) {
        double sum = 0;
        for (int r : part) {
            sum += classify ? (y[r] != value ? w[r] : 0) : (y[r] - value) * (y[r] - value);
        }
        return sum;
    }

    private static int[] drawFeatures(int d, int m, Random random) {
        int[] order = allFeatures(d);
        for (int j = 0; j < m; j++) {
            int r = j + random.nextInt(d - j);
            int swap = order[j];
            order[j] = order[r];
            order[r] = swap;
        }
        int[] chosen = java.util.Arrays.copyOf(order, m);
        java.util.Arrays.sort(chosen);
        return chosen;
    }

    private static boolean contains(int[] sample, int i) {
        for (int s : sample) {
            if (s == i) {
                return true;
            }
        }
        return false;
    }

    private static int[] allRows(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static int[] allFeatures(int d) {
        return java.util.stream.IntStream.range(0, d).toArray();
    }

    // The number of features of a non-empty rectangular array of finite values, with n answers.
    private static int validate(double[][] x, int answers) {
        if (x.length == 0 || x[0].length == 0) {
            throw new IllegalArgumentException("x needs at least one point and one feature");
        }
        for (double[] row : x) {
            if (row.length != x[0].length) {
                throw new IllegalArgumentException("every point needs " + x[0].length + " features, one has " + row.length);
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("features must be finite, got " + v);
                }
            }
        }
        if (answers != x.length) {
            throw new IllegalArgumentException(x.length + " points but " + answers + " targets or labels");
        }
        return x[0].length;
    }

    private static double[] checkLabels(int[] y) {
        double[] labels = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 1 && y[i] != -1) {
                throw new IllegalArgumentException("labels must be -1 or +1, got " + y[i]);
            }
            labels[i] = y[i];
        }
        return labels;
    }

    private static void checkWeights(double[] w, int n) {
        if (w.length != n) {
            throw new IllegalArgumentException(n + " points but " + w.length + " weights");
        }
        double sum = 0;
        for (double v : w) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("weights must be finite and at least 0, got " + v);
            }
            sum += v;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("the weights sum to 0");
        }
    }

    private static void checkRows(int[] rows, int n) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("a stump needs at least one row");
        }
        for (int r : rows) {
            if (r < 0 || r >= n) {
                throw new IllegalArgumentException("row " + r + " is outside 0.." + (n - 1));
            }
        }
    }

    private static int[] checkFeatures(int[] features, int d) {
        if (features.length == 0) {
            throw new IllegalArgumentException("a stump needs at least one candidate feature");
        }
        int[] sorted = features.clone();
        java.util.Arrays.sort(sorted);
        for (int j = 0; j < sorted.length; j++) {
            if (sorted[j] < 0 || sorted[j] >= d || j > 0 && sorted[j] == sorted[j - 1]) {
                throw new IllegalArgumentException("features must be distinct and in 0.." + (d - 1) + ", got "
                        + java.util.Arrays.toString(features));
            }
        }
        return sorted;
    }
}
