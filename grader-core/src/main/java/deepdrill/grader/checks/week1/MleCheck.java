package deepdrill.grader.checks.week1;

import deepdrill.grader.checks.support.CompareScalar;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.week1.Mle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Variance;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ExponentialDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.PoissonDistribution;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code mle} twice over: each estimate must equal its closed form, computed here from
 * Commons Statistics' {@code Mean} and {@code Variance} (the unbiased variance rescaled by
 * (n - 1) / n), and it must be a maximum of the log-likelihood (or, for MAP, of the log-posterior)
 * computed with Commons Statistics' distributions ({@code logProbability}, {@code logDensity}):
 * no nearby parameter value scores higher. The log-likelihood itself is compared with the sum of
 * {@code NormalDistribution.logDensity}.
 *
 * <p>Covered: n = 1 (a Gaussian variance of 0), all values equal, a Bernoulli sample of all ones
 * (p = 1) and all zeros, Poisson counts with zeros, values near 1e9 with a small spread (where a
 * one-pass variance loses every digit), a uniform Beta(1, 1) prior (MAP = MLE), strong and weak
 * priors, a prior variance far above and below the data's; rejected: an empty sample, a Bernoulli
 * value of 2 or -1, a negative count, NaN and infinite values, a negative exponential value, an
 * all-zero exponential sample, alpha or beta below 1 or NaN, variances of 0, -1 or NaN. Every input
 * must be left unchanged. Named: the variance divided by n - 1, the standard deviation returned, a
 * one-pass variance that cancels, integer division, the exponential's mean instead of its rate, the
 * prior left out, the posterior mean instead of its mode, alpha and beta swapped, the prior mean and
 * the sample mean averaged with equal weights, the log-likelihood without its constant, the variance
 * used as a standard deviation.
 */
@ExerciseCheck
class MleCheck {

    private static final Tolerance TOLERANCE = new Tolerance(1e-12, 1e-9);

    private static final String N_MINUS_1 = "divided the variance by n - 1: that is the unbiased sample variance; "
            + "the maximum-likelihood estimate divides by n.";
    private static final String STD = "returned the standard deviation where the variance belongs (no square root).";
    private static final String ONE_PASS = "computed the variance in one pass as mean(x^2) - mean(x)^2, which cancels "
            + "catastrophically when the mean is large against the spread: subtract the mean first (two passes).";
    private static final String INT_DIV = "divided two integers (k / n in int or long arithmetic), which truncates: "
            + "divide in double.";
    private static final String RATE_AS_MEAN = "returned the mean: the exponential's parameter here is its rate, "
            + "1 / mean.";
    private static final String NO_PRIOR = "left the prior out: this is the MLE k / n; the Beta prior adds alpha - 1 "
            + "ones and beta - 1 zeros.";
    private static final String POSTERIOR_MEAN = "returned the posterior mean (k + alpha) / (n + alpha + beta); MAP is "
            + "the posterior's mode, (k + alpha - 1) / (n + alpha + beta - 2).";
    private static final String SWAPPED = "swapped alpha and beta: alpha counts the ones (successes), beta the zeros.";
    private static final String SAMPLE_MEAN = "returned the sample mean: the prior's mean pulls the MAP towards mu0, "
            + "weighted by 1 / tau2 against n / sigma2 for the data.";
    private static final String EQUAL_WEIGHTS = "averaged the prior mean and the sample mean with equal weights: "
            + "weigh them by their precisions, 1 / tau2 and n / sigma2.";
    private static final String NO_N = "gave the data the weight 1 / sigma2 instead of n / sigma2: each of the n "
            + "samples adds its own precision.";
    private static final String NO_CONSTANT = "left out the constant -0.5 log(2 pi var) of each term: it does not "
            + "move the maximiser of the mean, but the log-likelihood's value (and the variance's MLE) needs it.";
    private static final String VARIANCE_AS_SD = "used the variance as the standard deviation (divided by var^2, or "
            + "took log(2 pi var^2)).";

