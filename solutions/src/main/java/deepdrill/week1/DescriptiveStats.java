package deepdrill.week1;

import java.util.Arrays;

/**
 * Descriptive statistics of a sample {@code x[0..n-1]}: where its centre is (mean, median, mode),
 * how spread it is (variance, standard deviation, quantiles, interquartile range), which values
 * stand out (Tukey's fences, z-scores), and how well the sample pins down the mean (standard
 * error).
 *
 * <h2>The idea</h2>
 * These are the numbers you look at before any model: the mean and the standard deviation for
 * normalising features, the median and the IQR when outliers would drag the mean, z-scores for
 * standardisation, the standard error for how far the sample mean may be from the true mean. Every
 * screening round asks at least one of them, usually with a trap (n or n - 1? which median for
 * even n? what happens when all values are equal?).
 *
 * <h2>Formula</h2>
 * <pre>
 *   mean        m   = (1/n) sum_i x_i
 *   population  s2p = (1/n)       sum_i (x_i - m)^2       (the MLE; numpy.var default, ddof = 0)
 *   sample      s2  = (1/(n - 1)) sum_i (x_i - m)^2       (unbiased, Bessel's correction; ddof = 1)
 *   sd          sqrt of the variance
 *   median      sort x; odd n: the middle value; even n: the mean of the two middle values
 *   mode        the most frequent value; on a tie, the smallest of the most frequent
 *   quantile    sort x; h = (n - 1) p; q(p) = x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h))
 *               (0-based, linear interpolation: Hyndman and Fan type 7)
 *   IQR         q(0.75) - q(0.25)
 *   fences      [q(0.25) - 1.5 IQR, q(0.75) + 1.5 IQR]; an outlier lies strictly outside them
 *   z-score     z_i = (x_i - m) / sqrt(s2p)                (population sd, as scipy.stats.zscore)
 *   std error   SE  = sqrt(s2) / sqrt(n)                   (sample sd)
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   n  number of values, at least 1 (at least 2 where the sample variance is needed)
 *
 *   x    double[n]     the sample, in any order; not modified
 *   p    double        a probability in [0, 1]
 * </pre>
 *
 * <h2>The convention</h2>
 * <ul>
 *   <li>Quantiles use linear interpolation between order statistics, Hyndman and Fan's type 7: the
 *       default of R's {@code quantile}, NumPy's {@code percentile} ({@code method="linear"}) and
 *       Excel's {@code QUARTILE.INC}. Other tools use other types (Minitab and Excel's
 *       {@code QUARTILE.EXC} use type 6), so the same data can have different quartiles.</li>
 *   <li>The mode is the smallest of the most frequent values (values compare with {@code ==}).</li>
 *   <li>z-scores divide by the population sd; when the sd is 0 (all values equal, or n = 1) every
 *       z-score is {@code Double.NaN} (0 / 0: no value deviates, and there is no scale), as in
 *       {@code scipy.stats.zscore}.</li>
 *   <li>A value exactly on a fence is not an outlier.</li>
 *   <li>Bad input is rejected with an {@link IllegalArgumentException} whose message contains
 *       the words given: an empty array ({@code "empty"}); a NaN anywhere ({@code "NaN"}: missing
 *       data is the caller's decision, drop it first); one value where the sample variance is
 *       needed ({@code "at least 2"}: n - 1 = 0); a p outside [0, 1] or NaN ({@code "p"}).
 *       Infinities are values like any other (the median of {1, 2, +inf} is 2).</li>
 *   <li>Use the two-pass formula (the mean first, then the squared deviations from it), never the
 *       one-pass {@code sum(x^2)/n - m^2}: for values near 1e9 the two terms are near 1e18 and
 *       agree in all the digits a double has, so their difference is rounding noise (catastrophic
 *       cancellation), even negative. Welford's update is the one-pass form that is safe.</li>
 * </ul>
 *
 * <h2>What interviewers ask</h2>
 * "Why n - 1?" (the deviations are taken from the sample mean, which is fitted to the same data, so
 * they are too small on average; dividing by n - 1 makes the variance unbiased; one degree of
 * freedom is used up by the mean). "Is the sample sd unbiased too?" (no: sqrt is concave, so
 * E[s] &lt; sigma by Jensen; only s^2 is unbiased). "Mean or median?" (the median is robust: one
 * huge value moves the mean without bound, the median not at all; its breakdown point is 50%).
 * "How do you detect outliers?" (Tukey's 1.5 IQR fences, robust; or |z| &gt; 3, which the outliers
 * themselves inflate). "What is the standard error?" (the sd of the sample mean, sigma / sqrt(n):
 * four times the data halves it). "How do you compute a variance in one pass?" (Welford's
 * algorithm; the textbook sum of squares minus the squared mean cancels catastrophically).
 *
 * <h2>Hint</h2>
 * Sort a copy ({@code x.clone()}) once for the median and the quantiles; the median is the
 * quantile at p = 0.5. Check the input first, in one helper that every method calls.
 *
 * @see <a href="https://doi.org/10.2307/2684934">Hyndman and Fan, Sample quantiles in statistical
 *      packages (1996): the nine quantile types</a>
 * @see <a href="https://en.wikipedia.org/wiki/Algorithms_for_calculating_variance">Algorithms for
 *      calculating variance: the naive one-pass formula, two-pass, Welford</a>
 */
