package deepdrill.grader.checks.week1;

import deepdrill.grader.checks.support.CompareScalar;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.week1.InfoTheory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code info-theory} against the definitions, written here in other algebraic forms than
 * the Javadoc's: entropy of counts as ln n - sum c ln c / n, Gini as sum p (1 - p), KL as
 * sum p (ln p - ln q), Jensen-Shannon as H(m) - (H(p) + H(q)) / 2, all in float64 with
 * {@code Math.log} (Commons Statistics has no entropy of an arbitrary discrete distribution). Hand
 * values pin the conventions: a fair coin is 1 bit and ln 2 nats, a fair die log2 6 bits, Gini of
 * 50/50 is 1/2, JS of disjoint distributions is 1 bit. Known mistakes are the same formulas with one
 * thing changed.
 *
 * <p>Covered: a single outcome (entropy 0), zero probabilities (0 log 0 = 0, also in p of KL and
 * cross-entropy), q = 0 where p &gt; 0 (+infinity), q = 0 where p = 0 (finite), probabilities of
 * 1e-300 and a subnormal 1e-320, identical distributions (KL and JS 0), disjoint ones (JS = log_b 2),
 * bases 2, e, 10 and 3, counts with zeros, a split with an empty child, a split that separates
 * nothing (gain 0) and a perfect one, children of unequal sizes; rejected: sums of 0.9 and 1.1,
 * negative, NaN and infinite entries, empty arrays, lengths that differ, bases 1, 0, -2, NaN and
 * infinity, negative or all-zero counts, a ragged or empty split. Every input must be left unchanged.
 */
@ExerciseCheck
class InfoTheoryCheck {

    private static final Tolerance TOLERANCE = new Tolerance(1e-12, 1e-9);
    private static final double[] BASES = {2, Math.E, 10, 3};

    private static final String NAN_ZERO = "computed 0 * log(0) as NaN: by convention (the limit of p log p) an "
            + "outcome of probability 0 contributes 0; skip it.";
    private static final String SIGN = "lost the minus sign: H = -sum p log p is at least 0.";
    private static final String GINI_LINEAR = "computed 1 - sum p: Gini impurity is 1 - sum p^2 (1 - sum p is always 0).";
    private static final String IG_UNWEIGHTED = "averaged the children's entropies without weighting them: each "
            + "child counts by its share of the samples, n_j / n.";
    private static final String IG_SUMMED = "subtracted the plain sum of the children's entropies: weight each by "
            + "n_j / n.";
    private static final String KL_SWAPPED = "swapped the arguments: KL(p || q) = sum p log(p / q) weighs by p, the "
            + "true distribution; you computed KL(q || p).";
    private static final String CE_SWAPPED = "swapped the arguments: H(p, q) = -sum p log q; you computed -sum q log p.";
    private static final String SKIPPED_Q_ZERO = "skipped the terms where q = 0: where p > 0 and q = 0 the "
            + "divergence is +infinity.";
    private static final String JEFFREYS = "averaged KL(p || q) and KL(q || p): Jensen-Shannon compares each with "
            + "the mixture m = (p + q) / 2.";
    private static final String JS_NO_HALF = "left out the halves: JS = KL(p || m) / 2 + KL(q || m) / 2.";
    private static final String INT_DIV = "divided two integers (count / n is 0 unless one class has every sample): "
            + "convert to double first.";

