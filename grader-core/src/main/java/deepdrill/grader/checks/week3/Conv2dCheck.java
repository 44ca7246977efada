package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.EmptyBatch;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.MemoryLayout;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.Conv2d;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code conv2d-forward} against PyTorch's {@code conv2d} (cross-correlation, zero padding
 * on all sides, floor). Known mistakes are recognised by running the same convolution with the
 * mistake made on purpose: a flipped kernel, a zero bias, stride or dilation 1, no padding.
 *
 * <p>Covered: batch 1, one channel, one filter, 1x1 kernels, a kernel as large as the image,
 * non-square inputs and kernels, strides 2 and 3 (larger than the kernel too), padding 1 and 2
 * (corner windows that see only padding), dilation 2 and 3, NaN and +-Infinity in x (they reach
 * exactly the outputs whose windows read them), float32, x and w column-major or views into larger
 * arrays, a fresh result, an empty batch (N = 0; its shape from PyTorch). Named: the flipped
 * kernel, the forgotten bias; the stride, the dilation or the padding's shift left out of both
 * axes or of one axis only (rows or columns); the padding left out; a buffer of x or w read as
 * if every array were C-ordered and contiguous. The API takes one stride,
 * padding and dilation for both axes, so the one-axis mistakes are the learner's, not the API's.
 */
@ExerciseCheck
class Conv2dCheck {

    private static final String FLIPPED = "flipped the kernel: deep-learning 'convolution' is cross-correlation, "
            + "so w[f, c, 0, 0] multiplies the top-left pixel of the window (no flip, as in PyTorch).";
    private static final String NO_BIAS = "forgot the bias: add b[f] once to every output of filter f.";
    private static final String NO_STRIDE = "ignored the stride: output (i, j) reads the window that starts at "
            + "row i * stride - padding and column j * stride - padding.";
    private static final String NO_DILATION = "ignored the dilation: kernel tap (kh, kw) reads row "
            + "top + kh * dilation and column left + kw * dilation.";
    private static final String NO_PADDING = "left out the padding: p zeros go on every side of x before the "
            + "kernel slides, which also makes the output larger.";
    private static final String ONE_AXIS = "applied the %s to the %s only: the %s of tap (kh, kw) of output (i, j) "
            + "is %s, with the %s in it as in the other axis.";
    private static final String NO_SHIFT = "forgot to shift the windows by the padding: output (0, 0) starts at "
            + "row -padding and column -padding of x, in the zeros.";

    /** One configuration: the shapes of x and w, then stride, padding and dilation. */
    private record Case(long[] x, long[] w, int stride, int padding, int dilation) {
        Case(int n, int c, int h, int w, int f, int hh, int ww, int stride, int padding, int dilation) {
            this(new long[] {n, c, h, w}, new long[] {f, c, hh, ww}, stride, padding, dilation);
        }

        @Override
        public String toString() {
            return "forward(x " + Compare.shape(x) + ", w " + Compare.shape(w) + ", b (" + w[0] + "), stride "
                    + stride + ", padding " + padding + ", dilation " + dilation + ")";
        }
    }

    @Test
    @DisplayName("stride 1, no padding: batches, channels, filters, non-square kernels")
    void basic(NDManager manager, Random random) {
        check(manager, random, new Case(2, 3, 5, 5, 4, 3, 3, 1, 0, 1), DataType.DOUBLE);
        check(manager, random, new Case(1, 1, 6, 4, 1, 3, 2, 1, 0, 1), DataType.DOUBLE);   // batch 1, one channel, one filter
        check(manager, random, new Case(2, 2, 7, 5, 3, 2, 3, 1, 0, 1), DataType.DOUBLE);
        check(manager, random, new Case(1, 3, 4, 4, 5, 1, 1, 1, 0, 1), DataType.DOUBLE);   // 1x1 conv: mixes channels
        check(manager, random, new Case(3, 1, 5, 6, 2, 5, 6, 1, 0, 1), DataType.DOUBLE);   // the kernel covers the image
    }

