package deepdrill.grader.checks.week3;

import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.week3.LrSchedules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code lr-schedules}. Schedules are not tensor work, so the oracle is written here from
 * the papers and PyTorch's documentation, never from the solution, and where it can be, in another
 * form than the exercise's formula: step and exponential decay as PyTorch's schedulers apply them
 * (multiply the previous rate by gamma at each decay), the triangular schedule as a walk up and down
 * between the two rates, the warm-up with {@code LinearLR}'s own formula; cosine annealing is the
 * closed form of SGDR and {@code CosineAnnealingLR}. Each schedule is compared over whole runs of
 * epochs, so that an answer shifted by one epoch is recognised as such.
 *
 * <p>Covered: whole runs from epoch 0 past several decays or cycles; a step size of 1 (step decay and
 * triangular); a warm-up of one epoch; etaMin 0 and above 0; integer division in the triangular
 * and the cosine schedules named; random settings on top of the fixed ones.
 */
@ExerciseCheck
class LrSchedulesCheck {

    private static final String OFF_BY_ONE = "are off by one epoch: epoch 0 is the first epoch, and the schedule "
            + "starts there (lr(epoch) is the rate after 'epoch' calls of PyTorch's scheduler.step()).";
    private static final String NO_ETA_MIN = "left out etaMin: the cosine moves between baseLr and etaMin, "
            + "etaMin + (baseLr - etaMin) * (1 + cos(pi * epoch / tMax)) / 2.";
    private static final String INT_DIVISION = "divided iteration / stepSize in integers: the position in the cycle "
            + "is a real number, (double) iteration / stepSize, or the rate moves in jumps.";
    private static final String COSINE_INT_DIVISION = "divided epoch / tMax in integers: the cosine's argument is "
            + "pi * epoch / tMax as a real number, or it stays at 0 until the last epoch.";
    private static final String NO_ONE_PLUS = "computed the cycle without the 1 +: cycle = floor(1 + iteration / "
            + "(2 * stepSize)), so that x = |iteration / stepSize - 2 * cycle + 1| is 1 at the start of a cycle.";
    private static final String WARMUP_FROM_ZERO = "started the warm-up at 0: epoch 0 already trains, at baseLr / W, "
            + "and epoch W - 1 reaches baseLr (lr = baseLr * (epoch + 1) / W).";

    private static final double REL = 1e-10;
    private static final double ABS = 1e-14;

    /** A known wrong schedule. */
    private static Mistake<IntToDoubleFunction> wrong(String diagnosis, IntToDoubleFunction schedule) {
        return Mistake.giving(diagnosis, schedule);
    }

    @Test
    @DisplayName("step decay")
    void stepDecay(Random random) {
        List<double[]> cases = new ArrayList<>(List.of(new double[] {0.1, 30, 0.1}, new double[] {0.5, 1, 0.5},
                new double[] {1.0, 7, 0.9}));
        cases.add(new double[] {Inputs.between(random, 1, 100) / 100.0, Inputs.between(random, 2, 10),
                Inputs.between(random, 1, 9) / 10.0});
        for (double[] c : cases) {
            double base = c[0];
            int stepSize = (int) c[1];
            double gamma = c[2];
            int last = 3 * stepSize + 2;
            checkRun(e -> "stepDecay(" + e + ", " + base + ", " + stepSize + ", " + gamma + ")",
                    e -> LrSchedules.stepDecay(e, base, stepSize, gamma), e -> stepLr(e, base, stepSize, gamma), 0, last);
        }
    }

    @Test
    @DisplayName("exponential decay")
    void exponentialDecay(Random random) {
        double[][] cases = {{0.1, 0.95}, {1.0, 0.5}, {0.01, 0.99}, {Inputs.between(random, 1, 100) / 100.0,
                Inputs.between(random, 80, 99) / 100.0}};
        for (double[] c : cases) {
            double base = c[0];
            double gamma = c[1];
            checkRun(e -> "exponentialDecay(" + e + ", " + base + ", " + gamma + ")",
                    e -> LrSchedules.exponentialDecay(e, base, gamma), e -> stepLr(e, base, 1, gamma), 0, 40);
        }
    }