public final class DescriptiveStats {

    private DescriptiveStats() {
    }

    /** Tukey's fences: values strictly below {@code lower} or strictly above {@code upper} are outliers. */
    public record Fences(double lower, double upper) {
    }

    /**
     * The arithmetic mean.
     *
     * @param x the sample, n at least 1, no NaN; not modified
     * @return (1/n) sum x_i
     * @throws IllegalArgumentException if x is empty or holds a NaN
     */
    public static double mean(double[] x) {
        requireValues(x, 1);
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /**
     * The median: the middle of the sorted values, or the mean of the two middle ones for even n.
     *
     * @param x the sample, n at least 1, no NaN; not modified
     * @return the median
     * @throws IllegalArgumentException if x is empty or holds a NaN
     */
    public static double median(double[] x) {
        requireValues(x, 1);
        double[] s = sorted(x);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * The mode: the most frequent value, the smallest of them on a tie.
     *
     * @param x the sample, n at least 1, no NaN; not modified
     * @return the smallest of the most frequent values
     * @throws IllegalArgumentException if x is empty or holds a NaN
     */
    public static double mode(double[] x) {
        requireValues(x, 1);
        double[] s = sorted(x);
        double best = s[0];
        int bestCount = 0;
        int i = 0;
        while (i < s.length) {
            int j = i;
            while (j < s.length && s[j] == s[i]) {
                j++;
            }
            if (j - i > bestCount) {
                best = s[i];
                bestCount = j - i;
            }
            i = j;
        }
        return best;
    }

    /**
     * The population variance (divided by n).
     *
     * @param x the sample, n at least 1, no NaN; not modified
     * @return (1/n) sum (x_i - m)^2, 0 for n = 1
     * @throws IllegalArgumentException if x is empty or holds a NaN
     */
    public static double populationVariance(double[] x) {
        requireValues(x, 1);
        return sumOfSquaredDeviations(x) / x.length;
    }

    /**
     * The sample variance (divided by n - 1, unbiased).
     *
     * @param x the sample, n at least 2, no NaN; not modified
     * @return (1/(n - 1)) sum (x_i - m)^2
     * @throws IllegalArgumentException if x has fewer than 2 values or holds a NaN
     */
    public static double sampleVariance(double[] x) {
        requireValues(x, 2);
        return sumOfSquaredDeviations(x) / (x.length - 1);
    }

    /**
     * The population standard deviation.
     *
     * @param x the sample, n at least 1, no NaN; not modified
     * @return sqrt(populationVariance(x))
     * @throws IllegalArgumentException if x is empty or holds a NaN
     */
    public static double populationStd(double[] x) {
        return Math.sqrt(populationVariance(x));
    }

    /**
     * The sample standard deviation.
     *
     * @param x the sample, n at least 2, no NaN; not modified
     * @return sqrt(sampleVariance(x))
     * @throws IllegalArgumentException if x has fewer than 2 values or holds a NaN
     */
    public static double sampleStd(double[] x) {
        return Math.sqrt(sampleVariance(x));
    }

    /**
     * The p-quantile by linear interpolation (Hyndman and Fan type 7).
     *
     * @param x the sample, n at least 1, no NaN; not modified
     * @param p the probability, in [0, 1]; q(0) is the minimum, q(1) the maximum
     * @return x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h)) with h = (n - 1) p
     * @throws IllegalArgumentException if x is empty or holds a NaN, or p is outside [0, 1] or NaN
     */
    public static double quantile(double[] x, double p) {
        requireValues(x, 1);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        }
        return quantileOfSorted(sorted(x), p);
    }

    /**
     * The interquartile range.
     *
     * @param x the sample, n at least 1, no NaN; not modified
     * @return q(0.75) - q(0.25), type 7
     * @throws IllegalArgumentException if x is empty or holds a NaN
     */
    public static double iqr(double[] x) {
        requireValues(x, 1);
        double[] s = sorted(x);
        return quantileOfSorted(s, 0.75) - quantileOfSorted(s, 0.25);
    }

    /**
     * Tukey's fences at 1.5 IQR.
     *
     * @param x the sample, n at least 1, no NaN; not modified
     * @return lower = q(0.25) - 1.5 IQR, upper = q(0.75) + 1.5 IQR (type 7 quartiles)
     * @throws IllegalArgumentException if x is empty or holds a NaN
     */
    public static Fences tukeyFences(double[] x) {
        requireValues(x, 1);
        double[] s = sorted(x);
        double q1 = quantileOfSorted(s, 0.25);
        double q3 = quantileOfSorted(s, 0.75);
        double iqr = q3 - q1;
        return new Fences(q1 - 1.5 * iqr, q3 + 1.5 * iqr);
    }

    /**
     * The indices of the outliers: values strictly outside Tukey's fences.
     *
     * @param x the sample, n at least 1, no NaN; not modified
     * @return the indices i with x_i &lt; lower or x_i &gt; upper, in increasing order (empty if none)
     * @throws IllegalArgumentException if x is empty or holds a NaN
     */
    public static int[] outlierIndices(double[] x) {
        Fences fences = tukeyFences(x);
        return java.util.stream.IntStream.range(0, x.length)
                .filter(i -> x[i] < fences.lower() || x[i] > fences.upper())
                .toArray();
    }

    /**
     * The z-scores, with the population standard deviation.
     *
     * @param x the sample, n at least 1, no NaN; not modified
     * @return a new array: (x_i - m) / populationStd(x), every one NaN when that sd is 0
     * @throws IllegalArgumentException if x is empty or holds a NaN
     */
    public static double[] zScores(double[] x) {
        double m = mean(x);
        double sd = populationStd(x);
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = sd == 0 ? Double.NaN : (x[i] - m) / sd;
        }
        return z;
    }

