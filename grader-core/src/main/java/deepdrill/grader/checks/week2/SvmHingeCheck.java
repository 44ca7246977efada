package deepdrill.grader.checks.week2;

import static deepdrill.grader.checks.week2.LinearModelArrays.labels;
import static deepdrill.grader.checks.week2.LinearModelArrays.map;
import static deepdrill.grader.checks.week2.LinearModelArrays.matrix;
import static deepdrill.grader.checks.week2.LinearModelArrays.sumSquares;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareScalar;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.Autograd;
import deepdrill.week2.SvmHinge;
import deepdrill.week2.SvmHinge.Model;
import deepdrill.week2.SvmHinge.Subgradient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code svm-hinge} against PyTorch through DJL and against procedures written again here.
 * The objective is the mean of {@code relu(1 - y (x w + b))} plus (lambda/2) ||w||^2 in DJL
 * operations; the subgradient is PyTorch autograd's gradient of that objective (ReLU's derivative at
 * 0 is 0 in PyTorch, which is exactly the stated convention at a margin of 1); the fit is the
 * full-batch Pegasos path written again here. On a one-feature problem the fitted objective must be
 * within 2e-3 of the exact minimum, found here by brute force (a ternary search over w, with b at
 * the best of the hinge's breakpoints, where the objective in b is piecewise linear); on a
 * separable two-feature set whose maximum-margin separator is known in closed form (w = (1, 0),
 * b = 0, geometric margin 1, the objective's minimiser for lambda below the share of support
 * vectors), the fit must reach that margin.
 *
 * <p>Covered: rows at a margin of exactly 1 (dyadic values, so no rounding hides the boundary),
 * in the objective, the subgradient and along the fit's path; a point exactly on the decision
 * boundary (f = 0 predicts +1); lambda 0 for the objective and subgradient; one row, one feature;
 * a fit of 0, 1 and 2 iterations and many; separable data (the margin); one class only (every
 * label +1: every prediction is +1); rejected: labels 0 and 1 (with the message "labels must be -1
 * or +1"), a label of 2, no rows, an empty row, ragged rows, NaN and infinite features, y of the
 * wrong length, a weight vector of the wrong length, a NaN weight or bias, negative or NaN lambda,
 * lambda 0 for fit, negative iterations. Every input must be left unchanged. Named: a margin of
 * exactly 1 counted as active, the bias regularised, the step size not 1 / (lambda t) (fixed at
 * 1 / lambda, 1 / t without lambda, or t counted from 0), the hinge not clipped at 0, the loss or
 * subgradient summed rather than averaged, the subgradient's sign, the penalty's factor, one step
 * too many or too few, the bias stepped from the new weights, a decision value of 0 predicted as
 * -1 or 0.
 */
@ExerciseCheck
class SvmHingeCheck {

    private static final Tolerance EXACT = new Tolerance(1e-12, 1e-10);
    /** Subgradient descent re-run in another summation order drifts a little over its steps. */
    private static final Tolerance PATH = new Tolerance(1e-9, 1e-7);

    private static final String MARGIN_ACTIVE = "counted a row with a margin of exactly 1 as active (margin <= 1): "
            + "the hinge max(0, 1 - m) is flat from m = 1 on, and this exercise takes its subgradient there as 0, "
            + "so only rows with m < 1 contribute.";
    private static final String REG_BIAS = "regularised the bias: the penalty (lambda/2) ||w||^2 covers the weights "
            + "only, so g_b = -(1/n) sum over active rows of y_i, with no lambda b.";
    private static final String NOT_CLIPPED = "left out the max(0, .): a row beyond the margin (m > 1) costs 0, not "
            + "the negative 1 - m.";
    private static final String SUMMED = "summed over the rows instead of averaging: the hinge term is the mean over "
            + "the n rows.";
    private static final String SIGN = "flipped the subgradient's sign (+y_i x_i, or a step along it): the hinge "
            + "decreases as y_i (w . x_i + b) grows, so g_w = lambda w - (1/n) sum y_i x_i over active rows, and "
            + "descent subtracts eta times it.";
    private static final String DOUBLE_PENALTY = "used the penalty lambda ||w||^2 (gradient 2 lambda w): the "
            + "convention is (lambda/2) ||w||^2, whose gradient is lambda w.";
    private static final String NO_PENALTY = "left the L2 penalty out: add (lambda/2) ||w||^2 to the objective and "
            + "lambda w to the weights' subgradient.";
    private static final String FIXED_STEP = "kept the step size fixed at 1 / lambda: it must decrease as "
            + "eta_t = 1 / (lambda t), t = 1, 2, ...";
    private static final String NO_LAMBDA_STEP = "used the step 1 / t: the stated step is 1 / (lambda t).";
    private static final String SHIFTED_STEP = "counted t from 0 in the step (1 / (lambda (t + 1)) at the first "
            + "step's t = 1, or the steps shifted by one): the first step is 1 / lambda, the t-th 1 / (lambda t).";
    private static final String ONE_MORE = "took one step too many: fit takes exactly `iterations` steps "
            + "(0 iterations returns the zero model).";
    private static final String ONE_LESS = "took one step too few: fit takes exactly `iterations` steps.";
    private static final String SEQUENTIAL = "stepped the bias from the already-updated weights: both steps use the "
            + "same subgradient, taken at the start of the iteration.";
    private static final String ZERO_IS_MINUS = "predicted -1 (or 0, as Math.signum does) for a decision value of "
            + "exactly 0: the stated rule is +1 where w . x + b >= 0.";

    @Test
    @DisplayName("objective: mean hinge loss plus (lambda/2) ||w||^2, a margin of 1 costing nothing")
    void objective(NDManager manager, Random random) {
        // Margins 1, 2 and 2: no loss at all; then margins 1, -2 and 2: losses 0, 3 and 0, a mean of 1.
        double[][] x = {{1}, {2}, {-2}};
        checkObjective(manager, x, new int[] {1, 1, -1}, new Model(new double[] {1}, 0), 0);
        checkObjective(manager, x, new int[] {1, -1, -1}, new Model(new double[] {1}, 0), 0);
        checkObjective(manager, new double[][] {{0.5, 1}, {-1, 2}, {1.5, -0.25}}, new int[] {1, -1, -1},
                new Model(new double[] {0.5, -1}, 0.25), 0.5);
        checkObjective(manager, new double[][] {{3}}, new int[] {-1}, new Model(new double[] {2}, 0.5), 0.1);
        for (int c = 0; c < 3; c++) {
            Data data = synthetic(random, 1 + random.nextInt(30), 1 + random.nextInt(5));
            checkObjective(manager, data.x(), data.y(), randomModel(random, data.d()), 0.05 + random.nextDouble());
        }
    }

    @Test
    @DisplayName("subgradient: PyTorch autograd's, where a margin of exactly 1 is not active")
    void subgradient(NDManager manager, Random random) {
        // Margins 1, 2 and -2: only the last row is active.
        checkSubgradient(manager, new double[][] {{1}, {2}, {2}}, new int[] {1, 1, -1}, new Model(new double[] {1}, 0), 0);
        // The first row's margin is exactly 1 (0.5 + 0.75 - 0.25), the other two are active.
        checkSubgradient(manager, new double[][] {{1, 0.75}, {-0.5, 1}, {0.25, 0.25}}, new int[] {1, -1, 1},
                new Model(new double[] {0.5, 1}, -0.25), 0.5);
        checkSubgradient(manager, new double[][] {{0.5, 1}, {-1, 2}, {1.5, -0.25}}, new int[] {1, -1, -1},
                new Model(new double[] {0.5, -1}, 0.25), 0.5);
        for (int c = 0; c < 3; c++) {
            Data data = synthetic(random, 2 + random.nextInt(30), 1 + random.nextInt(5));
            checkSubgradient(manager, data.x(), data.y(), randomModel(random, data.d()), 0.05 + random.nextDouble());
        }
    }

    @Test
    @DisplayName("fit: full-batch subgradient descent from zeros with the step 1 / (lambda t)")
    void fit(Random random) {
        // After one step both rows sit at a margin of exactly 1: the second step must leave them out.
        Data kink = new Data(new double[][] {{1}, {-1}}, new int[] {1, -1});
        checkFit(kink, 1, 0);
        checkFit(kink, 1, 1);
        checkFit(kink, 1, 2);
        checkFit(kink, 1, 5);
        Data small = new Data(new double[][] {{1, 2}, {-1, 0.5}, {0, -3}, {2, 1}}, new int[] {1, -1, -1, 1});
        checkFit(small, 0.5, 3);
        checkFit(small, 0.2, 40);
        for (int c = 0; c < 3; c++) {
            Data data = synthetic(random, 5 + random.nextInt(40), 1 + random.nextInt(5));
            checkFit(data, 0.05 + random.nextDouble(), 20 + random.nextInt(80));
        }
    }

    @Test
    @DisplayName("the fit reaches the minimum: brute force on one feature, the margin on separable data")
    void optimum(Random random) {
        int n = 30;
        double[][] x = new double[n][1];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextBoolean() ? 1 : -1;
            x[i][0] = y[i] + 1.2 * random.nextGaussian();       // overlapping classes
        }
        Data overlap = new Data(x, y);
        double lambda = 0.3;
        Model fitted = checkFit(overlap, lambda, 1000);
        double reached = plainObjective(overlap, fitted.weights(), fitted.bias(), lambda);
        double minimum = bruteForceMinimum(overlap, lambda);
        if (!(reached <= minimum + 2e-3)) {
            throw new AssertionFailedError(String.format(Locale.ROOT, "fit(one feature, lambda 0.3, 1000 steps) "
                    + "stops at objective %.6f, but the minimum (by brute force) is %.6f: 1000 steps of 1 / (lambda t) "
                    + "get within 2e-3", reached, minimum));
        }

        // Separable, support vectors on x0 = 1 and x0 = -1: the maximum-margin separator is x0 = 0.
        Data separable = new Data(new double[][] {{1, 0.5}, {2, -1}, {1, -2}, {3, 1}, {-1, 0.3}, {-2, 1}, {-1, -1.5},
            {-3, 0}}, new int[] {1, 1, 1, 1, -1, -1, -1, -1});
        Model wide = checkFit(separable, 0.1, 1000);
        double margin = Double.POSITIVE_INFINITY;
        double norm = Math.sqrt(Arrays.stream(wide.weights()).map(v -> v * v).sum());
        for (int i = 0; i < separable.x().length; i++) {
            margin = Math.min(margin, separable.y()[i] * decision(separable.x()[i], wide.weights(), wide.bias()) / norm);
        }
        if (!(margin >= 0.99)) {
            throw new AssertionFailedError("fit(separable data, lambda 0.1, 1000 steps) gives the geometric margin "
                    + margin + "; the maximum margin is 1 (w = (1, 0), b = 0), and the fit should be within 1% of it");
        }
    }

    @Test
    @DisplayName("decision values, and classes (a decision value of exactly 0 is +1)")
    void predictions(NDManager manager, Random random) {
        double[][] onBoundary = {{2, 2}, {1, 0}, {0, 1}, {0.5, 0.5}};
        Model diagonal = new Model(new double[] {1, -1}, 0);
        checkDecision(manager, onBoundary, diagonal);
        checkPredict(manager, onBoundary, diagonal);
        Model shifted = new Model(new double[] {0.5}, -1);
        double[][] line = {{2}, {4}, {-2}, {1.5}};
        checkDecision(manager, line, shifted);
        checkPredict(manager, line, shifted);
        for (int c = 0; c < 3; c++) {
            Data data = synthetic(random, 1 + random.nextInt(30), 1 + random.nextInt(4));
            Model model = randomModel(random, data.d());
            checkDecision(manager, data.x(), model);
            checkPredict(manager, data.x(), model);
        }
        Data oneClass = new Data(new double[][] {{1, 0}, {2, 1}, {-1, 3}}, new int[] {1, 1, 1});
        Model ones = checkFit(oneClass, 0.5, 50);
        int[] all = Guarded.call(in -> SvmHinge.predict(in.copy("x", oneClass.x()), in.copy("model", ones)));
        if (!Arrays.equals(all, new int[] {1, 1, 1})) {
            throw new AssertionFailedError("one class only (every label +1): after fit(lambda 0.5, 50 steps) every "
                    + "prediction should be +1, got " + Arrays.toString(all));
        }
    }

    @Test
    @DisplayName("labels 0/1 and other bad input throw IllegalArgumentException")
    void rejectsBadInput() {
        double[][] x = {{1, 2}, {3, 4}};
        int[] y = {-1, 1};
        Model m = new Model(new double[] {0.1, 0.2}, 0);
        String labels = "labels must be -1 or +1";
        Rejection.expectRejectedSaying("fit(x, {0, 1}, 0.1, 10)", labels, () -> SvmHinge.fit(x, new int[] {0, 1}, 0.1, 10));
        Rejection.expectRejectedSaying("subgradient(x, {0, 1}, model, 0)", labels, () -> SvmHinge.subgradient(x, new int[] {0, 1}, m, 0));
        Rejection.expectRejectedSaying("objective(x, {1, 2}, model, 0)", labels, () -> SvmHinge.objective(x, new int[] {1, 2}, m, 0));
        Rejection.expectRejectedSaying("objective(x with no rows, ...)", null, () -> SvmHinge.objective(new double[0][], new int[0],
                new Model(new double[] {}, 0), 0));
        Rejection.expectRejectedSaying("fit({{}}, {1}, ...)", null, () -> SvmHinge.fit(new double[][] {{}}, new int[] {1}, 0.1, 1));
        Rejection.expectRejectedSaying("fit(ragged rows {{1, 2}, {3}}, ...)", null, () -> SvmHinge.fit(new double[][] {{1, 2}, {3}}, y, 0.1, 1));
        Rejection.expectRejectedSaying("fit(x with NaN, ...)", null, () -> SvmHinge.fit(new double[][] {{1, Double.NaN}, {3, 4}}, y, 0.1, 1));
        Rejection.expectRejectedSaying("decisionFunction(x with -Infinity, ...)", null, () -> SvmHinge.decisionFunction(
                new double[][] {{1, Double.NEGATIVE_INFINITY}}, m));
        Rejection.expectRejectedSaying("fit(x, y of length 3, ...)", null, () -> SvmHinge.fit(x, new int[] {-1, 1, 1}, 0.1, 1));
        Rejection.expectRejectedSaying("objective(x, y, 3 weights for 2 features, 0)", null, () -> SvmHinge.objective(x, y,
                new Model(new double[] {1, 2, 3}, 0), 0));
        Rejection.expectRejectedSaying("subgradient(x, y, a NaN weight, 0)", null, () -> SvmHinge.subgradient(x, y,
                new Model(new double[] {Double.NaN, 0}, 0), 0));
        Rejection.expectRejectedSaying("predict(x, a NaN bias)", null, () -> SvmHinge.predict(x, new Model(new double[] {1, 0}, Double.NaN)));
        Rejection.expectRejectedSaying("objective(x, y, model, lambda -1)", null, () -> SvmHinge.objective(x, y, m, -1));
        Rejection.expectRejectedSaying("subgradient(x, y, model, lambda NaN)", null, () -> SvmHinge.subgradient(x, y, m, Double.NaN));
        Rejection.expectRejectedSaying("fit(x, y, lambda 0, 10)", null, () -> SvmHinge.fit(x, y, 0, 10));
        Rejection.expectRejectedSaying("fit(x, y, lambda NaN, 10)", null, () -> SvmHinge.fit(x, y, Double.NaN, 10));
        Rejection.expectRejectedSaying("fit(x, y, 0.1, iterations -1)", null, () -> SvmHinge.fit(x, y, 0.1, -1));
    }

    // ---- one case each ---------------------------------------------------------------------------

    private static void checkObjective(NDManager manager, double[][] x, int[] y, Model model, double lambda) {
        double actual = Guarded.call(in -> SvmHinge.objective(in.copy("x", x), in.copy("y", y), in.copy("model", model),
                lambda));
        double expected = torchObjective(manager, x, y, model.weights(), model.bias(), lambda);
        String what = "objective(" + describe(x, y, model) + ", lambda " + lambda + ")";
        int n = x.length;
        double penalty = lambda / 2 * sumSquares(model.weights());
        double hinge = expected - penalty;
        double b = model.bias();
        double unclipped = 0;
        for (int i = 0; i < n; i++) {
            unclipped += (1 - y[i] * decision(x[i], model.weights(), b)) / n;
        }
        List<Mistake<Double>> mistakes = new ArrayList<>();
        mistakes.add(Mistake.giving(NOT_CLIPPED, Math.abs(unclipped - hinge) < 1e-12 ? null : unclipped + penalty));
        mistakes.add(Mistake.giving(SUMMED, n == 1 ? null : hinge * n + penalty));
        mistakes.add(Mistake.giving(REG_BIAS, lambda == 0 || b == 0 ? null : expected + lambda / 2 * b * b));
        mistakes.add(Mistake.giving(DOUBLE_PENALTY, penalty == 0 ? null : expected + penalty));
        mistakes.add(Mistake.giving(NO_PENALTY, penalty == 0 ? null : hinge));
        CompareScalar.assertClose(what, expected, actual, EXACT, mistakes);
    }

    private static void checkSubgradient(NDManager manager, double[][] x, int[] y, Model model, double lambda) {
        Subgradient actual = Guarded.call(in -> SvmHinge.subgradient(in.copy("x", x), in.copy("y", y),
                in.copy("model", model), lambda));
        String what = "subgradient(" + describe(x, y, model) + ", lambda " + lambda + ")";
        if (actual == null || actual.weights() == null) {
            throw new AssertionFailedError(what + ": got null, expected a Subgradient with " + model.weights().length
                    + " weights");
        }
        double[] expected = torchSubgradient(manager, x, y, model, lambda);
        double[] got = withBias(actual.weights(), actual.bias());
        int d = model.weights().length;
        double[] w = model.weights();
        Compare.assertClose(what + ", weights then bias (last)", Compare.vector(expected), Compare.vector(got), EXACT,
                List.of(
                        mistake(MARGIN_ACTIVE, () -> plainSubgradient(x, y, w, model.bias(), lambda, Flaw.MARGIN_ACTIVE)),
                        mistake(SUMMED, () -> x.length == 1 ? null : plainSubgradient(x, y, w, model.bias(), lambda, Flaw.SUMMED)),
                        mistake(REG_BIAS, () -> lambda == 0 || model.bias() == 0 ? null
                                : plainSubgradient(x, y, w, model.bias(), lambda, Flaw.REG_BIAS)),
                        mistake(SIGN, () -> map(expected, (j, v) -> -v)),
                        mistake(SIGN, () -> lambda == 0 ? null : map(expected, (j, v) -> j < d ? 2 * lambda * w[j] - v : -v)),
                        mistake(DOUBLE_PENALTY, () -> lambda == 0 ? null : map(expected, (j, v) -> j < d ? v + lambda * w[j] : v)),
                        mistake(NO_PENALTY, () -> lambda == 0 ? null : map(expected, (j, v) -> j < d ? v - lambda * w[j] : v))));
    }

    private static Model checkFit(Data data, double lambda, int iterations) {
        Model actual = Guarded.call(in -> SvmHinge.fit(in.copy("x", data.x()), in.copy("y", data.y()), lambda,
                iterations));
        String what = String.format(Locale.ROOT, "fit(%d x %d features, lambda %s, %d iterations)", data.x().length,
                data.d(), lambda, iterations);
        if (actual == null || actual.weights() == null) {
            throw new AssertionFailedError(what + ": got null, expected a Model with " + data.d() + " weights");
        }
        double[] expected = descend(data, lambda, iterations, Flaw.NONE, t -> 1 / (lambda * t));
        Compare.assertClose(what + ", weights then bias (last)", Compare.vector(expected),
                Compare.vector(withBias(actual.weights(), actual.bias())), PATH, List.of(
                        mistake(MARGIN_ACTIVE, () -> descend(data, lambda, iterations, Flaw.MARGIN_ACTIVE, t -> 1 / (lambda * t))),
                        mistake(REG_BIAS, () -> descend(data, lambda, iterations, Flaw.REG_BIAS, t -> 1 / (lambda * t))),
                        mistake(FIXED_STEP, () -> iterations < 2 ? null : descend(data, lambda, iterations, Flaw.NONE, t -> 1 / lambda)),
                        mistake(NO_LAMBDA_STEP, () -> lambda == 1 ? null : descend(data, lambda, iterations, Flaw.NONE, t -> 1 / t)),
                        mistake(SHIFTED_STEP, () -> descend(data, lambda, iterations, Flaw.NONE, t -> 1 / (lambda * (t + 1)))),
                        mistake(SUMMED, () -> data.x().length == 1 ? null
                                : descend(data, lambda, iterations, Flaw.SUMMED, t -> 1 / (lambda * t))),
                        mistake(SIGN, () -> descend(data, lambda, iterations, Flaw.ASCENT, t -> 1 / (lambda * t))),
                        mistake(ONE_MORE, () -> descend(data, lambda, iterations + 1, Flaw.NONE, t -> 1 / (lambda * t))),
                        mistake(ONE_LESS, () -> iterations == 0 ? null
                                : descend(data, lambda, iterations - 1, Flaw.NONE, t -> 1 / (lambda * t))),
                        mistake(SEQUENTIAL, () -> descend(data, lambda, iterations, Flaw.SEQUENTIAL, t -> 1 / (lambda * t)))));
        return actual;
    }

    private static void checkDecision(NDManager manager, double[][] x, Model model) {
        double[] actual = Guarded.call(in -> SvmHinge.decisionFunction(in.copy("x", x), in.copy("model", model)));
        double[] expected = torchDecision(manager, x, model);
        Compare.assertClose("decisionFunction(" + describe(x, null, model) + ")", Compare.vector(expected),
                Compare.vector(actual), EXACT, List.of());
    }

    private static void checkPredict(NDManager manager, double[][] x, Model model) {
        int[] actual = Guarded.call(in -> SvmHinge.predict(in.copy("x", x), in.copy("model", model)));
        double[] f = torchDecision(manager, x, model);
        int[] expected = new int[f.length];
        int[] negative = new int[f.length];
        int[] signum = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            expected[i] = f[i] >= 0 ? 1 : -1;
            negative[i] = f[i] > 0 ? 1 : -1;
            signum[i] = (int) Math.signum(f[i]);
        }
        if (Arrays.equals(expected, actual)) {
            return;
        }
        String diagnosis = Arrays.equals(negative, actual) || Arrays.equals(signum, actual)
                ? Mistake.PREFIX + ZERO_IS_MINUS + "\n" : "";
        throw new AssertionFailedError(diagnosis + "predict(" + describe(x, null, model) + "): expected "
                + Arrays.toString(expected) + ", got " + Arrays.toString(actual) + " (decision values "
                + Arrays.toString(f) + ")");
    }

    // ---- the oracles -----------------------------------------------------------------------------

    private static NDArray objectiveGraph(NDArray x, NDArray y, NDArray w, NDArray b, double lambda) {
        NDArray f = x.matMul(w.reshape(-1, 1)).reshape(-1).add(b);
        NDArray hinge = Activation.relu(y.mul(f).neg().add(1));
        return hinge.mean().add(w.mul(w).sum().mul(lambda / 2));
    }

    private static double torchObjective(NDManager manager, double[][] x, int[] y, double[] w, double b, double lambda) {
        return objectiveGraph(matrix(manager, x), labels(manager, y), manager.create(w), manager.create(new double[] {b}),
                lambda).getDouble();
    }

    private static double[] torchSubgradient(NDManager manager, double[][] x, int[] y, Model model, double lambda) {
        NDArray tx = matrix(manager, x);
        NDArray ty = labels(manager, y);
        NDArray[] g = Autograd.gradients(in -> objectiveGraph(tx, ty, in.get(0), in.get(1), lambda),
                manager.create(1.0), manager.create(model.weights()), manager.create(new double[] {model.bias()}));
        return withBias(g[0].toDoubleArray(), g[1].toDoubleArray()[0]);
    }

    private static double[] torchDecision(NDManager manager, double[][] x, Model model) {
        return matrix(manager, x).matMul(manager.create(model.weights()).reshape(-1, 1)).reshape(-1)
                .add(model.bias()).toDoubleArray();
    }

    private enum Flaw { NONE, MARGIN_ACTIVE, REG_BIAS, SUMMED, ASCENT, SEQUENTIAL }

    /** The subgradient written again (or with one flaw built in), as weights then bias. */
    private static double[] plainSubgradient(double[][] x, int[] y, double[] w, double b, double lambda, Flaw flaw) {
        int n = x.length;
        int d = w.length;
        double scale = flaw == Flaw.SUMMED ? 1 : 1.0 / n;
        double[] g = new double[d + 1];
        for (int i = 0; i < n; i++) {
            double margin = y[i] * decision(x[i], w, b);
            boolean active = flaw == Flaw.MARGIN_ACTIVE ? margin <= 1 : margin < 1;
            if (!active) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                g[j] -= scale * y[i] * x[i][j];
            }
            g[d] -= scale * y[i];
        }
        for (int j = 0; j < d; j++) {
            g[j] += lambda * w[j];
        }
        g[d] += flaw == Flaw.REG_BIAS ? lambda * b : 0;
        return g;
    }

    /** Full-batch subgradient descent as the Javadoc states it, with step(t) for t = 1, 2, ... */
    private static double[] descend(Data data, double lambda, int iterations, Flaw flaw, DoubleUnaryOperator step) {
        int d = data.d();
        double[] w = new double[d];
        double b = 0;
        Flaw inner = flaw == Flaw.ASCENT || flaw == Flaw.SEQUENTIAL ? Flaw.NONE : flaw;
        double sign = flaw == Flaw.ASCENT ? -1 : 1;
        for (int t = 1; t <= iterations; t++) {
            double eta = step.applyAsDouble(t);
            double[] g = plainSubgradient(data.x(), data.y(), w, b, lambda, inner);
            for (int j = 0; j < d; j++) {
                w[j] -= sign * eta * g[j];
            }
            if (flaw == Flaw.SEQUENTIAL) {
                g = plainSubgradient(data.x(), data.y(), w, b, lambda, inner);
            }
            b -= sign * eta * g[d];
        }
        return withBias(w, b);
    }

    private static double plainObjective(Data data, double[] w, double b, double lambda) {
        double s = 0;
        for (int i = 0; i < data.x().length; i++) {
            s += Math.max(0, 1 - data.y()[i] * decision(data.x()[i], w, b));
        }
        return s / data.x().length + lambda / 2 * sumSquares(w);
    }

    /**
     * The exact minimum of the one-feature objective: for a fixed w it is piecewise linear and convex
     * in b, so its minimum over b lies at a breakpoint y_i (w x_i + b) = 1; that minimum is convex in
     * w, so a ternary search over w finds the rest.
     */
    private static double bruteForceMinimum(Data data, double lambda) {
        DoubleUnaryOperator bestOverB = w -> {
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < data.x().length; i++) {
                double b = data.y()[i] - w * data.x()[i][0];     // y_i = +-1, so 1 / y_i = y_i
                best = Math.min(best, plainObjective(data, new double[] {w}, b, lambda));
            }
            return best;
        };
        double lo = -20;
        double hi = 20;
        for (int k = 0; k < 200; k++) {
            double m1 = lo + (hi - lo) / 3;
            double m2 = hi - (hi - lo) / 3;
            if (bestOverB.applyAsDouble(m1) < bestOverB.applyAsDouble(m2)) {
                hi = m2;
            } else {
                lo = m1;
            }
        }
        return bestOverB.applyAsDouble((lo + hi) / 2);
    }

    // ---- data ------------------------------------------------------------------------------------

    private record Data(double[][] x, int[] y) {
        int d() {
            return x[0].length;
        }
    }

    /** Gaussian features; labels from a random linear rule, with a fifth of them flipped (overlap). */
    private static Data synthetic(Random random, int n, int d) {
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = random.nextGaussian();
        }
        double[][] x = new double[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double f = 0.3 * random.nextGaussian();
            for (int j = 0; j < d; j++) {
                x[i][j] = random.nextGaussian();
                f += w[j] * x[i][j];
            }
            y[i] = (f >= 0) == (random.nextInt(5) != 0) ? 1 : -1;
        }
        return new Data(x, y);
    }

    private static Model randomModel(Random random, int d) {
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = random.nextGaussian();
        }
        return new Model(w, random.nextGaussian());
    }

    // ---- small helpers ---------------------------------------------------------------------------

    /** A known wrong answer as a vector, computed only once the learner's answer is already wrong. */
    private static Mistake<INDArray> mistake(String diagnosis, Supplier<double[]> answer) {
        return new Mistake<>(diagnosis, () -> {
            double[] wrong = answer.get();
            return wrong == null ? null : Compare.vector(wrong);
        });
    }

    private static double decision(double[] row, double[] w, double b) {
        double f = b;
        for (int j = 0; j < w.length; j++) {
            f += row[j] * w[j];
        }
        return f;
    }

    private static double[] withBias(double[] w, double b) {
        double[] out = Arrays.copyOf(w, w.length + 1);
        out[w.length] = b;
        return out;
    }

    private static String describe(double[][] x, int[] y, Model model) {
        String rows = x.length <= 4 ? "x " + Arrays.deepToString(x) : "x " + x.length + " x " + x[0].length;
        String labels = y == null ? "" : y.length <= 6 ? ", y " + Arrays.toString(y) : "";
        return rows + labels + ", w " + Arrays.toString(model.weights()) + ", b " + model.bias();
    }
}
