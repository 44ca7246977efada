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
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.MaxPool2d;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks {@code max-pool-forward} against PyTorch's {@code max_pool2d} (no padding, floor mode).
 * Inputs mix Gaussian values, small integers (ties) and all-negative values (which expose a
 * maximum that starts at 0).
 */
@ExerciseCheck
class MaxPool2dCheck {

    private static final String AVERAGED = "averaged the window instead of taking its maximum.";
    private static final String FROM_ZERO = "started the running maximum at 0: a window of negative values has a "
            + "negative maximum, so start at Double.NEGATIVE_INFINITY or at the window's first value.";
    private static final String NO_STRIDE = "ignored the stride: output (i, j) takes the window whose top-left "
            + "corner is x[n, c, i * stride, j * stride].";
    private static final String WINDOW_AS_STRIDE = "used the window size as the stride: the windows move by "
            + "'stride', which may be smaller than the window (overlapping) or larger (gaps).";

    @Test
    @DisplayName("non-overlapping windows (stride equal to the window)")
    void nonOverlapping(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 3, 4, 4), "", 2, 2, 2);
        check(manager, Inputs.normal(random, 2, 2, 5, 7), "", 2, 2, 2);   // odd sizes: the last row and column are dropped
        check(manager, Inputs.smallIntegers(random, 3, 1, 1, 6, 9), " of small integers", 3, 3, 3);
        check(manager, Inputs.normal(random, 1, 2, 4, 6).sub(3), " of negative values", 2, 2, 2);
        check(manager, Inputs.normal(random, 3, 1, 4, 4), "", 4, 4, 4);   // one window: the global maximum
    }

    @Test
    @DisplayName("overlapping windows (stride smaller than the window)")
    void overlapping(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 3, 7, 7), "", 3, 3, 2);
        check(manager, Inputs.smallIntegers(random, 3, 1, 2, 6, 5), " of small integers", 3, 3, 1);
        check(manager, Inputs.normal(random, 2, 1, 8, 6), "", 3, 2, 1);
        check(manager, Inputs.smallIntegers(random, 2, 1, 1, 5, 9), " of small integers", 2, 4, 1);
        check(manager, Inputs.normal(random, 1, 2, 6, 6).sub(3), " of negative values", 3, 3, 2);
    }

    @Test
    @DisplayName("stride larger than the window, non-square windows")
    void strideLargerThanWindow(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 2, 7, 7), "", 2, 2, 3);
        check(manager, Inputs.normal(random, 1, 1, 9, 6), "", 1, 1, 2);
        check(manager, Inputs.smallIntegers(random, 3, 2, 3, 10, 8), " of small integers", 3, 2, 4);
        check(manager, Inputs.normal(random, 1, 2, 5, 11), "", 1, 3, 4);
    }

    @Test
    @DisplayName("a float32 input gives a float32 output")
    void float32(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 3, 7, 6).castTo(DataType.FLOAT), "", 3, 2, 2);
    }

    private static void check(NDManager manager, INDArray x, String values, int poolH, int poolW, int stride) {
        INDArray actual = Guarded.fresh(in -> MaxPool2d.forward(in.copy("x", x), poolH, poolW, stride));

        NDArray tx = TorchOracle.toTorch(manager, x);
        DataType type = x.dataType();
        NDArray right = maxPool(tx, poolH, poolW, stride, stride);
        long outH = right.getShape().get(2);
        long outW = right.getShape().get(3);
        String what = "forward(x " + Nchw.shape(x) + values + (type == DataType.DOUBLE ? "" : " " + type)
                + ", poolH " + poolH + ", poolW " + poolW + ", stride " + stride + ")";
        Compare.assertClose(what, Nchw.expected(right, type), actual,
                new Mistake<>(AVERAGED, () -> Nchw.expected(Pool.avgPool2d(tx, new Shape(poolH, poolW),
                        new Shape(stride, stride), new Shape(0, 0), false, true), type)),
                new Mistake<>(FROM_ZERO, () -> Nchw.expected(maxPool(tx.maximum(0), poolH, poolW, stride, stride), type)),
                new Mistake<>(NO_STRIDE, () -> stride == 1 ? null
                        : Nchw.expected(Nchw.topLeft(maxPool(tx, poolH, poolW, 1, 1), outH, outW), type)),
                new Mistake<>(NO_STRIDE, () -> stride == 1 ? null : Nchw.expected(maxPool(tx, poolH, poolW, 1, 1), type)),
                new Mistake<>(WINDOW_AS_STRIDE, () -> stride == poolH && stride == poolW ? null
                        : Nchw.expected(Nchw.topLeft(maxPool(tx, poolH, poolW, poolH, poolW), outH, outW), type)),
                new Mistake<>(WINDOW_AS_STRIDE, () -> stride == poolH && stride == poolW ? null
                        : Nchw.expected(maxPool(tx, poolH, poolW, poolH, poolW), type)));
    }

    /** PyTorch's {@code max_pool2d} without padding, in floor mode. */
    private static NDArray maxPool(NDArray x, int poolH, int poolW, int strideH, int strideW) {
        return Pool.maxPool2d(x, new Shape(poolH, poolW), new Shape(strideH, strideW), new Shape(0, 0), false);
    }
}
