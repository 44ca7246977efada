package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.Regularization;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Checks {@code regularization}. Penalty values come from PyTorch reductions; gradients from
 * PyTorch's autograd of the penalty (whose {@code abs} has the gradient 0 at 0, the exercise's
 * subgradient) and, a second time, from centred differences of the penalty in float64. The
 * weight-decay step is checked against {@code w - lr * g}, where autograd computes {@code g} as the
 * gradient of {@code sum(dw * w) + (wd / 2) * sum(w^2)}: SGD's weight decay is an L2 penalty with
 * {@code lambda = wd / 2}.
 *
 * <p>Covered: weights of exactly 0 in L1 (whose subgradient is 0 there, as {@code sign(0)}), all
 * zero weights, rank 1 to 4, lambda from 1e-3 to 2, weight decay 0; float32. The inputs must come
 * back unchanged, and the gradients and the new weights must be new arrays.
 */
@ExerciseCheck
class RegularizationCheck {

    private static final String HALVED = "put a 1/2 in front: this exercise's L2 penalty is lambda * sum(w^2), "
            + "without the 1/2.";
    private static final String NO_FACTOR_TWO = "forgot the factor 2: the derivative of lambda * w^2 is "
            + "2 * lambda * w.";
    private static final String NO_LAMBDA = "forgot lambda: multiply the gradient by the regularisation strength.";
    private static final String SIGN_AT_NEGATIVE = "got the sign wrong for negative weights: the derivative of |w| "
            + "is -1 for w < 0, so the subgradient is lambda * sign(w).";
    private static final String NONZERO_AT_ZERO = "gave weights that are exactly 0 a non-zero subgradient: the "
            + "convention (PyTorch's sign(0) = 0) is 0 there.";
    private static final String DECAY_WITHOUT_LR = "applied the decay without the learning rate: "
            + "w - lr * (dw + wd * w) scales both terms by lr.";
    private static final String DECAY_SIGN = "added the decay with the wrong sign: weight decay shrinks the weights, "
            + "w - lr * (dw + wd * w).";
    private static final String DECAY_FORGOTTEN = "forgot the weight decay: w - lr * (dw + wd * w).";

    @Test
    @DisplayName("L2 penalty and its gradient")
    void l2(NDManager manager, Random random) {
        checkL2(manager, Inputs.normal(random, 3, 4), 0.1);
        checkL2(manager, Inputs.normal(random, 2, 3, 3, 3), 1e-3);
        checkL2(manager, Inputs.normal(random, 7), 0.5);
        checkL2(manager, Inputs.normal(random, 1, 1), 2.0);
        checkL2(manager, Nd4j.zeros(DataType.DOUBLE, 2, 2), 0.3);
    }

    @Test
    @DisplayName("L1 penalty and its subgradient, with negative and zero weights")
    void l1(NDManager manager, Random random) {
        checkL1(manager, withZeros(Inputs.normal(random, 3, 4), random), 0.1);
        checkL1(manager, withZeros(Inputs.normal(random, 2, 3, 2, 2), random), 1e-3);
        checkL1(manager, Nd4j.create(new double[] {-2, -0.5, 0, 0.5, 2}, new long[] {5}, DataType.DOUBLE), 0.7);
        checkL1(manager, Inputs.normal(random, 6), 1.5);
    }

    @Test
    @DisplayName("one SGD step with weight decay")
    void weightDecay(NDManager manager, Random random) {
        checkDecay(manager, Inputs.normal(random, 3, 4), Inputs.normal(random, 3, 4), 0.1, 0.01);
        checkDecay(manager, Inputs.normal(random, 2, 3, 3, 3), Inputs.normal(random, 2, 3, 3, 3), 0.5, 0.2);
        checkDecay(manager, Inputs.normal(random, 5), Inputs.normal(random, 5), 1.0, 0.0);
        checkDecay(manager, Inputs.normal(random, 4, 1), Inputs.normal(random, 4, 1), 0.03, 5e-4);
    }

    @Test
    @DisplayName("float32 weights give float32 gradients and steps")
    void float32(NDManager manager, Random random) {
        checkL2(manager, Inputs.normal(random, 3, 5).castTo(DataType.FLOAT), 0.2);
        checkL1(manager, withZeros(Inputs.normal(random, 4, 3), random).castTo(DataType.FLOAT), 0.3);
        checkDecay(manager, Inputs.normal(random, 2, 6).castTo(DataType.FLOAT), Inputs.normal(random, 2, 6).castTo(DataType.FLOAT),
                0.1, 0.05);
    }

    /** {@code w} with a few entries set to exactly 0, where L1's subgradient convention matters. */
    private static INDArray withZeros(INDArray w, Random random) {
        double[] data = w.dup('c').data().asDouble();
        for (int i = 0; i < Math.max(1, data.length / 4); i++) {
            data[random.nextInt(data.length)] = 0;
        }
        return Nd4j.create(data, w.shape(), DataType.DOUBLE);
    }

    private static String args(INDArray w, double lambda) {
        return "(w " + Nchw.shape(w) + (w.dataType() == DataType.DOUBLE ? "" : " " + w.dataType()) + ", lambda "
                + lambda + ")";
    }