    @Test
    @DisplayName("entropy of a distribution, in the base asked for (a fair coin is 1 bit)")
    void entropy(Random random) {
        // The hand values pin the conventions; the same inputs through the oracle first name a mistake.
        checkEntropy(new double[] {0.5, 0.5}, 2);
        checkEntropy(new double[] {0.5, 0.5}, Math.E);
        pinned("entropy({0.5, 0.5}, 2)", "a fair coin is 1 bit", 1.0,
                Guarded.call(in -> InfoTheory.entropy(in.copy("p", new double[] {0.5, 0.5}), 2)), 2);
        pinned("entropy({0.5, 0.5}, e)", "a fair coin is ln 2 nats", Math.log(2),
                Guarded.call(in -> InfoTheory.entropy(in.copy("p", new double[] {0.5, 0.5}), Math.E)), Math.E);
        checkEntropy(new double[] {1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6}, 2);   // log2 6
        checkEntropy(new double[] {1}, 2);                                  // a single outcome: 0
        checkEntropy(new double[] {0, 1, 0}, Math.E);                       // zeros
        checkEntropy(new double[] {0.5, 0, 0.25, 0.25}, 2);
        checkEntropy(new double[] {1e-300, 1}, 2);                          // very small probabilities
        checkEntropy(new double[] {1e-320, 0.75, 0.25}, 10);                // a subnormal one
        for (int run = 0; run < 20; run++) {
            checkEntropy(distribution(random, Inputs.between(random, 1, 12), run % 3 == 0), BASES[run % BASES.length]);
        }
    }

    @Test
    @DisplayName("entropy of class counts")
    void entropyOfCounts(Random random) {
        checkCounts(new long[] {5, 5}, 2);
        checkCounts(new long[] {9, 0, 3}, 2);
        checkCounts(new long[] {7}, Math.E);
        checkCounts(new long[] {1, 1_000_000_000L}, 2);
        for (int run = 0; run < 20; run++) {
            checkCounts(counts(random, Inputs.between(random, 1, 10)), BASES[run % BASES.length]);
        }
    }

    @Test
    @DisplayName("Gini impurity of class counts: 1 - sum p^2")
    void gini(Random random) {
        checkGini(new long[] {5, 5});
        pinned("gini({5, 5})", "a 50/50 node has Gini 1/2", 0.5,
                Guarded.call(in -> InfoTheory.gini(in.copy("counts", new long[] {5, 5}))), Double.NaN);
        checkGini(new long[] {10, 0});                                      // pure: 0
        checkGini(new long[] {3, 3, 3});                                    // 2/3
        checkGini(new long[] {1, 0, 7, 2});
        for (int run = 0; run < 20; run++) {
            checkGini(counts(random, Inputs.between(random, 1, 10)));
        }
    }

    @Test
    @DisplayName("information gain of a split: children weighted by their size")
    void informationGain(Random random) {
        checkGain(new long[][] {{4, 0}, {0, 6}}, 2);                        // a perfect split
        checkGain(new long[][] {{2, 2}, {3, 3}}, 2);                        // separates nothing: 0
        checkGain(new long[][] {{8, 2}, {1, 1}, {0, 3}}, 2);                // unequal sizes
        checkGain(new long[][] {{5, 3}, {0, 0}, {2, 6}}, Math.E);           // an empty child
        checkGain(new long[][] {{3, 1, 4}}, 2);                             // one child: 0
        for (int run = 0; run < 20; run++) {
            int j = Inputs.between(random, 2, 5);
            int k = Inputs.between(random, 2, 4);
            long[][] children = new long[j][];
            for (int c = 0; c < j; c++) {
                children[c] = counts(random, k);
            }
            checkGain(children, BASES[run % BASES.length]);
        }
    }

    @Test
    @DisplayName("cross-entropy H(p, q), infinite where q = 0 < p")
    void crossEntropy(Random random) {
        checkPair("crossEntropy", new double[] {0.5, 0.5}, new double[] {0.25, 0.75}, 2);
        checkPair("crossEntropy", new double[] {1, 0}, new double[] {0.5, 0.5}, 2);            // p has a zero
        checkPair("crossEntropy", new double[] {0, 1}, new double[] {0, 1}, 2);                // q = 0 where p = 0
        checkPair("crossEntropy", new double[] {0.5, 0.5}, new double[] {1, 0}, Math.E);       // +infinity
        checkPair("crossEntropy", new double[] {0.3, 0.7}, new double[] {1e-300, 1}, 2);
        randomPairs("crossEntropy", random);
    }

