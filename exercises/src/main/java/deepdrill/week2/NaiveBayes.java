package deepdrill.week2;

/**
 * Gaussian naive Bayes on real-valued features and multinomial naive Bayes with additive
 * (Laplace) smoothing on count features, both in log space, with predictions and class
 * probabilities by log-sum-exp.
 *
 * <h2>The idea</h2>
 * Bayes' rule gives P(y = k | x) proportional to P(y = k) P(x | y = k). Naive Bayes assumes the
 * features are independent given the class, so P(x | y = k) = prod_j P(x_j | y = k), and each
 * factor is a one-dimensional model fitted by counting: a normal distribution per class and
 * feature (Gaussian NB), or word frequencies per class (multinomial NB, the classic spam filter).
 * The product of many small probabilities underflows, so everything is a sum of logarithms, and
 * the probabilities are recovered from the log joint likelihoods by a softmax written with
 * log-sum-exp. Fitting is one pass over the data; the model is a strong baseline for text.
 *
 * <h2>Formula</h2>
 * <pre>
 *   prior_k = n_k / n                                       (the class's share of the samples)
 *
 *   Gaussian:
 *     mu_kj  = (1 / n_k) sum_{i in k} x_ij
 *     var_kj = (1 / n_k) sum_{i in k} (x_ij - mu_kj)^2 + eps     (divided by n_k, not n_k - 1)
 *     eps    = 1e-9 * max_j var_j          var_j: the variance of column j over all n samples (/ n)
 *     jll_k(x) = log prior_k + sum_j [ -0.5 log(2 pi var_kj) - (x_j - mu_kj)^2 / (2 var_kj) ]
 *
 *   Multinomial (x_j = how often word j occurs in the document):
 *     N_kj    = sum_{i in k} x_ij         N_k = sum_j N_kj
 *     theta_kj = (N_kj + alpha) / (N_k + alpha D)               (additive smoothing; alpha = 1: Laplace)
 *     jll_k(x) = log prior_k + sum_j x_j log theta_kj            (a term with x_j = 0 is 0)
 *
 *   predict(x) = argmax_k jll_k(x)
 *   P(y = k | x) = exp(jll_k - m - log sum_c exp(jll_c - m)),   m = max_c jll_c   (log-sum-exp)
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  samples    D  features (words)    K  classes (numClasses)    n_k  samples of class k
 *
 *   x           double[N][D]   features (Gaussian: finite; multinomial: counts, finite and &gt;= 0)
 *   labels      int[N]         classes 0 .. K-1, every class at least once
 *   Gaussian    priors[K], means[K][D], variances[K][D] (eps included)
 *   Multinomial logPriors[K], logProbs[K][D] = log theta_kj
 *   jll         double[N][K]   log P(y = k) + log P(x | y = k), the log joint likelihood
 *   proba       double[N][K]   each row sums to 1
 * </pre>
 *
 * <h2>The convention</h2>
 * This follows scikit-learn's {@code GaussianNB} (variances divided by n_k, {@code var_smoothing}
 * 1e-9 times the largest feature variance added to every variance, priors from the class shares)
 * and {@code MultinomialNB} (theta with alpha added to every count and alpha D to every total).
 * Logarithms are natural. Ties in {@link #predict} go to the smallest class index. With alpha = 0
 * a word never seen in class k has theta_kj = 0 and log theta_kj = -infinity, so a document that
 * contains it gets jll_k = -infinity (and probability 0 for class k); a document without it is
 * unaffected (0 * log 0 counts as 0). {@link #predictProba} accepts -infinity in a row as long as
 * one entry is finite. Bad input throws an {@link IllegalArgumentException}: no samples, rows of
 * different lengths or no features, rows and labels of different counts, {@code numClasses < 1},
 * a label outside 0 .. K-1, a class without samples, a NaN or infinite feature, a negative count,
 * every feature constant over the training set (eps would be 0: no variance is left), alpha
 * negative or NaN, alpha = 0 with a class whose documents hold no words, a row of the wrong
 * length, a jll row that is NaN, +infinity or all -infinity, and a null model. Inputs are not
 * modified; every array returned is new.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>Why is it "naive"? (It assumes the features independent given the class; the
 *       probabilities are badly calibrated when they are not, but the argmax is often right.)</li>
 *   <li>Why Laplace smoothing? (Without it one word never seen in a class makes P(x | k) = 0 and
 *       vetoes the class, whatever the other words say.)</li>
 *   <li>Why work in log space? (A product of hundreds of probabilities below 1 underflows to 0;
 *       the sum of their logs does not.)</li>
 *   <li>How do you turn log scores into probabilities safely? (Subtract the row's maximum before
 *       exponentiating: log-sum-exp; otherwise exp(-1000) = 0 gives 0 / 0.)</li>
 *   <li>Generative or discriminative? (Generative: it models P(x, y); logistic regression models
 *       P(y | x) directly. Gaussian NB with shared variances has a linear decision boundary, like
 *       logistic regression.)</li>
 *   <li>Why add eps to the variances? (A feature constant within a class has variance 0 and an
 *       infinite density at its mean; the floor keeps the log-densities finite.)</li>
 * </ul>
 *
 * @see <a href="https://scikit-learn.org/stable/modules/naive_bayes.html">scikit-learn, Naive Bayes</a>,
 *      and Manning, Raghavan and Schuetze, <i>Introduction to Information Retrieval</i> (2008),
 *      chapter 13
 */
