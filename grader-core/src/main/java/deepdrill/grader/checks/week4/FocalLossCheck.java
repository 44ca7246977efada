package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareGradient;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.checks.support.Overflow;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.SigmoidFocalLoss;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.FocalLoss;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code focal-loss} against {@link SigmoidFocalLoss}, torchvision's
 * {@code sigmoid_focal_loss} written with NDArray primitives, its autograd gradient and centred
 * differences. Known mistakes are assembled from the oracle's pieces: alpha on both classes or on
 * the wrong one, {@code p_t^gamma} for {@code (1 - p_t)^gamma}, a negative alpha used as a weight,
 * RetinaNet's normaliser in the mean, the modulating factor treated as a constant in the gradient;
 * NaN or an infinity where the answer is finite is named as the unstable {@code log(sigmoid(x))},
 * or as exp overflowing when it happens for a logit beyond 709.78.
 *
 * <p>Covered: a fresh result, RetinaNet's alpha 0.25 and gamma 2, gamma 0, no alpha (-1), alpha
 * exactly 0 and 1, random alpha and gamma; one element, no positives; logits of magnitude 30 to 700,
 * 800 and 10 000 (beyond 745, where exp(-|x|) underflows and exp(|x|) overflows) for the loss, its
 * reductions and its gradient; a NaN logit (NaN there, as in PyTorch); the gradient against autograd
 * and centred differences; float32; different shapes, soft targets, alpha above 1 and negative gamma
 * (rejected). Not covered: infinite logits, where PyTorch's own formula gives 0 * Infinity = NaN.
 */
@ExerciseCheck
class FocalLossCheck {

    private static final String UNSTABLE = "computed log(sigmoid(x)) (or log(1 - sigmoid(x))) as it stands: for "
            + "x = 100, 1 - sigmoid(x) is exactly 0 in double and log(0) = -Infinity, which turns into Infinity or "
            + "NaN. Use log(p) = -softplus(-x) and log(1 - p) = -softplus(x), softplus(z) = max(z, 0) + "
            + "log1p(exp(-|z|)).";
    private static final String EXP_OVERFLOW = "computed exp(x) of a logit above 709.78, where it overflows to "
            + "Infinity (sigmoid as exp(x) / (1 + exp(x)), or log(1 + exp(x)) as it stands): Infinity / Infinity is "
            + "NaN. Take exp only of -|x|: sigmoid(x) = 1 / (1 + exp(-x)) for x >= 0, exp(x) / (1 + exp(x)) below 0.";
    private static final String ALPHA_ZERO_AS_NONE = "treated alpha = 0 as no weighting: only a negative alpha "
            + "switches it off; alpha = 0 weights the positives by 0 and the negatives by 1.";
    private static final String ALPHA_BOTH = "applied alpha to both classes: the negatives are weighted by "
            + "1 - alpha (alpha_t = alpha if t == 1, else 1 - alpha).";
    private static final String ALPHA_SWAPPED = "swapped the weights: alpha weights the positives (t == 1) and "
            + "1 - alpha the negatives.";
    private static final String NO_ALPHA = "left alpha out: multiply by alpha_t = alpha if t == 1, else 1 - alpha "
            + "(only a negative alpha means no weighting).";
    private static final String NEGATIVE_ALPHA = "used a negative alpha as a weight: alpha < 0 means no alpha "
            + "weighting at all (alpha_t = 1), as in torchvision.";
    private static final String PT_POWER = "modulated with p_t^gamma: the factor is (1 - p_t)^gamma, small for "
            + "the well-classified examples (p_t near 1), which is what makes the loss focus on the hard ones.";
    private static final String MEAN_OVER_POSITIVES = "divided by the number of positives (RetinaNet's "
            + "normaliser): this exercise's mean, like torchvision's reduction=\"mean\", divides by the number of "
            + "elements.";
    private static final String SUMMED = "returned the sum where the mean was asked for: divide by the number of "
            + "elements.";
    private static final String AVERAGED = "returned the mean where the sum was asked for: sum(FL) is not divided.";
    private static final String CONSTANT_FACTOR = "treated the modulating factor (1 - p_t)^gamma as a constant: "
            + "it depends on x too, dFL/dx = alpha_t * s * q^gamma * (gamma * p_t * log(p_t) - q).";
    private static final String NEGATED = "got the sign of the gradient wrong: for a positive (t = 1) raising x "
            + "lowers the loss, so dFL/dx < 0 there.";