    @Test
    @DisplayName("stride 2 and 3, padding 1 and 2")
    void strideAndPadding(NDManager manager, Random random) {
        check(manager, random, new Case(2, 3, 7, 7, 2, 3, 3, 2, 1, 1), DataType.DOUBLE);
        check(manager, random, new Case(1, 2, 9, 6, 3, 3, 2, 2, 0, 1), DataType.DOUBLE);
        check(manager, random, new Case(2, 1, 8, 7, 2, 2, 2, 3, 0, 1), DataType.DOUBLE);   // stride larger than the kernel
        check(manager, random, new Case(1, 3, 6, 5, 2, 3, 3, 1, 1, 1), DataType.DOUBLE);   // "same" padding
        check(manager, random, new Case(2, 2, 5, 8, 3, 3, 2, 3, 2, 1), DataType.DOUBLE);
        check(manager, random, new Case(1, 1, 4, 4, 2, 1, 1, 3, 2, 1), DataType.DOUBLE);   // corner windows see only padding
        check(manager, withSpecials(Inputs.normal(random, 2, 2, 7, 6)), Inputs.normal(random, 2, 2, 3, 2),
                Inputs.normal(random, 2), new Case(new long[] {2, 2, 7, 6}, new long[] {2, 2, 3, 2}, 2, 1, 1));
        for (int i = 0; i < 3; i++) {
            check(manager, random, randomCase(random, 1), DataType.DOUBLE);
        }
    }

    @Test
    @DisplayName("dilation 2 and 3, with stride and padding")
    void dilation(NDManager manager, Random random) {
        check(manager, random, new Case(1, 2, 9, 9, 2, 3, 3, 1, 0, 2), DataType.DOUBLE);
        check(manager, random, new Case(2, 3, 10, 8, 2, 3, 2, 1, 2, 2), DataType.DOUBLE);
        check(manager, random, new Case(1, 1, 11, 9, 3, 2, 3, 2, 1, 2), DataType.DOUBLE);
        check(manager, random, new Case(2, 2, 12, 12, 1, 3, 3, 3, 2, 3), DataType.DOUBLE);
        for (int i = 0; i < 2; i++) {
            check(manager, random, randomCase(random, Inputs.between(random, 2, 3)), DataType.DOUBLE);
        }
    }

    @Test
    @DisplayName("a float32 input gives a float32 output")
    void float32(NDManager manager, Random random) {
        check(manager, random, new Case(2, 3, 6, 5, 4, 3, 2, 2, 1, 1), DataType.FLOAT);
        check(manager, random, new Case(1, 2, 7, 7, 2, 3, 3, 1, 2, 2), DataType.FLOAT);
    }