    @Test
    @DisplayName("Bernoulli and Poisson: the mean, which maximises the log-likelihood")
    void bernoulliAndPoisson(Random random) {
        checkBernoulli(new int[] {1, 0, 1, 1});
        checkBernoulli(new int[] {1, 1, 1});
        checkBernoulli(new int[] {0, 0});
        checkBernoulli(new int[] {0});
        for (int i = 0; i < 3; i++) {
            int[] x = new int[5 + random.nextInt(40)];
            double p = 0.1 + 0.8 * random.nextDouble();
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextDouble() < p ? 1 : 0;
            }
            checkBernoulli(x);
        }
        checkPoisson(new long[] {0, 2, 3, 0, 1});
        checkPoisson(new long[] {7});
        for (int i = 0; i < 3; i++) {
            long[] x = new long[3 + random.nextInt(30)];
            PoissonDistribution.Sampler sampler = PoissonDistribution.of(0.5 + 9 * random.nextDouble())
                    .createSampler(source(random));
            for (int j = 0; j < x.length; j++) {
                x[j] = sampler.sample();
            }
            checkPoisson(x);
        }
    }

    @Test
    @DisplayName("Gaussian: the mean and the variance divided by n")
    void gaussian(Random random) {
        checkGaussian(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        checkGaussian(new double[] {3.5});
        checkGaussian(new double[] {-1, -1, -1});
        for (int i = 0; i < 3; i++) {
            checkGaussian(normal(random, 2 + random.nextInt(30), 10 * random.nextGaussian(), 0.1 + 5 * random.nextDouble()));
        }
        checkGaussian(normal(random, 20, 1e9, 0.01));   // a large mean, a small spread
    }

    @Test
    @DisplayName("exponential: the rate is 1 / mean")
    void exponential(Random random) {
        checkExponential(new double[] {0.5, 1.5, 1});
        checkExponential(new double[] {0, 0, 4});
        for (int i = 0; i < 3; i++) {
            double[] x = new double[2 + random.nextInt(30)];
            double mean = 0.1 + 10 * random.nextDouble();
            for (int j = 0; j < x.length; j++) {
                x[j] = -mean * Math.log(1 - random.nextDouble());
            }
            checkExponential(x);
        }
    }

    @Test
    @DisplayName("MAP with a Beta prior on p: the posterior's mode")
    void betaBernoulliMap(Random random) {
        checkBetaMap(new int[] {1, 1, 1}, 2, 2);       // 3 heads in 3: 0.8, not the MLE's 1
        checkBetaMap(new int[] {1, 0, 1, 1}, 1, 1);    // a uniform prior: the MLE
        checkBetaMap(new int[] {0, 0}, 3, 1.5);
        checkBetaMap(new int[] {1}, 50, 10);          // a strong prior
        for (int i = 0; i < 3; i++) {
            int[] x = new int[1 + random.nextInt(30)];
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextInt(3) == 0 ? 1 : 0;
            }
            checkBetaMap(x, 1 + 5 * random.nextDouble(), 1 + 5 * random.nextDouble());
        }
    }

    @Test
    @DisplayName("MAP of a Gaussian mean under a normal prior: the precision-weighted average")
    void gaussianMeanMap(Random random) {
        checkMeanMap(new double[] {1, 2, 3}, 2, 0, 1);
        checkMeanMap(new double[] {10}, 4, 0, 1);
        checkMeanMap(new double[] {5, 7}, 1, 100, 1e-6);   // a prior far stronger than the data
        checkMeanMap(new double[] {5, 7}, 1, 100, 1e6);    // a prior far weaker: close to the mean
        for (int i = 0; i < 3; i++) {
            checkMeanMap(normal(random, 1 + random.nextInt(20), 3 * random.nextGaussian(), 2), 0.5 + 3 * random.nextDouble(),
                    random.nextGaussian(), 0.1 + 3 * random.nextDouble());
        }
    }

    @Test
    @DisplayName("the Gaussian log-likelihood, natural log")
    void gaussianLogLikelihood(Random random) {
        checkLogLikelihood(new double[] {0}, 0, 1);
        checkLogLikelihood(new double[] {1, 2, 3}, 2, 4);
        for (int i = 0; i < 3; i++) {
            checkLogLikelihood(normal(random, 1 + random.nextInt(20), 0, 3), random.nextGaussian(),
                    0.2 + 4 * random.nextDouble());
        }
    }

    @Test
    @DisplayName("an empty sample, impossible values and bad priors throw IllegalArgumentException")
    void rejectsBadInput() {
        rejected("bernoulli({})", () -> Mle.bernoulli(new int[0]));
        rejected("bernoulli({1, 2, 0})", () -> Mle.bernoulli(new int[] {1, 2, 0}));
        rejected("bernoulli({0, -1})", () -> Mle.bernoulli(new int[] {0, -1}));
        rejected("gaussian({})", () -> Mle.gaussian(new double[0]));
        rejected("gaussian({1, NaN})", () -> Mle.gaussian(new double[] {1, Double.NaN}));
        rejected("gaussian({1, Infinity})", () -> Mle.gaussian(new double[] {1, Double.POSITIVE_INFINITY}));
        rejected("poisson({})", () -> Mle.poisson(new long[0]));
        rejected("poisson({2, -1})", () -> Mle.poisson(new long[] {2, -1}));
        rejected("exponential({})", () -> Mle.exponential(new double[0]));
        rejected("exponential({1, -0.5})", () -> Mle.exponential(new double[] {1, -0.5}));
        rejected("exponential({0, 0})", () -> Mle.exponential(new double[] {0, 0}));
        rejected("exponential({1, NaN})", () -> Mle.exponential(new double[] {1, Double.NaN}));
        rejected("betaBernoulliMap({1, 0}, 0.5, 2)", () -> Mle.betaBernoulliMap(new int[] {1, 0}, 0.5, 2));
        rejected("betaBernoulliMap({1, 0}, 2, 0.9)", () -> Mle.betaBernoulliMap(new int[] {1, 0}, 2, 0.9));
        rejected("betaBernoulliMap({1, 0}, NaN, 2)", () -> Mle.betaBernoulliMap(new int[] {1, 0}, Double.NaN, 2));
        rejected("betaBernoulliMap({}, 2, 2)", () -> Mle.betaBernoulliMap(new int[0], 2, 2));
        rejected("gaussianMeanMap({1}, 0, 0, 1)", () -> Mle.gaussianMeanMap(new double[] {1}, 0, 0, 1));
        rejected("gaussianMeanMap({1}, 1, 0, -1)", () -> Mle.gaussianMeanMap(new double[] {1}, 1, 0, -1));
        rejected("gaussianMeanMap({1}, 1, NaN, 1)", () -> Mle.gaussianMeanMap(new double[] {1}, 1, Double.NaN, 1));
        rejected("gaussianMeanMap({}, 1, 0, 1)", () -> Mle.gaussianMeanMap(new double[0], 1, 0, 1));
        rejected("gaussianLogLikelihood({1}, 0, 0)", () -> Mle.gaussianLogLikelihood(new double[] {1}, 0, 0));
        rejected("gaussianLogLikelihood({1}, 0, NaN)", () -> Mle.gaussianLogLikelihood(new double[] {1}, 0, Double.NaN));
    }

    // ---- one case each ---------------------------------------------------------------------------

    private static void checkBernoulli(int[] x) {
        double actual = Guarded.call(in -> Mle.bernoulli(in.copy("x", x)));
        double k = Arrays.stream(x).sum();
        double expected = k / x.length;
        String what = "bernoulli(" + show(x) + ")";
        compare(what, expected, actual, List.of(Mistake.giving(INT_DIV, Math.floor(expected))));
        // A maximum of sum log p(x_i | p) on [0, 1]: compared at nearby p.
        assertMaximum(what, actual, p -> k * Math.log(p) + (x.length - k) * Math.log(1 - p), 0, 1);
    }

    private static void checkPoisson(long[] x) {
        double actual = Guarded.call(in -> Mle.poisson(in.copy("x", x)));
        double expected = Mean.of(Arrays.stream(x).mapToDouble(v -> v).toArray()).getAsDouble();
        String what = "poisson(" + Arrays.toString(x).replace('[', '{').replace(']', '}') + ")";
        compare(what, expected, actual, List.of(Mistake.giving(INT_DIV, Math.floor(expected))));
        assertMaximum(what, actual, lambda -> {
            PoissonDistribution d = PoissonDistribution.of(lambda);
            return Arrays.stream(x).mapToDouble(v -> d.logProbability((int) v)).sum();
        }, 0, Double.POSITIVE_INFINITY);
    }

    private static void checkGaussian(double[] x) {
        Mle.Gaussian actual = Guarded.call(in -> Mle.gaussian(in.copy("x", x)));
        int n = x.length;
        double mean = Mean.of(x).getAsDouble();
        double unbiased = n == 1 ? 0 : Variance.of(x).getAsDouble();
        double variance = unbiased * (n - 1) / n;
        String what = "gaussian(" + show(x) + ")";
        compare(what + ".mean()", mean, actual.mean(), List.of());
        compare(what + ".variance()", variance, actual.variance(), List.of(
                new Mistake<>(N_MINUS_1, () -> n == 1 ? null : unbiased),
                Mistake.giving(STD, Math.sqrt(variance)),
                // Only the case with a mean of 1e9 tells a one-pass formula from two passes: the
                // cancellation's result depends on its rounding, so any other answer there is it.
                new Mistake<>(ONE_PASS, () -> Math.abs(mean) > 1e6 ? actual.variance() : null)));
        if (variance > 0) {
            assertMaximum(what + ".variance()", actual.variance(), v -> {
                NormalDistribution d = NormalDistribution.of(mean, Math.sqrt(v));
                return Arrays.stream(x).map(d::logDensity).sum();
            }, 0, Double.POSITIVE_INFINITY);
        }
    }

    private static void checkExponential(double[] x) {
        double actual = Guarded.call(in -> Mle.exponential(in.copy("x", x)));
        double mean = Mean.of(x).getAsDouble();
        String what = "exponential(" + show(x) + ")";
        compare(what, 1 / mean, actual, List.of(Mistake.giving(RATE_AS_MEAN, mean)));
        // Commons' exponential takes its mean: the log-likelihood of rate r uses mean 1 / r.
        assertMaximum(what, actual, r -> {
            ExponentialDistribution d = ExponentialDistribution.of(1 / r);
            return Arrays.stream(x).map(d::logDensity).sum();
        }, 0, Double.POSITIVE_INFINITY);
    }

    private static void checkBetaMap(int[] x, double alpha, double beta) {
        double actual = Guarded.call(in -> Mle.betaBernoulliMap(in.copy("x", x), alpha, beta));
        int n = x.length;
        double k = Arrays.stream(x).sum();
        double expected = (k + alpha - 1) / (n + alpha + beta - 2);
        String what = String.format(Locale.ROOT, "betaBernoulliMap(%s, alpha %s, beta %s)", show(x), fmt(alpha), fmt(beta));
        compare(what, expected, actual, List.of(
                new Mistake<>(NO_PRIOR, () -> alpha == 1 && beta == 1 ? null : k / n),
                Mistake.giving(POSTERIOR_MEAN, (k + alpha) / (n + alpha + beta)),
                new Mistake<>(SWAPPED, () -> alpha == beta ? null : (k + beta - 1) / (n + alpha + beta - 2))));
        // The posterior is Beta(k + alpha, n - k + beta): its density peaks at the MAP.
        if (k + alpha > 1 && n - k + beta > 1) {
            BetaDistribution posterior = BetaDistribution.of(k + alpha, n - k + beta);
            assertMaximum(what, actual, posterior::logDensity, 0, 1);
        }
    }

    private static void checkMeanMap(double[] x, double sigma2, double mu0, double tau2) {
        double actual = Guarded.call(in -> Mle.gaussianMeanMap(in.copy("x", x), sigma2, mu0, tau2));
        int n = x.length;
        double mean = Mean.of(x).getAsDouble();
        double expected = (mu0 / tau2 + n * mean / sigma2) / (1 / tau2 + n / sigma2);
        String what = String.format(Locale.ROOT, "gaussianMeanMap(%s, sigma2 %s, mu0 %s, tau2 %s)", show(x), fmt(sigma2),
                fmt(mu0), fmt(tau2));
        compare(what, expected, actual, List.of(Mistake.giving(SAMPLE_MEAN, mean),
                Mistake.giving(EQUAL_WEIGHTS, (mu0 + mean) / 2),
                // With n = 1, or equal variances, this is one of the mistakes above.
                new Mistake<>(NO_N, () -> n == 1 || tau2 == sigma2 ? null
                        : (mu0 / tau2 + mean / sigma2) / (1 / tau2 + 1 / sigma2))));
        // The log-posterior of the mean: the data's log-likelihood plus the prior's log-density.
        NormalDistribution prior = NormalDistribution.of(mu0, Math.sqrt(tau2));
        assertMaximum(what, actual, m -> {
            NormalDistribution d = NormalDistribution.of(m, Math.sqrt(sigma2));
            return Arrays.stream(x).map(d::logDensity).sum() + prior.logDensity(m);
        }, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    private static void checkLogLikelihood(double[] x, double mean, double variance) {
        double actual = Guarded.call(in -> Mle.gaussianLogLikelihood(in.copy("x", x), mean, variance));
        double expected = Arrays.stream(x).map(NormalDistribution.of(mean, Math.sqrt(variance))::logDensity).sum();
        double asSd = Arrays.stream(x).map(NormalDistribution.of(mean, variance)::logDensity).sum();
        String what = String.format(Locale.ROOT, "gaussianLogLikelihood(%s, mean %s, variance %s)", show(x), fmt(mean),
                fmt(variance));
        compare(what, expected, actual, List.of(
                Mistake.giving(NO_CONSTANT, expected + 0.5 * x.length * Math.log(2 * Math.PI * variance)),
                new Mistake<>(VARIANCE_AS_SD, () -> variance == 1 ? null : asSd)));
    }

    // ---- comparison ------------------------------------------------------------------------------

    private static void compare(String what, double expected, double actual, List<Mistake<Double>> mistakes) {
        CompareScalar.assertClose(what, expected, actual, TOLERANCE, mistakes);
    }

    /**
     * The estimate must be a maximum of {@code objective}: no point a relative 1e-4 away (inside
     * the parameter's range) scores more, up to rounding.
     */
    private static void assertMaximum(String what, double estimate, DoubleUnaryOperator objective, double low, double high) {
        double at = objective.applyAsDouble(estimate);
        double step = 1e-4 * Math.max(Math.abs(estimate), 1e-3);
        for (double nearby : new double[] {estimate - step, estimate + step}) {
            if (nearby <= low || nearby >= high) {
                continue;
            }
            double there = objective.applyAsDouble(nearby);
            if (there > at + 1e-9 * Math.max(1, Math.abs(at))) {
                throw new AssertionFailedError(what + " = " + fmt(estimate) + " is not a maximum: at " + fmt(nearby)
                        + " the log-likelihood (or log-posterior) is " + fmt(there) + " > " + fmt(at));
            }
        }
    }

    private static void rejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the sample and the prior first: a non-empty sample of values the model "
                + "allows, alpha and beta at least 1, variances positive and finite", call);
    }

    // ---- inputs ----------------------------------------------------------------------------------

    private static double[] normal(Random random, int n, double mean, double sd) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + sd * random.nextGaussian();
        }
        return x;
    }

    /** The task's Random as a Commons RNG source, so that the samples follow the seed. */
    private static org.apache.commons.rng.UniformRandomProvider source(Random random) {
        return random::nextLong;
    }

    private static String show(int[] x) {
        return x.length > 12 ? "(" + x.length + " outcomes)" : Arrays.toString(x).replace('[', '{').replace(']', '}');
    }

    private static String show(double[] x) {
        if (x.length > 8) {
            return "(" + x.length + " values)";
        }
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < x.length; i++) {
            s.append(i == 0 ? "" : ", ").append(fmt(x[i]));
        }
        return s.append('}').toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.10g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