    @Test
    @DisplayName("KL divergence KL(p || q): p is the data, q the model")
    void klDivergence(Random random) {
        checkPair("klDivergence", new double[] {0.5, 0.5}, new double[] {0.25, 0.75}, 2);
        checkPair("klDivergence", new double[] {0.2, 0.3, 0.5}, new double[] {0.2, 0.3, 0.5}, 2);  // identical: 0
        checkPair("klDivergence", new double[] {0.75, 0, 0.25}, new double[] {0.5, 0.25, 0.25}, 2);
        checkPair("klDivergence", new double[] {0.5, 0.5}, new double[] {1, 0}, 2);              // +infinity
        checkPair("klDivergence", new double[] {1, 0}, new double[] {0.5, 0.5}, 10);
        checkPair("klDivergence", new double[] {1e-300, 1}, new double[] {0.5, 0.5}, Math.E);
        randomPairs("klDivergence", random);
    }

    @Test
    @DisplayName("Jensen-Shannon divergence: symmetric, at most log_b 2")
    void jsDivergence(Random random) {
        checkPair("jsDivergence", new double[] {1, 0}, new double[] {0, 1}, 2);
        pinned("jsDivergence({1, 0}, {0, 1}, 2)", "disjoint distributions are 1 bit apart", 1.0,
                Guarded.call(in -> InfoTheory.jsDivergence(in.copy("p", new double[] {1, 0}),
                        in.copy("q", new double[] {0, 1}), 2)), 2);
        checkPair("jsDivergence", new double[] {0.5, 0.5}, new double[] {0.25, 0.75}, 2);
        checkPair("jsDivergence", new double[] {0.2, 0.8}, new double[] {0.2, 0.8}, 2);         // identical: 0
        checkPair("jsDivergence", new double[] {0.5, 0.5, 0}, new double[] {0, 0.5, 0.5}, Math.E);
        randomPairs("jsDivergence", random);
    }

    @Test
    @DisplayName("bad distributions, counts and bases throw IllegalArgumentException")
    void rejectsBadInput() {
        double[] ok = {0.5, 0.5};
        for (double[] p : new double[][] {{0.5, 0.4}, {0.6, 0.5}, {-0.5, 1.5}, {Double.NaN, 1}, {Double.POSITIVE_INFINITY, 0},
            {}}) {
            String shown = Arrays.toString(p);
            rejected("entropy(" + shown + ", 2)", () -> InfoTheory.entropy(p, 2));
            rejected("klDivergence(" + shown + ", {0.5, 0.5}, 2)", () -> InfoTheory.klDivergence(p, ok, 2));
            rejected("klDivergence({0.5, 0.5}, " + shown + ", 2)", () -> InfoTheory.klDivergence(ok, p, 2));
            rejected("crossEntropy({0.5, 0.5}, " + shown + ", 2)", () -> InfoTheory.crossEntropy(ok, p, 2));
            rejected("jsDivergence(" + shown + ", {0.5, 0.5}, 2)", () -> InfoTheory.jsDivergence(p, ok, 2));
        }
        double[] three = {0.25, 0.25, 0.5};
        rejected("klDivergence({0.5, 0.5}, {0.25, 0.25, 0.5}, 2) (lengths differ)", () -> InfoTheory.klDivergence(ok, three, 2));
        rejected("crossEntropy({0.25, 0.25, 0.5}, {0.5, 0.5}, 2)", () -> InfoTheory.crossEntropy(three, ok, 2));
        rejected("jsDivergence({0.5, 0.5}, {0.25, 0.25, 0.5}, 2)", () -> InfoTheory.jsDivergence(ok, three, 2));
        for (double base : new double[] {1, 0, -2, Double.NaN, Double.POSITIVE_INFINITY}) {
            rejected("entropy({0.5, 0.5}, " + base + ")", () -> InfoTheory.entropy(ok, base));
            rejected("entropyOfCounts({1, 2}, " + base + ")", () -> InfoTheory.entropyOfCounts(new long[] {1, 2}, base));
            rejected("informationGain({{1, 2}, {2, 1}}, " + base + ")",
                    () -> InfoTheory.informationGain(new long[][] {{1, 2}, {2, 1}}, base));
            rejected("klDivergence({0.5, 0.5}, {0.5, 0.5}, " + base + ")", () -> InfoTheory.klDivergence(ok, ok, base));
            rejected("crossEntropy({0.5, 0.5}, {0.5, 0.5}, " + base + ")", () -> InfoTheory.crossEntropy(ok, ok, base));
            rejected("jsDivergence({0.5, 0.5}, {0.5, 0.5}, " + base + ")", () -> InfoTheory.jsDivergence(ok, ok, base));
        }
        for (long[] c : new long[][] {{3, -1}, {0, 0}, {}}) {
            rejected("entropyOfCounts(" + Arrays.toString(c) + ", 2)", () -> InfoTheory.entropyOfCounts(c, 2));
            rejected("gini(" + Arrays.toString(c) + ")", () -> InfoTheory.gini(c));
        }
        rejected("informationGain({{1, 2}, {3}}, 2) (ragged)", () -> InfoTheory.informationGain(new long[][] {{1, 2}, {3}}, 2));
        rejected("informationGain({}, 2) (no child)", () -> InfoTheory.informationGain(new long[][] {}, 2));
        rejected("informationGain({{0, 0}, {0, 0}}, 2) (no sample)",
                () -> InfoTheory.informationGain(new long[][] {{0, 0}, {0, 0}}, 2));
        rejected("informationGain({{1, -1}, {2, 2}}, 2) (a negative count)",
                () -> InfoTheory.informationGain(new long[][] {{1, -1}, {2, 2}}, 2));
    }

