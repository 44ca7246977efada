package deepdrill.week1;

import java.util.Arrays;
import java.util.Random;

/**
 * The central limit theorem seen by simulation, the standard error of a mean, and the bootstrap
 * percentile confidence interval, each by a stated procedure that a seed reproduces exactly.
 *
 * <h2>The idea</h2>
 * A sample mean is itself random: draw another sample and it changes. Its distribution (the
 * sampling distribution) is centred on the population mean with spread {@code sigma / sqrt(n)},
 * and by the central limit theorem it is close to normal for large {@code n} whatever the shape of
 * the population. The standard error estimates that spread from one sample, with {@code s} in place
 * of {@code sigma}. The bootstrap goes further without any formula: it treats the sample as the
 * population, resamples it with replacement many times, and reads a confidence interval off the
 * quantiles of the resampled means (Efron, 1979).
 *
 * <h2>Formula</h2>
 * <pre>
 *   sample mean     xbar = (x_1 + ... + x_n) / n
 *   sample s.d.     s = sqrt( sum (x_i - xbar)^2 / (n - 1) )        (Bessel's correction: n - 1)
 *   standard error  SE = s / sqrt(n)                                  (not s / n)
 *   CLT             xbar ~ Normal(mu, sigma^2 / n) approximately, for large n
 *   percentile CI   [ m_(lo), m_(hi) ] of the B sorted bootstrap means m_(1) <= ... <= m_(B)
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  population size     n  sample size     B  bootstrap resamples     R  repetitions
 *
 *   population  double[N]   the values to draw from, each equally likely
 *   sample      double[n]   observed values
 *   means       double[R]   the simulated sample means
 *   alpha = 1 - confidence
 * </pre>
 *
 * <h2>The convention</h2>
 * Every random draw is an index {@code random.nextInt(length)}, drawn in order, with replacement,
 * and a mean is the sum in index order divided by the count; nothing else takes from the
 * {@link Random}, so the same seed gives the same answer to the last bit.
 * <ul>
 *   <li>{@link #sampleMeans}: for each repetition r = 0 .. R - 1, draw n indices into the
 *       population, one after another, and store the mean of those values.</li>
 *   <li>{@link #bootstrapPercentile}: for each resample b = 0 .. B - 1, draw n indices into the
 *       sample and take the mean; sort the B means ascending; with 1-based ranks, the lower bound
 *       is the mean of rank {@code ceil(B * alpha / 2)} and the upper bound the mean of rank
 *       {@code ceil(B * (1 - alpha / 2))}, each rank clamped to {@code [1, B]} (B = 1000 at 95%:
 *       ranks 25 and 975, array indices 24 and 974). In doubles {@code 1 - 0.95} is a hair above
 *       0.05 and {@code 1000 * 0.025} would round up to 26, so the ceiling is taken of
 *       {@code B * q - 1e-9}.</li>
 * </ul>
 * Libraries differ on the quantile rule (NumPy interpolates between ranks by default); this one
 * takes an order statistic, so there is no interpolation. Inputs must not change; arguments
 * outside the stated ranges are rejected with an {@link IllegalArgumentException}.
 *
 * <h2>What interviewers ask</h2>
 * "Standard deviation vs standard error?" (the spread of one value vs the spread of the mean of
 * n values: SE = s / sqrt(n)). "Why n - 1?" (the deviations are taken from xbar, which is fitted to
 * the same data, so they are too small by a factor (n - 1) / n on average). "Four times the data
 * does what to the interval?" (halves it). "Why resample with replacement?" (without, every
 * resample is the sample reshuffled and its mean never changes). "When does the bootstrap fail?"
 * (tiny samples, heavy tails, statistics at the edge such as the maximum). "Does the CLT need a
 * normal population?" (no, only a finite variance; skewed populations need a larger n).
 *
 * @see <a href="https://doi.org/10.1214/aos/1176344552">Efron, Bootstrap methods: another look at
 *      the jackknife (1979)</a>
 * @see <a href="https://en.wikipedia.org/wiki/Standard_error">Standard error</a>
 */
public final class CltBootstrap {

    private CltBootstrap() {
    }

    /**
     * A confidence interval.
     *
     * @param lower its lower bound
     * @param upper its upper bound, at least {@code lower}
     */
    public record Interval(double lower, double upper) {
    }

    /**
     * The standard error of the mean of {@code sample}: {@code s / sqrt(n)}, with the sample
     * standard deviation {@code s} (divisor n - 1).
     *
     * @param sample the observed values, at least two; not modified
     * @return {@code s / sqrt(n)}; 0 when all values are equal
     * @throws IllegalArgumentException when the sample holds fewer than two values
     */
    public static double standardError(double[] sample) {
        // TODO: the mean, the squared deviations over n - 1, the square root, then divide by sqrt(n).
        throw new UnsupportedOperationException("Not implemented yet: CltBootstrap.standardError");
    }

    /**
     * Simulates the sampling distribution of the mean: {@code repetitions} times, draws a sample of
     * {@code n} values from {@code population} with replacement (the order stated in the class
     * Javadoc) and records its mean.
     *
     * @param population  the values to draw from, at least one; not modified
     * @param n           the sample size, at least 1
     * @param repetitions the number of samples, at least 1
     * @param random      the only source of randomness
     * @return the {@code repetitions} sample means, in the order drawn; their spread is about
     *         {@code sigma / sqrt(n)} with {@code sigma} the population's standard deviation
     * @throws IllegalArgumentException when the population is empty or {@code n} or
     *                                  {@code repetitions} is below 1
     */
    public static double[] sampleMeans(double[] population, int n, int repetitions, Random random) {
        // TODO: repetitions times: add up population[random.nextInt(N)] n times, divide by n.
        throw new UnsupportedOperationException("Not implemented yet: CltBootstrap.sampleMeans");
    }

    /**
     * The bootstrap percentile confidence interval for the mean of {@code sample}, by the
     * procedure and quantile rule stated in the class Javadoc.
     *
     * @param sample     the observed values, at least one; not modified
     * @param resamples  the bootstrap resamples B, at least 1
     * @param confidence the confidence level, strictly between 0 and 1 (0.95 for 95%)
     * @param random     the only source of randomness
     * @return the interval between the two order statistics of the bootstrap means
     * @throws IllegalArgumentException when the sample is empty, {@code resamples < 1} or the
     *                                  confidence is not in {@code (0, 1)}
     */
    public static Interval bootstrapPercentile(double[] sample, int resamples, double confidence, Random random) {
        // TODO: B resample means (n indices each, with replacement), sort them, read the two ranks of the Javadoc.
        throw new UnsupportedOperationException("Not implemented yet: CltBootstrap.bootstrapPercentile");
    }
}
