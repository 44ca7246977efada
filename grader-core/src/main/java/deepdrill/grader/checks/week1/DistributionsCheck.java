package deepdrill.grader.checks.week1;

import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.week1.Distributions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.GeometricDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.PoissonDistribution;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code distributions} against Apache Commons Statistics 1.1 distribution:
 * {@link BinomialDistribution}, {@link PoissonDistribution}, {@link NormalDistribution}, and
 * {@link GeometricDistribution}, which counts failures (k &gt;= 0), so the exercise's trials
 * convention is Commons at k - 1. Bernoulli is Binomial(1, p). Known wrong answers come from the
 * same library with the mistake built in (failures instead of trials, P(X &lt; k) instead of
 * P(X &lt;= k), the variance passed as the sd, the density without 1/sqrt(2 pi)).
 *
 * <p>Covered: every k from below the support to past its top (k = -1, 0, n, n + 1); p = 0 and
 * p = 1 (0^0 = 1); n = 0 and n = 1; large n (1000 to 2000) and k past 170 where a coefficient or a
 * factorial overflows a double (the overflow named when the answer is NaN, infinite or 0); extreme
 * tails near 1e-280 with a relative tolerance of 1e-9; CDFs at the support's ends (0 below,
 * exactly 1 at n); geometric trials vs failures named both for the PMF and the CDF; the normal at
 * 10 sd in both tails (relative 1e-6), sigma below and above 1 (the variance-for-sd mistake shows);
 * the 68-95-99.7 rule computed, not rounded; invalid p, n, lambda, sigma and k rejected with
 * the parameter's name in the message.
 */
@ExerciseCheck
class DistributionsCheck {

    private static final String FAILURES = "counted failures before the first success (k >= 0, Commons' and NumPy's "
            + "convention): here the geometric counts trials, k >= 1, P(X = k) = (1 - p)^(k - 1) p.";
    private static final String STRICT_CDF = "computed P(X < k): a CDF includes k, P(X <= k) = sum of the PMF over "
            + "i = 0 .. k.";
    private static final String OVERFLOW = "overflowed: C(n, k), k! or lambda^k exceed a double (C(1000, 500) is "
            + "about 1e299, 171! is infinite; a long already fails at C(67, 33) and 21!) although the probability is "
            + "fine; work in logs and exp at the end.";
    private static final String NO_SQRT_2PI = "left out the 1/sqrt(2 pi): f(x) = exp(-z^2 / 2) / (sigma sqrt(2 pi)).";
    private static final String VARIANCE_AS_SD = "used the variance where the standard deviation belongs: sigma is "
            + "the sd, z = (x - mu) / sigma.";
    private static final String ROUNDED_RULE = "returned the rounded rule (0.68, 0.95, 0.997): compute erf(k / sqrt 2).";

    private static final Tolerance PMF = new Tolerance(1e-12, 1e-9);
    private static final Tolerance TAIL = new Tolerance(0, 1e-9);
    private static final Tolerance NORMAL = new Tolerance(1e-15, 1e-6);
    /** erf = 1 - erfc: the fit's relative error of erfc becomes an absolute one (erf(0) is 1 - 1.00000003). */
    private static final Tolerance ERF = new Tolerance(2e-7, 1e-6);

    @Test
    @DisplayName("Bernoulli PMF, 0 outside {0, 1}")
    void bernoulli(Random random) {
        for (double p : new double[] {0, 1, 0.3, 0.5, Inputs.between(random, 1, 99) / 100.0}) {
            BinomialDistribution d = BinomialDistribution.of(1, p);
            for (int k = -1; k <= 2; k++) {
                int kk = k;
                double actual = Guarded.call(in -> Distributions.bernoulliPmf(kk, p));
                assertNear("bernoulliPmf(" + k + ", " + p + ")", d.probability(k), actual, PMF);
            }
        }
    }