    // ---- cases ---------------------------------------------------------------------------------

    private static void checkEntropy(double[] p, double base) {
        double actual = Guarded.call(in -> InfoTheory.entropy(in.copy("p", p), base));
        double nats = entropyNats(p);
        List<Mistake<Double>> mistakes = baseMistakes(nats, base);
        mistakes.add(Mistake.giving(SIGN, -nats / Math.log(base)));
        if (hasZero(p)) {
            mistakes.add(Mistake.giving(NAN_ZERO, Double.NaN));
        }
        compare("entropy(" + show(p) + ", " + showBase(base) + ")", nats / Math.log(base), actual, mistakes);
    }

    private static void checkCounts(long[] counts, double base) {
        double actual = Guarded.call(in -> InfoTheory.entropyOfCounts(in.copy("counts", counts), base));
        double nats = countsNats(counts);
        List<Mistake<Double>> mistakes = baseMistakes(nats, base);
        mistakes.add(Mistake.giving(INT_DIV, 0.0));
        mistakes.add(Mistake.giving(SIGN, -nats / Math.log(base)));
        if (Arrays.stream(counts).anyMatch(c -> c == 0)) {
            mistakes.add(Mistake.giving(NAN_ZERO, Double.NaN));
        }
        // Integer division makes every p_k 0 (but a class holding all samples), and 0 * log(0) is NaN.
        mistakes.add(Mistake.giving(INT_DIV, Double.NaN));
        compare("entropyOfCounts(" + Arrays.toString(counts) + ", " + showBase(base) + ")", nats / Math.log(base), actual,
                mistakes);
    }

    private static void checkGini(long[] counts) {
        double actual = Guarded.call(in -> InfoTheory.gini(in.copy("counts", counts)));
        double n = Arrays.stream(counts).sum();
        double expected = 0;
        for (long c : counts) {
            expected += c / n * (1 - c / n);
        }
        compare("gini(" + Arrays.toString(counts) + ")", expected, actual,
                List.of(Mistake.giving(GINI_LINEAR, 0.0), Mistake.giving(INT_DIV, counts.length > 1 ? 1.0 : 0.0)));
    }

