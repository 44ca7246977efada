package deepdrill.week1;

/**
 * Hypothesis tests: the one-sample and Welch t-tests, the chi-squared test of independence and
 * one-way ANOVA (each a statistic, its degrees of freedom and a two-sided or upper-tail p-value),
 * and confidence intervals for a mean and a proportion.
 *
 * <h2>The idea</h2>
 * A test asks: if the null hypothesis H0 were true (no difference, no association), how surprising
 * is the data? The statistic measures the distance from H0 in units of its own noise; under H0 it
 * follows a known distribution (Student's t, chi-squared, F), and the p-value is the probability of
 * a statistic at least as extreme as the one observed. A/B tests, model comparisons and feature
 * screening all come down to one of these tests.
 *
 * <h2>Formulas</h2>
 * <pre>
 *   mean  m = sum x_i / n            sample variance  s^2 = sum (x_i - m)^2 / (n - 1)    (n - 1: Bessel)
 *
 *   one-sample t:   t = (m - mu0) / (s / sqrt(n)),                 df = n - 1
 *   Welch t:        t = (m1 - m2) / sqrt(v1 + v2),  v_j = s_j^2 / n_j
 *                   df = (v1 + v2)^2 / (v1^2 / (n1 - 1) + v2^2 / (n2 - 1))     (Welch-Satterthwaite; not an integer)
 *   two-sided p:    p = P(|T| &gt;= |t|) = 2 * P(T &gt; |t|)
 *
 *   chi-squared:    E_ij = (row_i total) * (column_j total) / N
 *                   X^2 = sum (O_ij - E_ij)^2 / E_ij,   df = (r - 1)(c - 1),   p = P(X &gt;= X^2)
 *
 *   one-way ANOVA:  k groups, N values in all, grand mean g, group means m_j, sizes n_j
 *                   SSB = sum_j n_j (m_j - g)^2       SSW = sum_j sum_i (x_ij - m_j)^2
 *                   F = (SSB / (k - 1)) / (SSW / (N - k)),   df = (k - 1, N - k),   p = P(F' &gt;= F)
 *
 *   mean CI:        m -/+ t* s / sqrt(n),   t* = the (1 + confidence) / 2 quantile of t with n - 1 df
 *   proportion CI:  p^ -/+ z* sqrt(p^ (1 - p^) / n),   p^ = k / n,   z* = the (1 + confidence) / 2 normal quantile
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   x, y      double[n]       samples (n &gt;= 2)
 *   table     long[r][c]      counts, r &gt;= 2 rows and c &gt;= 2 columns
 *   groups    double[k][n_j]  k &gt;= 2 groups of possibly different sizes
 * </pre>
 *
 * <h2>The convention</h2>
 * t-tests are two-sided; the chi-squared test and ANOVA use the upper tail (a large statistic is
 * the evidence). Standard deviations are sample ones (n - 1). The chi-squared test has no Yates
 * continuity correction, even for 2 x 2 tables (SciPy's {@code chi2_contingency} applies one there
 * by default; R's {@code chisq.test} too). The proportion interval is the Wald interval, clipped
 * to [0, 1] (statsmodels' {@code proportion_confint(method="normal")}). The distribution functions
 * are given below ({@link #studentTSurvival}, {@link #chiSquaredSurvival}, {@link #fSurvival},
 * {@link #studentTQuantile}, {@link #normalQuantile}): call them, you need not write them.
 * Degenerate input is refused with an {@link IllegalArgumentException}: a sample smaller than 2, a
 * sample (or, for Welch, both samples) with zero variance, where t is 0/0 or infinite; a ragged or
 * too small table, a negative count, a row or a column that is all zeros (its expected counts are
 * 0); ANOVA with fewer than 2 groups, a group smaller than 2, or no spread within the groups;
 * a confidence outside (0, 1); a proportion with n &lt; 1 or successes outside [0, n]. Inputs are
 * only read.
 *
 * <h2>What interviewers ask</h2>
 * "What is a p-value?" (the probability, under H0, of data at least as extreme; not the probability
 * that H0 is true). "Why Welch rather than Student's t?" (it does not assume equal variances and
 * costs almost nothing when they are equal). "Degrees of freedom of a chi-squared independence
 * test?" ((r - 1)(c - 1): the margins are estimated). "Why t and not z in a mean's interval?" (s is
 * estimated; t has heavier tails, and is close to z once n is large). "What does a 95% interval
 * mean?" (95% of intervals built this way cover the true value). "When does the Wald interval
 * fail?" (p^ near 0 or 1, or small n: use Wilson). "Why ANOVA and not many t-tests?" (the
 * family-wise error rate grows with every test).
 *
 * @see <a href="https://www.itl.nist.gov/div898/handbook/eda/section3/eda353.htm">NIST/SEMATECH
 *      e-Handbook, two-sample t-test</a>
 * @see <a href="https://en.wikipedia.org/wiki/Welch%27s_t-test">Welch's t-test</a>
 * @see <a href="https://en.wikipedia.org/wiki/Pearson%27s_chi-squared_test">Pearson's chi-squared test</a>
 */
