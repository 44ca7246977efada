package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
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
import deepdrill.week3.AvgPool2d;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code avg-pool-forward} against PyTorch's {@code avg_pool2d} with zero padding, floor
 * mode and {@code count_include_pad=True}.
 *
 * <p>DJL's PyTorch engine (0.33.0, as 0.35.1) ignores the {@code countIncludePad} argument of
 * {@link Pool#avgPool2d} (its JNI layer never passes it on), so it always gets PyTorch's default,
 * {@code True}: right for the expected answer. The {@code False} variant, needed to recognise a
 * divisor that counts only the real pixels, is built from two such calls instead: the average of
 * x divided by the average of a ones array is the sum over the real pixels divided by their count.
 *
 * <p>Covered: windows that tile, overlap or leave gaps, non-square windows on non-square inputs,
 * one window over the map, padding 1 and 2 (corner windows mostly padding), a 1x1 window with
 * stride 1 (x's own values, so returning x is named), batch 1 and one channel, NaN and both
 * infinities in one window (NaN), float32, x column-major and x a view into a larger array, an
 * empty batch (its shape from PyTorch). Named: dividing by the real pixels, 1 / (poolH * poolW)
 * in integer arithmetic, a square window (poolH on both axes), the stride ignored, the padding
 * not shifted or left out, a maximum, a buffer read as if every array were C-ordered and contiguous. One stride and one padding serve both axes in this API.
 */
@ExerciseCheck
class AvgPool2dCheck {

    private static final String REAL_PIXELS = "divided by the number of real pixels in the window: the convention "
            + "here (PyTorch's default count_include_pad=True) counts the padded zeros too, so always divide by "
            + "poolH * poolW.";
    private static final String NO_STRIDE = "ignored the stride: output (i, j) averages the window whose top-left "
            + "corner is at row i * stride - padding and column j * stride - padding.";
    private static final String NO_SHIFT = "forgot to shift the windows by the padding: output (0, 0) starts at "
            + "row -padding and column -padding of x, in the zeros.";
    private static final String NO_PADDING = "left out the padding: p zeros go on every side of x before the "
            + "window slides, which also makes the output larger.";
    private static final String INTEGER_DIVISION = "computed 1 / (poolH * poolW) in integer arithmetic, which is 0 "
            + "for any window larger than 1x1: divide the sum by poolH * poolW in floating point.";
    private static final String SQUARE = "used poolH for both sides of the window (code tried on square windows "
            + "only): the window is poolH rows by poolW columns.";
    private static final String MAX = "took the maximum of the window instead of its average.";

    @Test
    @DisplayName("no padding: overlapping and non-overlapping windows")
    void noPadding(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 3, 6, 6), 2, 2, 2, 0);
        check(manager, Inputs.normal(random, 1, 2, 7, 5), 3, 3, 2, 0);   // overlapping
        check(manager, Inputs.normal(random, 2, 1, 5, 8), 3, 2, 1, 0);
        check(manager, Inputs.normal(random, 1, 1, 9, 7), 2, 3, 3, 0);   // stride larger than the window's height
        check(manager, Inputs.normal(random, 3, 2, 4, 4), 4, 4, 1, 0);   // one window: the global average
        check(manager, Inputs.normal(random, 1, 1, 3, 5), 1, 1, 1, 0);   // 1x1 windows: x's own values
        check(manager, withSpecials(Inputs.normal(random, 2, 2, 5, 6)), 2, 3, 1, 0);
    }

    @Test
    @DisplayName("padding 1 and 2: the padded zeros count in the divisor")
    void withPadding(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 3, 5, 5), 3, 3, 1, 1);
        check(manager, Inputs.normal(random, 1, 2, 6, 7), 2, 2, 2, 1);
        check(manager, Inputs.normal(random, 2, 1, 7, 6), 3, 2, 2, 1);
        check(manager, Inputs.normal(random, 1, 2, 8, 8), 4, 4, 3, 2);
        check(manager, Inputs.normal(random, 2, 2, 5, 6), 2, 3, 3, 1);
        for (int i = 0; i < 2; i++) {
            int poolH = Inputs.between(random, 2, 4);
            int poolW = Inputs.between(random, 2, 4);
            int padding = Inputs.between(random, 1, Math.min(poolH, poolW) / 2);
            check(manager, Inputs.normal(random, Inputs.between(random, 1, 2), Inputs.between(random, 1, 3),
                    Inputs.between(random, poolH, 9), Inputs.between(random, poolW, 9)),
                    poolH, poolW, Inputs.between(random, 1, 3), padding);
        }
    }

    @Test
    @DisplayName("a float32 input gives a float32 output")
    void float32(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 3, 7, 6).castTo(DataType.FLOAT), 3, 2, 2, 1);
    }

    @Test
    @DisplayName("x in another memory layout (column-major, a view) gives the same output")
    void memoryLayouts(NDManager manager, Random random) {
        for (MemoryLayout layout : MemoryLayout.values()) {
            check(manager, Inputs.normal(random, 2, 3, 6, 5), layout, 2, 2, 2, 1);
            check(manager, Inputs.normal(random, 1, 2, 5, 7).castTo(DataType.FLOAT), layout, 3, 2, 1, 0);
        }
    }

    @Test
    @DisplayName("an empty batch (N = 0) gives an empty (0, C, H', W') output")
    void emptyBatch(NDManager manager) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray x = Nd4j.create(type, 0, 2, 5, 6);
            String what = "forward(x (0, 2, 5, 6)" + (type == DataType.DOUBLE ? "" : " " + type)
                    + ", poolH 2, poolW 3, stride 2, padding 1)";
            INDArray actual = EmptyBatch.call(what, () -> Guarded.fresh(in -> AvgPool2d.forward(in.copy("x", x), 2, 3, 2, 1)));
            // PyTorch's answer for an empty batch of this shape: only its shape carries information.
            NDArray right = avgPool(manager.zeros(new Shape(0, 2, 5, 6)), 2, 3, 2, 1);
            Compare.assertClose(what, Nd4j.create(type, right.getShape().getShape()), actual);
        }
    }

    private static void check(NDManager manager, INDArray x, int poolH, int poolW, int stride, int padding) {
        check(manager, x, null, poolH, poolW, stride, padding);
    }

    private static void check(NDManager manager, INDArray x, MemoryLayout layout, int poolH, int poolW, int stride,
            int padding) {
        INDArray actual = Guarded.fresh(in -> AvgPool2d.forward(layout == null ? in.copy("x", x) : in.copy("x", x, layout),
                poolH, poolW, stride, padding));

        NDArray tx = TorchOracle.toTorch(manager, x);
        DataType type = x.dataType();
        NDArray right = avgPool(tx, poolH, poolW, stride, padding);
        long outH = right.getShape().get(2);
        long outW = right.getShape().get(3);
        int p = padding;
        String what = "forward(x " + Nchw.shape(x) + (type == DataType.DOUBLE ? "" : " " + type)
                + (layout == null ? "" : ", " + layout.description()) + ", poolH " + poolH
                + ", poolW " + poolW + ", stride " + stride + ", padding " + padding + ")";
        Compare.assertClose(what, Nchw.expected(right, type), actual,
                new Mistake<>(REAL_PIXELS, () -> p == 0 ? null
                        : Nchw.expected(right.div(avgPool(tx.onesLike(), poolH, poolW, stride, p)), type)),
                new Mistake<>(INTEGER_DIVISION, () -> poolH * poolW == 1 ? null : Nchw.expected(right.zerosLike(), type)),
                new Mistake<>(SQUARE, () -> poolH == poolW || poolH > x.size(3) + 2L * p ? null : Nchw.expected(
                        Nchw.topLeft(avgPool(tx, poolH, poolH, stride, p), outH, outW), type)),
                new Mistake<>(NO_STRIDE, () -> stride == 1 ? null
                        : Nchw.expected(Nchw.topLeft(avgPool(tx, poolH, poolW, 1, p), outH, outW), type)),
                new Mistake<>(NO_STRIDE, () -> stride == 1 ? null
                        : Nchw.expected(avgPool(tx, poolH, poolW, 1, p), type)),
                new Mistake<>(NO_SHIFT, () -> p == 0 ? null : Nchw.expected(
                        avgPool(tx.pad(new Shape(0, 2 * p, 0, 2 * p), 0), poolH, poolW, stride, 0), type)),
                new Mistake<>(NO_PADDING, () -> p == 0 || poolH > x.size(2) || poolW > x.size(3) ? null
                        : Nchw.expected(avgPool(tx, poolH, poolW, stride, 0), type)),
                new Mistake<>(MAX, () -> Nchw.expected(Pool.maxPool2d(tx.pad(new Shape(p, p, p, p), 0),
                        new Shape(poolH, poolW), new Shape(stride, stride), new Shape(0, 0), false), type)),
                misread(manager, layout, x, 0, poolH, poolW, stride, p), misread(manager, layout, x, 1, poolH, poolW, stride, p));
    }

    /** The answer for the {@code i}-th way of misreading x's buffer ({@link MemoryLayout#misreadings}). */
    private static Mistake<INDArray> misread(NDManager manager, MemoryLayout layout, INDArray x, int i, int poolH,
            int poolW, int stride, int padding) {
        return new Mistake<>(MemoryLayout.MISREAD, () -> {
            INDArray seen = MemoryLayout.misreading(layout, x, i);
            return seen == null ? null : Nchw.expected(avgPool(TorchOracle.toTorch(manager, seen), poolH, poolW, stride,
                    padding), x.dataType());
        });
    }

    /** x with a NaN in one map, +Infinity in another, and both infinities side by side in a third. */
    static INDArray withSpecials(INDArray x) {
        x.putScalar(new long[] {0, 0, 2, 3}, Double.NaN);
        x.putScalar(new long[] {0, 1, 1, 1}, Double.POSITIVE_INFINITY);
        x.putScalar(new long[] {1, 0, 3, 2}, Double.POSITIVE_INFINITY);
        x.putScalar(new long[] {1, 0, 3, 3}, Double.NEGATIVE_INFINITY);
        return x;
    }

    /** PyTorch's {@code avg_pool2d} in floor mode, with {@code count_include_pad=True}. */
    private static NDArray avgPool(NDArray x, int poolH, int poolW, int stride, int padding) {
        return Pool.avgPool2d(x, new Shape(poolH, poolW), new Shape(stride, stride), new Shape(padding, padding),
                false, true);
    }
}