    private static void checkGain(long[][] children, double base) {
        double actual = Guarded.call(in -> InfoTheory.informationGain(in.copy("children", children), base));
        long[] parent = new long[children[0].length];
        double n = 0;
        for (long[] child : children) {
            for (int k = 0; k < child.length; k++) {
                parent[k] += child[k];
                n += child[k];
            }
        }
        double weighted = 0;
        double sum = 0;
        int nonEmpty = 0;
        for (long[] child : children) {
            double nj = Arrays.stream(child).sum();
            if (nj > 0) {
                double h = countsNats(child);
                weighted += nj / n * h;
                sum += h;
                nonEmpty++;
            }
        }
        double lb = Math.log(base);
        double hp = countsNats(parent);
        double mean = sum / nonEmpty;
        List<Mistake<Double>> mistakes = baseMistakes(hp - weighted, base);
        mistakes.add(Mistake.giving(IG_UNWEIGHTED, (hp - mean) / lb));
        mistakes.add(Mistake.giving(IG_UNWEIGHTED, (hp - sum / children.length) / lb));
        mistakes.add(Mistake.giving(IG_SUMMED, (hp - sum) / lb));
        compare("informationGain(" + Arrays.deepToString(children) + ", " + showBase(base) + ")", (hp - weighted) / lb,
                actual, mistakes);
    }

    private static void randomPairs(String method, Random random) {
        for (int run = 0; run < 20; run++) {
            int k = Inputs.between(random, 1, 10);
            checkPair(method, distribution(random, k, run % 3 == 0), distribution(random, k, run % 4 == 0),
                    BASES[run % BASES.length]);
        }
    }

    private static void checkPair(String method, double[] p, double[] q, double base) {
        double actual = Guarded.call(in -> {
            double[] pc = in.copy("p", p);
            double[] qc = in.copy("q", q);
            return switch (method) {
                case "crossEntropy" -> InfoTheory.crossEntropy(pc, qc, base);
                case "klDivergence" -> InfoTheory.klDivergence(pc, qc, base);
                default -> InfoTheory.jsDivergence(pc, qc, base);
            };
        });
        double lb = Math.log(base);
        double nats;
        List<Mistake<Double>> mistakes;
        switch (method) {
            case "crossEntropy" -> {
                nats = crossNats(p, q);
                mistakes = baseMistakes(nats, base);
                mistakes.add(Mistake.giving(CE_SWAPPED, crossNats(q, p) / lb));
                mistakes.add(new Mistake<>(SKIPPED_Q_ZERO, () -> {
                    Double skipped = skippingQZero(p, q, true);
                    return skipped == null ? null : skipped / lb;
                }));
            }
            case "klDivergence" -> {
                nats = klNats(p, q);
                mistakes = baseMistakes(nats, base);
                mistakes.add(Mistake.giving(KL_SWAPPED, klNats(q, p) / lb));
                mistakes.add(new Mistake<>(SKIPPED_Q_ZERO, () -> {
                    Double skipped = skippingQZero(p, q, false);
                    return skipped == null ? null : skipped / lb;
                }));
            }
            default -> {
                double[] m = new double[p.length];
                for (int i = 0; i < p.length; i++) {
                    m[i] = (p[i] + q[i]) / 2;
                }
                nats = entropyNats(m) - (entropyNats(p) + entropyNats(q)) / 2;
                mistakes = baseMistakes(nats, base);
                mistakes.add(Mistake.giving(JEFFREYS, (klNats(p, q) + klNats(q, p)) / 2 / lb));
                mistakes.add(Mistake.giving(JS_NO_HALF, 2 * nats / lb));
            }
        }
        if (hasZero(p) || hasZero(q)) {
            mistakes.add(Mistake.giving(NAN_ZERO, Double.NaN));
        }
        compare(method + "(" + show(p) + ", " + show(q) + ", " + showBase(base) + ")", nats / lb, actual, mistakes);
    }

    // ---- the oracle's formulas (nats) ------------------------------------------------------------

    private static double entropyNats(double[] p) {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h;
    }

