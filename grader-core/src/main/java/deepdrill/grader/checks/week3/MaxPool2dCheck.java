package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.EmptyBatch;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.MemoryLayout;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.MaxPool2d;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code max-pool-forward} against PyTorch's {@code max_pool2d} (no padding, floor mode).
 * Inputs mix Gaussian values, small integers (ties) and all-negative values (which expose a
 * maximum that starts at 0).
 *
 * <p>Covered: windows that tile, overlap or leave gaps, non-square windows on non-square inputs,
 * odd sizes (the last row and column dropped), one window over the whole map, a 1x1 window with
 * stride 1 (the answer has x's values, so returning x itself is named), batch 1 and one channel,
 * ties, all-negative values, windows of -Infinity, NaN (the window's maximum is NaN, as in
 * PyTorch), float32, x column-major and x a view into a larger array, an empty batch (its shape from PyTorch). Named: an average, a maximum started at 0 (or Double.MIN_VALUE), a NaN
 * skipped by a comparison, the stride ignored, the window used as the stride, a square window
 * (poolH on both axes), a buffer read as if every array were C-ordered and contiguous. The API has one stride for both axes, so there is no per-axis stride.
 */
@ExerciseCheck
class MaxPool2dCheck {

    private static final String AVERAGED = "averaged the window instead of taking its maximum.";
    private static final String FROM_ZERO = "started the running maximum at 0 (or at Double.MIN_VALUE, which is "
            + "the smallest positive double, not the most negative one): a window of negative values has a negative "
            + "maximum, so start at Double.NEGATIVE_INFINITY or at the window's first value.";
    private static final String NAN_SKIPPED = "skipped the NaN in a window: v > max is false for NaN, but the "
            + "maximum of a window with a NaN is NaN, as in PyTorch (Math.max(max, v) propagates it).";
    private static final String SQUARE = "used poolH for both sides of the window (code tried on square windows "
            + "only): the window is poolH rows by poolW columns.";
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
        check(manager, Inputs.normal(random, 2, 1, 4, 5), "", 1, 1, 1);   // 1x1 windows: x's own values
        check(manager, withNaN(Inputs.normal(random, 2, 2, 6, 7)), " with NaN", 2, 3, 2);
        check(manager, minusInfinity(Inputs.normal(random, 1, 2, 6, 6).sub(3)), " with -Infinity windows", 2, 2, 2);
    }

    @Test
    @DisplayName("a float32 input gives a float32 output")
    void float32(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 3, 7, 6).castTo(DataType.FLOAT), "", 3, 2, 2);
    }

    @Test
    @DisplayName("x in another memory layout (column-major, a view) gives the same output")
    void memoryLayouts(NDManager manager, Random random) {
        for (MemoryLayout layout : MemoryLayout.values()) {
            check(manager, Inputs.normal(random, 2, 3, 6, 5), layout, 2, 2, 2);
            check(manager, Inputs.normal(random, 1, 2, 5, 7).castTo(DataType.FLOAT), layout, 3, 2, 1);
        }
    }

    @Test
    @DisplayName("an empty batch (N = 0) gives an empty (0, C, H', W') output")
    void emptyBatch(NDManager manager) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray x = Nd4j.create(type, 0, 2, 5, 6);
            String what = "forward(x (0, 2, 5, 6)" + (type == DataType.DOUBLE ? "" : " " + type) + ", poolH 2, poolW 3, stride 2)";
            INDArray actual = EmptyBatch.call(what, () -> Guarded.fresh(in -> MaxPool2d.forward(in.copy("x", x), 2, 3, 2)));
            // PyTorch's answer for an empty batch of this shape: only its shape carries information.
            NDArray right = maxPool(manager.zeros(new Shape(0, 2, 5, 6)), 2, 3, 2, 2);
            Compare.assertClose(what, Nd4j.create(type, right.getShape().getShape()), actual);
        }
    }

    private static void check(NDManager manager, INDArray x, String values, int poolH, int poolW, int stride) {
        check(manager, x, values, null, poolH, poolW, stride);
    }

    private static void check(NDManager manager, INDArray x, MemoryLayout layout, int poolH, int poolW, int stride) {
        check(manager, x, ", " + layout.description(), layout, poolH, poolW, stride);
    }

    private static void check(NDManager manager, INDArray x, String values, MemoryLayout layout, int poolH, int poolW,
            int stride) {
        INDArray actual = Guarded.fresh(in -> MaxPool2d.forward(layout == null ? in.copy("x", x) : in.copy("x", x, layout),
                poolH, poolW, stride));

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
                new Mistake<>(NAN_SKIPPED, () -> Nchw.expected(maxPool(withoutNaN(tx), poolH, poolW, stride, stride), type)),
                new Mistake<>(SQUARE, () -> poolH == poolW || poolH > x.size(3) ? null : Nchw.expected(
                        Nchw.topLeft(maxPool(tx, poolH, poolH, stride, stride), outH, outW), type)),
                new Mistake<>(NO_STRIDE, () -> stride == 1 ? null
                        : Nchw.expected(Nchw.topLeft(maxPool(tx, poolH, poolW, 1, 1), outH, outW), type)),
                new Mistake<>(NO_STRIDE, () -> stride == 1 ? null : Nchw.expected(maxPool(tx, poolH, poolW, 1, 1), type)),
                new Mistake<>(WINDOW_AS_STRIDE, () -> stride == poolH && stride == poolW ? null
                        : Nchw.expected(Nchw.topLeft(maxPool(tx, poolH, poolW, poolH, poolW), outH, outW), type)),
                new Mistake<>(WINDOW_AS_STRIDE, () -> stride == poolH && stride == poolW ? null
                        : Nchw.expected(maxPool(tx, poolH, poolW, poolH, poolW), type)),
                misread(manager, layout, x, 0, poolH, poolW, stride), misread(manager, layout, x, 1, poolH, poolW, stride));
    }

    /** The answer for the {@code i}-th way of misreading x's buffer ({@link MemoryLayout#misreadings}). */
    private static Mistake<INDArray> misread(NDManager manager, MemoryLayout layout, INDArray x, int i, int poolH,
            int poolW, int stride) {
        return new Mistake<>(MemoryLayout.MISREAD, () -> {
            INDArray seen = MemoryLayout.misreading(layout, x, i);
            return seen == null ? null : Nchw.expected(maxPool(TorchOracle.toTorch(manager, seen), poolH, poolW, stride,
                    stride), x.dataType());
        });
    }

    /**
     * x with a NaN at (1, 1) of the first channel of every image: read by the windows of the cases
     * that use it, and never a window's first pixel, where a running maximum that skips NaN would
     * keep it anyway.
     */
    static INDArray withNaN(INDArray x) {
        for (long n = 0; n < x.size(0); n++) {
            x.putScalar(new long[] {n, 0, 1, 1}, Double.NaN);
        }
        return x;
    }

    /** x with its top-left 2x2 corner -Infinity in every map: a window of minus infinities. */
    static INDArray minusInfinity(INDArray x) {
        for (long n = 0; n < x.size(0); n++) {
            for (long c = 0; c < x.size(1); c++) {
                for (long r = 0; r < 2; r++) {
                    x.putScalar(new long[] {n, c, r, 0}, Double.NEGATIVE_INFINITY);
                    x.putScalar(new long[] {n, c, r, 1}, Double.NEGATIVE_INFINITY);
                }
            }
        }
        return x;
    }

    /** x with every NaN replaced by -Infinity: what a maximum that skips NaN sees. */
    private static NDArray withoutNaN(NDArray x) {
        return NDArrays.where(x.isNaN(), x.getManager().full(x.getShape(), Float.NEGATIVE_INFINITY, x.getDataType()), x);
    }

    /** PyTorch's {@code max_pool2d} without padding, in floor mode. */
    private static NDArray maxPool(NDArray x, int poolH, int poolW, int strideH, int strideW) {
        return Pool.maxPool2d(x, new Shape(poolH, poolW), new Shape(strideH, strideW), new Shape(0, 0), false);
    }
}
