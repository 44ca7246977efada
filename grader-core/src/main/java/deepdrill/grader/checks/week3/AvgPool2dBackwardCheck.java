package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
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
import deepdrill.grader.oracle.PlainForward;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.AvgPool2dBackward;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code avg-pool-backward} against PyTorch's autograd through {@code avg_pool2d} (zero
 * padding, floor mode, {@code count_include_pad=True}, which DJL always passes; see
 * {@link AvgPool2dCheck}) and, in float64, against centred differences of
 * {@link PlainForward#avgPool2d}. The divisor that counts only real pixels is the gradient of
 * {@code avg_pool2d(x) / avg_pool2d(ones)}. An upstream gradient of ones makes a backward that
 * overwrites instead of accumulating recognisable whatever its loop order.
 *
 * <p>Covered: windows that tile, overlap (shares add up) or leave gaps (zeros), non-square windows
 * on non-square inputs, odd sizes, one window, padding 1 and 2, 1x1 windows, batch 1 and one
 * channel, NaN and infinities in dout (they reach exactly the pixels of their window), float32.
 * Named: overwriting, dividing by the real pixels, no divisor, 1 / (poolH * poolW) in integer
 * arithmetic, the padding not shifted, a maximum's gradient.
 */
@ExerciseCheck
class AvgPool2dBackwardCheck {

    private static final String OVERWRITE = "overwrote dx instead of adding to it: with overlapping windows one "
            + "pixel lies in several windows and receives a share from each (dx[..] += dout[..] / (poolH * poolW)).";
    private static final String REAL_PIXELS = "divided by the number of real pixels in the window: the forward pass "
            + "(count_include_pad=True) divides every window by poolH * poolW, padded zeros included, so every "
            + "share is dout / (poolH * poolW), also at the border.";
    private static final String NO_DIVISOR = "forgot the 1 / (poolH * poolW): the forward pass averages, so each "
            + "pixel of the window gets dout / (poolH * poolW), not dout.";
    private static final String NO_SHIFT = "forgot to shift the windows by the padding: window (i, j) starts at "
            + "row i * stride - padding and column j * stride - padding of x, in the zeros when i or j is 0.";
    private static final String INTEGER_DIVISION = "computed 1 / (poolH * poolW) in integer arithmetic, which is 0 "
            + "for any window larger than 1x1: each share is dout / (poolH * poolW), divided in floating point.";
    private static final String MAX = "sent the whole gradient to the window's maximum, as max pooling does: an "
            + "average spreads it evenly.";

    @Test
    @DisplayName("no padding, windows that do not overlap")
    void nonOverlapping(NDManager manager, Random random) {
        check(manager, random, Inputs.normal(random, 2, 3, 4, 4), 2, 2, 2, 0);
        check(manager, random, Inputs.normal(random, 2, 2, 5, 7), 2, 2, 2, 0);   // odd sizes: the last row and column get 0
        check(manager, random, Inputs.normal(random, 1, 1, 9, 7), 2, 3, 3, 0);   // stride larger than the window's height
        check(manager, random, Inputs.normal(random, 3, 1, 4, 4), 4, 4, 4, 0);   // one window: the global average
        check(manager, random, Inputs.normal(random, 1, 1, 3, 4), 1, 1, 1, 0);   // 1x1 windows: dx = dout
        check(manager, Inputs.normal(random, 2, 2, 5, 6), AvgPool2dCheck.withSpecials(Inputs.normal(random, 2, 2, 4, 4)),
                " with NaN and infinities", 2, 3, 1, 0);
    }

    @Test
    @DisplayName("overlapping windows: a pixel in several windows adds up its shares")
    void overlapping(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 2, 5, 5), Nd4j.ones(DataType.DOUBLE, 2, 2, 3, 3), " of ones", 3, 3, 1,
                0);
        check(manager, random, Inputs.normal(random, 1, 2, 7, 5), 3, 3, 2, 0);
        check(manager, random, Inputs.normal(random, 2, 1, 5, 8), 3, 2, 1, 0);
        check(manager, random, Inputs.normal(random, 1, 1, 6, 6), 2, 4, 1, 0);
    }

    @Test
    @DisplayName("padding 1 and 2: the padded zeros count in the divisor")
    void withPadding(NDManager manager, Random random) {
        check(manager, random, Inputs.normal(random, 2, 2, 5, 5), 3, 3, 1, 1);
        check(manager, random, Inputs.normal(random, 1, 2, 6, 7), 2, 2, 2, 1);
        check(manager, random, Inputs.normal(random, 2, 1, 7, 6), 3, 2, 2, 1);
        check(manager, random, Inputs.normal(random, 1, 1, 8, 8), 4, 4, 3, 2);
        check(manager, random, Inputs.normal(random, 1, 2, 5, 6), 2, 3, 3, 1);   // stride larger than the window
        int poolH = Inputs.between(random, 2, 4);
        int poolW = Inputs.between(random, 2, 4);
        int padding = Inputs.between(random, 1, Math.min(poolH, poolW) / 2);
        check(manager, random, Inputs.normal(random, Inputs.between(random, 1, 2), Inputs.between(random, 1, 2),
                Inputs.between(random, poolH, 8), Inputs.between(random, poolW, 8)),
                poolH, poolW, Inputs.between(random, 1, 3), padding);
    }

    @Test
    @DisplayName("a float32 input gives a float32 gradient")
    void float32(NDManager manager, Random random) {
        check(manager, random, Inputs.normal(random, 2, 3, 7, 6).castTo(DataType.FLOAT), 3, 2, 2, 1);
    }

    /** A case with a random upstream gradient. */
    private static void check(NDManager manager, Random random, INDArray x, int poolH, int poolW, int stride,
                              int padding) {
        long[] out = {x.size(0), x.size(1), (x.size(2) + 2 * padding - poolH) / stride + 1,
            (x.size(3) + 2 * padding - poolW) / stride + 1};
        check(manager, x, Inputs.normal(random, out).castTo(x.dataType()), "", poolH, poolW, stride, padding);
    }

    private static void check(NDManager manager, INDArray x, INDArray dout, String upstream, int poolH, int poolW,
                              int stride, int padding) {
        INDArray actual = Guarded.fresh(in -> AvgPool2dBackward.backward(in.copy("dout", dout), in.copy("x", x), poolH,
                poolW, stride, padding));

        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tdout = TorchOracle.toTorch(manager, dout);
        DataType type = x.dataType();
        int p = padding;
        NDArray right = Autograd.gradients(in -> avgPool(in.singletonOrThrow(), poolH, poolW, stride, p), tdout, tx)[0];
        boolean ones = upstream.contains("of ones");
        String what = "dx for backward(dout " + Nchw.shape(dout) + upstream + ", x " + Nchw.shape(x)
                + (type == DataType.DOUBLE ? "" : " " + type) + ", poolH " + poolH + ", poolW " + poolW + ", stride "
                + stride + ", padding " + padding + ")";
        Compare.assertClose(what, Nchw.expected(right, type), actual,
                new Mistake<>(OVERWRITE, () -> !ones ? null : Nchw.expected(
                        right.gt(0).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).div(poolH * poolW), type)),
                new Mistake<>(REAL_PIXELS, () -> p == 0 ? null : Nchw.expected(Autograd.gradients(
                        in -> avgPool(in.singletonOrThrow(), poolH, poolW, stride, p)
                                .div(avgPool(tx.onesLike(), poolH, poolW, stride, p)), tdout, tx)[0], type)),
                new Mistake<>(NO_DIVISOR, () -> Nchw.expected(right.mul(poolH * poolW), type)),
                new Mistake<>(INTEGER_DIVISION, () -> poolH * poolW == 1 ? null : Nchw.expected(right.zerosLike(), type)),
                new Mistake<>(NO_SHIFT, () -> p == 0 ? null : Nchw.expected(Autograd.gradients(in -> avgPool(
                        in.singletonOrThrow().pad(new Shape(0, 2 * p, 0, 2 * p), 0), poolH, poolW, stride, 0),
                        tdout, tx)[0], type)),
                new Mistake<>(MAX, () -> p > 0 ? null : Nchw.expected(Autograd.gradients(
                        in -> Pool.maxPool2d(in.singletonOrThrow(), new Shape(poolH, poolW), new Shape(stride, stride),
                                new Shape(0, 0), false), tdout, tx)[0], type)));

        // Centred differences of a sum weighted by NaN or infinity are NaN everywhere: nothing to compare.
        if (type == DataType.DOUBLE && !upstream.contains("NaN")) {
            Compare.assertClose(what + " (numerical gradient)",
                    NumericalGradient.of(v -> PlainForward.avgPool2d(v, poolH, poolW, stride, p), x, dout), actual,
                    NumericalGradient.TOLERANCE);
        }
    }

    /** PyTorch's {@code avg_pool2d} in floor mode, with {@code count_include_pad=True}. */
    private static NDArray avgPool(NDArray x, int poolH, int poolW, int stride, int padding) {
        return Pool.avgPool2d(x, new Shape(poolH, poolW), new Shape(stride, stride), new Shape(padding, padding),
                false, true);
    }
}
