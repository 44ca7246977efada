package deepdrill.grader.checks.week1;

import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.week1.HypothesisTests;
import deepdrill.week1.HypothesisTests.AnovaResult;
import deepdrill.week1.HypothesisTests.ChiSquaredResult;
import deepdrill.week1.HypothesisTests.Interval;
import deepdrill.week1.HypothesisTests.TTestResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.FDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.OneWayAnova;
import org.apache.commons.statistics.inference.TTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code hypothesis-tests} against Apache Commons Statistics 1.1: {@code TTest} (one-sample,
 * and heteroscedastic for Welch), {@code ChiSquareTest.test(long[][])} and {@code OneWayAnova} for
 * the statistics and p-values; the degrees of freedom of the chi-squared test and ANOVA in closed
 * form; the intervals from the closed forms with {@code TDistribution} and
 * {@code NormalDistribution} quantiles. The learner's p-values come from the distribution
 * functions the exercise gives, so they agree with Commons to about 1e-11; p-values are compared
 * relatively (1e-6, no absolute slack), so that a p-value of 1e-30 halved is still caught. The
 * known mistakes are the same formulas with one thing changed, computed with Commons'
 * distributions.
 *
 * <p>Covered: n = 2 (the smallest sample), negative and positive t, p-values near 1 (a mean almost
 * at mu0, a table almost proportional, equal group means) and near 0 (1e-10 to 1e-40), Welch with
 * unequal sizes and variances and with one sample of zero variance, 2 x 2 (where Yates would
 * differ) and r x c tables, ANOVA with unequal group sizes (where the unweighted grand mean
 * differs), a zero-variance sample's interval [m, m], n = 2's wide t interval, proportions 0 and n
 * and near 0 (the Wald interval clipped at 0), confidences 0.5 to 0.999; rejected: samples shorter
 * than 2, zero variance, ragged or 1-row tables, negative counts, an all-zero row and column, one
 * ANOVA group, a group of 1, no spread within groups, confidence 0, 1 and NaN, n = 0, successes
 * outside [0, n]. Every input must be left unchanged.
 */
@ExerciseCheck
class HypothesisTestsCheck {

    private static final Tolerance VALUE = new Tolerance(1e-12, 1e-8);
    private static final Tolerance P_VALUE = new Tolerance(0, 1e-6);

    private static final String ONE_SIDED = "returned a one-sided p-value, P(T > |t|): the test is two-sided, "
            + "p = 2 * P(T > |t|).";
    private static final String NO_ABS = "doubled P(T > t) without the absolute value: for a negative t that is "
            + "more than 1; use p = 2 * P(T > |t|).";
    private static final String POPULATION_SD = "used the population standard deviation (dividing by n): the "
            + "sample's is sum (x - m)^2 / (n - 1).";
    private static final String Z_P = "took the p-value from the normal distribution: t follows Student's t with "
            + "the test's degrees of freedom.";
    private static final String DF_N = "used n degrees of freedom: one is spent on the mean, df = n - 1.";
    private static final String POOLED_DF = "used the pooled degrees of freedom n1 + n2 - 2: Welch's test uses "
            + "Welch-Satterthwaite's df = (v1 + v2)^2 / (v1^2 / (n1 - 1) + v2^2 / (n2 - 1)), v_j = s_j^2 / n_j.";
    private static final String STUDENT = "ran Student's pooled-variance t-test: Welch's test does not pool, "
            + "t = (m1 - m2) / sqrt(s1^2 / n1 + s2^2 / n2).";
    private static final String SWAPPED = "computed mean(y) - mean(x): t is of mean(x) - mean(y).";
    private static final String DOF_RC = "used r * c - 1 degrees of freedom: the test of independence estimates "
            + "the margins, df = (r - 1)(c - 1).";
    private static final String YATES = "applied Yates' continuity correction: this exercise's test has none.";
    private static final String LOWER_TAIL = "returned the lower tail P(X <= x): a large statistic is the "
            + "evidence, p = P(X > x).";
    private static final String UNWEIGHTED_GRAND = "took the grand mean as the mean of the group means: with "
            + "unequal group sizes it is the mean of all N values.";
    private static final String UNWEIGHTED_SSB = "left the group sizes out of SSB: SSB = sum_j n_j (m_j - g)^2.";
    private static final String DF_WITHIN = "used N - 1 within-group degrees of freedom: each group's mean "
            + "costs one, df within = N - k.";
    private static final String Z_CRIT = "used the normal quantile z* instead of Student's t* with n - 1 degrees "
            + "of freedom: s is estimated, so the interval uses t.";
    private static final String ONE_SIDED_CRIT = "took the critical value at the confidence itself (a one-sided "
            + "quantile): a two-sided interval uses the (1 + confidence) / 2 quantile.";
    private static final String NOT_CLIPPED = "did not clip the Wald interval to [0, 1]: a proportion cannot "
            + "leave it.";
    private static final String DIVIDED_BY_N = "divided by n instead of sqrt(n) in the standard error.";