public final class HypothesisTests {

    private HypothesisTests() {
    }

    /**
     * A t-test's result.
     *
     * @param statistic        t
     * @param degreesOfFreedom n - 1, or Welch-Satterthwaite's (not an integer)
     * @param pValue           two-sided
     */
    public record TTestResult(double statistic, double degreesOfFreedom, double pValue) {
    }

    /**
     * A chi-squared test's result.
     *
     * @param statistic        X^2, without continuity correction
     * @param degreesOfFreedom (r - 1)(c - 1)
     * @param pValue           upper tail
     */
    public record ChiSquaredResult(double statistic, int degreesOfFreedom, double pValue) {
    }

    /**
     * A one-way ANOVA's result.
     *
     * @param f         the F statistic
     * @param dfBetween k - 1
     * @param dfWithin  N - k
     * @param pValue    upper tail
     */
    public record AnovaResult(double f, int dfBetween, int dfWithin, double pValue) {
    }

    /**
     * A confidence interval.
     *
     * @param lower the lower end
     * @param upper the upper end
     */
    public record Interval(double lower, double upper) {
    }

    /**
     * The one-sample t-test of H0: the mean of the population is {@code mu0}.
     *
     * @param x   the sample, at least 2 values, not all equal; not modified
     * @param mu0 the mean under H0
     * @return t, n - 1 and the two-sided p-value
     * @throws IllegalArgumentException if x has fewer than 2 values or zero variance
     */
    public static TTestResult oneSampleT(double[] x, double mu0) {
        // TODO: mean, sample variance, t = (m - mu0) / (s / sqrt(n)); p = 2 * studentTSurvival(|t|, n - 1).
        throw new UnsupportedOperationException("Not implemented yet: HypothesisTests.oneSampleT");
    }

    /**
     * Welch's two-sample t-test of H0: the two populations have the same mean (variances may differ).
     *
     * @param x the first sample, at least 2 values; not modified
     * @param y the second sample, at least 2 values; not modified
     * @return t (of mean(x) - mean(y)), the Welch-Satterthwaite degrees of freedom and the two-sided p-value
     * @throws IllegalArgumentException if a sample has fewer than 2 values, or both have zero variance
     */
    public static TTestResult welchT(double[] x, double[] y) {
        // TODO: v_j = s_j^2 / n_j for each sample; t, the Welch-Satterthwaite df, and the two-sided p-value.
        throw new UnsupportedOperationException("Not implemented yet: HypothesisTests.welchT");
    }

    /**
     * Pearson's chi-squared test of independence of the rows and columns of a contingency table.
     *
     * @param table counts, at least 2 x 2, rectangular, non-negative, no row or column all zeros; not modified
     * @return X^2, (r - 1)(c - 1) and the upper-tail p-value
     * @throws IllegalArgumentException if the table breaks one of those rules
     */
    public static ChiSquaredResult chiSquaredIndependence(long[][] table) {
        // TODO: validate; row, column and grand totals; sum (O - E)^2 / E; p from chiSquaredSurvival.
        throw new UnsupportedOperationException("Not implemented yet: HypothesisTests.chiSquaredIndependence");
    }

    /**
     * One-way analysis of variance of H0: all groups have the same mean.
     *
     * @param groups at least 2 groups, each of at least 2 values, sizes may differ; not modified
     * @return F, k - 1, N - k and the upper-tail p-value
     * @throws IllegalArgumentException if there are fewer than 2 groups, a group has fewer than 2
     *                                  values, or every group has zero variance
     */
    public static AnovaResult oneWayAnova(double[][] groups) {
        // TODO: group means and the grand mean; SSB and SSW; F = (SSB / (k - 1)) / (SSW / (N - k)).
        throw new UnsupportedOperationException("Not implemented yet: HypothesisTests.oneWayAnova");
    }

    /**
     * The t confidence interval for the mean of the population a sample comes from.
     *
     * @param x          the sample, at least 2 values; not modified
     * @param confidence the coverage, in (0, 1), for example 0.95
     * @return m -/+ t* s / sqrt(n)
     * @throws IllegalArgumentException if x has fewer than 2 values or confidence is not in (0, 1)
     */
    public static Interval meanInterval(double[] x, double confidence) {
        // TODO: t* = studentTQuantile((1 + confidence) / 2, n - 1); the half-width is t* s / sqrt(n).
        throw new UnsupportedOperationException("Not implemented yet: HypothesisTests.meanInterval");
    }

    /**
     * The Wald confidence interval for a proportion, clipped to [0, 1].
     *
     * @param successes  the number of successes, in [0, n]
     * @param n          the number of trials, at least 1
     * @param confidence the coverage, in (0, 1)
     * @return p^ -/+ z* sqrt(p^ (1 - p^) / n), each end clipped to [0, 1]
     * @throws IllegalArgumentException if n &lt; 1, successes is outside [0, n] or confidence is not in (0, 1)
     */
    public static Interval proportionInterval(long successes, long n, double confidence) {
        // TODO: p^ = successes / n (as a double); z* = normalQuantile((1 + confidence) / 2); clip to [0, 1].
        throw new UnsupportedOperationException("Not implemented yet: HypothesisTests.proportionInterval");
    }

