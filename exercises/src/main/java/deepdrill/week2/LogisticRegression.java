package deepdrill.week2;

/**
 * Binary logistic regression with an L2 penalty on the weights, fitted by batch gradient descent
 * on the mean cross-entropy: the sigmoid, the loss, its gradient, the fit, probabilities and class
 * predictions at a decision threshold; then the same for k classes, softmax (multinomial) regression.
 *
 * <h2>The idea</h2>
 * A linear score z = w . x + b is squashed by the sigmoid into a probability p = P(y = 1 | x).
 * Maximising the likelihood of the labels is minimising the binary cross-entropy, which is convex
 * in (w, b) and whose gradient has the famous form "(prediction - label) times input". It is the
 * last layer of every binary classifier network (a linear layer, a sigmoid, BCE), and an L2 penalty
 * (weight decay) keeps the weights finite when the classes are separable: without it, scaling a
 * separating w up always lowers the loss, so the weights grow without bound.
 *
 * <h2>Formula</h2>
 * <pre>
 *   z_i     = w . x_i + b                               the logit of row i
 *   sigmoid(z) = 1 / (1 + exp(-z))
 *   loss    = (1/n) sum_i [ log(1 + exp(z_i)) - y_i z_i ]  +  (lambda/2) ||w||^2
 *           = (1/n) sum_i [ -y_i log p_i - (1 - y_i) log(1 - p_i) ] + (lambda/2) ||w||^2,  p_i = sigmoid(z_i)
 *   dloss/dw = (1/n) sum_i (p_i - y_i) x_i  +  lambda w
 *   dloss/db = (1/n) sum_i (p_i - y_i)                    (the intercept is not penalised)
 *
 *   fit:  w = 0 (d zeros), b = 0; then `iterations` times:
 *           g = gradient at (w, b);  w = w - eta g.weights;  b = b - eta g.intercept
 *         (both from the same g: a simultaneous update, never b from the updated w)
 *
 *   predict:  1 where p_i &gt;= threshold, else 0       (a p exactly on the threshold is class 1)
 *
 *   multinomial (softmax) regression, k classes, labels 0 .. k-1, W (k, d), b (k):
 *   z_ic        = W_c . x_i + b_c
 *   softmax(z_i)_c = exp(z_ic - m_i) / sum_c' exp(z_ic' - m_i),   m_i = max_c z_ic
 *   loss        = (1/n) sum_i [ logsumexp(z_i) - z_{i,y_i} ] + (lambda/2) ||W||^2   (all of W; never b)
 *   dloss/dW_c  = (1/n) sum_i (softmax(z_i)_c - [y_i = c]) x_i + lambda W_c
 *   dloss/db_c  = (1/n) sum_i (softmax(z_i)_c - [y_i = c])
 *   fitSoftmax:     W = 0, b = 0, then the same simultaneous steps as fit
 *   predictSoftmax: the class with the largest z_ic; a tie goes to the smallest class index
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   n  rows (examples), at least 1      d  features, at least 1
 *
 *   x        double[n][d]   features, finite; every row of length d
 *   y        int[n]         labels, each 0 or 1
 *   model    Model          weights double[d] and intercept b
 *   lambda   &gt;= 0           the L2 strength (0: no penalty)
 *   eta      &gt; 0            the learning rate; iterations &gt;= 0 (0 returns the zero model)
 *   threshold in [0, 1]
 *   k        classes, at least 2, for the softmax methods; labels 0 .. k-1 (a class may have no rows)
 * </pre>
 *
 * <h2>The convention</h2>
 * The loss is the <b>mean</b> over the n rows plus (lambda/2) ||w||^2, so the gradient's data part
 * is divided by n and its penalty part is lambda w; the intercept b is never penalised (shifting
 * every score by a constant is not complexity). Numerically: {@code sigmoid} must return a finite
 * value for every finite z (z = -800 gives 0, z = 800 gives 1, never NaN), and {@code loss} must be
 * finite for any finite logits: compute log(1 + exp(z)) as max(z, 0) + log1p(exp(-|z|)) rather than
 * log(sigmoid), which is log(0) = -Infinity once p rounds to 0 or 1. A probability exactly equal
 * to the threshold predicts class 1. Bad input throws an {@link IllegalArgumentException}: x with
 * no rows or an empty row, rows of different lengths, NaN or infinite features, weights or intercept, y of
 * another length than x or with a label other than 0 and 1 (the message says "labels must be 0 or
 * 1"), a model whose weights are not of length d, lambda negative, infinite or NaN, eta not positive and
 * finite, negative iterations, a threshold outside [0, 1] or NaN; for the softmax methods, k below
 * 2, a label outside 0 .. k-1 (the message says "labels must be in 0 .. k-1"), and weights that are not k
 * rows of d or intercepts not of length k. The softmax must subtract each row's largest logit before
 * exp, so that logits of 1000 give finite losses and gradients. Inputs are never modified; every
 * returned array is new.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>Why cross-entropy and not squared error? (It is the Bernoulli negative log-likelihood and is
 *       convex in (w, b); squared error through a sigmoid is not convex and its gradient vanishes
 *       when the sigmoid saturates on a wrong answer.)</li>
 *   <li>Derive the gradient. (dloss/dz_i = p_i - y_i, since sigmoid' = p (1 - p) cancels against the
 *       log's derivative; the chain rule then multiplies by x_i.)</li>
 *   <li>What happens on linearly separable data without regularisation? (No finite minimiser: the
 *       loss keeps falling as ||w|| grows, so gradient descent's weights grow without bound.)</li>
 *   <li>Why not regularise the intercept? (It would pull the base rate towards 0.5 and make the
 *       model depend on where the features' origin is.)</li>
 *   <li>How do you pick the threshold? (0.5 maximises accuracy only for calibrated probabilities
 *       and equal costs; choose it from the precision-recall or ROC curve for the costs at hand.)</li>
 *   <li>Why subtract the row's largest logit in the softmax? (exp(1000) overflows to Infinity; the
 *       softmax is unchanged when every logit moves by the same constant, and after the shift the
 *       largest term is exp(0) = 1.)</li>
 *   <li>How does it become multi-class? (Softmax regression, or one-vs-rest binary models; with
 *       k = 2, softmax regression is logistic regression on the difference of the two classes' rows.)</li>
 * </ul>
 *
 * @see <a href="https://web.stanford.edu/~jurafsky/slp3/5.pdf">Jurafsky and Martin, Speech and
 *      Language Processing, chapter 5: Logistic Regression</a>
 */