    @Test
    @DisplayName("cosine annealing with etaMin")
    void cosineAnnealing(Random random) {
        double[][] cases = {{0.1, 0.001, 50}, {1.0, 0.1, 10}, {0.05, 0.0, 7}, {Inputs.between(random, 10, 100) / 100.0,
                Inputs.between(random, 1, 9) / 1000.0, Inputs.between(random, 1, 30)}};
        for (double[] c : cases) {
            double base = c[0];
            double etaMin = c[1];
            int tMax = (int) c[2];
            checkRun(e -> "cosineAnnealing(" + e + ", " + base + ", " + etaMin + ", " + tMax + ")",
                    e -> LrSchedules.cosineAnnealing(e, base, etaMin, tMax), e -> cosine(e, base, etaMin, tMax), 0, tMax,
                    wrong(NO_ETA_MIN, e -> etaMin == 0 ? Double.NaN : cosine(e, base, 0, tMax)),
                    wrong(COSINE_INT_DIVISION, e -> cosine((e / tMax) * tMax, base, etaMin, tMax)));
        }
    }

    @Test
    @DisplayName("triangular cyclical learning rate (Smith)")
    void triangular(Random random) {
        double[][] cases = {{0.001, 0.006, 4}, {0.1, 1.0, 5}, {0.01, 0.02, 1}, {Inputs.between(random, 1, 9) / 1000.0,
                Inputs.between(random, 1, 9) / 100.0, Inputs.between(random, 2, 9)}};
        for (double[] c : cases) {
            double base = c[0];
            double max = c[1];
            int stepSize = (int) c[2];
            checkRun(e -> "triangular(" + e + ", " + base + ", " + max + ", " + stepSize + ")",
                    e -> LrSchedules.triangular(e, base, max, stepSize), e -> walk(e, base, max, stepSize), 0, 5 * stepSize + 1,
                    wrong(INT_DIVISION, e -> smith(e, base, max, stepSize, true, true)),
                    wrong(NO_ONE_PLUS, e -> smith(e, base, max, stepSize, false, false)));
        }
    }

    @Test
    @DisplayName("linear warm-up, then constant")
    void warmupConstant() {
        for (double[] c : new double[][] {{0.1, 5}, {1.0, 1}, {0.4, 2}, {0.003, 10}}) {
            double base = c[0];
            int warmup = (int) c[1];
            checkRun(e -> "warmupConstant(" + e + ", " + base + ", " + warmup + ")",
                    e -> LrSchedules.warmupConstant(e, base, warmup), e -> linearLr(e, base, warmup), 0, warmup + 4,
                    wrong(WARMUP_FROM_ZERO, e -> base * Math.min(e, warmup) / warmup));
        }
    }

    @Test
    @DisplayName("linear warm-up, then cosine annealing")
    void warmupCosine() {
        for (double[] c : new double[][] {{0.1, 5, 50, 0.001}, {1.0, 1, 4, 0.0}, {0.3, 3, 13, 0.03}}) {
            double base = c[0];
            int warmup = (int) c[1];
            int total = (int) c[2];
            double etaMin = c[3];
            checkRun(e -> "warmupCosine(" + e + ", " + base + ", " + warmup + ", " + total + ", " + etaMin + ")",
                    e -> LrSchedules.warmupCosine(e, base, warmup, total, etaMin),
                    e -> e < warmup ? linearLr(e, base, warmup) : cosine(e - warmup, base, etaMin, total - warmup), 0, total,
                    wrong(WARMUP_FROM_ZERO, e -> e < warmup ? base * e / warmup : cosine(e - warmup, base, etaMin, total - warmup)),
                    wrong(NO_ETA_MIN, e -> etaMin == 0 ? Double.NaN
                            : e < warmup ? linearLr(e, base, warmup) : cosine(e - warmup, base, 0, total - warmup)));
        }
    }