public final class NaiveBayes {

    private NaiveBayes() {
    }

    /**
     * A fitted Gaussian naive Bayes model.
     *
     * @param priors    P(y = k) = n_k / n, double[K]
     * @param means     mu_kj, double[K][D]
     * @param variances var_kj divided by n_k, plus eps, double[K][D]
     */
    public record Gaussian(double[] priors, double[][] means, double[][] variances) {
    }

    /**
     * A fitted multinomial naive Bayes model.
     *
     * @param logPriors log(n_k / n), double[K]
     * @param logProbs  log theta_kj, double[K][D] (-infinity for a word never seen in a class when alpha = 0)
     */
    public record Multinomial(double[] logPriors, double[][] logProbs) {
    }

    /**
     * Fits Gaussian naive Bayes: class priors, per-class means, and per-class variances divided by
     * n_k plus eps = 1e-9 times the largest column variance over all samples.
     *
     * @param x          double[N][D], finite; not modified
     * @param labels     int[N], classes 0 .. numClasses-1, each at least once; not modified
     * @param numClasses K, at least 1
     */
    public static Gaussian fitGaussian(double[][] x, int[] labels, int numClasses) {
        // TODO: validate; eps = 1e-9 * the largest column variance (/ n); per class the share of
        //      samples, the means, and the squared deviations / n_k + eps.
        throw new UnsupportedOperationException("Not implemented yet: NaiveBayes.fitGaussian");
    }

    /**
     * The log joint likelihood log P(y = k) + sum_j log N(x_j; mu_kj, var_kj) of each row and class.
     *
     * @param model a fitted model; not modified
     * @param x     double[M][D], finite; not modified
     * @return double[M][K]
     */
    public static double[][] gaussianJointLogLikelihood(Gaussian model, double[][] x) {
        // TODO: per row and class: log prior plus the sum over features of the normal's
        //      log-density, -0.5 log(2 pi var) - (x - mu)^2 / (2 var). Never multiply densities.
        throw new UnsupportedOperationException("Not implemented yet: NaiveBayes.gaussianJointLogLikelihood");
    }

    /**
     * Fits multinomial naive Bayes with additive smoothing: log priors and
     * log theta_kj = log((N_kj + alpha) / (N_k + alpha D)).
     *
     * @param counts     double[N][D], word counts, finite and at least 0; not modified
     * @param labels     int[N], classes 0 .. numClasses-1, each at least once; not modified
     * @param numClasses K, at least 1
     * @param alpha      the smoothing, at least 0 (1 is Laplace smoothing)
     */
    public static Multinomial fitMultinomial(double[][] counts, int[] labels, int numClasses, double alpha) {
        // TODO: sum the counts per class and word; theta = (N_kj + alpha) / (N_k + alpha D);
        //      store log theta and log(n_k / n).
        throw new UnsupportedOperationException("Not implemented yet: NaiveBayes.fitMultinomial");
    }

    /**
     * The log joint likelihood log P(y = k) + sum_j x_j log theta_kj of each document and class
     * (terms with x_j = 0 are 0, even where log theta_kj is -infinity).
     *
     * @param model  a fitted model; not modified
     * @param counts double[M][D], word counts, finite and at least 0; not modified
     * @return double[M][K]
     */
    public static double[][] multinomialJointLogLikelihood(Multinomial model, double[][] counts) {
        // TODO: log prior plus sum_j x_j log theta_kj, skipping words with x_j = 0.
        throw new UnsupportedOperationException("Not implemented yet: NaiveBayes.multinomialJointLogLikelihood");
    }

    /**
     * The most likely class of each row of log joint likelihoods; ties to the smallest index.
     *
     * @param jointLogLikelihood double[M][K]; not modified
     */
    public static int[] predict(double[][] jointLogLikelihood) {
        // TODO: the argmax of each row (the first on ties).
        throw new UnsupportedOperationException("Not implemented yet: NaiveBayes.predict");
    }

    /**
     * The class probabilities of each row of log joint likelihoods, by log-sum-exp.
     *
     * @param jointLogLikelihood double[M][K]; not modified
     * @return double[M][K], each row summing to 1
     */
    public static double[][] predictProba(double[][] jointLogLikelihood) {
        // TODO: subtract the row's maximum m, then exp(v - m - log(sum exp(v - m))).
        throw new UnsupportedOperationException("Not implemented yet: NaiveBayes.predictProba");
    }
}