public final class LogisticRegression {

    private LogisticRegression() {
    }

    /**
     * A fitted (or given) model.
     *
     * @param weights   w, one per feature
     * @param intercept b
     */
    public record Model(double[] weights, double intercept) {
    }

    /**
     * The gradient of the loss.
     *
     * @param weights   dloss/dw, one per feature
     * @param intercept dloss/db
     */
    public record Gradient(double[] weights, double intercept) {
    }

    /**
     * A multinomial (softmax) model over k classes.
     *
     * @param weights    W, k rows of d weights, one row per class
     * @param intercepts b, one per class
     */
    public record Multinomial(double[][] weights, double[] intercepts) {
    }

    /**
     * The logistic function 1 / (1 + exp(-z)), finite for every finite z.
     *
     * @param z the logit
     * @return a value in [0, 1]
     */
    public static double sigmoid(double z) {
        // TODO: 1 / (1 + exp(-z)) for z >= 0, exp(z) / (1 + exp(z)) below 0: exp never overflows.
        throw new UnsupportedOperationException("Not implemented yet: LogisticRegression.sigmoid");
    }

    /**
     * The mean binary cross-entropy of the model on (x, y), plus (lambda/2) ||w||^2.
     *
     * @param x      features (n, d); not modified
     * @param y      labels, each 0 or 1; not modified
     * @param model  the weights and intercept; not modified
     * @param lambda the L2 strength, at least 0
     */
    public static double loss(double[][] x, int[] y, Model model, double lambda) {
        // TODO: validate; mean of max(z, 0) + log1p(exp(-|z|)) - y z, plus (lambda/2) ||w||^2.
        throw new UnsupportedOperationException("Not implemented yet: LogisticRegression.loss");
    }

    /**
     * The gradient of {@link #loss} with respect to the weights and the intercept.
     *
     * @param x      features (n, d); not modified
     * @param y      labels, each 0 or 1; not modified
     * @param model  the point at which to differentiate; not modified
     * @param lambda the L2 strength, at least 0
     * @return a new gradient: weights of length d, and the intercept's
     */
    public static Gradient gradient(double[][] x, int[] y, Model model, double lambda) {
        // TODO: validate; sum (p_i - y_i) x_i and (p_i - y_i), divide by n, add lambda w (not to b).
        throw new UnsupportedOperationException("Not implemented yet: LogisticRegression.gradient");
    }

