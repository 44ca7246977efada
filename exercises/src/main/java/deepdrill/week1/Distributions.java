package deepdrill.week1;

/**
 * The probability mass, density and cumulative distribution functions of the five distributions
 * every interview assumes you know: Bernoulli, binomial, Poisson, geometric and normal, and the
 * 68-95-99.7 rule of the normal.
 *
 * <h2>The idea</h2>
 * A PMF gives P(X = k) for a count; a PDF gives a density f(x) for a continuous value (a
 * probability only once integrated over an interval: f can exceed 1); the CDF is
 * F(k) = P(X &lt;= k) for both. A Bernoulli is one coin flip, a binomial counts the successes in n
 * independent flips, a geometric counts the trials until the first success, a Poisson counts rare
 * events in a fixed window (the binomial's limit for large n and small p with np = lambda), and
 * the normal is where sums of many small effects end up (the central limit theorem).
 *
 * <h2>Formula</h2>
 * <pre>
 *   Bernoulli(p)     P(X = k) = p^k (1 - p)^(1 - k)                 k in {0, 1}
 *   Binomial(n, p)   P(X = k) = C(n, k) p^k (1 - p)^(n - k)         k in {0, ..., n}
 *   Poisson(lambda)  P(X = k) = lambda^k e^(-lambda) / k!           k in {0, 1, 2, ...}
 *   Geometric(p)     P(X = k) = (1 - p)^(k - 1) p                   k in {1, 2, ...}  (trials)
 *                    F(k)     = 1 - (1 - p)^k
 *   Normal(mu, s)    f(x) = exp(-(x - mu)^2 / (2 s^2)) / (s sqrt(2 pi))
 *                    F(x) = (1 + erf((x - mu) / (s sqrt 2))) / 2 = erfc(-(x - mu) / (s sqrt 2)) / 2
 *   P(|X - mu| &lt; k s) = erf(k / sqrt 2): 0.6827, 0.9545, 0.9973 for k = 1, 2, 3
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   k       int      a count; any int is accepted, P(X = k) = 0 outside the support
 *   n       int      number of trials, at least 0
 *   p       double   probability of success, in [0, 1] (geometric: in (0, 1])
 *   lambda  double   the Poisson mean (and variance), greater than 0
 *   mu, s   double   the normal's mean and standard deviation (s &gt; 0, not the variance)
 * </pre>
 *
 * <h2>The convention</h2>
 * <ul>
 *   <li>The geometric counts <em>trials</em> until the first success, support k &gt;= 1, mean 1/p
 *       (Wikipedia's first form, scipy.stats.geom). Commons Statistics' and NumPy's
 *       {@code GeometricDistribution} count <em>failures</em> before it, k &gt;= 0, mean (1 - p)/p:
 *       the same law shifted by one.</li>
 *   <li>A CDF is P(X &lt;= k), with k included: 0 below the support, exactly 1 at its top
 *       (binomial k &gt;= n).</li>
 *   <li>0^0 = 1: Binomial(n, 0) puts all its mass on 0, Binomial(n, 1) on n.</li>
 *   <li>Work in logs: C(1000, 500) and 171! overflow a double (and long overflows at 21!), while
 *       the probabilities themselves are fine. Sum log(n - k + i) - log(i) for the coefficient
 *       (or log-gamma), add k log p + (n - k) log(1 - p), then exp. Results must keep a relative
 *       accuracy of 1e-9 in the tails (values near 1e-280 included).</li>
 *   <li>The JDK has no erf: use the complementary error function's Chebyshev fit from Numerical
 *       Recipes ({@code erfc}, fractional error below 1.2e-7 everywhere), which keeps the lower
 *       tail's relative accuracy; the check accepts a relative error of 1e-6 for the normal CDF.</li>
 *   <li>Invalid parameters (p outside its range or NaN, n &lt; 0, lambda &lt;= 0, s &lt;= 0) are
 *       rejected with an {@link IllegalArgumentException} whose message names the parameter
 *       ({@code "p"}, {@code "n"}, {@code "lambda"}, {@code "sigma"}).</li>
 * </ul>
 *
 * <h2>What interviewers ask</h2>
 * "Expected rolls until a six?" (geometric with p = 1/6: 6 trials, 5 failures). "Mean and
 * variance of a binomial?" (np and np(1 - p)). "When is a Poisson a good model?" (rare,
 * independent events at a constant rate; mean = variance; it approximates Binomial(n, p) with
 * lambda = np for large n, small p). "Can a density exceed 1?" (yes: Normal(0, 0.1) has
 * f(0) = 3.99). "What is the 68-95-99.7 rule?" (the mass within 1, 2, 3 sd of the mean; 1.96 sd for
 * 95% exactly). "Why logs?" (products of many small probabilities underflow, coefficients
 * overflow).
 *
 * <h2>Hint</h2>
 * Write a private {@code logChoose(n, k)}, and handle p = 0 and p = 1 before taking log p or
 * log(1 - p). A CDF of a count is a sum of PMFs (a few thousand terms at most here). The erfc fit:
 * <pre>
 *   t = 1 / (1 + |z| / 2)
 *   r = t exp(-z^2 - 1.26551223 + t (1.00002368 + t (0.37409196 + t (0.09678418 + t (-0.18628806
 *         + t (0.27886807 + t (-1.13520398 + t (1.48851587 + t (-0.82215223 + t 0.17087277)))))))))
 *   erfc(z) = r for z &gt;= 0, 2 - r for z &lt; 0
 * </pre>
 *
 * @see <a href="https://en.wikipedia.org/wiki/Geometric_distribution">Geometric distribution: the
 *      two conventions</a>
 * @see <a href="https://numerical.recipes/book.html">Press et al., Numerical Recipes, section 6.2:
 *      the incomplete gamma function and the error function (erfc)</a>
 */
