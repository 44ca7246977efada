package deepdrill.week1;

/**
 * Maximum-likelihood and maximum-a-posteriori estimates of the parameters of five common models,
 * from a sample.
 *
 * <h2>The idea</h2>
 * The likelihood L(theta) = prod_i p(x_i | theta) says how probable the observed sample is under
 * each parameter value. The maximum-likelihood estimate (MLE) is the theta that maximises it;
 * working with the log-likelihood turns the product into a sum, whose derivative set to 0 gives a
 * closed form for every model here. MAP multiplies the likelihood by a prior p(theta) and takes the
 * mode of the posterior: with a conjugate prior (Beta for a Bernoulli p, a normal for a Gaussian
 * mean) the posterior has the prior's form and its mode is again a closed form. Logistic regression
 * is the Bernoulli MLE with p = sigmoid(w . x), and L2 regularisation is MAP with a Gaussian prior.
 *
 * <h2>Formula</h2>
 * <pre>
 *   Bernoulli  (x_i in {0, 1}):  p     = k / n                        k = sum x_i
 *   Gaussian:                    mu    = (1/n) sum x_i
 *                                var   = (1/n) sum (x_i - mu)^2       (divided by n, not n - 1)
 *   Poisson    (x_i = 0, 1, ..): lambda = (1/n) sum x_i
 *   Exponential (x_i &gt;= 0):     rate  = n / sum x_i = 1 / mean
 *
 *   Beta(alpha, beta) prior on a Bernoulli p, MAP (the posterior mode):
 *                                p     = (k + alpha - 1) / (n + alpha + beta - 2)
 *   Normal(mu0, tau2) prior on a Gaussian mean with known variance sigma2, MAP:
 *                                mu    = (mu0 / tau2 + sum x_i / sigma2) / (1 / tau2 + n / sigma2)
 *
 *   Gaussian log-likelihood:     sum_i [ -0.5 log(2 pi var) - (x_i - mu)^2 / (2 var) ]
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   n       the sample size, at least 1 (x.length)
 *   k       the number of successes (ones) in a Bernoulli sample
 *   alpha, beta   the Beta prior's pseudo-counts, each at least 1 (so that the mode exists)
 *   mu0, tau2     the prior mean and prior variance of a Gaussian mean; sigma2 the known variance
 * </pre>
 *
 * <h2>The convention</h2>
 * Estimates are of the parameters as written above: the exponential's rate (not its mean), the
 * Gaussian's variance (not its standard deviation). MAP means the posterior mode, not the
 * posterior mean ((k + alpha) / (n + alpha + beta) for the Beta prior). Bad input throws an
 * {@link IllegalArgumentException}: an empty sample; a Bernoulli value other than 0 and 1; a
 * negative Poisson count; a negative, NaN or infinite value where the model has none; an exponential
 * sample that is all 0 (its rate would be infinite); alpha or beta below 1 (n is at least 1, so the
 * MAP's denominator is positive); a prior or known variance that is not positive and finite.
 * Inputs are not modified.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>Why does the Gaussian MLE of the variance divide by n? (That maximises the likelihood; it is
 *       biased by (n - 1) / n, which is why the unbiased sample variance divides by n - 1.)</li>
 *   <li>What is the MLE of p after 3 heads in 3 flips, and why is it a problem? (1: it says tails
 *       are impossible. A Beta(2, 2) prior gives the MAP (3 + 1) / (3 + 2) = 0.8: Laplace-style
 *       smoothing.)</li>
 *   <li>How do MLE and MAP relate as n grows? (The prior's pseudo-counts stay fixed while the data
 *       grow, so MAP tends to the MLE.)</li>
 *   <li>How is MAP with a Gaussian prior on the weights related to ridge regression? (The log-prior
 *       is -||w||^2 / (2 tau2) + const: an L2 penalty with lambda = sigma2 / tau2.)</li>
 *   <li>Why maximise the log-likelihood rather than the likelihood? (Same maximiser, since log is
 *       increasing; sums instead of products, which do not underflow.)</li>
 * </ul>
 *
 * @see <a href="https://en.wikipedia.org/wiki/Maximum_likelihood_estimation">Maximum likelihood
 *      estimation</a>, and Bishop, <i>Pattern Recognition and Machine Learning</i> (2006), sections
 *      2.1 to 2.3 (the Beta-Bernoulli and Gaussian conjugate priors)
 */
public final class Mle {