    @Test
    @DisplayName("x and w in another memory layout (column-major, a view) give the same output")
    void memoryLayouts(NDManager manager, Random random) {
        for (MemoryLayout layout : MemoryLayout.values()) {
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                Case k = new Case(2, 3, 6, 5, 2, 3, 2, 1, 1, 1);
                check(manager, Inputs.normal(random, k.x()).castTo(type), Inputs.normal(random, k.w()).castTo(type),
                        Inputs.normal(random, k.w()[0]).castTo(type), k, layout);
            }
        }
    }

    @Test
    @DisplayName("an empty batch (N = 0) gives an empty (0, F, H', W') output")
    void emptyBatch(NDManager manager, Random random) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Case k = new Case(0, 3, 6, 5, 2, 3, 2, 2, 1, 1);
            INDArray x = Nd4j.create(type, k.x());
            INDArray w = Inputs.normal(random, k.w()).castTo(type);
            INDArray b = Inputs.normal(random, k.w()[0]).castTo(type);
            INDArray actual = EmptyBatch.call(k.toString(), () -> Guarded.fresh(in -> Conv2d.forward(in.copy("x", x),
                    in.copy("w", w), in.copy("b", b), k.stride(), k.padding(), k.dilation())));
            // PyTorch's answer for an empty batch of this shape: only its shape carries information.
            NDArray right = conv(manager.zeros(new Shape(k.x()), ai.djl.ndarray.types.DataType.FLOAT64),
                    TorchOracle.toTorch(manager, w), TorchOracle.toTorch(manager, b), k.stride(), k.padding(),
                    k.dilation());
            Compare.assertClose(k + (type == DataType.DOUBLE ? "" : ", " + type),
                    Nd4j.create(type, right.getShape().getShape()), actual);
        }
    }

    private static Case randomCase(Random random, int dilation) {
        while (true) {
            Case k = new Case(Inputs.between(random, 1, 2), Inputs.between(random, 1, 3), Inputs.between(random, 3, 10),
                    Inputs.between(random, 3, 10), Inputs.between(random, 1, 4), Inputs.between(random, 1, 4),
                    Inputs.between(random, 1, 4), Inputs.between(random, 1, 3), Inputs.between(random, 0, 2), dilation);
            if (dilation * (k.w()[2] - 1) < k.x()[2] + 2 * k.padding()
                    && dilation * (k.w()[3] - 1) < k.x()[3] + 2 * k.padding()) {
                return k;
            }
        }
    }

    private static void check(NDManager manager, Random random, Case k, DataType type) {
        check(manager, Inputs.normal(random, k.x()).castTo(type), Inputs.normal(random, k.w()).castTo(type),
                Inputs.normal(random, k.w()[0]).castTo(type), k);
    }

    private static void check(NDManager manager, INDArray x, INDArray w, INDArray b, Case k) {
        check(manager, x, w, b, k, null);
    }

    private static void check(NDManager manager, INDArray x, INDArray w, INDArray b, Case k, MemoryLayout layout) {
        DataType type = x.dataType();
        INDArray actual = Guarded.fresh(in -> layout == null
                ? Conv2d.forward(in.copy("x", x), in.copy("w", w), in.copy("b", b), k.stride(), k.padding(), k.dilation())
                : Conv2d.forward(in.copy("x", x, layout), in.copy("w", w, layout), in.copy("b", b), k.stride(),
                        k.padding(), k.dilation()));

        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tw = TorchOracle.toTorch(manager, w);
        NDArray tb = TorchOracle.toTorch(manager, b);
        int s = k.stride();
        int p = k.padding();
        int d = k.dilation();
        NDArray right = conv(tx, tw, tb, s, p, d);
        long outH = right.getShape().get(2);
        long outW = right.getShape().get(3);
        String what = k + (type == DataType.DOUBLE ? "" : ", " + type)
                + (layout == null ? "" : ", x and w each " + layout.description());
        Compare.assertClose(what, Nchw.expected(right, type), actual,
                new Mistake<>(FLIPPED, () -> Nchw.expected(conv(tx, tw.flip(2, 3), tb, s, p, d), type)),
                new Mistake<>(NO_BIAS, () -> Nchw.expected(conv(tx, tw, tb.zerosLike(), s, p, d), type)),
                new Mistake<>(NO_STRIDE, () -> s == 1 ? null
                        : Nchw.expected(Nchw.topLeft(conv(tx, tw, tb, 1, p, d), outH, outW), type)),
                new Mistake<>(NO_STRIDE, () -> s == 1 ? null : Nchw.expected(conv(tx, tw, tb, 1, p, d), type)),
                new Mistake<>(ONE_AXIS.formatted("stride", "columns", "row", "i * stride - padding + kh * dilation",
                        "stride"), () -> s == 1 ? null : Nchw.expected(Nchw.topLeft(conv(tx, tw, tb,
                        new Shape(1, s), new Shape(p, p), new Shape(d, d)), outH, outW), type)),
                new Mistake<>(ONE_AXIS.formatted("stride", "rows", "column", "j * stride - padding + kw * dilation",
                        "stride"), () -> s == 1 ? null : Nchw.expected(Nchw.topLeft(conv(tx, tw, tb,
                        new Shape(s, 1), new Shape(p, p), new Shape(d, d)), outH, outW), type)),
                new Mistake<>(ONE_AXIS.formatted("dilation", "columns", "row", "i * stride - padding + kh * dilation",
                        "dilation"), () -> d == 1 ? null : Nchw.expected(Nchw.topLeft(conv(tx, tw, tb,
                        new Shape(s, s), new Shape(p, p), new Shape(1, d)), outH, outW), type)),
                new Mistake<>(ONE_AXIS.formatted("dilation", "rows", "column", "j * stride - padding + kw * dilation",
                        "dilation"), () -> d == 1 ? null : Nchw.expected(Nchw.topLeft(conv(tx, tw, tb,
                        new Shape(s, s), new Shape(p, p), new Shape(d, 1)), outH, outW), type)),
                new Mistake<>(ONE_AXIS.formatted("padding's shift", "columns", "row",
                        "i * stride - padding + kh * dilation", "padding"), () -> p == 0 ? null : Nchw.expected(
                        conv(tx.pad(new Shape(p, p, 0, 2 * p), 0), tw, tb, s, 0, d), type)),
                new Mistake<>(ONE_AXIS.formatted("padding's shift", "rows", "column",
                        "j * stride - padding + kw * dilation", "padding"), () -> p == 0 ? null : Nchw.expected(
                        conv(tx.pad(new Shape(0, 2 * p, p, p), 0), tw, tb, s, 0, d), type)),
                new Mistake<>(NO_DILATION, () -> d == 1 ? null
                        : Nchw.expected(Nchw.topLeft(conv(tx, tw, tb, s, p, 1), outH, outW), type)),
                new Mistake<>(NO_DILATION, () -> d == 1 ? null : Nchw.expected(conv(tx, tw, tb, s, p, 1), type)),
                new Mistake<>(NO_SHIFT, () -> p == 0 ? null
                        : Nchw.expected(conv(tx.pad(new Shape(0, 2 * p, 0, 2 * p), 0), tw, tb, s, 0, d), type)),
                new Mistake<>(NO_PADDING, () -> p == 0 || !fits(k, 0) ? null
                        : Nchw.expected(conv(tx, tw, tb, s, 0, d), type)),
                misread(manager, layout, x, w, b, k, 0, true, false), misread(manager, layout, x, w, b, k, 0, false, true),
                misread(manager, layout, x, w, b, k, 0, true, true), misread(manager, layout, x, w, b, k, 1, true, false),
                misread(manager, layout, x, w, b, k, 1, false, true), misread(manager, layout, x, w, b, k, 1, true, true));
    }

    /**
     * The answer for the {@code i}-th way of misreading the buffer ({@link MemoryLayout#misreadings})
     * of x, of w, or of both.
     */
    private static Mistake<INDArray> misread(NDManager manager, MemoryLayout layout, INDArray x, INDArray w, INDArray b,
            Case k, int i, boolean ofX, boolean ofW) {
        return new Mistake<>(MemoryLayout.MISREAD, () -> {
            INDArray seenX = ofX ? MemoryLayout.misreading(layout, x, i) : x;
            INDArray seenW = ofW ? MemoryLayout.misreading(layout, w, i) : w;
            return seenX == null || seenW == null ? null : Nchw.expected(conv(TorchOracle.toTorch(manager, seenX),
                    TorchOracle.toTorch(manager, seenW), TorchOracle.toTorch(manager, b), k.stride(), k.padding(),
                    k.dilation()), x.dataType());
        });
    }

    /** PyTorch's {@code conv2d} with the same stride, padding and dilation on both axes. */
    private static NDArray conv(NDArray x, NDArray w, NDArray b, int stride, int padding, int dilation) {
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(padding, padding),
                new Shape(dilation, dilation), 1).singletonOrThrow();
    }

    /** PyTorch's {@code conv2d} with a (height, width) pair for each of stride, padding and dilation. */
    private static NDArray conv(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding, Shape dilation) {
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, stride, padding, dilation, 1).singletonOrThrow();
    }

    /** x with a NaN, a +Infinity and a -Infinity in different images and channels. */
    private static INDArray withSpecials(INDArray x) {
        x.putScalar(new long[] {0, 0, 3, 2}, Double.NaN);
        x.putScalar(new long[] {1, 1, 0, 5}, Double.POSITIVE_INFINITY);
        x.putScalar(new long[] {1, 0, 6, 0}, Double.NEGATIVE_INFINITY);
        return x;
    }

    /** Whether at least one window fits with this padding (PyTorch refuses the configuration otherwise). */
    private static boolean fits(Case k, int padding) {
        return k.dilation() * (k.w()[2] - 1) < k.x()[2] + 2 * padding
                && k.dilation() * (k.w()[3] - 1) < k.x()[3] + 2 * padding;
    }
}
