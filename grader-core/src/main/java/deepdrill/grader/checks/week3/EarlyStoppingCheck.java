package deepdrill.grader.checks.week3;

import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.week3.EarlyStopping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code early-stopping} by driving the learner's object with sequences of validation
 * losses and comparing every answer of {@code update} and {@code bestEpoch} with a simulation
 * written here in another form: instead of a counter, the number of epochs since the last
 * improvement is the distance to the last improving epoch. Losses that must compare exactly with
 * {@code best - minDelta} are multiples of a power of two, so no rounding blurs the boundary. The
 * same simulation with one rule changed recognises the classic mistakes.
 *
 * <p>Covered: an improvement of exactly minDelta (not one), patience 0, a plateau from epoch 0, a
 * counter that must restart; NaN losses (never an improvement, at epoch 0 too, so bestEpoch stays
 * -1), +infinity at epoch 0 (does not beat the initial +infinity) and -infinity; 30 random runs
 * with ties; negative patience or minDelta rejected.
 */
@ExerciseCheck
class EarlyStoppingCheck {

    private static final String NOT_RESET = "did not reset the patience counter on an improvement: it counts the "
            + "epochs without improvement since the last improvement, not in total.";
    private static final String NOT_STRICT = "counted an improvement of exactly minDelta (<= instead of <): a loss "
            + "improves only if loss < best - minDelta.";
    private static final String STOPS_LATE = "stopped one epoch late (wait > patience): stop as soon as patience "
            + "epochs in a row have not improved (wait >= patience).";
    private static final String PREVIOUS_LOSS = "compared with the previous epoch's loss instead of the best loss so far.";
    private static final String NAN_IMPROVES = "counted a NaN loss as an improvement (a test such as !(loss >= "
            + "best - minDelta) is true for NaN): a NaN loss is never an improvement, and once best is NaN no loss "
            + "ever beats it.";
    private static final String DELTA_IGNORED = "ignored minDelta: an improvement must be larger than minDelta to count.";

    /** One way of applying the rule; {@link #RIGHT} is the exercise's. */
    private record Rule(boolean reset, boolean strict, boolean stopLate, boolean againstPrevious, boolean useDelta,
                        boolean nanImproves) {
        static final Rule RIGHT = new Rule(true, true, false, false, true, false);
    }

    /** What one epoch's call should give. */
    private record Answer(boolean stop, int bestEpoch) {
    }

    @Test
    @DisplayName("improvement, then a plateau")
    void plateau() {
        check(new double[] {1.0, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25}, 3, 0);
        check(new double[] {1.0, 0.875, 0.75, 0.8125, 0.875, 0.9375, 1.0, 1.0625}, 2, 0);
        check(new double[] {2.0, 2.0, 2.0, 2.0, 2.0}, 4, 0);             // never improves after epoch 0
        check(new double[] {1.0, 0.75, 0.75, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25}, 3, 0);
        check(new double[] {1.0, 1.5, 0.5, 1.5, 1.5, 0.25, 1.5, 1.5, 1.5, 1.5, 1.5}, 3, 0);   // the counter restarts
        // NaN is never an improvement, not even at epoch 0; +infinity at epoch 0 does not beat +infinity.
        check(new double[] {1.0, 0.5, Double.NaN, Double.NaN, 0.25, Double.NaN, Double.NaN, Double.NaN}, 3, 0);
        check(new double[] {Double.NaN, 1.0, 0.5, Double.NaN, 0.5, 0.25, Double.NaN}, 2, 0);
        check(new double[] {Double.POSITIVE_INFINITY, 2.0, Double.POSITIVE_INFINITY, 1.0, Double.NEGATIVE_INFINITY,
            0.5, 0.25}, 2, 0.125);
    }

    @Test
    @DisplayName("noisy validation losses, several patiences and minDelta")
    void noisyLosses(Random random) {
        for (int run = 0; run < 30; run++) {
            int epochs = Inputs.between(random, 5, 40);
            double[] losses = new double[epochs];
            double level = 2.0;
            for (int e = 0; e < epochs; e++) {
                level *= 0.9 + 0.08 * random.nextDouble();
                // Rounded to 1/1024, so that ties and exact differences occur and compare exactly.
                losses[e] = Math.round((level + 0.2 * random.nextGaussian() * level) * 1024) / 1024.0;
            }
            int patience = Inputs.between(random, 1, 6);
            double minDelta = random.nextBoolean() ? 0 : Inputs.between(random, 1, 64) / 1024.0;
            check(losses, patience, minDelta);
        }
    }

    @Test
    @DisplayName("an improvement of exactly minDelta does not count")
    void minDeltaBoundary() {
        check(new double[] {1.0, 0.75, 0.75, 0.5, 0.375, 0.25, 0.25, 0.25}, 3, 0.25);
        check(new double[] {1.0, 0.75, 0.5, 0.25, 0.0}, 2, 0.25);
        check(new double[] {1.0, 0.875, 0.75, 0.625, 0.5, 0.375}, 3, 0.125);
        check(new double[] {1.0, 0.99609375, 0.9921875, 0.98828125, 0.984375}, 3, 0.00390625);
        check(new double[] {4.0, 3.0, 2.5, 2.0, 1.5, 1.25}, 2, 0.5);
    }