    /**
     * Compares the learner's schedule with the oracle at every epoch of {@code [from, to]}. On the
     * first difference, the whole run is compared with each known mistake, and with the oracle
     * one epoch early and one late.
     */
    @SafeVarargs
    private static void checkRun(IntFunction<String> call, IntToDoubleFunction learner, IntToDoubleFunction oracle,
                                 int from, int to, Mistake<IntToDoubleFunction>... mistakes) {
        int n = to - from + 1;
        double[] actual = new double[n];
        for (int i = 0; i < n; i++) {
            actual[i] = learner.applyAsDouble(from + i);
        }
        for (int i = 0; i < n; i++) {
            double expected = oracle.applyAsDouble(from + i);
            if (!close(expected, actual[i])) {
                List<Mistake<IntToDoubleFunction>> all = new ArrayList<>(List.of(mistakes));
                all.add(wrong(OFF_BY_ONE, e -> oracle.applyAsDouble(e + 1)));
                all.add(wrong(OFF_BY_ONE, e -> oracle.applyAsDouble(e - 1)));
                String diagnosis = Mistake.matching(schedule -> fits(schedule, actual, from), all);
                throw new AssertionFailedError(diagnosis + call.apply(from + i) + ": expected " + fmt(expected) + ", got "
                        + fmt(actual[i]) + " (epochs " + from + " to " + to + " are checked: " + run(actual) + ")");
            }
        }
    }

    private static boolean fits(IntToDoubleFunction schedule, double[] actual, int from) {
        for (int i = 0; i < actual.length; i++) {
            if (!close(schedule.applyAsDouble(from + i), actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean close(double expected, double actual) {
        return Math.abs(actual - expected) <= ABS + REL * Math.abs(expected);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.10g", v);
    }

    private static String run(double[] values) {
        StringBuilder s = new StringBuilder("yours were ");
        for (int i = 0; i < Math.min(values.length, 8); i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", values[i]));
        }
        return s.append(values.length > 8 ? ", ..." : "").toString();
    }

    /** StepLR as PyTorch applies it: the previous rate times gamma at every multiple of the step size. */
    private static double stepLr(int epoch, double base, int stepSize, double gamma) {
        double lr = base;
        for (int e = 1; e <= epoch; e++) {
            if (e % stepSize == 0) {
                lr *= gamma;
            }
        }
        return lr;
    }

    /** CosineAnnealingLR's closed form (SGDR, eq. 5, without restarts). */
    private static double cosine(int epoch, double base, double etaMin, int tMax) {
        return etaMin + 0.5 * (base - etaMin) * (1 + Math.cos(epoch * Math.PI / tMax));
    }

    /** LinearLR with start_factor 1 / W, end_factor 1 and total_iters W - 1, in PyTorch's closed form. */
    private static double linearLr(int epoch, double base, int warmup) {
        double start = 1.0 / warmup;
        if (warmup == 1) {
            return base;
        }
        int totalIters = warmup - 1;
        return base * (start + (1 - start) * Math.min(totalIters, epoch) / totalIters);
    }

    /** The triangular schedule as a walk: up by (max - base) / stepSize per iteration, then down, and again. */
    private static double walk(int iteration, double base, double max, int stepSize) {
        int position = Math.floorMod(iteration, 2 * stepSize);
        int up = position <= stepSize ? position : 2 * stepSize - position;
        return base + (max - base) * up / stepSize;
    }

    /** Smith's formula with a mistake switched on: integer division, or the cycle without its 1 +. */
    private static double smith(int iteration, double base, double max, int stepSize, boolean integerDivision,
                                boolean onePlus) {
        double position = integerDivision ? iteration / stepSize : (double) iteration / stepSize;
        double cycle = Math.floor((onePlus ? 1 : 0) + iteration / (2.0 * stepSize));
        double x = Math.abs(position - 2 * cycle + 1);
        return base + (max - base) * Math.max(0, 1 - x);
    }
}
