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
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.PlainForward;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.GlobalAvgPool;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks {@code global-avg-pool} against PyTorch's {@code x.mean(dim=(2, 3))}, its backward
 * against autograd through that mean and, in float64, against centred differences of
 * {@link PlainForward#globalAvgPool}.
 *
 * <p>Covered: non-square maps (H != W, so a divisor of H * H or W * W shows), 1x1 maps (where the
 * answer has x's values, and returning x reshaped, a view, is named), batch 1 and one channel,
 * NaN, +-Infinity and both infinities in one map (NaN) in x, values of magnitude 1e300, a fresh
 * result in both directions, float32. Named: the wrong axes (NHWC, one axis, all three), a sum,
 * the square-map divisor, 1 / (H * W) in integer arithmetic, the backward's forgotten divisor.
 * Not covered: empty arrays.
 */
@ExerciseCheck
class GlobalAvgPoolCheck {

    private static final String NHWC = "averaged over the wrong axes (1 and 2, as for TensorFlow's NHWC layout): x is "
            + "NCHW, so the spatial axes are 2 and 3, and the result is (N, C).";
    private static final String ONE_AXIS = "averaged over only one spatial axis: the mean runs over both H and W "
            + "(axes 2 and 3).";
    private static final String ALL_AXES = "averaged the channels together: keep one value per channel, the mean "
            + "over axes 2 and 3 only.";
    private static final String SUM = "summed instead of averaging: divide the sum over h and w by H * W.";
    private static final String SQUARE = "divided by H * H (or W * W), as code tried on square maps only does: a "
            + "map has H * W pixels, and H != W here.";
    private static final String INTEGER_DIVISION = "computed 1 / (H * W) in integer arithmetic, which is 0 for any "
            + "map larger than 1x1: divide in floating point (1.0 / (H * W), or divide by H * W last).";
    private static final String NO_DIVISOR = "forgot the 1 / (H * W) in the backward pass: each pixel contributed "
            + "1 / (H * W) of itself to the mean, so it gets dout[n, c] / (H * W), not dout[n, c].";

    @Test
    @DisplayName("forward: one mean per channel of every image")
    void forward(NDManager manager, Random random) {
        checkForward(manager, Inputs.normal(random, 2, 3, 4, 5));
        checkForward(manager, Inputs.normal(random, 1, 1, 3, 3));   // batch 1, one channel
        checkForward(manager, Inputs.normal(random, 2, 4, 7, 2));
        checkForward(manager, Inputs.normal(random, 3, 2, 1, 1));   // 1x1 maps: the identity, reshaped
        checkForward(manager, Inputs.normal(random, 1, 5, 2, 6));
        checkForward(manager, specials(random));
        checkForward(manager, Inputs.normal(random, 2, 2, 3, 2).mul(1e300));   // the mean of values near 1e300
    }

    @Test
    @DisplayName("backward: dout spread evenly over each map")
    void backward(NDManager manager, Random random) {
        checkBackward(manager, random, Inputs.normal(random, 2, 3, 4, 5));
        checkBackward(manager, random, Inputs.normal(random, 1, 1, 3, 3));
        checkBackward(manager, random, Inputs.normal(random, 2, 4, 7, 2));
        checkBackward(manager, random, Inputs.normal(random, 3, 2, 1, 1));
        checkBackward(manager, random, Inputs.normal(random, 1, 5, 2, 6));
        checkBackward(manager, random, Inputs.normal(random, 1, 1, 1, 7));   // batch 1, one channel, one row
    }

    @Test
    @DisplayName("a float32 input gives float32 results")
    void float32(NDManager manager, Random random) {
        checkForward(manager, Inputs.normal(random, 2, 3, 5, 4).castTo(DataType.FLOAT));
        checkBackward(manager, random, Inputs.normal(random, 2, 3, 5, 4).castTo(DataType.FLOAT));
    }

    private static void checkForward(NDManager manager, INDArray x) {
        INDArray actual = Guarded.fresh(in -> GlobalAvgPool.forward(in.copy("x", x)));

        NDArray tx = TorchOracle.toTorch(manager, x);
        DataType type = x.dataType();
        String what = "forward(x " + Nchw.shape(x) + (type == DataType.DOUBLE ? "" : " " + type) + ")";
        long h = x.size(2);
        long w = x.size(3);
        Compare.assertClose(what, Nchw.expected(mean(tx, 2, 3), type), actual,
                new Mistake<>(SQUARE, () -> h == w ? null : Nchw.expected(tx.sum(new int[] {2, 3}).div(h * h), type)),
                new Mistake<>(SQUARE, () -> h == w ? null : Nchw.expected(tx.sum(new int[] {2, 3}).div(w * w), type)),
                new Mistake<>(INTEGER_DIVISION, () -> h * w == 1 ? null
                        : Nchw.expected(tx.sum(new int[] {2, 3}).zerosLike(), type)),
                new Mistake<>(NHWC, () -> Nchw.expected(mean(tx, 1, 2), type)),
                new Mistake<>(ONE_AXIS, () -> Nchw.expected(mean(tx, 3), type)),
                new Mistake<>(ONE_AXIS, () -> Nchw.expected(mean(tx, 2), type)),
                new Mistake<>(ALL_AXES, () -> Nchw.expected(mean(tx, 1, 2, 3), type)),
                new Mistake<>(SUM, () -> Nchw.expected(tx.sum(new int[] {2, 3}), type)));
    }

    private static void checkBackward(NDManager manager, Random random, INDArray x) {
        DataType type = x.dataType();
        INDArray dout = Inputs.normal(random, x.size(0), x.size(1)).castTo(type);
        long[] shape = x.shape();
        INDArray actual = Guarded.fresh(in -> GlobalAvgPool.backward(in.copy("dout", dout),
                in.copy("inputShape", shape)));

        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tdout = TorchOracle.toTorch(manager, dout);
        NDArray right = Autograd.gradients(in -> mean(in.singletonOrThrow(), 2, 3), tdout, tx)[0];
        String what = "dx for backward(dout " + Nchw.shape(dout) + (type == DataType.DOUBLE ? "" : " " + type)
                + ", inputShape " + Compare.shape(shape) + ")";
        Compare.assertClose(what, Nchw.expected(right, type), actual,
                new Mistake<>(NO_DIVISOR, () -> Nchw.expected(right.mul(shape[2] * shape[3]), type)),
                new Mistake<>(SQUARE, () -> shape[2] == shape[3] ? null
                        : Nchw.expected(right.mul(shape[3]).div(shape[2]), type)),
                new Mistake<>(SQUARE, () -> shape[2] == shape[3] ? null
                        : Nchw.expected(right.mul(shape[2]).div(shape[3]), type)),
                new Mistake<>(INTEGER_DIVISION, () -> shape[2] * shape[3] == 1 ? null
                        : Nchw.expected(right.zerosLike(), type)));
        if (type == DataType.DOUBLE) {
            Compare.assertClose(what + " (numerical gradient)",
                    NumericalGradient.of(PlainForward::globalAvgPool, x, dout), actual, NumericalGradient.TOLERANCE);
        }
    }

    /**
     * (2, 3, 2, 3) with, among Gaussian values: a NaN in one map, +Infinity in another, -Infinity in
     * a third, and both infinities in a fourth (the mean is NaN there).
     */
    private static INDArray specials(Random random) {
        INDArray x = Inputs.normal(random, 2, 3, 2, 3);
        x.putScalar(new long[] {0, 0, 1, 2}, Double.NaN);
        x.putScalar(new long[] {0, 1, 0, 0}, Double.POSITIVE_INFINITY);
        x.putScalar(new long[] {1, 0, 1, 1}, Double.NEGATIVE_INFINITY);
        x.putScalar(new long[] {1, 2, 0, 1}, Double.POSITIVE_INFINITY);
        x.putScalar(new long[] {1, 2, 1, 0}, Double.NEGATIVE_INFINITY);
        return x;
    }

    /** The mean over some axes. DJL's PyTorch engine takes one axis at a time in {@code mean}, so: a sum, divided. */
    private static NDArray mean(NDArray x, int... axes) {
        long count = 1;
        for (int axis : axes) {
            count *= x.getShape().get(axis);
        }
        return x.sum(axes).div(count);
    }
}