    @Test
    @DisplayName("patience 0 stops at the first epoch without improvement")
    void patienceZero() {
        check(new double[] {1.0, 0.5, 0.5, 0.25}, 0, 0);
        check(new double[] {1.0, 2.0, 0.5}, 0, 0);
        check(new double[] {1.0, 0.5, 0.25, 0.125, 0.0625}, 0, 0);
        check(new double[] {1.0, 0.75, 0.5}, 0, 0.25);
    }

    @Test
    @DisplayName("negative patience or minDelta throws IllegalArgumentException")
    void rejectsNegative() {
        for (Object[] args : new Object[][] {{-1, 0.0}, {3, -0.1}, {-2, -1.0}}) {
            int patience = (Integer) args[0];
            double minDelta = (Double) args[1];
            String call = "new EarlyStopping(" + patience + ", " + minDelta + ")";
            try {
                new EarlyStopping(patience, minDelta);
            } catch (IllegalArgumentException expected) {
                continue;
            } catch (RuntimeException e) {
                // The cause keeps an untouched stub recognisable as "not implemented".
                throw new AssertionFailedError(call + " threw " + e.getClass().getSimpleName()
                        + "; throw an IllegalArgumentException that says what is negative.", e);
            }
            throw new AssertionFailedError(call + " was accepted; a negative patience or minDelta makes no sense: "
                    + "throw an IllegalArgumentException that says why.");
        }
    }

    private static void check(double[] losses, int patience, double minDelta) {
        List<Answer> expected = simulate(losses, patience, minDelta, Rule.RIGHT);
        String setup = "new EarlyStopping(" + patience + ", " + minDelta + ") fed the losses " + Arrays.toString(losses);
        EarlyStopping stopping = new EarlyStopping(patience, minDelta);
        int before = stopping.bestEpoch();
        if (before != -1) {
            throw new AssertionFailedError(setup + ": bestEpoch() before the first update should be -1, got " + before);
        }
        List<Answer> actual = new ArrayList<>();
        for (int e = 0; e < expected.size(); e++) {
            Answer answer = new Answer(stopping.update(losses[e]), stopping.bestEpoch());
            actual.add(answer);
            if (!answer.equals(expected.get(e))) {
                String what = answer.stop() != expected.get(e).stop()
                        ? "update(" + losses[e] + ") at epoch " + e + " returned " + answer.stop() + ", expected "
                                + expected.get(e).stop()
                        : "after update(" + losses[e] + ") at epoch " + e + ", bestEpoch() returned " + answer.bestEpoch()
                                + ", expected " + expected.get(e).bestEpoch();
                throw new AssertionFailedError(diagnosis(losses, patience, minDelta, actual) + setup + ": " + what
                        + (expected.get(e).bestEpoch() < 0 ? " (no epoch has improved yet)"
                                : " (best so far: epoch " + expected.get(e).bestEpoch() + ", loss "
                                        + losses[expected.get(e).bestEpoch()] + ")"));
            }
        }
    }

    private static String diagnosis(double[] losses, int patience, double minDelta, List<Answer> actual) {
        // The learner's answers so far must be where the mistaken rule's run begins.
        return Mistake.matching(wrong -> wrong.size() >= actual.size() && wrong.subList(0, actual.size()).equals(actual),
                wrongRule(NOT_RESET, new Rule(false, true, false, false, true, false), losses, patience, minDelta),
                wrongRule(NOT_STRICT, new Rule(true, false, false, false, true, false), losses, patience, minDelta),
                wrongRule(STOPS_LATE, new Rule(true, true, true, false, true, false), losses, patience, minDelta),
                wrongRule(PREVIOUS_LOSS, new Rule(true, true, false, true, true, false), losses, patience, minDelta),
                wrongRule(DELTA_IGNORED, new Rule(true, true, false, false, false, false), losses, patience, minDelta),
                wrongRule(NAN_IMPROVES, new Rule(true, true, false, false, true, true), losses, patience, minDelta));
    }

    /** The answers the rule with one mistake gives, as a known mistake. */
    private static Mistake<List<Answer>> wrongRule(String diagnosis, Rule rule, double[] losses, int patience,
                                                   double minDelta) {
        return new Mistake<>(diagnosis, () -> simulate(losses, patience, minDelta, rule));
    }

    /**
     * The answers of every epoch up to and including the first that stops. An epoch improves when
     * its loss beats the reference by more than minDelta; the epochs without improvement are counted
     * as the distance to the last improving epoch (or, with {@code reset} off, in total).
     */
    private static List<Answer> simulate(double[] losses, int patience, double minDelta, Rule rule) {
        List<Answer> answers = new ArrayList<>();
        int lastImproved = -1;
        int withoutImprovement = 0;
        for (int e = 0; e < losses.length; e++) {
            double reference = lastImproved < 0 ? Double.POSITIVE_INFINITY
                    : rule.againstPrevious() ? losses[e - 1] : losses[lastImproved];
            double delta = rule.useDelta() ? minDelta : 0;
            boolean improved = rule.nanImproves() ? !(losses[e] >= reference - delta)
                    : rule.strict() ? losses[e] < reference - delta : losses[e] <= reference - delta;
            boolean stop;
            if (improved) {
                lastImproved = e;
                stop = false;
            } else {
                withoutImprovement++;
                int waited = rule.reset() ? e - lastImproved : withoutImprovement;
                stop = rule.stopLate() ? waited > patience : waited >= patience;
            }
            answers.add(new Answer(stop, lastImproved));
            if (stop) {
                break;
            }
        }
        return answers;
    }
}