    @Test
    @DisplayName("binomial PMF, p = 0 and p = 1 included, in logs for large n")
    void binomialPmf(Random random) {
        for (int[] nk : binomialCases(random)) {
            int n = nk[0];
            double p = nk[1] / 1000.0;
            BinomialDistribution d = BinomialDistribution.of(n, p);
            for (int k : ks(n, random)) {
                double actual = Guarded.call(in -> Distributions.binomialPmf(k, n, p));
                double expected = d.probability(k);
                assertNear("binomialPmf(" + k + ", " + n + ", " + p + ")", expected, actual, PMF,
                        overflow(expected, actual));
            }
        }
    }

    @Test
    @DisplayName("binomial CDF: P(X <= k), 0 below the support, exactly 1 at n")
    void binomialCdf(Random random) {
        for (int[] nk : binomialCases(random)) {
            int n = nk[0];
            double p = nk[1] / 1000.0;
            BinomialDistribution d = BinomialDistribution.of(n, p);
            for (int k : ks(n, random)) {
                double actual = Guarded.call(in -> Distributions.binomialCdf(k, n, p));
                double expected = d.cumulativeProbability(k);
                assertNear("binomialCdf(" + k + ", " + n + ", " + p + ")", expected, actual, PMF,
                        Mistake.giving(STRICT_CDF, d.cumulativeProbability(k - 1)), overflow(expected, actual));
            }
        }
    }

    @Test
    @DisplayName("Poisson PMF and CDF, large k without overflow")
    void poisson(Random random) {
        double[] lambdas = {0.5, 1, 3.7, 50, 150, 700, Inputs.between(random, 1, 300) / 10.0};
        for (double lambda : lambdas) {
            PoissonDistribution d = PoissonDistribution.of(lambda);
            int top = (int) (lambda + 6 * Math.sqrt(lambda) + 5);
            int[] ks = {-1, 0, 1, 2, (int) lambda, (int) lambda + 1, top / 2, top, 171, 200};
            for (int k : ks) {
                double pmf = Guarded.call(in -> Distributions.poissonPmf(k, lambda));
                assertNear("poissonPmf(" + k + ", " + lambda + ")", d.probability(k), pmf, PMF,
                        overflow(d.probability(k), pmf));
                double cdf = Guarded.call(in -> Distributions.poissonCdf(k, lambda));
                assertNear("poissonCdf(" + k + ", " + lambda + ")", d.cumulativeProbability(k), cdf, PMF,
                        Mistake.giving(STRICT_CDF, d.cumulativeProbability(k - 1)),
                        overflow(d.cumulativeProbability(k), cdf));
            }
        }
    }

    @Test
    @DisplayName("geometric PMF and CDF: trials until the first success, k >= 1")
    void geometric(Random random) {
        for (double p : new double[] {1, 0.5, 1 / 6.0, 0.2, 0.01, Inputs.between(random, 1, 99) / 100.0}) {
            GeometricDistribution failures = GeometricDistribution.of(p);
            for (int k = -1; k <= 25; k++) {
                int kk = k;
                double pmf = Guarded.call(in -> Distributions.geometricPmf(kk, p));
                assertNear("geometricPmf(" + k + ", " + p + ")", failures.probability(k - 1), pmf, PMF,
                        Mistake.giving(FAILURES, failures.probability(k)));
                double cdf = Guarded.call(in -> Distributions.geometricCdf(kk, p));
                assertNear("geometricCdf(" + k + ", " + p + ")", failures.cumulativeProbability(k - 1), cdf, PMF,
                        Mistake.giving(FAILURES, failures.cumulativeProbability(k)),
                        Mistake.giving(STRICT_CDF, failures.cumulativeProbability(k - 2)));
            }
        }
    }