    /**
     * Batch gradient descent from the zero model, {@code iterations} simultaneous steps of size
     * {@code learningRate}, exactly as in the class Javadoc.
     *
     * @param x            features (n, d); not modified
     * @param y            labels, each 0 or 1; not modified
     * @param lambda       the L2 strength, at least 0
     * @param learningRate eta, positive and finite
     * @param iterations   the number of steps, at least 0
     * @return the model after the last step
     */
    public static Model fit(double[][] x, int[] y, double lambda, double learningRate, int iterations) {
        // TODO: validate; from zeros, iterations times: one gradient, then step w and b against it.
        throw new UnsupportedOperationException("Not implemented yet: LogisticRegression.fit");
    }

    /**
     * P(y = 1 | x_i) for each row.
     *
     * @param x     features (n, d); not modified
     * @param model the weights and intercept; not modified
     * @return a new array of n probabilities
     */
    public static double[] predictProba(double[][] x, Model model) {
        // TODO: validate; sigmoid(w . x_i + b) for each row.
        throw new UnsupportedOperationException("Not implemented yet: LogisticRegression.predictProba");
    }

    /**
     * The class of each row: 1 where its probability is at least {@code threshold}, else 0.
     *
     * @param x         features (n, d); not modified
     * @param model     the weights and intercept; not modified
     * @param threshold in [0, 1]; a probability equal to it is class 1
     * @return a new array of n labels, each 0 or 1
     */
    public static int[] predict(double[][] x, Model model, double threshold) {
        // TODO: validate the threshold; 1 where the probability is >= threshold.
        throw new UnsupportedOperationException("Not implemented yet: LogisticRegression.predict");
    }

    /**
     * The mean softmax cross-entropy of the model on (x, y), plus (lambda/2) ||W||^2.
     *
     * @param x      features (n, d); not modified
     * @param y      labels in 0 .. k-1; not modified
     * @param model  k rows of weights and k intercepts; not modified
     * @param lambda the L2 strength, at least 0
     */
    public static double softmaxLoss(double[][] x, int[] y, Multinomial model, double lambda) {
        // TODO: validate; per row m + log(sum exp(z - m)) - z[y], m the largest logit; mean, plus the penalty.
        throw new UnsupportedOperationException("Not implemented yet: LogisticRegression.softmaxLoss");
    }

    /**
     * The gradient of {@link #softmaxLoss} with respect to W and b.
     *
     * @param x      features (n, d); not modified
     * @param y      labels in 0 .. k-1; not modified
     * @param model  the point at which to differentiate; not modified
     * @param lambda the L2 strength, at least 0
     * @return a new model-shaped gradient: k rows of d, and k intercepts'
     */
    public static Multinomial softmaxGradient(double[][] x, int[] y, Multinomial model, double lambda) {
        // TODO: validate; (softmax(z_i) - one-hot(y_i)) times x_i, summed and divided by n; add lambda W.
        throw new UnsupportedOperationException("Not implemented yet: LogisticRegression.softmaxGradient");
    }

    /**
     * Batch gradient descent on {@link #softmaxLoss} from W = 0, b = 0, {@code iterations}
     * simultaneous steps of size {@code learningRate}.
     *
     * @param x            features (n, d); not modified
     * @param y            labels in 0 .. k-1; not modified
     * @param k            the number of classes, at least 2
     * @param lambda       the L2 strength, at least 0
     * @param learningRate eta, positive and finite
     * @param iterations   the number of steps, at least 0
     * @return the model after the last step
     */
    public static Multinomial fitSoftmax(double[][] x, int[] y, int k, double lambda, double learningRate,
            int iterations) {
        // TODO: validate; from zeros, iterations simultaneous steps against softmaxGradient.
        throw new UnsupportedOperationException("Not implemented yet: LogisticRegression.fitSoftmax");
    }

    /**
     * The class of each row: the one with the largest logit, the smallest index on a tie.
     *
     * @param x     features (n, d); not modified
     * @param model k rows of weights and k intercepts; not modified
     * @return a new array of n labels in 0 .. k-1
     */
    public static int[] predictSoftmax(double[][] x, Multinomial model) {
        // TODO: validate; the index of the largest logit per row (the first one on a tie).
        throw new UnsupportedOperationException("Not implemented yet: LogisticRegression.predictSoftmax");
    }
}
