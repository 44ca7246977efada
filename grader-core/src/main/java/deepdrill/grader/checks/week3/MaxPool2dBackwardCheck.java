package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.MaxPoolGradients;
import deepdrill.grader.oracle.PlainForward;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.MaxPool2dBackward;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code max-pool-backward} against PyTorch's autograd through {@code max_pool2d} (no
 * padding, floor mode) and, for inputs without ties, against centred differences of
 * {@link PlainForward#maxPool2d}. Inputs of small integers tie on purpose; there the max is not
 * differentiable, so only the documented convention (PyTorch's: the first maximum in row-major
 * order) is checked, with {@link MaxPoolGradients}. An upstream gradient of ones makes a backward
 * that overwrites instead of accumulating recognisable whatever its loop order: every pixel then
 * gets 1 instead of the number of windows it wins.
 *
 * <p>Covered: windows that tile, overlap (a pixel winning several windows) or leave gaps,
 * non-square windows on non-square inputs, odd sizes, one window, 1x1 windows, batch 1 and one
 * channel, ties (small integers, all equal), all-negative values, windows of -Infinity (a tie: the
 * first pixel), a NaN per window (it is the maximum, as in PyTorch), float32. Named: overwriting,
 * spreading evenly, every or the last tied maximum, a skipped NaN.
 */
@ExerciseCheck
class MaxPool2dBackwardCheck {

    private static final String OVERWRITE = "overwrote dx instead of adding to it: with overlapping windows one "
            + "pixel can be the maximum of several windows, and its gradient is then the sum of their dout values "
            + "(dx[..] += dout[..]).";
    private static final String AVERAGED = "spread dout evenly over the window, as average pooling does: max pooling "
            + "sends all of it to the window's maximum, and nothing to the other pixels.";
    private static final String EVERY_MAX = "sent the gradient to every maximum of a tied window: the convention "
            + "(PyTorch's) gives all of it to the first maximum in row-major order; replace the running maximum "
            + "only on a strictly larger value.";
    private static final String NAN_SKIPPED = "skipped the NaN in a window: v > max is false for NaN, but PyTorch's "
            + "forward pass returns a window's NaN as its maximum, so the gradient goes to the NaN.";
    private static final String LAST_MAX = "sent the gradient of a tie to the last maximum in the window: the "
            + "convention (PyTorch's) is the first maximum in row-major order; compare with > rather than >=.";

    @Test
    @DisplayName("non-overlapping windows (stride equal to the window)")
    void nonOverlapping(NDManager manager, Random random) {
        check(manager, random, Inputs.normal(random, 2, 3, 4, 4), "", 2, 2, 2);
        check(manager, random, Inputs.normal(random, 2, 2, 5, 7), "", 2, 2, 2);   // odd sizes: the last row and column get 0
        check(manager, random, Inputs.normal(random, 1, 1, 6, 6), "", 3, 3, 3);   // batch 1, one channel
        check(manager, random, Inputs.normal(random, 1, 2, 4, 6).sub(3), " of negative values", 2, 2, 2);
        check(manager, random, Inputs.normal(random, 3, 1, 4, 4), "", 4, 4, 4);   // one window: the global maximum
    }

    @Test
    @DisplayName("overlapping windows: a pixel that wins several windows adds up their gradients")
    void overlapping(NDManager manager, Random random) {
        INDArray x = Inputs.normal(random, 2, 2, 5, 5);
        check(manager, x, Nd4j.ones(DataType.DOUBLE, 2, 2, 3, 3), "", " of ones", 3, 3, 1);
        check(manager, random, Inputs.normal(random, 2, 3, 7, 7), "", 3, 3, 2);
        check(manager, random, Inputs.normal(random, 2, 1, 6, 5), "", 3, 2, 1);
        check(manager, random, Inputs.normal(random, 1, 2, 5, 7), "", 2, 3, 1);
        check(manager, random, Inputs.normal(random, 1, 1, 6, 6).sub(3), " of negative values", 3, 3, 2);
    }

    @Test
    @DisplayName("ties: the gradient goes to the first maximum in row-major order")
    void ties(NDManager manager, Random random) {
        check(manager, random, Inputs.smallIntegers(random, 1, 1, 2, 5, 5), " of small integers (ties)", 2, 2, 1);
        check(manager, random, Inputs.smallIntegers(random, 1, 2, 1, 6, 6), " of small integers (ties)", 3, 3, 3);
        check(manager, random, Inputs.smallIntegers(random, 1, 1, 1, 7, 5), " of small integers (ties)", 3, 2, 2);
        check(manager, random, Inputs.smallIntegers(random, 2, 2, 2, 6, 7), " of small integers (ties)", 2, 3, 1);
        check(manager, random, Nd4j.ones(DataType.DOUBLE, 1, 1, 4, 4).mul(2), " all equal (every window ties)", 2, 2, 1);
    }

    @Test
    @DisplayName("stride larger than the window, non-square windows: unread pixels get 0")
    void strideLargerThanWindow(NDManager manager, Random random) {
        check(manager, random, Inputs.normal(random, 2, 2, 7, 7), "", 2, 2, 3);
        check(manager, random, Inputs.normal(random, 1, 1, 9, 6), "", 1, 1, 2);
        check(manager, random, Inputs.normal(random, 1, 2, 5, 11), "", 1, 3, 4);
        check(manager, random, Inputs.normal(random, 2, 1, 8, 7), "", 2, 3, 3);
        check(manager, random, Inputs.normal(random, 1, 2, 3, 4), "", 1, 1, 1);   // 1x1 windows: dx = dout
        check(manager, random, MaxPool2dCheck.withNaN(Inputs.normal(random, 2, 2, 6, 7)), " with NaN (ties)", 2, 3, 2);
        check(manager, random, MaxPool2dCheck.minusInfinity(Inputs.normal(random, 1, 2, 6, 6)),
                " with -Infinity windows (ties)", 2, 2, 2);
    }

    @Test
    @DisplayName("a float32 input gives a float32 gradient")
    void float32(NDManager manager, Random random) {
        check(manager, random, Inputs.normal(random, 2, 3, 7, 6).castTo(DataType.FLOAT), "", 3, 2, 2);
    }

    /** A case with a random upstream gradient. */
    private static void check(NDManager manager, Random random, INDArray x, String values, int poolH, int poolW,
                              int stride) {
        long[] out = {x.size(0), x.size(1), (x.size(2) - poolH) / stride + 1, (x.size(3) - poolW) / stride + 1};
        check(manager, x, Inputs.normal(random, out).castTo(x.dataType()), values, "", poolH, poolW, stride);
    }

    private static void check(NDManager manager, INDArray x, INDArray dout, String values, String upstream,
                              int poolH, int poolW, int stride) {
        INDArray actual = Guarded.fresh(in -> MaxPool2dBackward.backward(in.copy("dout", dout), in.copy("x", x), poolH,
                poolW, stride));

        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tdout = TorchOracle.toTorch(manager, dout);
        DataType type = x.dataType();
        NDArray right = MaxPoolGradients.firstMax(tx, tdout, poolH, poolW, stride);
        boolean ones = !upstream.isEmpty();
        String what = "dx for backward(dout " + Nchw.shape(dout) + upstream + ", x " + Nchw.shape(x) + values
                + (type == DataType.DOUBLE ? "" : " " + type) + ", poolH " + poolH + ", poolW " + poolW + ", stride "
                + stride + ")";
        Compare.assertClose(what, Nchw.expected(right, type), actual,
                new Mistake<>(OVERWRITE, () -> !ones ? null
                        : Nchw.expected(right.gt(0).toType(ai.djl.ndarray.types.DataType.FLOAT64, false), type)),
                new Mistake<>(AVERAGED, () -> Nchw.expected(Autograd.gradients(
                        in -> Pool.avgPool2d(in.singletonOrThrow(), new Shape(poolH, poolW), new Shape(stride, stride),
                                new Shape(0, 0), false, true), tdout, tx)[0], type)),
                new Mistake<>(EVERY_MAX,
                        () -> Nchw.expected(MaxPoolGradients.everyMax(tx, tdout, poolH, poolW, stride), type)),
                new Mistake<>(NAN_SKIPPED, () -> Nchw.expected(MaxPoolGradients.firstMax(
                        NDArrays.where(tx.isNaN(), tx.getManager().full(tx.getShape(), Float.NEGATIVE_INFINITY,
                                tx.getDataType()), tx), tdout, poolH, poolW, stride), type)),
                new Mistake<>(LAST_MAX,
                        () -> Nchw.expected(MaxPoolGradients.lastMax(tx, tdout, poolH, poolW, stride), type)));

        // Values chosen to tie have no derivative at the tie, so centred differences would not settle it.
        boolean tied = values.contains("ties");
        if (type == DataType.DOUBLE && !tied) {
            Compare.assertClose(what + " (numerical gradient)",
                    NumericalGradient.of(v -> PlainForward.maxPool2d(v, poolH, poolW, stride), x, dout), actual,
                    NumericalGradient.TOLERANCE);
        }
    }
}
