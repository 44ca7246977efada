package deepdrill.grader.checks.week1;

import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.week1.CltBootstrap;
import deepdrill.week1.CltBootstrap.Interval;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Variance;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code clt-bootstrap}. The standard error is compared with Commons Statistics'
 * {@link Variance} (bias-corrected) over {@code n}. The simulations are checked twice: against
 * theory (the mean of the simulated means within 4.5 of their standard errors of the population's
 * {@link Mean}, their spread within 10% of {@code sigma / sqrt(n)}; bootstrap intervals that hold
 * the sample mean, cover the true mean of normal data about 95% of the time over 200 data sets and
 * are about as wide as {@code 2 z sigma / sqrt(n)} with z from {@link NormalDistribution}), and
 * to the last bit against this check's own implementation of the procedure the Javadoc states
 * (index draws in order, the order-statistic quantile rule).
 *
 * <p>Covered: n = 2, all values equal (standard error 0, a degenerate interval), values around
 * 1e6 with a small spread, a population of one value, n = 1 (the means are the population's
 * values), B = 1, B = 999 (ranks that are not whole numbers), confidence 0.5, 0.9 and 0.95 (where
 * {@code 1000 * (1 - 0.95) / 2} is a hair above 25 in doubles), a one-value sample; every rejection
 * the Javadoc names (fewer than two values, an empty population or sample, n, repetitions or B
 * below 1, confidence 0, 1 or NaN). Named: n instead of n - 1, s / n, the standard deviation as
 * the standard error, sampling or resampling without replacement, percentile ranks off by one,
 * alpha not halved (a one-sided quantile on each side), the means left unsorted.
 */
@ExerciseCheck
class CltBootstrapCheck {