    // ---- Given: the distribution functions (you need not change them). -------------------------

    /**
     * Given: P(T &gt; t) for Student's t with {@code df} degrees of freedom (df &gt; 0, not necessarily
     * an integer), through the regularized incomplete beta function.
     */
    public static double studentTSurvival(double t, double df) {
        if (Double.isNaN(t) || !(df > 0)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 0 : 1;
        }
        double t2 = t * t;
        // P(|T| > |t|) = I_{df / (df + t^2)}(df / 2, 1 / 2), with both x and 1 - x exact.
        double both = regularizedBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
        return t >= 0 ? both / 2 : 1 - both / 2;
    }

    /** Given: P(X &gt; x) for the chi-squared distribution with {@code df} &gt; 0 degrees of freedom. */
    public static double chiSquaredSurvival(double x, double df) {
        if (Double.isNaN(x) || !(df > 0)) {
            return Double.NaN;
        }
        return x <= 0 ? 1 : regularizedGammaQ(df / 2, x / 2);
    }

    /** Given: P(F &gt; f) for the F distribution with {@code d1}, {@code d2} &gt; 0 degrees of freedom. */
    public static double fSurvival(double f, double d1, double d2) {
        if (Double.isNaN(f) || !(d1 > 0) || !(d2 > 0)) {
            return Double.NaN;
        }
        if (f <= 0) {
            return 1;
        }
        if (Double.isInfinite(f)) {
            return 0;
        }
        return regularizedBeta(d2 / (d2 + d1 * f), d1 * f / (d2 + d1 * f), d2 / 2, d1 / 2);
    }

    /** Given: the t such that P(T &lt;= t) = p, for Student's t with {@code df} &gt; 0 and p in (0, 1). */
    public static double studentTQuantile(double p, double df) {
        if (!(p > 0 && p < 1) || !(df > 0)) {
            return Double.NaN;
        }
        if (p < 0.5) {
            return -studentTQuantile(1 - p, df);
        }
        double target = 1 - p;
        double lo = 0;
        double hi = 1;
        while (studentTSurvival(hi, df) > target) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (studentTSurvival(mid, df) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** Given: the z such that P(Z &lt;= z) = p for the standard normal, p in (0, 1). */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            return Double.NaN;
        }
        if (p < 0.5) {
            return -normalQuantile(1 - p);
        }
        // P(Z > z) = Q(1/2, z^2 / 2) / 2 for z >= 0.
        double target = 1 - p;
        double lo = 0;
        double hi = 1;
        while (regularizedGammaQ(0.5, hi * hi / 2) / 2 > target) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (regularizedGammaQ(0.5, mid * mid / 2) / 2 > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** I_x(a, b), given x and 1 - x (so that neither loses digits to a subtraction). */
    private static double regularizedBeta(double x, double oneMinusX, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (oneMinusX <= 0) {
            return 1;
        }
        double front = Math.exp(a * Math.log(x) + b * Math.log(oneMinusX) + logGamma(a + b) - logGamma(a) - logGamma(b));
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaFraction(x, a, b) / a;
        }
        return 1 - front * betaFraction(oneMinusX, b, a) / b;
    }

    /** The continued fraction of the incomplete beta function, by the modified Lentz method. */
    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 10000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return h;
    }

    /** Q(a, x) = Gamma(a, x) / Gamma(a): a series for P below a + 1, a continued fraction above. */
    private static double regularizedGammaQ(double a, double x) {
        if (x <= 0) {
            return 1;
        }
        double logFront = a * Math.log(x) - x - logGamma(a);
        if (x < a + 1) {
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n < 10000 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= x / (a + n);
                sum += term;
            }
            return 1 - sum * Math.exp(logFront);
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i <= 10000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(logFront) * h;
    }

    private static final double[] LANCZOS = {
        57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
        0.339946499848118887e-4, 0.465236289270485756e-4, -0.983744753048795646e-4, 0.158088703224912494e-3,
        -0.210264441724104883e-3, 0.217439618115212643e-3, -0.164318106536763890e-3, 0.844182239838527433e-4,
        -0.261908384015814087e-4, 0.368991826595316234e-5};

    /** ln Gamma(x) for x &gt; 0 (Lanczos, as in Numerical Recipes, 3rd edition, section 6.1). */
    private static double logGamma(double x) {
        double y = x;
        double tmp = x + 5.24218750000000000;
        tmp = (x + 0.5) * Math.log(tmp) - tmp;
        double ser = 0.999999999999997092;
        for (double c : LANCZOS) {
            ser += c / ++y;
        }
        return tmp + Math.log(2.5066282746310005 * ser / x);
    }
}