    /** ln n - sum c ln c / n: the entropy of counts without forming the probabilities. */
    private static double countsNats(long[] counts) {
        double n = Arrays.stream(counts).sum();
        double s = 0;
        for (long c : counts) {
            if (c > 0) {
                s += c * Math.log(c);
            }
        }
        return Math.log(n) - s / n;
    }

    private static double crossNats(double[] p, double[] q) {
        double h = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                h -= p[i] * (q[i] == 0 ? Double.NEGATIVE_INFINITY : Math.log(q[i]));
            }
        }
        return h;
    }

    private static double klNats(double[] p, double[] q) {
        double d = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                d += p[i] * (Math.log(p[i]) - (q[i] == 0 ? Double.NEGATIVE_INFINITY : Math.log(q[i])));
            }
        }
        return d;
    }

    /** Cross-entropy or KL with the terms where q = 0 left out; null where no such term exists. */
    private static Double skippingQZero(double[] p, double[] q, boolean cross) {
        boolean any = false;
        double d = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0 && q[i] == 0) {
                any = true;
            } else if (p[i] > 0) {
                d += cross ? -p[i] * Math.log(q[i]) : p[i] * Math.log(p[i] / q[i]);
            }
        }
        return any ? d : null;
    }

    /** The answer in each other base than the one asked for. */
    private static List<Mistake<Double>> baseMistakes(double nats, double base) {
        List<Mistake<Double>> mistakes = new ArrayList<>();
        for (double other : BASES) {
            if (other != base && nats != 0 && Double.isFinite(nats)) {
                mistakes.add(Mistake.giving("mixed up the log base: the answer is in base " + showBase(other)
                        + ", the call asked for base " + showBase(base) + " (log_b x = Math.log(x) / Math.log(b)).",
                        nats / Math.log(other)));
            }
        }
        return mistakes;
    }

    // ---- comparison ----------------------------------------------------------------------------

    private static void compare(String what, double expected, double actual, List<Mistake<Double>> mistakes) {
        CompareScalar.assertClose(what, expected, actual, TOLERANCE, mistakes);
    }

    /** A hand value that pins a convention; {@code base} is the call's (NaN where none applies). */
    private static void pinned(String what, String why, double expected, double actual, double base) {
        if (!TOLERANCE.accepts(expected, actual)) {
            String diagnosis = Double.isNaN(base) ? ""
                    : Mistake.matching(w -> TOLERANCE.accepts(w, actual), baseMistakes(expected * Math.log(base), base));
            throw new AssertionFailedError(diagnosis + what + ": expected " + fmt(expected) + " (" + why + "), got "
                    + fmt(actual));
        }
    }

    private static void rejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the inputs first: distributions sum to 1, counts are at least 0 and not "
                + "all 0, and the base is finite, > 0 and != 1", call);
    }

    // ---- inputs --------------------------------------------------------------------------------

    /** A random distribution of k outcomes, with some zeros when asked. */
    private static double[] distribution(Random random, int k, boolean zeros) {
        double[] p = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            p[i] = zeros && k > 1 && random.nextInt(3) == 0 ? 0 : -Math.log(1 - random.nextDouble());
            sum += p[i];
        }
        if (sum == 0) {
            p[0] = 1;
            sum = 1;
        }
        for (int i = 0; i < k; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static long[] counts(Random random, int k) {
        long[] c = new long[k];
        long total = 0;
        for (int i = 0; i < k; i++) {
            c[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(50);
            total += c[i];
        }
        if (total == 0) {
            c[random.nextInt(k)] = 1 + random.nextInt(10);
        }
        return c;
    }

    private static boolean hasZero(double[] p) {
        return Arrays.stream(p).anyMatch(v -> v == 0);
    }

    private static String show(double[] p) {
        if (p.length <= 6) {
            return Arrays.toString(p);
        }
        return "[" + p[0] + ", " + p[1] + ", ... " + p.length + " values]";
    }

    private static String showBase(double base) {
        return base == Math.E ? "e" : base == Math.rint(base) ? String.valueOf((long) base) : String.valueOf(base);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.12g", v);
    }
}
