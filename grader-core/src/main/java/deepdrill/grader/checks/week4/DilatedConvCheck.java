package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.DilatedConv;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code dilated-conv} against PyTorch's {@code conv2d} with stride 1 and the given
 * dilation and padding; the effective kernel size against its closed form, which is also the
 * extent PyTorch's output size implies. Known mistakes are recognised by running PyTorch with the
 * mistake made on purpose: the dilation used as a stride, the kernel span taken as d * k, the
 * kernel flipped, the bias forgotten, the output's width computed from the height (or the reverse).
 *
 * <p>Covered: dilation 1 to 4; padding 0 to 4, "same" padding, taps that land in the padding on
 * both sides; non-square inputs and kernels (so that height-for-width code shows); a kernel that
 * spans the whole padded input (a 1 x 1 output); batch 1, one channel, one filter; NaN, +inf and
 * -inf in x, which must reach the outputs that read them as in PyTorch (padded zeros are real
 * zeros there: a tap in the padding adds 0 whatever the weight); float32; a new array every time.
 * The API has one dilation and one padding for both axes, so one-axis-only mistakes cannot occur.
 */
@ExerciseCheck
class DilatedConvCheck {

    private static final String DILATION_AS_STRIDE = "applied the dilation to the window position instead of the "
            + "kernel taps: output (i, j) reads xpad[i + kh * d, j + kw * d]; i * d + kh would be a stride.";
    private static final String SPAN_D_TIMES_K = "took the effective kernel size as d * k: k taps d apart have "
            + "k - 1 gaps of d pixels, so they span d * (k - 1) + 1 pixels.";
    private static final String FLIPPED = "flipped the kernel: w[f, c, 0, 0] multiplies the window's top-left tap "
            + "(cross-correlation, as in PyTorch).";
    private static final String HEIGHT_FOR_WIDTH = "computed the output's width from the input's height: "
            + "W' = W + 2p - (d * (WW - 1) + 1) + 1 uses W and WW, H' uses H and HH; code tried on square inputs "
            + "only cannot tell them apart.";
    private static final String WIDTH_FOR_HEIGHT = "computed the output's height from the input's width: "
            + "H' = H + 2p - (d * (HH - 1) + 1) + 1 uses H and HH, W' uses W and WW; code tried on square inputs "
            + "only cannot tell them apart.";
    private static final String NO_BIAS = "forgot the bias: add b[f] once to every output of filter f.";

    /** One configuration: the shapes of x and w, then dilation and padding. */
    private record Case(long[] x, long[] w, int dilation, int padding) {
        Case(int n, int c, int h, int w, int f, int hh, int ww, int dilation, int padding) {
            this(new long[] {n, c, h, w}, new long[] {f, c, hh, ww}, dilation, padding);
        }

        @Override
        public String toString() {
            return "forward(x " + Compare.shape(x) + ", w " + Compare.shape(w) + ", b (" + w[0] + "), dilation "
                    + dilation + ", padding " + padding + ")";
        }
    }

    @Test
    @DisplayName("effective kernel size: d * (k - 1) + 1")
    void effectiveKernelSize() {
        for (int kernel = 1; kernel <= 7; kernel++) {
            for (int dilation = 1; dilation <= 5; dilation++) {
                int expected = dilation * (kernel - 1) + 1;
                int actual = DilatedConv.effectiveKernelSize(kernel, dilation);
                if (actual != expected) {
                    String diagnosis = actual == dilation * kernel && kernel > 1 && dilation > 1
                            ? "Looks like you " + SPAN_D_TIMES_K + "\n" : "";
                    throw new AssertionFailedError(diagnosis + "effectiveKernelSize(kernel " + kernel + ", dilation "
                            + dilation + "): expected " + expected + ", got " + actual);
                }
            }
        }
    }

    @Test
    @DisplayName("dilation 1 and 2, no padding: batches, channels, non-square kernels")
    void basic(NDManager manager, Random random) {
        check(manager, random, new Case(2, 3, 5, 5, 4, 3, 3, 1, 0), DataType.DOUBLE);    // an ordinary convolution
        check(manager, random, new Case(2, 3, 7, 7, 2, 3, 3, 2, 0), DataType.DOUBLE);    // a 3x3 kernel spanning 5x5
        check(manager, random, new Case(1, 1, 6, 8, 1, 2, 3, 2, 0), DataType.DOUBLE);    // batch 1, one channel, one filter
        check(manager, random, new Case(1, 2, 5, 5, 3, 3, 3, 2, 0), DataType.DOUBLE);    // the kernel spans the image: 1x1
    }

    @Test
    @DisplayName("dilation 2 to 4 with padding, \"same\" padding")
    void dilationAndPadding(NDManager manager, Random random) {
        check(manager, random, new Case(2, 2, 8, 8, 2, 3, 3, 2, 2), DataType.DOUBLE);    // "same": p = d * (k - 1) / 2
        check(manager, random, new Case(1, 3, 9, 7, 2, 3, 3, 3, 1), DataType.DOUBLE);
        check(manager, random, new Case(2, 1, 6, 9, 3, 2, 3, 4, 3), DataType.DOUBLE);    // taps in the padding on both sides
        check(manager, random, new Case(1, 2, 11, 10, 2, 3, 2, 4, 4), DataType.DOUBLE);
        for (int i = 0; i < 2; i++) {
            Case k = new Case(Inputs.between(random, 1, 2), Inputs.between(random, 1, 3), Inputs.between(random, 4, 10),
                    Inputs.between(random, 4, 10), Inputs.between(random, 1, 3), Inputs.between(random, 1, 3),
                    Inputs.between(random, 1, 3), Inputs.between(random, 2, 3), Inputs.between(random, 0, 3));
            if (k.dilation() * (k.w()[2] - 1) < k.x()[2] + 2 * k.padding()
                    && k.dilation() * (k.w()[3] - 1) < k.x()[3] + 2 * k.padding()) {
                check(manager, random, k, DataType.DOUBLE);
            }
        }
    }