    /** One call's arguments. */
    private record Case(INDArray logits, INDArray targets, double alpha, double gamma, String note) {
        String call(String method) {
            DataType type = logits.dataType();
            return method + "(logits " + Nchw.shape(logits) + note + (type == DataType.DOUBLE ? "" : " " + type)
                    + ", targets with " + positives(targets) + " positives, alpha " + alpha + ", gamma " + gamma + ")";
        }
    }

    @Test
    @DisplayName("per-element loss: RetinaNet's alpha 0.25, gamma 2, gamma 0 (weighted BCE), alpha -1 (none)")
    void perElement(NDManager manager, Random random) {
        for (Case c : cases(random)) {
            checkPerElement(manager, c);
        }
    }

    @Test
    @DisplayName("mean over all elements and sum")
    void reductions(NDManager manager, Random random) {
        for (Case c : cases(random)) {
            checkReductions(manager, c);
        }
        checkReductions(manager, new Case(Inputs.normal(random, 3, 4).mul(2), Nd4j.zeros(DataType.DOUBLE, 3, 4), 0.25, 2,
                " (no positives)"));
    }

    @Test
    @DisplayName("logits of magnitude 100: finite loss and gradient, no NaN")
    void largeLogits(NDManager manager, Random random) {
        double[] x = {100, -100, 100, -100, 30, -30, 40, -40, 0.5, -2, 700, -700};
        double[] t = {1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1};
        INDArray logits = Nd4j.create(x, new long[] {3, 4}, DataType.DOUBLE);
        INDArray targets = Nd4j.create(t, new long[] {3, 4}, DataType.DOUBLE);
        String note = " = [100, -100, 100, -100, 30, -30, 40, -40, 0.5, -2, 700, -700]";
        for (double[] ag : new double[][] {{0.25, 2}, {-1, 0}, {0.5, 1}}) {
            Case c = new Case(logits, targets, ag[0], ag[1], note);
            checkPerElement(manager, c);
            checkReductions(manager, c);
            checkGradient(manager, c, false);
        }
        INDArray big = Inputs.normal(random, 4, 5).mul(100);
        checkPerElement(manager, new Case(big, bits(random, 0.3, 4, 5), 0.25, 2, " (100 * normal)"));
        // Beyond 745, exp(-|x|) underflows to 0 and exp(|x|) overflows: only exp of -|x| is safe.
        double[] beyond = {800, -800, 800, -800, 1e4, -1e4};
        INDArray far = Nd4j.create(beyond, new long[] {2, 3}, DataType.DOUBLE);
        INDArray farTargets = Nd4j.create(new double[] {1, 1, 0, 0, 0, 1}, new long[] {2, 3}, DataType.DOUBLE);
        for (double[] ag : new double[][] {{0.25, 2}, {-1, 0}}) {
            Case c = new Case(far, farTargets, ag[0], ag[1], " = [800, -800, 800, -800, 10000, -10000]");
            checkPerElement(manager, c);
            checkReductions(manager, c);
            checkGradient(manager, c, false);
        }
        // A NaN logit gives NaN there, as in PyTorch, and leaves the other elements alone.
        INDArray withNan = Nd4j.create(new double[] {Double.NaN, 1.5, -0.5, 3}, new long[] {1, 4}, DataType.DOUBLE);
        Case nan = new Case(withNan, Nd4j.create(new double[] {1, 0, 1, 0}, new long[] {1, 4}, DataType.DOUBLE), 0.25,
                2, " = [NaN, 1.5, -0.5, 3]");
        checkPerElement(manager, nan);
        checkGradient(manager, nan, false);
    }

