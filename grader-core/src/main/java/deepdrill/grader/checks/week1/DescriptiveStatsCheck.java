package deepdrill.grader.checks.week1;

import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.week1.DescriptiveStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.descriptive.Quantile;
import org.apache.commons.statistics.descriptive.StandardDeviation;
import org.apache.commons.statistics.descriptive.Variance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code descriptive-stats} against Apache Commons Statistics 1.1 descriptive: {@link Mean},
 * {@link Variance} and {@link StandardDeviation} (biased for the population, unbiased for the
 * sample; Commons computes them with an accurate, compensated algorithm), {@link Median} and
 * {@link Quantile} with {@link Quantile.EstimationMethod#HF7}. The mode is counted here by brute
 * force (a frequency table), which Commons does not provide. Known wrong answers are computed by
 * the same library with the mistake built in (the other eight quantile types, the biased variance
 * where the unbiased belongs, the median of the unsorted array), plus the naive one-pass variance.
 *
 * <p>Covered: n = 1 (mean, median, mode, quantiles and the population variance are defined; the
 * sample variance, its sd and the standard error are rejected; z-scores are NaN); n = 2; odd and
 * even n; unsorted input (the median of the array as given named); all values equal (variance 0,
 * z-scores NaN: 0 / 0); ties (the mode's smallest-of-the-most-frequent rule, against the first seen
 * and the largest); every value distinct (the mode is the minimum); negative values; an infinity
 * in the median; magnitudes near 1e9 with unit noise (the one-pass variance's catastrophic
 * cancellation named); p = 0, 1 and exactly on an order statistic; a value exactly on a Tukey
 * fence (not an outlier) and just past it; no outliers at all; empty input, a NaN anywhere, n = 1
 * for the sample variance and p outside [0, 1] or NaN rejected with the documented message; n and
 * n - 1 swapped named both ways; the input only read, never changed, and the z-scores a new array.
 */
@ExerciseCheck
class DescriptiveStatsCheck {

    private static final String UNSORTED_MEDIAN = "took the middle of the array as given: sort a copy first, the "
            + "median is the middle of the sorted values.";
    private static final String ONE_MIDDLE = "took one of the two middle values for even n: the median of an even "
            + "number of values is the mean of the two middle ones, (s[n/2 - 1] + s[n/2]) / 2.";
    private static final String MODE_FIRST = "returned the most frequent value seen first: on a tie the convention "
            + "is the smallest of the most frequent values.";
    private static final String MODE_LARGEST = "returned the largest of the most frequent values: on a tie the "
            + "convention is the smallest.";
    private static final String DIVIDED_BY_N = "divided by n: the sample variance divides by n - 1 (Bessel's "
            + "correction; the deviations are from the sample mean, which is fitted to the same data).";
    private static final String DIVIDED_BY_N_MINUS_1 = "divided by n - 1: the population variance divides by n "
            + "(n - 1 is the sample variance).";
    private static final String ONE_PASS = "used the one-pass formula sum(x^2)/n - mean^2: for values near 1e9 both "
            + "terms are near 1e18 and cancel catastrophically. Take the mean first, then sum (x - mean)^2 (or use "
            + "Welford's update).";
    private static final String NO_SQRT = "returned the variance: the standard deviation is its square root.";
    private static final String Z_SAMPLE_SD = "divided by the sample sd (n - 1): the z-scores here use the "
            + "population sd, (x - mean) / sqrt(sum (x - mean)^2 / n), as scipy.stats.zscore does.";
    private static final String Z_ZERO = "returned 0 for a zero sd: the convention is NaN (0 / 0, there is no scale).";
    private static final String SE_POPULATION_SD = "used the population sd: the standard error is the sample sd "
            + "(n - 1) divided by sqrt(n).";
    private static final String SE_BY_N = "divided by n: the standard error is sd / sqrt(n).";
    private static final String UNSORTED_QUANTILE = "interpolated in the array as given: sort a copy first.";
    private static final String FENCES_FROM_MEDIAN = "put the fences 1.5 IQR from the median: they are "
            + "q1 - 1.5 IQR and q3 + 1.5 IQR.";
    private static final String ON_FENCE = "counted a value exactly on a fence as an outlier: outliers lie strictly "
            + "outside the fences.";

    private static final String HUGE = "values near 1e9 with unit noise";

    /** A named sample. */
    private record Sample(String name, double[] x) {
        @Override
        public String toString() {
            return name + " " + show(x);
        }
    }

    /** The cases every statistic sees; those with n = 1 only where it is defined. */
    private static List<Sample> samples(Random random, boolean withSingle) {
        List<Sample> cases = new ArrayList<>();
        if (withSingle) {
            cases.add(new Sample("n = 1", new double[] {-3.25}));
        }
        cases.add(new Sample("n = 2", new double[] {4.0, 1.5}));
        cases.add(new Sample("odd n, unsorted", new double[] {5, 1, 4, 2, 3, 9, 0}));
        cases.add(new Sample("even n, unsorted", new double[] {8, 2, 6, 4, 10, 1}));
        cases.add(new Sample("all values equal", new double[] {7, 7, 7, 7, 7}));
        cases.add(new Sample("ties", new double[] {3, 1, 3, 2, 1, 5, 2}));
        cases.add(new Sample("negative values", new double[] {-1.5, -7.25, -0.5, -3, -2}));
        int n = Inputs.between(random, 8, 40);
        double[] normal = new double[n];
        for (int i = 0; i < n; i++) {
            normal[i] = 10 + 3 * random.nextGaussian();
        }
        cases.add(new Sample("random, n = " + n, normal));
        int m = Inputs.between(random, 9, 30) | 1;
        double[] odd = new double[m];
        for (int i = 0; i < m; i++) {
            odd[i] = random.nextInt(8) - 3;
        }
        cases.add(new Sample("random small integers, n = " + m, odd));
        return cases;
    }

    /** Values near 1e9 with unit noise: where the one-pass variance loses every digit. */
    private static Sample huge(Random random) {
        double[] x = new double[Inputs.between(random, 20, 40)];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1e9 + random.nextGaussian();
        }
        return new Sample(HUGE + ", n = " + x.length, x);
    }

    @Test
    @DisplayName("mean")
    void mean(Random random) {
        List<Sample> cases = samples(random, true);
        cases.add(huge(random));
        for (Sample s : cases) {
            double actual = Guarded.call(in -> DescriptiveStats.mean(in.copy("x", s.x())));
            assertScalar("mean(" + s + ")", Mean.of(s.x()).getAsDouble(), actual);
        }
    }

    @Test
    @DisplayName("median: the middle value, or the mean of the two middle values for even n")
    void median(Random random) {
        List<Sample> cases = samples(random, true);
        cases.add(new Sample("with an infinity", new double[] {2, Double.POSITIVE_INFINITY, 1}));
        for (Sample s : cases) {
            double[] sorted = sortedCopy(s.x());
            int n = sorted.length;
            double actual = Guarded.call(in -> DescriptiveStats.median(in.copy("x", s.x())));
            assertScalar("median(" + s + ")", Median.withDefaults().withCopy(true).evaluate(s.x()), actual,
                    Mistake.giving(UNSORTED_MEDIAN, n % 2 == 1 ? s.x()[n / 2] : (s.x()[n / 2 - 1] + s.x()[n / 2]) / 2),
                    Mistake.giving(UNSORTED_MEDIAN, s.x()[n / 2]),
                    Mistake.giving(ONE_MIDDLE, n % 2 == 0 ? sorted[n / 2] : null),
                    Mistake.giving(ONE_MIDDLE, n % 2 == 0 ? sorted[n / 2 - 1] : null));
        }
    }

    @Test
    @DisplayName("mode: the most frequent value, the smallest of them on a tie")
    void mode(Random random) {
        List<Sample> cases = samples(random, true);
        cases.add(new Sample("a tie, the larger value first", new double[] {9, 9, 4, 1, 4, 6}));
        cases.add(new Sample("every value distinct", new double[] {3.5, -1, 2, 8}));
        // Every answer first, so that a mistake is named only if it explains all of them (with distinct
        // values, "the first seen" and "the largest" can coincide on one sample).
        double[] actual = new double[cases.size()];
        for (int c = 0; c < cases.size(); c++) {
            double[] x = cases.get(c).x();
            actual[c] = Guarded.call(in -> DescriptiveStats.mode(in.copy("x", x)));
        }
        double[] smallest = new double[cases.size()];
        double[] largest = new double[cases.size()];
        double[] first = new double[cases.size()];
        for (int c = 0; c < cases.size(); c++) {
            TreeMap<Double, Integer> counts = new TreeMap<>();
            for (double v : cases.get(c).x()) {
                counts.merge(v, 1, Integer::sum);
            }
            int top = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
            smallest[c] = counts.entrySet().stream().filter(e -> e.getValue() == top).findFirst().orElseThrow().getKey();
            largest[c] = counts.descendingMap().entrySet().stream().filter(e -> e.getValue() == top)
                    .findFirst().orElseThrow().getKey();
            first[c] = Arrays.stream(cases.get(c).x()).filter(v -> counts.get(v) == top).findFirst().orElseThrow();
        }
        for (int c = 0; c < cases.size(); c++) {
            assertScalar("mode(" + cases.get(c) + ")", smallest[c], actual[c],
                    Mistake.giving(MODE_FIRST, Arrays.equals(first, actual) ? actual[c] : null),
                    Mistake.giving(MODE_LARGEST, Arrays.equals(largest, actual) ? actual[c] : null));
        }
    }

    @Test
    @DisplayName("population and sample variance: divide by n, and by n - 1")
    void variance(Random random) {
        List<Sample> cases = samples(random, true);
        cases.add(huge(random));
        for (Sample s : cases) {
            double biased = Variance.of(s.x()).setBiased(true).getAsDouble();
            double actual = Guarded.call(in -> DescriptiveStats.populationVariance(in.copy("x", s.x())));
            assertScalar("populationVariance(" + s + ")", biased, actual,
                    Mistake.giving(DIVIDED_BY_N_MINUS_1, s.x().length > 1 ? Variance.of(s.x()).getAsDouble() : null),
                    Mistake.giving(ONE_PASS, cancelled(s, actual)));
            if (s.x().length > 1) {
                double unbiased = Variance.of(s.x()).getAsDouble();
                double sample = Guarded.call(in -> DescriptiveStats.sampleVariance(in.copy("x", s.x())));
                assertScalar("sampleVariance(" + s + ")", unbiased, sample, Mistake.giving(DIVIDED_BY_N, biased),
                        Mistake.giving(ONE_PASS, cancelled(s, sample)));
            }
        }
    }

    @Test
    @DisplayName("population and sample standard deviation")
    void standardDeviation(Random random) {
        List<Sample> cases = samples(random, true);
        cases.add(huge(random));
        for (Sample s : cases) {
            double biased = StandardDeviation.of(s.x()).setBiased(true).getAsDouble();
            double actual = Guarded.call(in -> DescriptiveStats.populationStd(in.copy("x", s.x())));
            assertScalar("populationStd(" + s + ")", biased, actual,
                    Mistake.giving(DIVIDED_BY_N_MINUS_1, s.x().length > 1 ? StandardDeviation.of(s.x()).getAsDouble() : null),
                    Mistake.giving(NO_SQRT, biased * biased),
                    Mistake.giving(ONE_PASS, cancelled(s, actual)));
            if (s.x().length > 1) {
                double unbiased = StandardDeviation.of(s.x()).getAsDouble();
                double sample = Guarded.call(in -> DescriptiveStats.sampleStd(in.copy("x", s.x())));
                assertScalar("sampleStd(" + s + ")", unbiased, sample, Mistake.giving(DIVIDED_BY_N, biased),
                        Mistake.giving(NO_SQRT, unbiased * unbiased), Mistake.giving(ONE_PASS, cancelled(s, sample)));
            }
        }
    }

    @Test
    @DisplayName("quantiles by linear interpolation (type 7, R's and NumPy's default)")
    void quantile(Random random) {
        double[] ps = {0, 0.25, 0.5, 0.75, 1, 0.1, 0.4, 0.9, Inputs.between(random, 1, 99) / 100.0};
        for (Sample s : samples(random, true)) {
            // Every p first: a wrong quantile type is named only if it explains the whole row (two types
            // can agree at one p).
            double[] actual = new double[ps.length];
            for (int i = 0; i < ps.length; i++) {
                double p = ps[i];
                actual[i] = Guarded.call(in -> DescriptiveStats.quantile(in.copy("x", s.x()), p));
            }
            double[] expected = type(Quantile.EstimationMethod.HF7).evaluate(s.x(), ps);
            for (int i = 0; i < ps.length; i++) {
                List<Mistake<Double>> wrong = new ArrayList<>();
                double[] unsorted = Arrays.stream(ps).map(p -> unsortedType7(s.x(), p)).toArray();
                wrong.add(Mistake.giving(UNSORTED_QUANTILE, fits(unsorted, actual) ? actual[i] : null));
                for (Quantile.EstimationMethod method : Quantile.EstimationMethod.values()) {
                    if (method != Quantile.EstimationMethod.HF7) {
                        wrong.add(Mistake.giving("used another quantile definition (Hyndman and Fan type "
                                + method.name().substring(2) + "): this exercise interpolates linearly with "
                                + "h = (n - 1) p between the sorted values s[floor h] and s[floor h + 1] (type 7).",
                                fits(type(method).evaluate(s.x(), ps), actual) ? actual[i] : null));
                    }
                }
                assertScalar("quantile(" + s + ", p = " + ps[i] + ")", expected[i], actual[i], wrong);
            }
        }
    }

    /** Whether every value of a known wrong answer matches the learner's. */
    private static boolean fits(double[] wrong, double[] actual) {
        Tolerance tolerance = Tolerance.of(DataType.DOUBLE);
        for (int i = 0; i < wrong.length; i++) {
            if (!tolerance.accepts(wrong[i], actual[i])) {
                return false;
            }
        }
        return true;
    }

    @Test
    @DisplayName("interquartile range and Tukey's fences at 1.5 IQR")
    void iqrAndFences(Random random) {
        for (Sample s : samples(random, true)) {
            double[] q = type(Quantile.EstimationMethod.HF7).evaluate(s.x(), 0.25, 0.5, 0.75);
            double iqr = q[2] - q[0];
            double actual = Guarded.call(in -> DescriptiveStats.iqr(in.copy("x", s.x())));
            List<Mistake<Double>> wrong = new ArrayList<>();
            for (Quantile.EstimationMethod method : List.of(Quantile.EstimationMethod.HF6, Quantile.EstimationMethod.HF5,
                    Quantile.EstimationMethod.HF1)) {
                double[] other = type(method).evaluate(s.x(), 0.25, 0.75);
                wrong.add(Mistake.giving("used another quantile definition (type " + method.name().substring(2)
                        + "): the quartiles here are type 7, linear interpolation with h = (n - 1) p.", other[1] - other[0]));
            }
            assertScalar("iqr(" + s + ")", iqr, actual, wrong);

            DescriptiveStats.Fences fences = Guarded.call(in -> DescriptiveStats.tukeyFences(in.copy("x", s.x())));
            if (fences == null) {
                throw new AssertionFailedError("tukeyFences(" + s + "): got null, expected the fences");
            }
            assertScalar("tukeyFences(" + s + ").lower()", q[0] - 1.5 * iqr, fences.lower(),
                    Mistake.giving(FENCES_FROM_MEDIAN, q[1] - 1.5 * iqr));
            assertScalar("tukeyFences(" + s + ").upper()", q[2] + 1.5 * iqr, fences.upper(),
                    Mistake.giving(FENCES_FROM_MEDIAN, q[1] + 1.5 * iqr));
        }
    }

    @Test
    @DisplayName("outliers: values strictly outside the fences, a value on a fence is not one")
    void outliers(Random random) {
        List<Sample> cases = samples(random, true);
        // Type-7 quartiles 1 and 3 (IQR 2, fences -2 and 6): 6 lies exactly on the upper fence, 6.5 past it,
        // -2 exactly on the lower one.
        cases.add(new Sample("a value exactly on the upper fence", new double[] {0, 6, 1, 3, 2}));
        cases.add(new Sample("a value just past the upper fence", new double[] {0, 6.5, 1, 3, 2}));
        cases.add(new Sample("a value exactly on the lower fence", new double[] {1, 2, -2, 3, 4, 2, 3, 1, 2}));
        cases.add(new Sample("outliers on both sides", new double[] {10, 11, 9, 10, 12, 40, 10, -20, 11}));
        for (Sample s : cases) {
            double[] q = type(Quantile.EstimationMethod.HF7).evaluate(s.x(), 0.25, 0.75);
            double lower = q[0] - 1.5 * (q[1] - q[0]);
            double upper = q[1] + 1.5 * (q[1] - q[0]);
            int[] expected = indices(s.x(), v -> v < lower || v > upper);
            int[] actual = Guarded.call(in -> DescriptiveStats.outlierIndices(in.copy("x", s.x())));
            if (!Arrays.equals(expected, actual)) {
                String diagnosis = Mistake.matching(w -> Arrays.equals(w, actual),
                        Mistake.giving(ON_FENCE, indices(s.x(), v -> v <= lower || v >= upper)));
                throw new AssertionFailedError(diagnosis + "outlierIndices(" + s + "): expected " + Arrays.toString(expected)
                        + ", got " + Arrays.toString(actual) + String.format(Locale.ROOT, " (fences %.6g and %.6g)",
                        lower, upper));
            }
        }
    }

    @Test
    @DisplayName("z-scores with the population sd, NaN when every value is equal")
    void zScores(Random random) {
        for (Sample s : samples(random, true)) {
            double m = Mean.of(s.x()).getAsDouble();
            double sd = StandardDeviation.of(s.x()).setBiased(true).getAsDouble();
            double[] expected = Arrays.stream(s.x()).map(v -> (v - m) / sd).toArray();
            double[][] passed = new double[1][];
            double[] actual = Guarded.call(in -> {
                passed[0] = in.copy("x", s.x());
                return DescriptiveStats.zScores(passed[0]);
            });
            if (actual != null && actual == passed[0]) {
                throw new AssertionFailedError(Mistake.PREFIX + "returned the input array itself where a new array is "
                        + "promised: zScores(" + s + ") must leave x as it is and return new double[n].");
            }
            double sampleSd = s.x().length > 1 ? StandardDeviation.of(s.x()).getAsDouble() : Double.NaN;
            Compare.assertClose("zScores(" + s + ")", Compare.vector(expected), Compare.vector(actual),
                    new Mistake<>(Z_SAMPLE_SD, () -> s.x().length > 1 && sd > 0
                            ? Compare.vector(Arrays.stream(s.x()).map(v -> (v - m) / sampleSd).toArray()) : null),
                    new Mistake<>(Z_ZERO, () -> sd == 0 ? Compare.vector(new double[s.x().length]) : null));
        }
    }

    @Test
    @DisplayName("standard error of the mean: the sample sd over sqrt(n)")
    void standardError(Random random) {
        for (Sample s : samples(random, false)) {
            int n = s.x().length;
            double sd = StandardDeviation.of(s.x()).getAsDouble();
            double actual = Guarded.call(in -> DescriptiveStats.standardError(in.copy("x", s.x())));
            assertScalar("standardError(" + s + ")", sd / Math.sqrt(n), actual,
                    Mistake.giving(SE_POPULATION_SD, StandardDeviation.of(s.x()).setBiased(true).getAsDouble() / Math.sqrt(n)),
                    Mistake.giving(SE_BY_N, sd / n));
        }
    }

    @Test
    @DisplayName("empty input, NaN, n = 1 for the sample variance and p outside [0, 1] throw IllegalArgumentException")
    void rejectsBadInput() {
        double[] empty = {};
        double[] withNaN = {1, Double.NaN, 3};
        double[] one = {2.5};
        List<Rejected> calls = List.of(
                new Rejected("mean({})", "empty", () -> DescriptiveStats.mean(empty)),
                new Rejected("median({})", "empty", () -> DescriptiveStats.median(empty)),
                new Rejected("mode({})", "empty", () -> DescriptiveStats.mode(empty)),
                new Rejected("populationVariance({})", "empty", () -> DescriptiveStats.populationVariance(empty)),
                new Rejected("populationStd({})", "empty", () -> DescriptiveStats.populationStd(empty)),
                new Rejected("quantile({}, 0.5)", "empty", () -> DescriptiveStats.quantile(empty, 0.5)),
                new Rejected("iqr({})", "empty", () -> DescriptiveStats.iqr(empty)),
                new Rejected("tukeyFences({})", "empty", () -> DescriptiveStats.tukeyFences(empty)),
                new Rejected("outlierIndices({})", "empty", () -> DescriptiveStats.outlierIndices(empty)),
                new Rejected("zScores({})", "empty", () -> DescriptiveStats.zScores(empty)),
                new Rejected("mean({1, NaN, 3})", "NaN", () -> DescriptiveStats.mean(withNaN)),
                new Rejected("median({1, NaN, 3})", "NaN", () -> DescriptiveStats.median(withNaN)),
                new Rejected("mode({1, NaN, 3})", "NaN", () -> DescriptiveStats.mode(withNaN)),
                new Rejected("populationVariance({1, NaN, 3})", "NaN", () -> DescriptiveStats.populationVariance(withNaN)),
                new Rejected("sampleVariance({1, NaN, 3})", "NaN", () -> DescriptiveStats.sampleVariance(withNaN)),
                new Rejected("quantile({1, NaN, 3}, 0.5)", "NaN", () -> DescriptiveStats.quantile(withNaN, 0.5)),
                new Rejected("iqr({1, NaN, 3})", "NaN", () -> DescriptiveStats.iqr(withNaN)),
                new Rejected("outlierIndices({1, NaN, 3})", "NaN", () -> DescriptiveStats.outlierIndices(withNaN)),
                new Rejected("zScores({1, NaN, 3})", "NaN", () -> DescriptiveStats.zScores(withNaN)),
                new Rejected("standardError({1, NaN, 3})", "NaN", () -> DescriptiveStats.standardError(withNaN)),
                new Rejected("sampleVariance({2.5}) (n - 1 = 0)", "at least 2", () -> DescriptiveStats.sampleVariance(one)),
                new Rejected("sampleStd({2.5})", "at least 2", () -> DescriptiveStats.sampleStd(one)),
                new Rejected("standardError({2.5})", "at least 2", () -> DescriptiveStats.standardError(one)),
                new Rejected("sampleVariance({})", "empty", () -> DescriptiveStats.sampleVariance(empty)),
                new Rejected("quantile({1, 2, 3}, -0.1)", "p", () -> DescriptiveStats.quantile(new double[] {1, 2, 3}, -0.1)),
                new Rejected("quantile({1, 2, 3}, 1.5)", "p", () -> DescriptiveStats.quantile(new double[] {1, 2, 3}, 1.5)),
                new Rejected("quantile({1, 2, 3}, NaN)", "p",
                        () -> DescriptiveStats.quantile(new double[] {1, 2, 3}, Double.NaN)));
        for (Rejected r : calls) {
            r.check();
        }
    }

    /** A call that must throw IllegalArgumentException whose message contains {@code word}. */
    private record Rejected(String what, String word, Runnable call) {
        void check() {
            try {
                call.run();
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                if (message == null || !message.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT))) {
                    throw new AssertionFailedError(what + ": the IllegalArgumentException's message should contain \""
                            + word + "\" (see the convention in the Javadoc), got " + (message == null ? "no message"
                            : "\"" + message + "\""));
                }
                return;
            } catch (UnsupportedOperationException notImplemented) {
                throw notImplemented;
            } catch (RuntimeException e) {
                throw new AssertionFailedError(what + ": expected IllegalArgumentException containing \"" + word
                        + "\", got " + e + " (check the input before computing: empty, NaN, n, p)", e);
            }
            throw new AssertionFailedError(what + ": expected IllegalArgumentException containing \"" + word
                    + "\", nothing was thrown (check the input before computing: empty, NaN, n, p)");
        }
    }

    private static Quantile type(Quantile.EstimationMethod method) {
        // withCopy: Commons otherwise reorders the array it is given, and the cases are shared.
        return Quantile.withDefaults().withCopy(true).with(method);
    }

    /**
     * The learner's own answer on the sample near 1e9, where it is checked last: every sample of
     * ordinary magnitude passed, so an answer that is wrong only here (and not by n versus n - 1,
     * which is tried first) has lost its digits to cancellation. The one-pass formula's error is
     * rounding noise of the order of n ulp(mean^2), so no fixed wrong value can be computed for it.
     */
    private static Double cancelled(Sample s, double actual) {
        return s.name().startsWith(HUGE) ? actual : null;
    }

    /** Type 7 on the array as given, not sorted. */
    private static double unsortedType7(double[] x, double p) {
        double h = (x.length - 1) * p;
        int lo = (int) Math.floor(h);
        return lo >= x.length - 1 ? x[x.length - 1] : x[lo] + (h - lo) * (x[lo + 1] - x[lo]);
    }

    private static int[] indices(double[] x, java.util.function.DoublePredicate outside) {
        return java.util.stream.IntStream.range(0, x.length).filter(i -> outside.test(x[i])).toArray();
    }

    private static double[] sortedCopy(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s;
    }

    @SafeVarargs
    private static void assertScalar(String what, double expected, double actual, Mistake<Double>... mistakes) {
        assertScalar(what, expected, actual, List.of(mistakes));
    }

    private static void assertScalar(String what, double expected, double actual, List<Mistake<Double>> mistakes) {
        List<Mistake<INDArray>> wrong = new ArrayList<>();
        Function<Double, INDArray> wrap = v -> v == null ? null : Compare.scalar(v);
        for (Mistake<Double> m : mistakes) {
            wrong.add(new Mistake<>(m.diagnosis(), () -> wrap.apply(m.answer().get())));
        }
        Compare.assertClose(what, Compare.scalar(expected), Compare.scalar(actual),
                Tolerance.of(DataType.DOUBLE), wrong);
    }

    private static String show(double[] x) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < Math.min(x.length, 8); i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", x[i]));
        }
        return s.append(x.length > 8 ? ", ... (" + x.length + " values)" : "").append("}").toString();
    }
}