    @Test
    @DisplayName("standard error of the mean, s / sqrt(n)")
    void standardError(Random random) {
        // n = 2 comes after n = 8: at n = 2, s / n and the divisor n both give s / 2, which names no mistake.
        List<double[]> cases = new java.util.ArrayList<>(List.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9},
                new double[] {1, 3}, new double[] {5, 5, 5, 5}, shifted(random, 1e6, 0.01, 30)));
        for (int n : new int[] {2, 3, 5, 10, 50, 200}) {
            cases.add(shifted(random, random.nextGaussian() * 10, 0.1 + 5 * random.nextDouble(), n));
        }
        for (double[] x : cases) {
            int n = x.length;
            double sampleVariance = Variance.of(x).getAsDouble();
            double populationVariance = Variance.of(x).setBiased(true).getAsDouble();
            double expected = Math.sqrt(sampleVariance / n);
            double actual = Guarded.call(in -> CltBootstrap.standardError(in.copy("sample", x)));
            double scale = Math.sqrt(sampleVariance);
            if (Math.abs(actual - expected) <= 1e-9 * Math.max(expected, 1e-300) + 1e-12 * scale || actual == expected) {
                continue;
            }
            String diagnosis = Mistake.matching(wrong -> Math.abs(wrong - actual) <= 1e-9 * Math.abs(wrong), List.of(
                    Mistake.giving("divided the squared deviations by n instead of n - 1: the sample standard "
                            + "deviation uses Bessel's correction.", Math.sqrt(populationVariance / n)),
                    Mistake.giving("divided s by n instead of sqrt(n): the variance of a mean is sigma^2 / n, so its "
                            + "standard deviation is sigma / sqrt(n).", Math.sqrt(sampleVariance) / n),
                    Mistake.giving("returned the standard deviation s: the standard error of the mean is "
                            + "s / sqrt(n).", Math.sqrt(sampleVariance))));
            throw new AssertionFailedError(String.format(Locale.ROOT, "%sstandardError(%s): expected %.10g (Commons "
                    + "Statistics' sample variance, divisor n - 1, over n, square root), got %.10g", diagnosis,
                    brief(x), expected, actual));
        }
        for (double[] bad : new double[][] {{}, {4}}) {
            Rejection.expectRejected("standardError(" + Arrays.toString(bad) + ")", "the standard error needs at "
                    + "least two values", () -> CltBootstrap.standardError(bad));
        }
    }

    @Test
    @DisplayName("sampling distribution of the mean: centre and spread sigma / sqrt(n)")
    void sampleMeans(Random random) {
        double[] population = shifted(random, 10, 3, 20);
        int repetitions = 4000;
        for (int n : new int[] {10, 1, 4, 30}) {
            double[] means = simulateMeans(population, n, repetitions, random.nextLong());
            double mu = Mean.of(population).getAsDouble();
            double sigma = Math.sqrt(Variance.of(population).setBiased(true).getAsDouble());
            double theory = sigma / Math.sqrt(n);
            String call = "sampleMeans(population of " + population.length + ", n = " + n + ", " + repetitions + ")";
            double centre = Mean.of(means).getAsDouble();
            if (!(Math.abs(centre - mu) <= 4.5 * theory / Math.sqrt(repetitions))) {
                throw new AssertionFailedError(String.format(Locale.ROOT, "%s: the simulated means average %.5f, but the "
                        + "population mean is %.5f (more than 4.5 standard errors away): each mean must average n "
                        + "values drawn from the population", call, centre, mu));
            }
            double spread = Math.sqrt(Variance.of(means).getAsDouble());
            if (!(Math.abs(spread / theory - 1) <= 0.1)) {
                double correction = Math.sqrt((double) (population.length - n) / (population.length - 1));
                String diagnosis = Mistake.matching(wrong -> Math.abs(spread / wrong - 1) <= 0.1, List.of(
                        Mistake.giving("sampled without replacement: a sample that cannot repeat a value spreads "
                                + "less (by sqrt((N - n) / (N - 1))); draw each index with random.nextInt(N).",
                                n > 1 && n < population.length ? theory * correction : null)));
                throw new AssertionFailedError(String.format(Locale.ROOT, "%s%s: the simulated means spread %.5f, but the "
                        + "central limit theorem says sigma / sqrt(n) = %.5f (sigma = %.5f, the population's standard "
                        + "deviation)", diagnosis, call, spread, theory, sigma));
            }
        }
        // A population of one value: every mean is that value.
        double[] one = simulateMeans(new double[] {2.5}, 3, 5, 7);
        if (!Arrays.equals(one, new double[] {2.5, 2.5, 2.5, 2.5, 2.5})) {
            throw new AssertionFailedError("sampleMeans({2.5}, n = 3, 5 repetitions): expected five means of 2.5, got "
                    + Arrays.toString(one));
        }
        long seed = random.nextLong();
        double[] actual = simulateMeans(population, 5, 50, seed);
        double[] expected = ownSampleMeans(population, 5, 50, new Random(seed));
        if (!Arrays.equals(actual, expected)) {
            throw new AssertionFailedError("sampleMeans(population, 5, 50, new Random(" + seed + ")): right in "
                    + "distribution but not the stated procedure: draw, for each repetition in turn, n indices "
                    + "random.nextInt(N) one after another and divide their sum by n (nothing else may use the Random). "
                    + "Expected " + brief(expected) + ", got " + brief(actual));
        }
        Rejection.expectRejected("sampleMeans({}, 3, 10, random)", "the population must not be empty",
                () -> CltBootstrap.sampleMeans(new double[0], 3, 10, new Random(1)));
        Rejection.expectRejected("sampleMeans(population, 0, 10, random)", "n must be at least 1",
                () -> CltBootstrap.sampleMeans(population, 0, 10, new Random(1)));
        Rejection.expectRejected("sampleMeans(population, 3, 0, random)", "repetitions must be at least 1",
                () -> CltBootstrap.sampleMeans(population, 3, 0, new Random(1)));
    }

    @Test
    @DisplayName("bootstrap percentile interval, by the stated procedure")
    void bootstrapPercentile(Random random) {
        Object[][] cases = {
            {shifted(random, 5, 2, 20), 1000, 0.95}, {shifted(random, 0, 1, 12), 999, 0.9},
            {shifted(random, -3, 4, 40), 200, 0.5}, {shifted(random, 1, 1, 8), 1, 0.95},
            {new double[] {4, 4, 4}, 100, 0.95}, {new double[] {7.5}, 50, 0.8}, {shifted(random, 100, 10, 25), 500, 0.99}};
        for (Object[] c : cases) {
            double[] x = (double[]) c[0];
            int b = (int) c[1];
            double confidence = (double) c[2];
            long seed = random.nextLong();
            String call = String.format(Locale.ROOT, "bootstrapPercentile(%s, %d, %s, new Random(%d))", brief(x), b,
                    confidence, seed);
            Interval actual = Guarded.call(in -> CltBootstrap.bootstrapPercentile(in.copy("sample", x), b,
                    confidence, new Random(seed)));
            if (actual == null) {
                throw new AssertionFailedError(call + ": expected an Interval, got null");
            }
            double mean = Mean.of(x).getAsDouble();
            double spread = Math.sqrt(Variance.of(x).setBiased(true).getAsDouble());
            if (x.length > 1 && spread > 0 && b > 1 && actual.upper() - actual.lower() <= 1e-9 * spread) {
                throw new AssertionFailedError(Mistake.PREFIX + "resampled without replacement: every resample is "
                        + "then the sample reshuffled, and its mean never changes. Draw n indices with "
                        + "random.nextInt(n).\n" + call + ": got the zero-width interval " + actual);
            }
            double[] sorted = ownBootstrapMeans(x, b, new Random(seed));
            double alpha = 1 - confidence;
            Interval expected = new Interval(sorted[rank(b, alpha / 2) - 1], sorted[rank(b, 1 - alpha / 2) - 1]);
            if (expected.equals(actual)) {
                continue;
            }
            double[] unsorted = ownBootstrapMeans(x, b, new Random(seed), false);
            String diagnosis = Mistake.matching(wrong -> wrong.equals(actual), List.of(
                    new Mistake<>("took the percentile ranks off by one: with 1-based ranks ceil(B q), the array "
                            + "index is rank - 1 (B = 1000 at 95%: indices 24 and 974).",
                            () -> new Interval(sorted[Math.min(b - 1, rank(b, alpha / 2))],
                                    sorted[Math.min(b - 1, rank(b, 1 - alpha / 2))])),
                    new Mistake<>("took the percentile ranks off by one: with 1-based ranks ceil(B q), the array "
                            + "index is rank - 1 (B = 1000 at 95%: indices 24 and 974).",
                            () -> new Interval(sorted[Math.max(0, rank(b, alpha / 2) - 2)],
                                    sorted[Math.max(0, rank(b, 1 - alpha / 2) - 2)])),
                    new Mistake<>("did not halve alpha: a two-sided interval leaves alpha / 2 in each tail (ranks "
                            + "ceil(B alpha / 2) and ceil(B (1 - alpha / 2))).",
                            () -> alpha < 0.5 ? new Interval(sorted[rank(b, alpha) - 1], sorted[rank(b, 1 - alpha) - 1])
                                    : null),
                    new Mistake<>("left the bootstrap means unsorted: the percentiles are order statistics, so sort "
                            + "the B means first.",
                            () -> new Interval(unsorted[rank(b, alpha / 2) - 1], unsorted[rank(b, 1 - alpha / 2) - 1]))));
            String hint = actual.lower() <= mean && mean <= actual.upper() ? ""
                    : String.format(Locale.ROOT, " (and it does not even hold the sample mean %.6g)", mean);
            throw new AssertionFailedError(String.format(Locale.ROOT, "%s%s: expected [%.10g, %.10g] (the Javadoc's "
                    + "procedure: B resamples of n index draws, sorted means, ranks ceil(B alpha / 2) and "
                    + "ceil(B (1 - alpha / 2))), got [%.10g, %.10g]%s", diagnosis, call, expected.lower(),
                    expected.upper(), actual.lower(), actual.upper(), hint));
        }
        double[] x = {1, 2, 3};
        Rejection.expectRejected("bootstrapPercentile({}, 100, 0.95, random)", "the sample must not be empty",
                () -> CltBootstrap.bootstrapPercentile(new double[0], 100, 0.95, new Random(1)));
        Rejection.expectRejected("bootstrapPercentile({1, 2, 3}, 0, 0.95, random)", "B must be at least 1",
                () -> CltBootstrap.bootstrapPercentile(x, 0, 0.95, new Random(1)));
        for (double bad : new double[] {0, 1, Double.NaN, -0.5, 95}) {
            Rejection.expectRejected("bootstrapPercentile({1, 2, 3}, 100, " + bad + ", random)", "the confidence "
                    + "must be strictly between 0 and 1", () -> CltBootstrap.bootstrapPercentile(x, 100, bad, new Random(1)));
        }
    }

    @Test
    @DisplayName("bootstrap intervals cover the true mean about 95% of the time")
    void bootstrapCoverage(Random random) {
        double mu = 3;
        double sigma = 2;
        int n = 30;
        int datasets = 200;
        double z = NormalDistribution.of(0, 1).inverseCumulativeProbability(0.975);
        int covered = 0;
        int holdsMean = 0;
        double widths = 0;
        for (int d = 0; d < datasets; d++) {
            double[] x = shifted(random, mu, sigma, n);
            long seed = random.nextLong();
            Interval interval = Guarded.call(in -> CltBootstrap.bootstrapPercentile(in.copy("sample", x), 400, 0.95,
                    new Random(seed)));
            double mean = Mean.of(x).getAsDouble();
            covered += interval.lower() <= mu && mu <= interval.upper() ? 1 : 0;
            holdsMean += interval.lower() <= mean && mean <= interval.upper() ? 1 : 0;
            widths += interval.upper() - interval.lower();
        }
        double width = widths / datasets;
        double theory = 2 * z * sigma / Math.sqrt(n);
        if (holdsMean < datasets - 2) {
            throw new AssertionFailedError("bootstrapPercentile on " + datasets + " normal samples of " + n + ": only "
                    + holdsMean + " intervals hold their own sample mean; a percentile interval of the resampled "
                    + "means should nearly always do");
        }
        if (covered < 0.86 * datasets || covered > 0.99 * datasets || Math.abs(width / theory - 1) > 0.15) {
            throw new AssertionFailedError(String.format(Locale.ROOT, "bootstrapPercentile on %d normal samples of %d "
                    + "(mu = %s, sigma = %s), B = 400, 95%%: the intervals covered mu %d times (expected about 93%%, "
                    + "between 86%% and 99%%) with mean width %.4f (normal theory 2 z sigma / sqrt(n) = %.4f, "
                    + "expected within 15%%)", datasets, n, mu, sigma, covered, width, theory));
        }
    }

    private static double[] simulateMeans(double[] population, int n, int repetitions, long seed) {
        double[] means = Guarded.call(in -> CltBootstrap.sampleMeans(in.copy("population", population), n,
                repetitions, new Random(seed)));
        if (means == null || means.length != repetitions) {
            throw new AssertionFailedError("sampleMeans(population, " + n + ", " + repetitions + "): expected "
                    + repetitions + " means, got " + (means == null ? "null" : means.length));
        }
        return means;
    }

    /** The Javadoc's procedure for the sampling distribution, written out again. */
    private static double[] ownSampleMeans(double[] population, int n, int repetitions, Random random) {
        double[] means = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += population[random.nextInt(population.length)];
            }
            means[r] = total / n;
        }
        return means;
    }

    private static double[] ownBootstrapMeans(double[] sample, int resamples, Random random) {
        return ownBootstrapMeans(sample, resamples, random, true);
    }

    /** The B bootstrap means in the Javadoc's order of draws, sorted ascending unless told not to. */
    private static double[] ownBootstrapMeans(double[] sample, int resamples, Random random, boolean sorted) {
        double[] means = ownSampleMeans(sample, sample.length, resamples, random);
        if (sorted) {
            Arrays.sort(means);
        }
        return means;
    }

    /** The 1-based rank {@code ceil(B q)} (with the Javadoc's 1e-9 allowance), clamped to [1, B]. */
    private static int rank(int count, double q) {
        long r = (long) Math.ceil(count * q - 1e-9);
        return (int) Math.max(1, Math.min(count, r));
    }

    /** {@code n} normal values with the given centre and spread. */
    private static double[] shifted(Random random, double centre, double spread, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = centre + spread * random.nextGaussian();
        }
        return x;
    }

    private static String brief(double[] x) {
        if (x.length <= 6) {
            return Arrays.toString(x);
        }
        return String.format(Locale.ROOT, "[%s, %s, ... %d values]", x[0], x[1], x.length);
    }
}
