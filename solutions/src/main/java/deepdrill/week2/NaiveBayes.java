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
        int[] counts = validate(x, labels, numClasses);
        int n = x.length;
        int d = x[0].length;
        double maxVariance = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j];
            }
            mean /= n;
            double sum = 0;
            for (double[] row : x) {
                sum += (row[j] - mean) * (row[j] - mean);
            }
            maxVariance = Math.max(maxVariance, sum / n);
        }
        double eps = 1e-9 * maxVariance;
        if (eps == 0) {
            throw new IllegalArgumentException("every feature is constant over the training set: eps would be 0");
        }
        double[] priors = new double[numClasses];
        double[][] means = new double[numClasses][d];
        double[][] variances = new double[numClasses][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                means[labels[i]][j] += x[i][j];
            }
        }
        for (int k = 0; k < numClasses; k++) {
            priors[k] = (double) counts[k] / n;
            for (int j = 0; j < d; j++) {
                means[k][j] /= counts[k];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double dev = x[i][j] - means[labels[i]][j];
                variances[labels[i]][j] += dev * dev;
            }
        }
        for (int k = 0; k < numClasses; k++) {
            for (int j = 0; j < d; j++) {
                variances[k][j] = variances[k][j] / counts[k] + eps;
            }
        }
        return new Gaussian(priors, means, variances);
    }

    /**
     * The log joint likelihood log P(y = k) + sum_j log N(x_j; mu_kj, var_kj) of each row and class.
     *
     * @param model a fitted model; not modified
     * @param x     double[M][D], finite; not modified
     * @return double[M][K]
     */
    public static double[][] gaussianJointLogLikelihood(Gaussian model, double[][] x) {
        if (model == null) {
            throw new IllegalArgumentException("the model is null");
        }
        int k = model.priors().length;
        int d = model.means()[0].length;
        double[][] jll = new double[x.length][k];
        for (int i = 0; i < x.length; i++) {
            checkRow(x[i], d, false);
            for (int c = 0; c < k; c++) {
                double sum = Math.log(model.priors()[c]);
                for (int j = 0; j < d; j++) {
                    double var = model.variances()[c][j];
                    double dev = x[i][j] - model.means()[c][j];
                    sum += -0.5 * Math.log(2 * Math.PI * var) - dev * dev / (2 * var);
                }
                jll[i][c] = sum;
            }
        }
        return jll;
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
        int[] classCounts = validate(counts, labels, numClasses);
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and at least 0, got " + alpha);
        }
        int d = counts[0].length;
        double[][] wordCounts = new double[numClasses][d];
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < d; j++) {
                if (counts[i][j] < 0) {
                    throw new IllegalArgumentException("counts must be at least 0, got " + counts[i][j]);
                }
                wordCounts[labels[i]][j] += counts[i][j];
            }
        }
        double[] logPriors = new double[numClasses];
        double[][] logProbs = new double[numClasses][d];
        for (int k = 0; k < numClasses; k++) {
            logPriors[k] = Math.log((double) classCounts[k] / counts.length);
            double total = 0;
            for (int j = 0; j < d; j++) {
                total += wordCounts[k][j];
            }
            double denominator = total + alpha * d;
            if (denominator == 0) {
                throw new IllegalArgumentException("class " + k + " has no words and alpha is 0: its word "
                        + "probabilities are 0 / 0");
            }
            for (int j = 0; j < d; j++) {
                logProbs[k][j] = Math.log(wordCounts[k][j] + alpha) - Math.log(denominator);
            }
        }
        return new Multinomial(logPriors, logProbs);
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
        if (model == null) {
            throw new IllegalArgumentException("the model is null");
        }
        int k = model.logPriors().length;
        int d = model.logProbs()[0].length;
        double[][] jll = new double[counts.length][k];
        for (int i = 0; i < counts.length; i++) {
            checkRow(counts[i], d, true);
            for (int c = 0; c < k; c++) {
                double sum = model.logPriors()[c];
                for (int j = 0; j < d; j++) {
                    if (counts[i][j] != 0) {
                        sum += counts[i][j] * model.logProbs()[c][j];
                    }
                }
                jll[i][c] = sum;
            }
        }
        return jll;
    }

    /**
     * The most likely class of each row of log joint likelihoods; ties to the smallest index.
     *
     * @param jointLogLikelihood double[M][K]; not modified
     */
    public static int[] predict(double[][] jointLogLikelihood) {
        int[] out = new int[jointLogLikelihood.length];
        for (int i = 0; i < out.length; i++) {
            double[] row = jointLogLikelihood[i];
            checkJll(row);
            int best = 0;
            for (int c = 1; c < row.length; c++) {
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * The class probabilities of each row of log joint likelihoods, by log-sum-exp.
     *
     * @param jointLogLikelihood double[M][K]; not modified
     * @return double[M][K], each row summing to 1
     */
    public static double[][] predictProba(double[][] jointLogLikelihood) {
        double[][] out = new double[jointLogLikelihood.length][];
        for (int i = 0; i < out.length; i++) {
            double[] row = jointLogLikelihood[i];
            checkJll(row);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : row) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : row) {
                sum += Math.exp(v - max);
            }
            double logSum = max + Math.log(sum);
            out[i] = new double[row.length];
            for (int c = 0; c < row.length; c++) {
                out[i][c] = Math.exp(row[c] - logSum);
            }
        }
        return out;
    }

    private static void checkJll(double[] row) {
        if (row.length == 0) {
            throw new IllegalArgumentException("a row of log joint likelihoods needs at least one class");
        }
        boolean finite = false;
        for (double v : row) {
            if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("a log joint likelihood must not be NaN or +infinity, got " + v);
            }
            finite |= v != Double.NEGATIVE_INFINITY;
        }
        if (!finite) {
            throw new IllegalArgumentException("every class has log joint likelihood -infinity: no probabilities");
        }
    }

    private static void checkRow(double[] row, int d, boolean counts) {
        if (row.length != d) {
            throw new IllegalArgumentException("a row has " + row.length + " features, the model " + d);
        }
        for (double v : row) {
            if (!Double.isFinite(v) || (counts && v < 0)) {
                String what = counts ? "counts must be finite and at least 0" : "features must be finite";
                throw new IllegalArgumentException(what + ", got " + v);
            }
        }
    }

    private static int[] validate(double[][] x, int[] labels, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        if (x.length == 0 || x.length != labels.length) {
            throw new IllegalArgumentException("need at least one sample and one label per row: " + x.length + " rows, "
                    + labels.length + " labels");
        }
        int d = x[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("the samples have no features");
        }
        for (double[] row : x) {
            if (row.length != d) {
                throw new IllegalArgumentException("rows of different lengths: " + d + " and " + row.length);
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("features must be finite, got " + v);
                }
            }
        }
        int[] counts = new int[numClasses];
        for (int label : labels) {
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException("label " + label + " is outside 0 .. " + (numClasses - 1));
            }
            counts[label]++;
        }
        for (int k = 0; k < numClasses; k++) {
            if (counts[k] == 0) {
                throw new IllegalArgumentException("class " + k + " has no samples: its prior would be 0");
            }
        }
        return counts;
    }
}