    @Test
    @DisplayName("dlogits: against PyTorch autograd and centred differences")
    void dlogits(NDManager manager, Random random) {
        checkGradient(manager, new Case(Inputs.normal(random, 2, 4).mul(2), bits(random, 0.3, 2, 4), 0.25, 2, ""), true);
        checkGradient(manager, new Case(Inputs.normal(random, 2, 3).mul(3), bits(random, 0.5, 2, 3), -1, 0, ""), true);
        checkGradient(manager, new Case(Inputs.normal(random, 5).mul(2), bits(random, 0.4, 5), 0.75, 0.5, ""), true);
        checkGradient(manager, new Case(Inputs.normal(random, 1, 2, 3), bits(random, 0.3, 1, 2, 3), 0.6, 3, ""), true);
        checkGradient(manager, new Case(Inputs.normal(random, 1, 1), bits(random, 1, 1, 1), 0.25, 2, ""), true);
    }

    @Test
    @DisplayName("float32 logits give a float32 loss and gradient")
    void float32(NDManager manager, Random random) {
        Case c = new Case(Inputs.normal(random, 4, 5).mul(2).castTo(DataType.FLOAT),
                bits(random, 0.3, 4, 5).castTo(DataType.FLOAT), 0.25, 2, "");
        checkPerElement(manager, c);
        checkReductions(manager, c);
        checkGradient(manager, c, false);
    }

    @Test
    @DisplayName("different shapes, targets other than 0 and 1, alpha above 1, negative gamma throw "
            + "IllegalArgumentException")
    void rejectsBadInput() {
        INDArray x = Nd4j.create(new double[] {0.5, -1, 2, 0}, new long[] {2, 2}, DataType.DOUBLE);
        INDArray t = Nd4j.create(new double[] {1, 0, 0, 1}, new long[] {2, 2}, DataType.DOUBLE);
        INDArray wide = Nd4j.create(new double[] {1, 0, 0, 1}, new long[] {1, 4}, DataType.DOUBLE);
        INDArray soft = Nd4j.create(new double[] {1, 0.5, 0, 1}, new long[] {2, 2}, DataType.DOUBLE);
        INDArray two = Nd4j.create(new double[] {1, 0, 2, 1}, new long[] {2, 2}, DataType.DOUBLE);
        expectRejected("perElement(logits (2, 2), targets (1, 4), 0.25, 2)",
                () -> FocalLoss.perElement(x.dup(), wide.dup(), 0.25, 2));
        expectRejected("perElement(logits (2, 2), targets with 0.5, 0.25, 2)",
                () -> FocalLoss.perElement(x.dup(), soft.dup(), 0.25, 2));
        expectRejected("perElement(logits (2, 2), targets with 2, 0.25, 2)",
                () -> FocalLoss.perElement(x.dup(), two.dup(), 0.25, 2));
        expectRejected("perElement(logits (2, 2), targets (2, 2), alpha 1.5, 2)",
                () -> FocalLoss.perElement(x.dup(), t.dup(), 1.5, 2));
        expectRejected("perElement(logits (2, 2), targets (2, 2), 0.25, gamma -1)",
                () -> FocalLoss.perElement(x.dup(), t.dup(), 0.25, -1));
        expectRejected("mean(logits (2, 2), targets (1, 4), 0.25, 2)", () -> FocalLoss.mean(x.dup(), wide.dup(), 0.25,
                2));
        expectRejected("sum(logits (2, 2), targets with 2, 0.25, 2)", () -> FocalLoss.sum(x.dup(), two.dup(), 0.25, 2));
        expectRejected("dlogits(logits (2, 2), targets (2, 2), 0.25, gamma -1)",
                () -> FocalLoss.dlogits(x.dup(), t.dup(), 0.25, -1));
        expectRejected("dlogits(logits (2, 2), targets (1, 4), 0.25, 2)",
                () -> FocalLoss.dlogits(x.dup(), wide.dup(), 0.25, 2));
    }