    @Test
    @DisplayName("NaN and infinities in x reach the outputs that read them, as in PyTorch")
    void nonFinite(NDManager manager, Random random) {
        for (Case k : new Case[] {new Case(1, 2, 6, 7, 2, 3, 3, 2, 2), new Case(2, 1, 8, 5, 1, 2, 2, 3, 0),
                new Case(1, 1, 4, 4, 1, 1, 1, 1, 1)}) {
            INDArray x = NonFiniteCases.planted(random, Inputs.normal(random, k.x()));
            check(manager, k, x, Inputs.normal(random, k.w()), Inputs.normal(random, k.w()[0]));
        }
    }

    @Test
    @DisplayName("a float32 input gives a float32 output")
    void float32(NDManager manager, Random random) {
        check(manager, random, new Case(2, 3, 7, 6, 2, 3, 2, 2, 1), DataType.FLOAT);
    }

    private static void check(NDManager manager, Random random, Case k, DataType type) {
        INDArray x = Inputs.normal(random, k.x()).castTo(type);
        INDArray w = Inputs.normal(random, k.w()).castTo(type);
        INDArray b = Inputs.normal(random, k.w()[0]).castTo(type);
        check(manager, k, x, w, b);
    }

    private static void check(NDManager manager, Case k, INDArray x, INDArray w, INDArray b) {
        DataType type = x.dataType();
        INDArray actual = Guarded.fresh(in -> DilatedConv.forward(in.copy("x", x), in.copy("w", w), in.copy("b", b),
                k.dilation(), k.padding()));

        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tw = TorchOracle.toTorch(manager, w);
        NDArray tb = TorchOracle.toTorch(manager, b);
        int d = k.dilation();
        int p = k.padding();
        NDArray right = conv(tx, tw, tb, 1, p, d);
        long outH = right.getShape().get(2);
        long outW = right.getShape().get(3);
        // A loop that sizes its output right but reads xpad[i * d + kh]: a stride-d, undilated conv whose
        // windows may run past the input (those taps read zeros), cut to the right size.
        long extra = d * Math.max(outH, outW);
        Compare.assertClose(k + (type == DataType.DOUBLE ? "" : ", " + type), Nchw.expected(right, type), actual,
                new Mistake<>(DILATION_AS_STRIDE, () -> d == 1 ? null : Nchw.expected(Nchw.topLeft(
                        conv(tx.pad(new Shape(p, p + extra, p, p + extra), 0), tw, tb, d, 0, 1), outH, outW), type)),
                new Mistake<>(SPAN_D_TIMES_K, () -> d == 1 || outH <= d - 1 || outW <= d - 1 ? null
                        : Nchw.expected(Nchw.topLeft(right, outH - (d - 1), outW - (d - 1)), type)),
                new Mistake<>(FLIPPED, () -> Nchw.expected(conv(tx, tw.flip(2, 3), tb, 1, p, d), type)),
                new Mistake<>(NO_BIAS, () -> Nchw.expected(conv(tx, tw, tb.zerosLike(), 1, p, d), type)),
                new Mistake<>(HEIGHT_FOR_WIDTH, () -> Nchw.expected(otherSize(tx, tw, tb, p, d, false), type)),
                new Mistake<>(WIDTH_FOR_HEIGHT, () -> Nchw.expected(otherSize(tx, tw, tb, p, d, true), type)));
    }

    /**
     * What a loop that sizes one output axis from the other input axis gives (the width from H, or the
     * height from W, with the right kernel size and bounds checks): the convolution over x with zeros
     * appended along that axis, or the first columns (rows) of the right output; null for a square input.
     */
    private static NDArray otherSize(NDArray x, NDArray w, NDArray b, int p, int d, boolean rows) {
        long[] s = x.getShape().getShape();
        long[] ks = w.getShape().getShape();
        long h = s[2];
        long wid = s[3];
        if (h == wid) {
            return null;
        }
        long effH = d * (ks[2] - 1) + 1;
        long effW = d * (ks[3] - 1) + 1;
        long wrongH = (rows ? wid : h) + 2L * p - effH + 1;
        long wrongW = (rows ? wid : h) + 2L * p - effW + 1;
        if (wrongH < 1 || wrongW < 1) {
            return null;
        }
        long extraH = rows ? Math.max(0, wid - h) : 0;
        long extraW = rows ? 0 : Math.max(0, h - wid);
        NDArray full = conv(x.pad(new Shape(p, p + extraW, p, p + extraH), 0), w, b, 1, 0, d);
        return Nchw.topLeft(full, wrongH, wrongW);
    }

    /** PyTorch's {@code conv2d} with the same stride, padding and dilation on both axes. */
    private static NDArray conv(NDArray x, NDArray w, NDArray b, int stride, int padding, int dilation) {
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(padding, padding),
                new Shape(dilation, dilation), 1).singletonOrThrow();
    }
}