    @Test
    @DisplayName("one-sample t-test: t, n - 1 and a two-sided p-value")
    void oneSampleT(Random random) {
        checkOneSample(new double[] {1, 2, 3, 4, 5}, 2);              // t = sqrt(2)
        checkOneSample(new double[] {2.5, 3.5}, 0.5);                 // n = 2
        checkOneSample(new double[] {4.1, 3.7, 5.2, 4.4, 3.9, 4.8}, 5);  // negative t
        for (int run = 0; run < 20; run++) {
            double[] x = sample(random, Inputs.between(random, 2, 40), random.nextGaussian() * 3, 0.2 + random.nextDouble() * 4);
            checkOneSample(x, random.nextBoolean() ? random.nextGaussian() * 2 : mean(x) + 1e-3 * random.nextGaussian());
        }
        checkOneSample(sample(random, 30, 0, 1), 1e-4);               // p near 1
        checkOneSample(sample(random, 60, 10, 1), 0);                 // p near 0 (about 1e-40)
        checkOneSample(sample(random, 12, -3, 1), 0);                 // p near 0, negative t
    }

    @Test
    @DisplayName("Welch's t-test: unequal sizes and variances, Welch-Satterthwaite degrees of freedom")
    void welchT(Random random) {
        checkWelch(new double[] {1, 2, 3, 4}, new double[] {2, 4, 6, 8, 10, 12, 14});
        checkWelch(new double[] {5.1, 4.9}, new double[] {3.0, 7.5, 6.1});
        checkWelch(new double[] {2, 2, 2, 2}, new double[] {1, 3, 2.5, 4, 0.5});   // one sample without spread
        for (int run = 0; run < 20; run++) {
            double[] x = sample(random, Inputs.between(random, 2, 30), random.nextGaussian(), 0.2 + random.nextDouble() * 3);
            double[] y = sample(random, Inputs.between(random, 2, 30), random.nextGaussian(), 0.2 + random.nextDouble() * 3);
            checkWelch(x, y);
        }
        checkWelch(sample(random, 40, 0, 1), sample(random, 25, 3, 2));    // p near 0
        double[] x = sample(random, 20, 0, 1);
        double[] y = x.clone();
        y[0] += 1e-3;
        y[1] -= 2e-3;
        checkWelch(x, y);                                                   // p near 1
    }