    /** Detector-like cases: few positives, the paper's defaults, gamma 0, no alpha, random alpha and gamma. */
    private static Case[] cases(Random random) {
        return new Case[] {
            new Case(Inputs.normal(random, 6, 5).mul(3), bits(random, 0.2, 6, 5), 0.25, 2, ""),
            new Case(Inputs.normal(random, 2, 3, 4).mul(2), bits(random, 0.5, 2, 3, 4), 0.25, 0, ""),
            new Case(Inputs.normal(random, 7).mul(3), bits(random, 0.4, 7), -1, 2, ""),
            new Case(Inputs.normal(random, 3, 7).mul(4), bits(random, 0.3, 3, 7), 0.75, 1, ""),
            new Case(Inputs.normal(random, 5, 4).mul(2), bits(random, 0.3, 5, 4), 0.25, 5, ""),
            new Case(Inputs.normal(random, 1, 1), bits(random, 1, 1, 1), 0.25, 2, " (one positive element)"),
            new Case(Inputs.normal(random, 4, 6).mul(3), bits(random, 0.3, 4, 6),
                    Math.round(random.nextDouble() * 100) / 100.0, Math.round(random.nextDouble() * 300) / 100.0, ""),
            // The ends of alpha's range: 0 weights the positives by 0 (it is not "no weighting"), 1 the negatives.
            new Case(Inputs.normal(random, 3, 4).mul(2), bits(random, 0.4, 3, 4), 0, 2, ""),
            new Case(Inputs.normal(random, 4, 3).mul(2), bits(random, 0.4, 4, 3), 1, 2, ""),
        };
    }

    private static void checkPerElement(NDManager manager, Case c) {
        INDArray actual = Guarded.fresh(in -> FocalLoss.perElement(in.copy("logits", c.logits()),
                in.copy("targets", c.targets()), c.alpha(), c.gamma()));
        DataType type = c.logits().dataType();
        NDArray x = TorchOracle.toTorch(manager, c.logits());
        NDArray t = TorchOracle.toTorch(manager, c.targets());
        String what = c.call("perElement");
        INDArray expected = Nchw.expected(SigmoidFocalLoss.perElement(x, t, c.alpha(), c.gamma()), type);
        Overflow.assertFinite(what, expected, actual, unstable(c.logits(), expected, actual));
        Compare.assertClose(what, expected, actual, Tolerance.of(type), mistakes(c, x, t, type));
    }

    private static void checkReductions(NDManager manager, Case c) {
        NDArray x = TorchOracle.toTorch(manager, c.logits());
        NDArray t = TorchOracle.toTorch(manager, c.targets());
        NDArray loss = SigmoidFocalLoss.perElement(x, t, c.alpha(), c.gamma());
        double sum = loss.sum().getDouble();
        long n = c.logits().length();
        long positives = positives(c.targets());
        Tolerance tolerance = Tolerance.of(c.logits().dataType());

        double mean = Guarded.call(in -> FocalLoss.mean(in.copy("logits", c.logits()), in.copy("targets", c.targets()),
                c.alpha(), c.gamma()));
        String what = c.call("mean");
        Overflow.assertFinite(what, sum / n, mean, UNSTABLE);
        Compare.assertClose(what, Nd4j.scalar(sum / n), Nd4j.scalar(mean), tolerance,
                new Mistake<>(MEAN_OVER_POSITIVES, () -> positives == n ? null
                        : Nd4j.scalar(positives == 0 ? Double.NaN : sum / positives)),
                new Mistake<>(MEAN_OVER_POSITIVES, () -> positives == n ? null
                        : Nd4j.scalar(sum / Math.max(1, positives))),
                new Mistake<>(SUMMED, () -> n == 1 ? null : Nd4j.scalar(sum)));

        double total = Guarded.call(in -> FocalLoss.sum(in.copy("logits", c.logits()), in.copy("targets", c.targets()),
                c.alpha(), c.gamma()));
        what = c.call("sum");
        Overflow.assertFinite(what, sum, total, UNSTABLE);
        Compare.assertClose(what, Nd4j.scalar(sum), Nd4j.scalar(total), tolerance,
                new Mistake<>(AVERAGED, () -> n == 1 ? null : Nd4j.scalar(sum / n)));
    }