    private static void checkL2(NDManager manager, INDArray w, double lambda) {
        double penalty = Guarded.call(in -> Regularization.l2Penalty(in.copy("w", w), lambda));
        INDArray gradient = Guarded.fresh(in -> Regularization.l2Gradient(in.copy("w", w), lambda));

        NDArray tw = TorchOracle.toTorch(manager, w);
        double expected = tw.square().sum().mul(lambda).getDouble();
        Compare.assertClose("l2Penalty" + args(w, lambda), scalar(expected, w), scalar(penalty, w),
                new Mistake<>(HALVED, () -> scalar(expected / 2, w)));

        Function<NDArray, NDArray> l2 = v -> v.square().sum().mul(lambda);
        INDArray byAutograd = gradient(manager, l2, tw, w.dataType());
        List<Mistake<INDArray>> mistakes = List.of(
                new Mistake<>(NO_FACTOR_TWO, () -> byAutograd.div(2)),
                new Mistake<>(NO_LAMBDA, () -> lambda == 1 ? null : byAutograd.div(lambda)));
        String what = "dw = l2Gradient" + args(w, lambda);
        Compare.assertClose(what + " against PyTorch autograd", byAutograd, gradient, Tolerance.of(w.dataType()),
                mistakes);
        Compare.assertClose(what + " against the numerical gradient of lambda * sum(w^2)",
                NumericalGradient.ofScalar(v -> lambda * v.mul(v).sumNumber().doubleValue(), w).castTo(w.dataType()),
                gradient, NumericalGradient.TOLERANCE, mistakes);
    }

    private static void checkL1(NDManager manager, INDArray w, double lambda) {
        double penalty = Guarded.call(in -> Regularization.l1Penalty(in.copy("w", w), lambda));
        INDArray gradient = Guarded.fresh(in -> Regularization.l1Gradient(in.copy("w", w), lambda));

        NDArray tw = TorchOracle.toTorch(manager, w);
        double expected = tw.abs().sum().mul(lambda).getDouble();
        Compare.assertClose("l1Penalty" + args(w, lambda), scalar(expected, w), scalar(penalty, w));

        INDArray byAutograd = gradient(manager, v -> v.abs().sum().mul(lambda), tw, w.dataType());
        List<Mistake<INDArray>> mistakes = List.of(
                new Mistake<>(SIGN_AT_NEGATIVE, () -> Nchw.expected(tw.abs().gt(0).toType(
                        ai.djl.ndarray.types.DataType.FLOAT64, false).mul(lambda), w.dataType())),
                new Mistake<>(NONZERO_AT_ZERO, () -> Nchw.expected(tw.gte(0).toType(
                        ai.djl.ndarray.types.DataType.FLOAT64, false).mul(2 * lambda).sub(lambda), w.dataType())),
                new Mistake<>(NONZERO_AT_ZERO, () -> Nchw.expected(tw.gt(0).toType(
                        ai.djl.ndarray.types.DataType.FLOAT64, false).mul(2 * lambda).sub(lambda), w.dataType())),
                new Mistake<>(NO_LAMBDA, () -> lambda == 1 ? null : byAutograd.div(lambda)));
        String what = "dw = l1Gradient" + args(w, lambda);
        Compare.assertClose(what + " against PyTorch autograd", byAutograd, gradient, Tolerance.of(w.dataType()),
                mistakes);
        Compare.assertClose(what + " against the numerical gradient of lambda * sum(|w|)",
                NumericalGradient.ofScalar(v -> lambda * Transforms.abs(v, true).sumNumber().doubleValue(), w)
                        .castTo(w.dataType()), gradient, NumericalGradient.TOLERANCE, mistakes);
    }

    private static void checkDecay(NDManager manager, INDArray w, INDArray dw, double lr, double wd) {
        INDArray actual = Guarded.fresh(in -> Regularization.sgdWithWeightDecay(in.copy("w", w), in.copy("dw", dw), lr,
                wd));

        NDArray tw = TorchOracle.toTorch(manager, w);
        NDArray tdw = TorchOracle.toTorch(manager, dw);
        // The gradient of the data term sum(dw * w) is dw; the penalty's is wd * w.
        NDArray g = Autograd.gradients(in -> in.singletonOrThrow().mul(tdw).sum()
                .add(in.singletonOrThrow().square().sum().mul(wd / 2)), manager.create(1.0), tw)[0];
        DataType type = w.dataType();
        String what = "sgdWithWeightDecay(w " + Nchw.shape(w) + (type == DataType.DOUBLE ? "" : " " + type) + ", dw, lr "
                + lr + ", weightDecay " + wd + ")";
        Compare.assertClose(what, Nchw.expected(tw.sub(g.mul(lr)), type), actual,
                new Mistake<>(DECAY_WITHOUT_LR, () -> lr == 1 || wd == 0 ? null
                        : Nchw.expected(tw.sub(tdw.mul(lr)).sub(tw.mul(wd)), type)),
                new Mistake<>(DECAY_SIGN, () -> wd == 0 ? null
                        : Nchw.expected(tw.sub(tdw.sub(tw.mul(wd)).mul(lr)), type)),
                new Mistake<>(DECAY_FORGOTTEN, () -> wd == 0 ? null : Nchw.expected(tw.sub(tdw.mul(lr)), type)));
    }

    /** The gradient of a scalar function of {@code w}, from PyTorch's autograd, in the given data type. */
    private static INDArray gradient(NDManager manager, Function<NDArray, NDArray> penalty, NDArray w, DataType type) {
        NDArray input = w.duplicate();
        return Nchw.expected(Autograd.gradients(in -> penalty.apply(in.singletonOrThrow()), manager.create(1.0), input)[0],
                type);
    }

    /** A number as a scalar array, so that it is compared with the tolerance of {@code w}'s data type. */
    private static INDArray scalar(double value, INDArray w) {
        return Nd4j.scalar(value).castTo(w.dataType());
    }
}