    @Test
    @DisplayName("normal PDF and CDF, sigma is the standard deviation, to 10 sd in both tails")
    void normal(Random random) {
        double[][] params = {{0, 1}, {2.5, 0.5}, {-3, 4}, {100, 15}, {random.nextGaussian(), 0.2 + 3 * random.nextDouble()}};
        double[] zs = {0, 0.5, -1, 1, 1.96, -2.5, 3, -6, 10, -10, random.nextGaussian()};
        for (double[] ms : params) {
            double mu = ms[0];
            double sigma = ms[1];
            NormalDistribution d = NormalDistribution.of(mu, sigma);
            for (double z : zs) {
                double x = mu + z * sigma;
                double pdf = Guarded.call(in -> Distributions.normalPdf(x, mu, sigma));
                assertNear("normalPdf(" + x + ", " + mu + ", " + sigma + ")", d.density(x), pdf, PMF,
                        Mistake.giving(NO_SQRT_2PI, d.density(x) * Math.sqrt(2 * Math.PI)),
                        Mistake.giving(VARIANCE_AS_SD, sigma == 1 ? null : NormalDistribution.of(mu, sigma * sigma).density(x)));
                double cdf = Guarded.call(in -> Distributions.normalCdf(x, mu, sigma));
                assertNear("normalCdf(" + x + ", " + mu + ", " + sigma + ")", d.cumulativeProbability(x), cdf, NORMAL,
                        Mistake.giving(VARIANCE_AS_SD, sigma == 1 ? null
                                : NormalDistribution.of(mu, sigma * sigma).cumulativeProbability(x)));
            }
        }
    }

    @Test
    @DisplayName("the 68-95-99.7 rule: P(|X - mu| < k sigma), computed")
    void withinSigmas(Random random) {
        NormalDistribution standard = NormalDistribution.of(0, 1);
        double[] rounded = {0, 0.68, 0.95, 0.997};
        double[] ks = {1, 2, 3, 0, 1.96, 0.5, 6, 4 * random.nextDouble()};
        for (int i = 0; i < ks.length; i++) {
            double k = ks[i];
            double actual = Guarded.call(in -> Distributions.withinSigmas(k));
            assertNear("withinSigmas(" + k + ")", standard.probability(-k, k), actual, ERF,
                    Mistake.giving(ROUNDED_RULE, i < 3 ? rounded[(int) k] : null));
        }
    }

    @Test
    @DisplayName("extreme tails keep their relative accuracy (values near 1e-280)")
    void extremeTails() {
        int[][] cases = {{1000, 500, 10}, {2000, 100, 900}, {1000, 990, 600}, {1200, 500, 0}};
        for (int[] c : cases) {
            int n = c[0];
            double p = c[1] / 1000.0;
            int k = c[2];
            double expected = BinomialDistribution.of(n, p).probability(k);
            double actual = Guarded.call(in -> Distributions.binomialPmf(k, n, p));
            assertNear("binomialPmf(" + k + ", " + n + ", " + p + ") (about " + fmt(expected) + ")", expected, actual, TAIL,
                    overflow(expected, actual));
        }
        double[][] poisson = {{700, 100}, {5, 150}, {0.1, 120}};
        for (double[] c : poisson) {
            double lambda = c[0];
            int k = (int) c[1];
            double expected = PoissonDistribution.of(lambda).probability(k);
            double actual = Guarded.call(in -> Distributions.poissonPmf(k, lambda));
            assertNear("poissonPmf(" + k + ", " + lambda + ") (about " + fmt(expected) + ")", expected, actual, TAIL,
                    overflow(expected, actual));
        }
    }

    @Test
    @DisplayName("invalid p, n, lambda, sigma and k throw IllegalArgumentException naming the parameter")
    void rejectsBadInput() {
        List<Rejected> calls = new ArrayList<>(List.of(
                new Rejected("bernoulliPmf(1, 1.5)", "p", () -> Distributions.bernoulliPmf(1, 1.5)),
                new Rejected("bernoulliPmf(0, -0.1)", "p", () -> Distributions.bernoulliPmf(0, -0.1)),
                new Rejected("binomialPmf(1, 5, NaN)", "p", () -> Distributions.binomialPmf(1, 5, Double.NaN)),
                new Rejected("binomialPmf(1, -1, 0.5)", "n", () -> Distributions.binomialPmf(1, -1, 0.5)),
                new Rejected("binomialCdf(1, 5, 1.01)", "p", () -> Distributions.binomialCdf(1, 5, 1.01)),
                new Rejected("binomialCdf(-3, -2, 0.5) (k below the support does not excuse n)", "n",
                        () -> Distributions.binomialCdf(-3, -2, 0.5)),
                new Rejected("poissonPmf(1, 0)", "lambda", () -> Distributions.poissonPmf(1, 0)),
                new Rejected("poissonPmf(-1, -2)", "lambda", () -> Distributions.poissonPmf(-1, -2)),
                new Rejected("poissonCdf(3, NaN)", "lambda", () -> Distributions.poissonCdf(3, Double.NaN)),
                new Rejected("geometricPmf(2, 0) (no success ever: not a distribution)", "p",
                        () -> Distributions.geometricPmf(2, 0)),
                new Rejected("geometricCdf(2, 1.2)", "p", () -> Distributions.geometricCdf(2, 1.2)),
                new Rejected("normalPdf(0, 0, 0)", "sigma", () -> Distributions.normalPdf(0, 0, 0)),
                new Rejected("normalCdf(0, 0, -1)", "sigma", () -> Distributions.normalCdf(0, 0, -1)),
                new Rejected("withinSigmas(-1)", "k", () -> Distributions.withinSigmas(-1))));
        for (Rejected r : calls) {
            r.check();
        }
    }

