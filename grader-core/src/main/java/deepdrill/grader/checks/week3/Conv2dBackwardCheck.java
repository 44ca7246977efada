package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import deepdrill.week3.Conv2dBackward;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code conv2d-backward} twice: against PyTorch's autograd through {@code conv2d}, and,
 * in float64, against centred differences of {@link PlainForward#conv2d}. Known mistakes are
 * recognised by differentiating the forward pass with the mistake made on purpose (a flipped
 * kernel, windows not shifted by the padding, stride 1) or by rearranging the right gradient
 * (db summed over the wrong axes, dw or db averaged over the batch).
 *
 * <p>Covered: batch 1, one channel, one filter, 1x1 kernels, a kernel as large as the image,
 * non-square inputs and kernels, strides 2 and 3 (larger than the kernel: pixels no window reads
 * get 0), padding 1 and 2 (corner windows that see only padding), float32. Named: the kernel's
 * orientation in dx and dw, the padding's shift or the stride left out of both axes or of one axis
 * only (rows or columns), db over the wrong axes, dw or db divided by N. Not covered: NaN and
 * infinities (centred differences of a NaN-weighted sum say nothing), whether dx, dw and db are
 * fresh (Guarded.fresh sees the record, not the arrays in it).
 */
@ExerciseCheck
class Conv2dBackwardCheck {

    private static final String FLIPPED_DX = "got the kernel's orientation wrong in dx: each tap sends "
            + "dout[n, f, i, j] * w[f, c, kh, kw] back to the pixel x[n, c, i*s - p + kh, j*s - p + kw] it read, "
            + "with no flip. (Written as a 'full' convolution of dout, dx uses the kernel rotated by 180 degrees: "
            + "flip exactly once.)";
    private static final String FLIPPED_DW = "flipped dw: dw[f, c, kh, kw] collects dout[n, f, i, j] times the "
            + "pixel that tap (kh, kw) read, x[n, c, i*s - p + kh, j*s - p + kw].";
    private static final String NO_SHIFT = "forgot to shift the windows by the padding: output (i, j) read the "
            + "window whose top-left tap is x[n, c, i*s - p, j*s - p], in the zeros when i or j is 0.";
    private static final String NO_STRIDE = "ignored the stride: output (i, j) read the window that starts at "
            + "row i * stride - padding and column j * stride - padding, so its gradient goes back there.";
    private static final String ONE_AXIS = "applied the %s to the %s only: output (i, j) read the window whose "
            + "top-left tap is x[n, c, i*s - p, j*s - p], with the %s on both axes, so its gradient goes back there.";
    private static final String DB_AXES = "summed dout over the wrong axes for db: the bias b[f] was added to "
            + "every output of filter f, so db[f] sums dout[n, f, i, j] over n, i and j (axes 0, 2 and 3).";
    private static final String BATCH_MEAN = "divided by the batch size N: a layer's backward returns the gradient "
            + "of the sum that dout describes; any averaging over the batch is the loss's job.";

    /** One configuration: the shapes of x and w, then stride and padding. */
    private record Case(long[] x, long[] w, int stride, int padding) {
        Case(int n, int c, int h, int w, int f, int hh, int ww, int stride, int padding) {
            this(new long[] {n, c, h, w}, new long[] {f, c, hh, ww}, stride, padding);
        }

        long[] out() {
            return new long[] {x[0], w[0], (x[2] + 2 * padding - w[2]) / stride + 1,
                (x[3] + 2 * padding - w[3]) / stride + 1};
        }

        @Override
        public String toString() {
            return "backward(dout " + Compare.shape(out()) + ", x " + Compare.shape(x) + ", w " + Compare.shape(w)
                    + ", stride " + stride + ", padding " + padding + ")";
        }
    }

    @Test
    @DisplayName("stride 1, no padding: batches, channels, filters, non-square kernels")
    void basic(NDManager manager, Random random) {
        check(manager, random, new Case(2, 3, 5, 5, 2, 3, 3, 1, 0), DataType.DOUBLE);
        check(manager, random, new Case(1, 1, 5, 4, 1, 3, 2, 1, 0), DataType.DOUBLE);   // batch 1, one channel, one filter
        check(manager, random, new Case(2, 2, 6, 5, 3, 2, 3, 1, 0), DataType.DOUBLE);
        check(manager, random, new Case(1, 3, 4, 4, 4, 1, 1, 1, 0), DataType.DOUBLE);   // 1x1 conv
        check(manager, random, new Case(2, 1, 4, 5, 2, 4, 5, 1, 0), DataType.DOUBLE);   // the kernel covers the image
    }

    @Test
    @DisplayName("stride 2 and 3, padding 1 and 2, stride larger than the kernel")
    void strideAndPadding(NDManager manager, Random random) {
        check(manager, random, new Case(2, 2, 5, 5, 2, 3, 3, 1, 1), DataType.DOUBLE);   // "same" padding
        check(manager, random, new Case(1, 2, 7, 6, 2, 3, 3, 2, 1), DataType.DOUBLE);
        check(manager, random, new Case(2, 1, 8, 7, 2, 2, 2, 3, 0), DataType.DOUBLE);   // stride larger than the kernel: gaps
        check(manager, random, new Case(1, 2, 6, 7, 3, 3, 2, 2, 2), DataType.DOUBLE);
        check(manager, random, new Case(1, 1, 4, 5, 2, 2, 1, 3, 2), DataType.DOUBLE);   // corner windows see only padding
        check(manager, random, randomCase(random), DataType.DOUBLE);
    }

    @Test
    @DisplayName("a float32 input gives float32 gradients")
    void float32(NDManager manager, Random random) {
        check(manager, random, new Case(2, 3, 6, 5, 4, 3, 2, 2, 1), DataType.FLOAT);
    }

    private static Case randomCase(Random random) {
        while (true) {
            Case k = new Case(Inputs.between(random, 1, 2), Inputs.between(random, 1, 2), Inputs.between(random, 3, 7),
                    Inputs.between(random, 3, 7), Inputs.between(random, 1, 3), Inputs.between(random, 1, 3),
                    Inputs.between(random, 1, 3), Inputs.between(random, 1, 3), Inputs.between(random, 0, 2));
            if (k.w()[2] <= k.x()[2] + 2 * k.padding() && k.w()[3] <= k.x()[3] + 2 * k.padding()) {
                return k;
            }
        }
    }

    private static void check(NDManager manager, Random random, Case k, DataType type) {
        INDArray x = Inputs.normal(random, k.x()).castTo(type);
        INDArray w = Inputs.normal(random, k.w()).castTo(type);
        INDArray dout = Inputs.normal(random, k.out()).castTo(type);
        Conv2dBackward.Gradients actual = Guarded.call(in -> Conv2dBackward.backward(in.copy("dout", dout),
                in.copy("x", x), in.copy("w", w), k.stride(), k.padding()));
        if (actual == null) {
            throw new AssertionFailedError(k + " returned null; return new Gradients(dx, dw, db).");
        }

        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tw = TorchOracle.toTorch(manager, w);
        NDArray tb = manager.zeros(new Shape(k.w()[0]), ai.djl.ndarray.types.DataType.FLOAT64);
        NDArray tdout = TorchOracle.toTorch(manager, dout);
        int s = k.stride();
        int p = k.padding();
        long outH = k.out()[2];
        long outW = k.out()[3];
        NDArray[] right = gradients(in -> conv(in[0], in[1], in[2], s, p), tdout, tx, tw, tb);
        // The gradients of the forward pass with a mistake made on purpose, computed only when needed.
        Supplier<NDArray[]> unshifted = () -> gradients(
                in -> conv(in[0].pad(new Shape(0, 2 * p, 0, 2 * p), 0), in[1], in[2], s, 0), tdout, tx, tw, tb);
        Supplier<NDArray[]> stride1 = () -> gradients(
                in -> Nchw.topLeft(conv(in[0], in[1], in[2], 1, p), outH, outW), tdout, tx, tw, tb);
        String suffix = type == DataType.DOUBLE ? "" : ", " + type;
        // The forward pass with a mistake on one axis: rows or columns without the stride or the shift.
        Supplier<NDArray[]> strideColumnsOnly = () -> gradients(in -> Nchw.topLeft(conv(in[0], in[1], in[2],
                new Shape(1, s), new Shape(p, p)), outH, outW), tdout, tx, tw, tb);
        Supplier<NDArray[]> strideRowsOnly = () -> gradients(in -> Nchw.topLeft(conv(in[0], in[1], in[2],
                new Shape(s, 1), new Shape(p, p)), outH, outW), tdout, tx, tw, tb);
        Supplier<NDArray[]> shiftColumnsOnly = () -> gradients(in -> conv(in[0].pad(new Shape(p, p, 0, 2 * p), 0),
                in[1], in[2], s, 0), tdout, tx, tw, tb);
        Supplier<NDArray[]> shiftRowsOnly = () -> gradients(in -> conv(in[0].pad(new Shape(0, 2 * p, p, p), 0),
                in[1], in[2], s, 0), tdout, tx, tw, tb);
        String strideColumns = ONE_AXIS.formatted("stride", "columns", "stride");
        String strideRows = ONE_AXIS.formatted("stride", "rows", "stride");
        String shiftColumns = ONE_AXIS.formatted("padding's shift", "columns", "padding");
        String shiftRows = ONE_AXIS.formatted("padding's shift", "rows", "padding");

        Compare.assertClose("dx for " + k + suffix, Nchw.expected(right[0], type), actual.dx(),
                new Mistake<>(FLIPPED_DX, () -> Nchw.expected(
                        gradients(in -> conv(in[0], in[1].flip(2, 3), in[2], s, p), tdout, tx, tw, tb)[0], type)),
                new Mistake<>(NO_SHIFT, () -> p == 0 ? null : Nchw.expected(unshifted.get()[0], type)),
                new Mistake<>(NO_STRIDE, () -> s == 1 ? null : Nchw.expected(stride1.get()[0], type)),
                new Mistake<>(strideColumns, () -> s == 1 ? null : Nchw.expected(strideColumnsOnly.get()[0], type)),
                new Mistake<>(strideRows, () -> s == 1 ? null : Nchw.expected(strideRowsOnly.get()[0], type)),
                new Mistake<>(shiftColumns, () -> p == 0 ? null : Nchw.expected(shiftColumnsOnly.get()[0], type)),
                new Mistake<>(shiftRows, () -> p == 0 ? null : Nchw.expected(shiftRowsOnly.get()[0], type)));
        Compare.assertClose("dw for " + k + suffix, Nchw.expected(right[1], type), actual.dw(),
                new Mistake<>(FLIPPED_DW, () -> Nchw.expected(right[1].flip(2, 3), type)),
                new Mistake<>(NO_SHIFT, () -> p == 0 ? null : Nchw.expected(unshifted.get()[1], type)),
                new Mistake<>(NO_STRIDE, () -> s == 1 ? null : Nchw.expected(stride1.get()[1], type)),
                new Mistake<>(strideColumns, () -> s == 1 ? null : Nchw.expected(strideColumnsOnly.get()[1], type)),
                new Mistake<>(strideRows, () -> s == 1 ? null : Nchw.expected(strideRowsOnly.get()[1], type)),
                new Mistake<>(shiftColumns, () -> p == 0 ? null : Nchw.expected(shiftColumnsOnly.get()[1], type)),
                new Mistake<>(shiftRows, () -> p == 0 ? null : Nchw.expected(shiftRowsOnly.get()[1], type)),
                new Mistake<>(BATCH_MEAN, () -> k.x()[0] == 1 ? null : Nchw.expected(right[1].div(k.x()[0]), type)));
        Compare.assertClose("db for " + k + suffix, Nchw.expected(right[2], type), actual.db(),
                new Mistake<>(DB_AXES, () -> Nchw.expected(tdout.sum(new int[] {2, 3}), type)),
                new Mistake<>(DB_AXES, () -> Nchw.expected(tdout.sum(new int[] {0}), type)),
                new Mistake<>(DB_AXES, () -> Nchw.expected(tdout.sum(new int[] {1, 2, 3}), type)),
                new Mistake<>(DB_AXES, () -> Nchw.expected(tdout.sum(), type)),
                new Mistake<>(BATCH_MEAN, () -> k.x()[0] == 1 ? null : Nchw.expected(right[2].div(k.x()[0]), type)));

        if (type == DataType.DOUBLE) {
            INDArray b = TorchOracle.toNd4j(tb);
            Compare.assertClose("dx for " + k + " (numerical gradient)",
                    NumericalGradient.of(v -> PlainForward.conv2d(v, w, b, s, p), x, dout),
                    actual.dx(), NumericalGradient.TOLERANCE);
            Compare.assertClose("dw for " + k + " (numerical gradient)",
                    NumericalGradient.of(v -> PlainForward.conv2d(x, v, b, s, p), w, dout),
                    actual.dw(), NumericalGradient.TOLERANCE);
            Compare.assertClose("db for " + k + " (numerical gradient)",
                    NumericalGradient.of(v -> PlainForward.conv2d(x, w, v, s, p), b, dout),
                    actual.db(), NumericalGradient.TOLERANCE);
        }
    }

    /** Autograd of {@code sum(forward(x, w, b) * dout)} with respect to x, w and b, in that order. */
    private static NDArray[] gradients(Function<NDArray[], NDArray> forward, NDArray dout, NDArray x, NDArray w,
                                       NDArray b) {
        return Autograd.gradients(in -> forward.apply(new NDArray[] {in.get(0), in.get(1), in.get(2)}), dout, x, w, b);
    }

    /** PyTorch's {@code conv2d} with a (height, width) pair for the stride and the padding, dilation 1. */
    private static NDArray conv(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding) {
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, stride, padding, new Shape(1, 1), 1).singletonOrThrow();
    }

    /** PyTorch's {@code conv2d} with the same stride and padding on both axes, dilation 1. */
    private static NDArray conv(NDArray x, NDArray w, NDArray b, int stride, int padding) {
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(padding, padding),
                new Shape(1, 1), 1).singletonOrThrow();
    }
}