public final class Distributions {

    private Distributions() {
    }

    /**
     * P(X = k) for X ~ Bernoulli(p).
     *
     * @param k any int; 0 outside {0, 1}
     * @param p the probability of 1, in [0, 1]
     * @return p for k = 1, 1 - p for k = 0, else 0
     * @throws IllegalArgumentException if p is outside [0, 1] or NaN
     */
    public static double bernoulliPmf(int k, double p) {
        // TODO: check p; p for k = 1, 1 - p for k = 0, 0 otherwise.
        throw new UnsupportedOperationException("Not implemented yet: Distributions.bernoulliPmf");
    }

    /**
     * P(X = k) for X ~ Binomial(n, p), computed in logs.
     *
     * @param k any int; 0 outside {0, ..., n}
     * @param n the number of trials, at least 0
     * @param p the probability of success, in [0, 1]
     * @return C(n, k) p^k (1 - p)^(n - k)
     * @throws IllegalArgumentException if n &lt; 0, or p is outside [0, 1] or NaN
     */
    public static double binomialPmf(int k, int n, double p) {
        // TODO: check n and p; 0 outside 0..n; p = 0 and p = 1 apart; exp(log C(n, k) + k log p + (n - k) log(1 - p)).
        throw new UnsupportedOperationException("Not implemented yet: Distributions.binomialPmf");
    }

    /**
     * P(X &lt;= k) for X ~ Binomial(n, p).
     *
     * @param k any int; 0 below 0, 1 from n on
     * @param n the number of trials, at least 0
     * @param p the probability of success, in [0, 1]
     * @return the sum of binomialPmf(i, n, p) for i = 0 .. k
     * @throws IllegalArgumentException if n &lt; 0, or p is outside [0, 1] or NaN
     */
    public static double binomialCdf(int k, int n, double p) {
        // TODO: check n and p; 0 below 0, 1 from n on; otherwise sum the PMF for i = 0 .. k.
        throw new UnsupportedOperationException("Not implemented yet: Distributions.binomialCdf");
    }

