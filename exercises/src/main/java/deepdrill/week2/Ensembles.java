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
        // TODO: random.nextInt(n), n times, in order; reject n < 1.
        throw new UnsupportedOperationException("Not implemented yet: Ensembles.bootstrap");
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
        // TODO: for each feature, try the midpoints between consecutive distinct values among the
        // rows; keep the smallest squared error (strictly smaller, so that ties keep the earlier).
        throw new UnsupportedOperationException("Not implemented yet: Ensembles.fitRegressionStump");
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
        // TODO: as the regression stump, with the weighted error and each leaf the sign of sum w_i y_i.
        throw new UnsupportedOperationException("Not implemented yet: Ensembles.fitWeightedStump");
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
        // TODO: per model: bootstrap, then (m < d) the Fisher-Yates feature draw, then fit; then OOB.
        throw new UnsupportedOperationException("Not implemented yet: Ensembles.bag");
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
        // TODO: w = 1/n; each round: the stump, err, stop or alpha, w *= exp(-alpha y h), renormalise.
        throw new UnsupportedOperationException("Not implemented yet: Ensembles.adaBoost");
    }

    /**
     * H(x) = sign(sum_t alpha_t h_t(x)) for each point, +1 where the sum is 0.
     *
     * @param model a model from {@link #adaBoost}
     * @param x     points [m][d]; not modified
     */
    public static int[] adaBoostPredict(AdaBoost model, double[][] x) {
        // TODO: the sign of the alpha-weighted vote, +1 at 0.
        throw new UnsupportedOperationException("Not implemented yet: Ensembles.adaBoostPredict");
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
        // TODO: F = mean(y); each round: residuals y - F, fit a stump to them, F += nu * stump.
        throw new UnsupportedOperationException("Not implemented yet: Ensembles.gradientBoost");
    }

    // The best stump over the candidates: squared error (classify false) or weighted error (true).

    // The leaf's value: the mean target, or the sign of the weighted label sum (+1 at 0).

    // The number of features of a non-empty rectangular array of finite values, with n answers.
}