    /** (n, 1000 p) pairs: small, degenerate and large. */
    private static List<int[]> binomialCases(Random random) {
        List<int[]> cases = new ArrayList<>(List.of(new int[] {10, 300}, new int[] {1, 500}, new int[] {0, 400},
                new int[] {20, 0}, new int[] {20, 1000}, new int[] {1000, 500}, new int[] {2000, 10}));
        cases.add(new int[] {Inputs.between(random, 2, 60), Inputs.between(random, 1, 999)});
        return cases;
    }

    /** The support's ends and just past them, and values around the mean. */
    private static int[] ks(int n, Random random) {
        if (n <= 60) {
            int[] all = new int[n + 3];
            for (int i = 0; i < all.length; i++) {
                all[i] = i - 1;
            }
            return all;
        }
        return new int[] {-1, 0, 1, 5, 20, n / 2 - 1, n / 2, n / 2 + 7, n - 1, n, n + 1, random.nextInt(n + 1)};
    }

    /**
     * The overflow mistake: an answer that is NaN, infinite, negative or 0 where the probability is a
     * normal positive number, or one off by orders of magnitude (a long that wrapped or saturated:
     * C(67, 33) and 21! no longer fit in one).
     */
    private static Mistake<Double> overflow(double expected, double actual) {
        boolean broke = Double.isNaN(actual) || Double.isInfinite(actual) || actual < 0
                || (expected > 1e-300 && (actual < expected * 1e-3 || actual > expected * 1e3));
        return Mistake.giving(OVERFLOW, broke ? actual : null);
    }

    @SafeVarargs
    private static void assertNear(String what, double expected, double actual, Tolerance tolerance,
                                   Mistake<Double>... mistakes) {
        if (tolerance.accepts(expected, actual)) {
            return;
        }
        String diagnosis = Mistake.matching(w -> w.isNaN() ? Double.isNaN(actual) : w == actual
                || tolerance.accepts(w, actual), mistakes);
        double rel = expected == 0 ? Double.POSITIVE_INFINITY : Math.abs(actual - expected) / Math.abs(expected);
        throw new AssertionFailedError(diagnosis + what + ": expected " + fmt(expected) + ", got " + fmt(actual)
                + String.format(Locale.ROOT, " (rel error %.3g; tolerance %.0e + %.0e * |expected|)", rel,
                tolerance.abs(), tolerance.rel()));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.10g", v);
    }

    /** A call that must throw IllegalArgumentException whose message contains {@code word}. */
    private record Rejected(String what, String word, Supplier<Double> call) {
        void check() {
            Double returned;
            try {
                returned = call.get();
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                if (message == null || !message.contains(word)) {
                    throw new AssertionFailedError(what + ": the IllegalArgumentException's message should name \""
                            + word + "\" (see the convention in the Javadoc), got "
                            + (message == null ? "no message" : "\"" + message + "\""));
                }
                return;
            } catch (UnsupportedOperationException notImplemented) {
                throw notImplemented;
            } catch (RuntimeException e) {
                throw new AssertionFailedError(what + ": expected IllegalArgumentException naming \"" + word + "\", got "
                        + e, e);
            }
            throw new AssertionFailedError(what + ": expected IllegalArgumentException naming \"" + word + "\", it "
                    + "returned " + returned + " (check the parameters first)");
        }
    }
}