    @Test
    @DisplayName("chi-squared test of independence: X^2, (r - 1)(c - 1) and the upper tail")
    void chiSquared(Random random) {
        checkChi(new long[][] {{10, 20}, {30, 25}});
        checkChi(new long[][] {{12, 5, 9}, {7, 11, 3}});
        checkChi(new long[][] {{10, 20}, {20, 41}});                        // almost proportional: p near 1
        checkChi(new long[][] {{200, 10}, {15, 180}});                      // p near 0
        checkChi(new long[][] {{1, 0}, {0, 1}});                            // zeros inside the table
        for (int run = 0; run < 20; run++) {
            int r = Inputs.between(random, 2, 5);
            int c = Inputs.between(random, 2, 5);
            long[][] table = new long[r][c];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    table[i][j] = 1 + random.nextInt(40);
                }
            }
            checkChi(table);
        }
    }

    @Test
    @DisplayName("one-way ANOVA: F, k - 1 and N - k degrees of freedom, the upper tail, unequal group sizes")
    void anova(Random random) {
        checkAnova(new double[][] {{1, 2, 3}, {4, 5, 6, 7, 8}, {2, 9}});
        checkAnova(new double[][] {{6.1, 5.9}, {6.0, 6.05}});                        // two groups of 2
        checkAnova(new double[][] {{1, 2, 3, 4}, {1.5, 2.5, 3.5, 2.5}, {4, 1, 2, 3, 2.5}});  // p near 1
        for (int run = 0; run < 20; run++) {
            int k = Inputs.between(random, 2, 6);
            double[][] groups = new double[k][];
            for (int j = 0; j < k; j++) {
                groups[j] = sample(random, Inputs.between(random, 2, 15), random.nextGaussian(), 1);
            }
            checkAnova(groups);
        }
        checkAnova(new double[][] {sample(random, 30, 0, 1), sample(random, 10, 5, 1), sample(random, 20, 2, 1)});  // p near 0
    }

    @Test
    @DisplayName("confidence interval for a mean: m -/+ t* s / sqrt(n)")
    void meanInterval(Random random) {
        checkMeanInterval(new double[] {1, 2, 3, 4, 5}, 0.95);
        checkMeanInterval(new double[] {10, 12}, 0.95);                  // n = 2: t* = 12.7
        checkMeanInterval(new double[] {3, 3, 3}, 0.9);                  // zero variance: [3, 3]
        double[] confidences = {0.5, 0.8, 0.9, 0.95, 0.99, 0.999};
        for (int run = 0; run < 18; run++) {
            double[] x = sample(random, Inputs.between(random, 2, 50), random.nextGaussian() * 5, 0.1 + random.nextDouble() * 3);
            checkMeanInterval(x, confidences[run % confidences.length]);
        }
    }

    @Test
    @DisplayName("confidence interval for a proportion: Wald, clipped to [0, 1]")
    void proportionInterval(Random random) {
        checkProportion(40, 100, 0.95);
        checkProportion(1, 20, 0.95);                                    // the lower end clipped at 0
        checkProportion(19, 20, 0.99);                                   // the upper end clipped at 1
        checkProportion(0, 10, 0.95);                                    // [0, 0]
        checkProportion(7, 7, 0.9);                                      // [1, 1]
        checkProportion(1, 1, 0.5);
        for (int run = 0; run < 15; run++) {
            int n = Inputs.between(random, 1, 2000);
            checkProportion(random.nextInt(n + 1), n, 0.5 + 0.499 * random.nextDouble());
        }
    }

    @Test
    @DisplayName("degenerate input throws IllegalArgumentException")
    void rejectsBadInput() {
        rejected("oneSampleT(x of 1 value, 0)", () -> HypothesisTests.oneSampleT(new double[] {1}, 0));
        rejected("oneSampleT(x = {2, 2, 2}, 1) (zero variance)", () -> HypothesisTests.oneSampleT(new double[] {2, 2, 2}, 1));
        rejected("welchT(x of 1 value, y)", () -> HypothesisTests.welchT(new double[] {1}, new double[] {1, 2}));
        rejected("welchT(x, y of 1 value)", () -> HypothesisTests.welchT(new double[] {1, 2}, new double[] {1}));
        rejected("welchT({1, 1}, {2, 2}) (both without variance)",
                () -> HypothesisTests.welchT(new double[] {1, 1}, new double[] {2, 2}));
        rejected("chiSquaredIndependence(a 1 x 3 table)", () -> HypothesisTests.chiSquaredIndependence(new long[][] {{1, 2, 3}}));
        rejected("chiSquaredIndependence(a 3 x 1 table)",
                () -> HypothesisTests.chiSquaredIndependence(new long[][] {{1}, {2}, {3}}));
        rejected("chiSquaredIndependence(a ragged table {{1, 2}, {3}})",
                () -> HypothesisTests.chiSquaredIndependence(new long[][] {{1, 2}, {3}}));
        rejected("chiSquaredIndependence({{1, -2}, {3, 4}}) (a negative count)",
                () -> HypothesisTests.chiSquaredIndependence(new long[][] {{1, -2}, {3, 4}}));
        rejected("chiSquaredIndependence({{3, 4}, {0, 0}, {5, 1}}) (an all-zero row)",
                () -> HypothesisTests.chiSquaredIndependence(new long[][] {{3, 4}, {0, 0}, {5, 1}}));
        rejected("chiSquaredIndependence({{3, 0, 4}, {5, 0, 1}}) (an all-zero column)",
                () -> HypothesisTests.chiSquaredIndependence(new long[][] {{3, 0, 4}, {5, 0, 1}}));
        rejected("oneWayAnova(one group)", () -> HypothesisTests.oneWayAnova(new double[][] {{1, 2, 3}}));
        rejected("oneWayAnova({{1, 2}, {3}}) (a group of 1)", () -> HypothesisTests.oneWayAnova(new double[][] {{1, 2}, {3}}));
        rejected("oneWayAnova({{1, 1}, {2, 2, 2}}) (no spread within the groups)",
                () -> HypothesisTests.oneWayAnova(new double[][] {{1, 1}, {2, 2, 2}}));
        rejected("meanInterval(x of 1 value, 0.95)", () -> HypothesisTests.meanInterval(new double[] {1}, 0.95));
        for (double c : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            rejected("meanInterval({1, 2, 3}, " + c + ")", () -> HypothesisTests.meanInterval(new double[] {1, 2, 3}, c));
            rejected("proportionInterval(3, 10, " + c + ")", () -> HypothesisTests.proportionInterval(3, 10, c));
        }
        rejected("proportionInterval(0, 0, 0.95) (no trials)", () -> HypothesisTests.proportionInterval(0, 0, 0.95));
        rejected("proportionInterval(11, 10, 0.95)", () -> HypothesisTests.proportionInterval(11, 10, 0.95));
        rejected("proportionInterval(-1, 10, 0.95)", () -> HypothesisTests.proportionInterval(-1, 10, 0.95));
    }

    // ---- one-sample t ----------------------------------------------------------------------------

    private static void checkOneSample(double[] x, double mu0) {
        TTestResult actual = Guarded.call(in -> HypothesisTests.oneSampleT(in.copy("x", x), mu0));
        TTest.Result r = TTest.withDefaults().withMu(mu0).test(x);
        double[] expected = {r.getStatistic(), r.getDegreesOfFreedom(), r.getPValue()};
        int n = x.length;
        double t = r.getStatistic();
        double tPop = t * Math.sqrt(n / (n - 1.0));
        List<Mistake<double[]>> mistakes = List.of(
                wrong(ONE_SIDED, () -> new double[] {t, n - 1, tail(t, n - 1)}),
                wrong(NO_ABS, () -> t < 0 ? new double[] {t, n - 1, 2 * TDistribution.of(n - 1).survivalProbability(t)} : null),
                wrong(POPULATION_SD, () -> new double[] {tPop, n - 1, 2 * tail(tPop, n - 1)}),
                wrong(Z_P, () -> new double[] {t, n - 1, 2 * NormalDistribution.of(0, 1).survivalProbability(Math.abs(t))}),
                wrong(DF_N, () -> new double[] {t, n, 2 * tail(t, n)}));
        compare("oneSampleT(x = " + show(x) + ", mu0 = " + mu0 + ")", new String[] {"statistic", "degreesOfFreedom", "pValue"},
                expected, actual == null ? null : new double[] {actual.statistic(), actual.degreesOfFreedom(), actual.pValue()},
                mistakes);
    }

    // ---- Welch ---------------------------------------------------------------------------------

    private static void checkWelch(double[] x, double[] y) {
        TTestResult actual = Guarded.call(in -> HypothesisTests.welchT(in.copy("x", x), in.copy("y", y)));
        TTest.Result r = TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC).test(x, y);
        double[] expected = {r.getStatistic(), r.getDegreesOfFreedom(), r.getPValue()};
        double t = r.getStatistic();
        double df = r.getDegreesOfFreedom();
        int n1 = x.length;
        int n2 = y.length;
        List<Mistake<double[]>> mistakes = new ArrayList<>();
        mistakes.add(wrong(POOLED_DF, () -> new double[] {t, n1 + n2 - 2, 2 * tail(t, n1 + n2 - 2)}));
        mistakes.add(wrong(STUDENT, () -> {
            TTest.Result s = TTest.withDefaults().with(DataDispersion.HOMOSCEDASTIC).test(x, y);
            return new double[] {s.getStatistic(), s.getDegreesOfFreedom(), s.getPValue()};
        }));
        mistakes.add(wrong(ONE_SIDED, () -> new double[] {t, df, tail(t, df)}));
        mistakes.add(wrong(SWAPPED, () -> new double[] {-t, df, r.getPValue()}));
        mistakes.add(wrong(NO_ABS, () -> t < 0 ? new double[] {t, df, 2 * TDistribution.of(df).survivalProbability(t)} : null));
        mistakes.add(wrong(POPULATION_SD, () -> {
            double vx = variance(x) * (n1 - 1.0) / n1 / n1;
            double vy = variance(y) * (n2 - 1.0) / n2 / n2;
            double tp = (mean(x) - mean(y)) / Math.sqrt(vx + vy);
            double dfp = (vx + vy) * (vx + vy) / (vx * vx / (n1 - 1) + vy * vy / (n2 - 1));
            return new double[] {tp, dfp, 2 * tail(tp, dfp)};
        }));
        compare("welchT(x = " + show(x) + ", y = " + show(y) + ")", new String[] {"statistic", "degreesOfFreedom", "pValue"},
                expected, actual == null ? null : new double[] {actual.statistic(), actual.degreesOfFreedom(), actual.pValue()},
                mistakes);
    }

    // ---- chi-squared ---------------------------------------------------------------------------

    private static void checkChi(long[][] table) {
        ChiSquaredResult actual = Guarded.call(in -> HypothesisTests.chiSquaredIndependence(in.copy("table", table)));
        int r = table.length;
        int c = table[0].length;
        int df = (r - 1) * (c - 1);
        double x2 = ChiSquareTest.withDefaults().statistic(table);
        double[] expected = {x2, df, ChiSquareTest.withDefaults().test(table).getPValue()};
        List<Mistake<double[]>> mistakes = List.of(
                wrong(DOF_RC, () -> new double[] {x2, r * c - 1, ChiSquaredDistribution.of(r * c - 1).survivalProbability(x2)}),
                wrong(LOWER_TAIL, () -> new double[] {x2, df, ChiSquaredDistribution.of(df).cumulativeProbability(x2)}),
                wrong(YATES, () -> {
                    if (r != 2 || c != 2) {
                        return null;
                    }
                    double y = yates(table);
                    return new double[] {y, df, ChiSquaredDistribution.of(df).survivalProbability(y)};
                }));
        compare("chiSquaredIndependence(" + Arrays.deepToString(table) + ")",
                new String[] {"statistic", "degreesOfFreedom", "pValue"}, expected,
                actual == null ? null : new double[] {actual.statistic(), actual.degreesOfFreedom(), actual.pValue()},
                mistakes);
    }

    /** X^2 of a 2 x 2 table with Yates' correction: each |O - E| less 0.5 (not below 0). */
    private static double yates(long[][] table) {
        double[] rows = {table[0][0] + table[0][1], table[1][0] + table[1][1]};
        double[] cols = {table[0][0] + table[1][0], table[0][1] + table[1][1]};
        double total = rows[0] + rows[1];
        double sum = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double e = rows[i] * cols[j] / total;
                double d = Math.max(0, Math.abs(table[i][j] - e) - 0.5);
                sum += d * d / e;
            }
        }
        return sum;
    }

    // ---- ANOVA ---------------------------------------------------------------------------------

    private static void checkAnova(double[][] groups) {
        AnovaResult actual = Guarded.call(in -> HypothesisTests.oneWayAnova(in.copy("groups", groups)));
        OneWayAnova.Result r = OneWayAnova.withDefaults().test(Arrays.asList(groups));
        int k = groups.length;
        int total = Arrays.stream(groups).mapToInt(g -> g.length).sum();
        double f = r.getStatistic();
        double[] expected = {f, k - 1, total - k, r.getPValue()};
        List<Mistake<double[]>> mistakes = List.of(
                wrong(DF_WITHIN, () -> {
                    double f2 = f * (total - 1.0) / (total - k);
                    return new double[] {f2, k - 1, total - 1, FDistribution.of(k - 1, total - 1).survivalProbability(f2)};
                }),
                wrong(LOWER_TAIL, () -> new double[] {f, k - 1, total - k, FDistribution.of(k - 1, total - k).cumulativeProbability(f)}),
                wrong(UNWEIGHTED_GRAND, () -> anovaVariant(groups, true, true)),
                wrong(UNWEIGHTED_SSB, () -> anovaVariant(groups, false, false)));
        compare("oneWayAnova(" + showGroups(groups) + ")", new String[] {"f", "dfBetween", "dfWithin", "pValue"}, expected,
                actual == null ? null : new double[] {actual.f(), actual.dfBetween(), actual.dfWithin(), actual.pValue()},
                mistakes);
    }

    /** ANOVA with the grand mean taken as the mean of group means, or SSB without the sizes n_j. */
    private static double[] anovaVariant(double[][] groups, boolean unweightedGrand, boolean weightedSsb) {
        int k = groups.length;
        int total = 0;
        double sum = 0;
        double meanOfMeans = 0;
        for (double[] g : groups) {
            total += g.length;
            sum += Arrays.stream(g).sum();
            meanOfMeans += mean(g) / k;
        }
        double grand = unweightedGrand ? meanOfMeans : sum / total;
        double ssb = 0;
        double ssw = 0;
        for (double[] g : groups) {
            double m = mean(g);
            ssb += (weightedSsb ? g.length : 1) * (m - grand) * (m - grand);
            ssw += variance(g) * (g.length - 1);
        }
        double f = (ssb / (k - 1)) / (ssw / (total - k));
        return new double[] {f, k - 1, total - k, FDistribution.of(k - 1, total - k).survivalProbability(f)};
    }

    // ---- intervals -----------------------------------------------------------------------------

    private static void checkMeanInterval(double[] x, double confidence) {
        Interval actual = Guarded.call(in -> HypothesisTests.meanInterval(in.copy("x", x), confidence));
        int n = x.length;
        double m = mean(x);
        double s = Math.sqrt(variance(x));
        double upperQ = (1 + confidence) / 2;
        double tStar = TDistribution.of(n - 1).inverseCumulativeProbability(upperQ);
        double zStar = NormalDistribution.of(0, 1).inverseCumulativeProbability(upperQ);
        double se = s / Math.sqrt(n);
        List<Mistake<double[]>> mistakes = List.of(
                wrong(Z_CRIT, () -> new double[] {m - zStar * se, m + zStar * se}),
                wrong(ONE_SIDED_CRIT, () -> {
                    double t1 = TDistribution.of(n - 1).inverseCumulativeProbability(confidence);
                    return new double[] {m - t1 * se, m + t1 * se};
                }),
                wrong(POPULATION_SD, () -> {
                    double sp = s * Math.sqrt((n - 1.0) / n) / Math.sqrt(n);
                    return new double[] {m - tStar * sp, m + tStar * sp};
                }),
                wrong(DIVIDED_BY_N, () -> new double[] {m - tStar * s / n, m + tStar * s / n}));
        compare("meanInterval(x = " + show(x) + ", confidence = " + confidence + ")", new String[] {"lower", "upper"},
                new double[] {m - tStar * se, m + tStar * se},
                actual == null ? null : new double[] {actual.lower(), actual.upper()}, mistakes);
    }

    private static void checkProportion(long successes, long n, double confidence) {
        Interval actual = Guarded.call(in -> HypothesisTests.proportionInterval(successes, n, confidence));
        double p = (double) successes / n;
        double upperQ = (1 + confidence) / 2;
        double z = NormalDistribution.of(0, 1).inverseCumulativeProbability(upperQ);
        double se = Math.sqrt(p * (1 - p) / n);
        List<Mistake<double[]>> mistakes = List.of(
                wrong(NOT_CLIPPED, () -> new double[] {p - z * se, p + z * se}),
                wrong(ONE_SIDED_CRIT, () -> {
                    double z1 = NormalDistribution.of(0, 1).inverseCumulativeProbability(confidence);
                    return new double[] {Math.max(0, p - z1 * se), Math.min(1, p + z1 * se)};
                }),
                wrong(DIVIDED_BY_N, () -> {
                    double seN = Math.sqrt(p * (1 - p)) / n;
                    return new double[] {Math.max(0, p - z * seN), Math.min(1, p + z * seN)};
                }),
                wrong("divided two integers (successes / n is 0 unless successes = n): convert to double first.",
                        () -> {
                            double pi = successes / n;
                            double sei = Math.sqrt(pi * (1 - pi) / n);
                            return new double[] {Math.max(0, pi - z * sei), Math.min(1, pi + z * sei)};
                        }));
        compare("proportionInterval(successes = " + successes + ", n = " + n + ", confidence = " + confidence + ")",
                new String[] {"lower", "upper"},
                new double[] {Math.max(0, p - z * se), Math.min(1, p + z * se)},
                actual == null ? null : new double[] {actual.lower(), actual.upper()}, mistakes);
    }

    // ---- comparison ----------------------------------------------------------------------------

    private static Mistake<double[]> wrong(String diagnosis, Supplier<double[]> answer) {
        return new Mistake<>(diagnosis, answer);
    }

    /** Compares the record's components in order; the last one of a test's result is its p-value. */
    private static void compare(String what, String[] names, double[] expected, double[] actual,
                                List<Mistake<double[]>> mistakes) {
        boolean pLast = names[names.length - 1].equals("pValue");
        String problem = problem(names, expected, actual, pLast);
        if (problem == null) {
            return;
        }
        String diagnosis = Mistake.matching(w -> problem(names, w, actual, pLast) == null, mistakes);
        throw new AssertionFailedError(diagnosis + what + ": " + problem);
    }

    private static String problem(String[] names, double[] expected, double[] actual, boolean pLast) {
        if (actual == null) {
            return "got null, expected a result";
        }
        for (int i = 0; i < expected.length; i++) {
            Tolerance tolerance = pLast && i == expected.length - 1 ? P_VALUE : VALUE;
            if (!tolerance.accepts(expected[i], actual[i])) {
                return String.format(Locale.ROOT, "%s: expected %.12g, got %.12g (tolerance %.0e + %.0e * |expected|)",
                        names[i], expected[i], actual[i], tolerance.abs(), tolerance.rel());
            }
        }
        return null;
    }

    private static void rejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the sizes, the counts and the confidence before computing; the "
                + "Javadoc lists what is degenerate", call);
    }

    // ---- small helpers -------------------------------------------------------------------------

    /** 2 * P(T > |t|) is the two-sided p-value; this is P(T > |t|). */
    private static double tail(double t, double df) {
        return TDistribution.of(df).survivalProbability(Math.abs(t));
    }

    private static double[] sample(Random random, int n, double mean, double sd) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + sd * random.nextGaussian();
        }
        return x;
    }

    private static double mean(double[] x) {
        return Arrays.stream(x).sum() / x.length;
    }

    private static double variance(double[] x) {
        double m = mean(x);
        return Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1);
    }

    private static String show(double[] x) {
        if (x.length <= 8) {
            return Arrays.toString(x);
        }
        return "[" + x[0] + ", " + x[1] + ", ... " + x.length + " values]";
    }

    private static String showGroups(double[][] groups) {
        StringBuilder s = new StringBuilder("{");
        for (int j = 0; j < groups.length; j++) {
            s.append(j == 0 ? "" : ", ").append(show(groups[j]));
        }
        return s.append("}").toString();
    }
}