    /**
     * P(X = k) for X ~ Poisson(lambda), computed in logs.
     *
     * @param k      any int; 0 below 0
     * @param lambda the mean, greater than 0
     * @return lambda^k e^(-lambda) / k!
     * @throws IllegalArgumentException if lambda is not greater than 0 (or NaN)
     */
    public static double poissonPmf(int k, double lambda) {
        // TODO: check lambda; 0 below 0; exp(k log lambda - lambda - log k!).
        throw new UnsupportedOperationException("Not implemented yet: Distributions.poissonPmf");
    }

    /**
     * P(X &lt;= k) for X ~ Poisson(lambda).
     *
     * @param k      any int; 0 below 0
     * @param lambda the mean, greater than 0
     * @return the sum of poissonPmf(i, lambda) for i = 0 .. k
     * @throws IllegalArgumentException if lambda is not greater than 0 (or NaN)
     */
    public static double poissonCdf(int k, double lambda) {
        // TODO: check lambda; sum the PMF for i = 0 .. k.
        throw new UnsupportedOperationException("Not implemented yet: Distributions.poissonCdf");
    }

    /**
     * P(X = k) for X ~ Geometric(p), the number of trials until the first success.
     *
     * @param k any int; 0 below 1
     * @param p the probability of success, in (0, 1]
     * @return (1 - p)^(k - 1) p
     * @throws IllegalArgumentException if p is outside (0, 1] or NaN
     */
    public static double geometricPmf(int k, double p) {
        // TODO: check p in (0, 1]; 0 below 1; (1 - p)^(k - 1) p.
        throw new UnsupportedOperationException("Not implemented yet: Distributions.geometricPmf");
    }

    /**
     * P(X &lt;= k) for X ~ Geometric(p), trials until the first success.
     *
     * @param k any int; 0 below 1
     * @param p the probability of success, in (0, 1]
     * @return 1 - (1 - p)^k
     * @throws IllegalArgumentException if p is outside (0, 1] or NaN
     */
    public static double geometricCdf(int k, double p) {
        // TODO: check p in (0, 1]; 0 below 1; 1 - (1 - p)^k.
        throw new UnsupportedOperationException("Not implemented yet: Distributions.geometricCdf");
    }

    /**
     * The density of Normal(mu, sigma) at x.
     *
     * @param x     any value
     * @param mu    the mean
     * @param sigma the standard deviation (not the variance), greater than 0
     * @return exp(-(x - mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi))
     * @throws IllegalArgumentException if sigma is not greater than 0 (or NaN)
     */
    public static double normalPdf(double x, double mu, double sigma) {
        // TODO: check sigma; z = (x - mu) / sigma; exp(-z^2 / 2) / (sigma sqrt(2 pi)).
        throw new UnsupportedOperationException("Not implemented yet: Distributions.normalPdf");
    }

    /**
     * P(X &lt;= x) for X ~ Normal(mu, sigma).
     *
     * @param x     any value
     * @param mu    the mean
     * @param sigma the standard deviation, greater than 0
     * @return erfc(-(x - mu) / (sigma sqrt 2)) / 2, with a relative error below 1e-6
     * @throws IllegalArgumentException if sigma is not greater than 0 (or NaN)
     */
    public static double normalCdf(double x, double mu, double sigma) {
        // TODO: check sigma; erfc(-z / sqrt 2) / 2 with an erfc of your own (the JDK has none).
        throw new UnsupportedOperationException("Not implemented yet: Distributions.normalCdf");
    }

    /**
     * The probability that a normal value lies within k standard deviations of its mean.
     *
     * @param k the number of standard deviations, at least 0
     * @return P(|X - mu| &lt; k sigma) = erf(k / sqrt 2): 0.6827 for 1, 0.9545 for 2, 0.9973 for 3
     * @throws IllegalArgumentException if k is negative or NaN
     */
    public static double withinSigmas(double k) {
        // TODO: check k; 1 - erfc(k / sqrt 2).
        throw new UnsupportedOperationException("Not implemented yet: Distributions.withinSigmas");
    }
}