    /**
     * The standard error of the mean, with the sample standard deviation.
     *
     * @param x the sample, n at least 2, no NaN; not modified
     * @return sampleStd(x) / sqrt(n)
     * @throws IllegalArgumentException if x has fewer than 2 values or holds a NaN
     */
    public static double standardError(double[] x) {
        return sampleStd(x) / Math.sqrt(x.length);
    }

    private static void requireValues(double[] x, int atLeast) {
        if (x.length == 0) {
            throw new IllegalArgumentException("x is empty");
        }
        for (double v : x) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("x holds a NaN");
            }
        }
        if (x.length < atLeast) {
            throw new IllegalArgumentException("the sample variance needs at least 2 values (n - 1 = 0), got 1");
        }
    }

    private static double[] sorted(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s;
    }

    // Two passes: the mean first, then the squares of the deviations from it.
    private static double sumOfSquaredDeviations(double[] x) {
        double m = mean(x);
        double sum = 0;
        for (double v : x) {
            double d = v - m;
            sum += d * d;
        }
        return sum;
    }

    private static double quantileOfSorted(double[] s, double p) {
        double h = (s.length - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo >= s.length - 1) {
            return s[s.length - 1];
        }
        return s[lo] + (h - lo) * (s[lo + 1] - s[lo]);
    }
}