    private Mle() {
    }

    /** The Gaussian's two maximum-likelihood estimates. */
    public record Gaussian(double mean, double variance) {
    }

    /**
     * The MLE of a Bernoulli's p: the share of ones.
     *
     * @param x the outcomes, each 0 or 1; not modified
     */
    public static double bernoulli(int[] x) {
        requireSample(x == null ? 0 : x.length);
        long k = 0;
        for (int v : x) {
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException("Bernoulli outcomes are 0 or 1, got " + v);
            }
            k += v;
        }
        return (double) k / x.length;
    }

    /**
     * The MLE of a Gaussian's mean and variance (the variance divided by n).
     *
     * @param x the sample, finite values; not modified
     */
    public static Gaussian gaussian(double[] x) {
        requireFinite(x);
        double mean = mean(x);
        double sum = 0;
        for (double v : x) {
            sum += (v - mean) * (v - mean);
        }
        return new Gaussian(mean, sum / x.length);
    }

    /**
     * The MLE of a Poisson's rate lambda: the mean count.
     *
     * @param x the counts, each at least 0; not modified
     */
    public static double poisson(long[] x) {
        requireSample(x == null ? 0 : x.length);
        double sum = 0;
        for (long v : x) {
            if (v < 0) {
                throw new IllegalArgumentException("Poisson counts are at least 0, got " + v);
            }
            sum += v;
        }
        return sum / x.length;
    }

    /**
     * The MLE of an exponential's rate: 1 / mean.
     *
     * @param x the sample, finite values of at least 0, not all 0; not modified
     */
    public static double exponential(double[] x) {
        requireFinite(x);
        for (double v : x) {
            if (v < 0) {
                throw new IllegalArgumentException("exponential values are at least 0, got " + v);
            }
        }
        double mean = mean(x);
        if (mean == 0) {
            throw new IllegalArgumentException("an all-zero sample has no finite exponential rate");
        }
        return 1 / mean;
    }

    /**
     * The MAP estimate of a Bernoulli's p under a Beta(alpha, beta) prior: the posterior's mode.
     *
     * @param x     the outcomes, each 0 or 1; not modified
     * @param alpha the prior's first pseudo-count, at least 1
     * @param beta  the prior's second pseudo-count, at least 1
     */
    public static double betaBernoulliMap(int[] x, double alpha, double beta) {
        if (!(alpha >= 1) || !(beta >= 1) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("alpha and beta must be finite and at least 1, got " + alpha + ", " + beta);
        }
        double k = bernoulli(x) * x.length;
        return (k + alpha - 1) / (x.length + alpha + beta - 2);
    }

    /**
     * The MAP estimate of a Gaussian's mean with known variance, under a normal prior on the mean:
     * the precision-weighted average of the prior mean and the data.
     *
     * @param x      the sample, finite values; not modified
     * @param sigma2 the known variance of each sample, positive and finite
     * @param mu0    the prior mean, finite
     * @param tau2   the prior variance, positive and finite
     */
    public static double gaussianMeanMap(double[] x, double sigma2, double mu0, double tau2) {
        requireFinite(x);
        if (!(sigma2 > 0) || !(tau2 > 0) || Double.isInfinite(sigma2) || Double.isInfinite(tau2)
                || !Double.isFinite(mu0)) {
            throw new IllegalArgumentException("sigma2 and tau2 must be positive and finite, mu0 finite");
        }
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return (mu0 / tau2 + sum / sigma2) / (1 / tau2 + x.length / sigma2);
    }

    /**
     * The log-likelihood of a sample under a Gaussian (natural log).
     *
     * @param x        the sample, finite values; not modified
     * @param mean     the Gaussian's mean, finite
     * @param variance its variance, positive and finite
     */
    public static double gaussianLogLikelihood(double[] x, double mean, double variance) {
        requireFinite(x);
        if (!Double.isFinite(mean) || !(variance > 0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException("the mean must be finite and the variance positive and finite");
        }
        double sum = 0;
        for (double v : x) {
            sum += -0.5 * Math.log(2 * Math.PI * variance) - (v - mean) * (v - mean) / (2 * variance);
        }
        return sum;
    }

    private static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    private static void requireSample(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the sample is empty");
        }
    }

    private static void requireFinite(double[] x) {
        requireSample(x == null ? 0 : x.length);
        for (double v : x) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("the sample has a value that is not finite: " + v);
            }
        }
    }
}