    private static void checkGradient(NDManager manager, Case c, boolean numerical) {
        INDArray actual = Guarded.fresh(in -> FocalLoss.dlogits(in.copy("logits", c.logits()),
                in.copy("targets", c.targets()), c.alpha(), c.gamma()));
        DataType type = c.logits().dataType();
        NDArray x = TorchOracle.toTorch(manager, c.logits());
        NDArray t = TorchOracle.toTorch(manager, c.targets());
        String what = "dlogits for " + c.call("dlogits");
        NDArray grad = Autograd.gradients(in -> SigmoidFocalLoss.perElement(in.singletonOrThrow(), t, c.alpha(),
                c.gamma()), x.onesLike(), x)[0];
        INDArray expected = Nchw.expected(grad, type);
        Overflow.assertFinite(what, expected, actual, unstable(c.logits(), expected, actual));
        INDArray numeric = numerical ? NumericalGradient.of(v -> TorchOracle.toNd4j(SigmoidFocalLoss.perElement(
                TorchOracle.toTorch(manager, v), t, c.alpha(), c.gamma())), c.logits(), Nd4j.onesLike(c.logits()))
                : null;
        NDArray alphaT = c.alpha() < 0 ? x.onesLike() : SigmoidFocalLoss.alphaT(t, c.alpha());
        CompareGradient.assertClose(what, expected, numeric, actual,
                new Mistake<>(CONSTANT_FACTOR, () -> c.gamma() == 0 ? null : Nchw.expected(alphaT
                        .mul(SigmoidFocalLoss.pT(x, t).neg().add(1).pow(c.gamma()))
                        .mul(x.neg().exp().add(1).pow(-1).sub(t)), type)),
                new Mistake<>(NEGATED, () -> Nchw.expected(grad.neg(), type)));
    }

    /** The per-element mistakes, each the oracle's formula with one piece changed. */
    private static List<Mistake<INDArray>> mistakes(Case c, NDArray x, NDArray t, DataType type) {
        double alpha = c.alpha();
        double gamma = c.gamma();
        NDArray ce = SigmoidFocalLoss.crossEntropy(x, t);
        NDArray modulated = ce.mul(SigmoidFocalLoss.pT(x, t).neg().add(1).pow(gamma));
        return List.of(
            new Mistake<>(ALPHA_ZERO_AS_NONE, () -> alpha != 0 ? null : Nchw.expected(modulated, type)),
            new Mistake<>(NEGATIVE_ALPHA, () -> alpha >= 0 ? null
                    : Nchw.expected(modulated.mul(SigmoidFocalLoss.alphaT(t, alpha)), type)),
            new Mistake<>(ALPHA_BOTH, () -> alpha < 0 ? null : Nchw.expected(modulated.mul(alpha), type)),
            new Mistake<>(ALPHA_SWAPPED, () -> alpha < 0 ? null
                    : Nchw.expected(modulated.mul(SigmoidFocalLoss.alphaT(t, 1 - alpha)), type)),
            new Mistake<>(NO_ALPHA, () -> alpha < 0 ? null : Nchw.expected(modulated, type)),
            new Mistake<>(PT_POWER, () -> gamma == 0 ? null : Nchw.expected(ce.mul(SigmoidFocalLoss.pT(x, t).pow(gamma))
                    .mul(alpha < 0 ? x.onesLike() : SigmoidFocalLoss.alphaT(t, alpha)), type)));
    }

    /**
     * Why the learner's answer is not finite where the oracle's is: exp overflowing for a logit
     * beyond 709.78 (in either sign, since the code may take exp(-x)), or else log(0) of an
     * unstable log(sigmoid(x)).
     */
    private static String unstable(INDArray logits, INDArray expected, INDArray actual) {
        if (actual == null || !Arrays.equals(expected.shape(), actual.shape())) {
            return UNSTABLE;
        }
        double[] x = logits.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < e.length; i++) {
            if (Double.isFinite(e[i]) && !Double.isFinite(a[i]) && Math.abs(x[i]) > 709.78) {
                return EXP_OVERFLOW;
            }
        }
        return UNSTABLE;
    }

    /** Targets that are 1 with probability {@code p}; at least one positive. */
    private static INDArray bits(Random random, double p, long... shape) {
        double[] v = new double[(int) Nd4j.zeros(DataType.DOUBLE, shape).length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble() < p ? 1 : 0;
        }
        v[random.nextInt(v.length)] = 1;
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }

    private static long positives(INDArray targets) {
        long count = 0;
        for (double v : targets.castTo(DataType.DOUBLE).dup('c').data().asDouble()) {
            count += v == 1 ? 1 : 0;
        }
        return count;
    }

    private static void expectRejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the arguments before using them", call);
    }
}
