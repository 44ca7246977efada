package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareCount;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.DepthwiseSeparable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code depthwise-separable} against PyTorch: the forward pass is {@code conv2d} with
 * {@code groups = C} (the depthwise step) followed by a 1x1 {@code conv2d}; the MAC counts are read
 * off the shapes PyTorch produces (output size times the work per output value, taken from the
 * weight's shape), and the cost ratio is the quotient of those counts (Howard et al. 2017,
 * arXiv:1704.04861). Known mistakes are recognised by computing them with PyTorch on purpose, or
 * from the shape alone (an output axis sized from the other input axis).
 *
 * <p>Covered: F equal to, larger and smaller than C; even and 1 x 1 kernels; stride 1 to 3 (larger
 * than the kernel), padding 0 to 2 (corner windows mostly padding); non-square inputs; batch 1, one
 * channel, one filter; NaN, +inf and -inf in x, which reach every output that reads them as in
 * PyTorch; float32; a new array every time. MAC counts past Integer.MAX_VALUE (a long), kernel 1 and
 * one channel; the cost ratio for K = 1 and F up to 1024, and its integer-division variant. The API
 * has one stride and padding for both axes, so one-axis-only mistakes cannot occur.
 */
@ExerciseCheck
class DepthwiseSeparableCheck {

    private static final String SUMMED_OVER_CHANNELS = "summed over channels in the depthwise step, as an ordinary "
            + "conv does: depthwise output channel c reads only input channel c, d[n, c, i, j] = sum over kh, kw of "
            + "xpad[n, c, ...] * depthwiseW[c, 0, kh, kw].";
    private static final String POINTWISE_FIRST = "applied the pointwise (1x1) conv before the depthwise one: the "
            + "depthwise K x K step comes first, then the 1x1 conv mixes its C channels into F.";
    private static final String NO_PADDING = "left out the padding: p zeros go on every side of x before the "
            + "depthwise step.";
    private static final String NO_STRIDE = "ignored the stride: depthwise output (i, j) reads the window that starts "
            + "at row i * stride - padding and column j * stride - padding.";
    private static final String KERNEL_NOT_SQUARED = "counted the kernel as K instead of K * K: a K x K window holds "
            + "K * K taps.";
    private static final String ONLY_DEPTHWISE = "counted only the depthwise step: add the pointwise step's "
            + "C * F * H' * W' MACs.";
    private static final String ONLY_POINTWISE = "counted only the pointwise step: add the depthwise step's "
            + "C * K * K * H' * W' MACs.";
    private static final String OVERFLOW = "overflowed int: the product passes Integer.MAX_VALUE, so cast to long "
            + "before multiplying ((long) c * f * ...).";
    private static final String HEIGHT_FOR_WIDTH = "sized the output's width from the input's height: "
            + "W' = (W + 2p - K) / stride + 1 uses W; code tried on square inputs only cannot tell them apart.";
    private static final String WIDTH_FOR_HEIGHT = "sized the output's height from the input's width: "
            + "H' = (H + 2p - K) / stride + 1 uses H; code tried on square inputs only cannot tell them apart.";
    private static final String RATIO_INTEGER = "divided integers in the cost ratio: 1 / F and 1 / (K * K) in int "
            + "arithmetic are 0 (unless F or K is 1); write 1.0 / f + 1.0 / (k * k).";
    private static final String RATIO_OVER_K = "used 1 / K instead of 1 / K^2: the depthwise step saves the F "
            + "filters, the pointwise step saves the K * K taps, so the ratio is 1 / F + 1 / K^2.";

    /** One configuration: x (n, c, h, w), F pointwise filters, a k x k depthwise kernel, stride and padding. */
    private record Case(int n, int c, int h, int w, int f, int k, int stride, int padding) {
        @Override
        public String toString() {
            return "forward(x (" + n + ", " + c + ", " + h + ", " + w + "), depthwiseW (" + c + ", 1, " + k + ", " + k
                    + "), pointwiseW (" + f + ", " + c + ", 1, 1), stride " + stride + ", padding " + padding + ")";
        }
    }

    @Test
    @DisplayName("stride 1, no padding: batches, channels, filters, 1x1 kernels")
    void depthwiseThenPointwise(NDManager manager, Random random) {
        check(manager, random, new Case(2, 3, 5, 5, 3, 3, 1, 0), DataType.DOUBLE);   // F = C: the order of the steps shows
        check(manager, random, new Case(1, 4, 6, 5, 6, 3, 1, 0), DataType.DOUBLE);   // F > C: expand
        check(manager, random, new Case(2, 5, 5, 7, 2, 2, 1, 0), DataType.DOUBLE);   // F < C: reduce, even kernel
        check(manager, random, new Case(1, 1, 4, 4, 1, 3, 1, 0), DataType.DOUBLE);   // batch 1, one channel, one filter
        check(manager, random, new Case(3, 2, 3, 4, 3, 1, 1, 0), DataType.DOUBLE);   // a 1x1 depthwise kernel: a scale
    }

    @Test
    @DisplayName("stride 2 and 3, padding 1 and 2, non-square inputs")
    void strideAndPadding(NDManager manager, Random random) {
        check(manager, random, new Case(2, 3, 7, 7, 4, 3, 2, 1), DataType.DOUBLE);   // MobileNet's downsampling block
        check(manager, random, new Case(1, 4, 6, 9, 4, 3, 1, 1), DataType.DOUBLE);   // "same" padding
        check(manager, random, new Case(2, 2, 8, 7, 3, 2, 3, 0), DataType.DOUBLE);   // stride larger than the kernel
        check(manager, random, new Case(1, 3, 5, 6, 2, 3, 3, 2), DataType.DOUBLE);   // corner windows see mostly padding
        for (int i = 0; i < 3; i++) {
            int k = Inputs.between(random, 1, 4);
            check(manager, random, new Case(Inputs.between(random, 1, 2), Inputs.between(random, 1, 5),
                    Inputs.between(random, k, 9), Inputs.between(random, k, 9), Inputs.between(random, 1, 5), k,
                    Inputs.between(random, 1, 3), Inputs.between(random, 0, 2)), DataType.DOUBLE);
        }
    }

    @Test
    @DisplayName("NaN and infinities in x reach every output that reads them, as in PyTorch")
    void nonFinite(NDManager manager, Random random) {
        for (Case k : new Case[] {new Case(1, 2, 5, 7, 3, 3, 2, 1), new Case(2, 1, 4, 3, 1, 2, 1, 0)}) {
            INDArray x = NonFiniteCases.planted(random, Inputs.normal(random, k.n(), k.c(), k.h(), k.w()));
            check(manager, k, x, Inputs.normal(random, k.c(), 1, k.k(), k.k()), Inputs.normal(random, k.f(), k.c(), 1, 1));
        }
    }

    @Test
    @DisplayName("a float32 input gives a float32 output")
    void float32(NDManager manager, Random random) {
        check(manager, random, new Case(2, 3, 6, 5, 4, 3, 2, 1), DataType.FLOAT);
    }

    /** A layer for the MAC counts: channels, kernel, and the input size and stride it runs on. */
    private record Layer(int c, int f, int k, int h, int w, int stride, int padding) {
        String call(String method, long outH, long outW) {
            return method + "(" + c + ", " + f + ", " + k + ", " + outH + ", " + outW + ") (a " + h + "x" + w
                    + " input, stride " + stride + ", padding " + padding + ")";
        }
    }

    private static final List<Layer> LAYERS = List.of(
            new Layer(32, 64, 3, 112, 112, 1, 1),      // MobileNet's first separable block
            new Layer(64, 128, 3, 112, 112, 2, 1),
            new Layer(512, 512, 3, 14, 14, 1, 1),
            new Layer(16, 8, 5, 9, 7, 1, 0),
            new Layer(3, 1, 1, 4, 4, 1, 0),
            new Layer(1, 1, 2, 3, 3, 1, 0),
            new Layer(512, 512, 3, 112, 112, 1, 1));   // 29.6 billion standard MACs: a long

    @Test
    @DisplayName("MACs of the standard conv and of its separable replacement, past Integer.MAX_VALUE")
    void macCounts(NDManager manager, Random random) {
        List<Layer> layers = new ArrayList<>(LAYERS);
        for (int i = 0; i < 4; i++) {
            int k = Inputs.between(random, 1, 5);
            layers.add(new Layer(Inputs.between(random, 1, 64), Inputs.between(random, 1, 64), k,
                    Inputs.between(random, k, 30), Inputs.between(random, k, 30), Inputs.between(random, 1, 2),
                    Inputs.between(random, 0, 2)));
        }
        for (Layer l : layers) {
            long[] counts = torchMacs(manager, l);
            int outH = (int) counts[3];
            int outW = (int) counts[4];
            long standard = counts[0];
            long depthwise = counts[1];
            long pointwise = counts[2];
            List<Mistake<Long>> standardMistakes = new ArrayList<>();
            if (l.k() > 1) {
                standardMistakes.add(Mistake.giving(KERNEL_NOT_SQUARED, standard / l.k()));
            }
            if (standard > Integer.MAX_VALUE) {
                standardMistakes.add(Mistake.giving(OVERFLOW, (long) (int) standard));
            }
            CompareCount.assertEqual(l.call("standardMacs", outH, outW), "PyTorch's conv2d output " + l.f() + "x" + outH + "x" + outW
                    + " times " + (long) l.c() * l.k() * l.k() + " MACs per value", standard,
                    DepthwiseSeparable.standardMacs(l.c(), l.f(), l.k(), outH, outW), standardMistakes);

            List<Mistake<Long>> separableMistakes = new ArrayList<>(List.of(
                    Mistake.giving(ONLY_DEPTHWISE, depthwise), Mistake.giving(ONLY_POINTWISE, pointwise)));
            if (l.k() > 1) {
                separableMistakes.add(Mistake.giving(KERNEL_NOT_SQUARED, depthwise / l.k() + pointwise));
            }
            CompareCount.assertEqual(l.call("separableMacs", outH, outW), "the depthwise conv2d (groups = C) " + depthwise
                    + " plus the 1x1 conv2d " + pointwise, depthwise + pointwise,
                    DepthwiseSeparable.separableMacs(l.c(), l.f(), l.k(), outH, outW), separableMistakes);
        }
    }

    @Test
    @DisplayName("the cost ratio 1 / F + 1 / K^2")
    void costRatio(NDManager manager, Random random) {
        List<Layer> layers = new ArrayList<>(LAYERS);
        for (int i = 0; i < 4; i++) {
            int k = Inputs.between(random, 1, 7);
            layers.add(new Layer(Inputs.between(random, 1, 32), Inputs.between(random, 1, 1024), k, 2 * k, 2 * k, 1, 0));
        }
        Tolerance tolerance = new Tolerance(1e-15, 1e-12);
        for (Layer l : layers) {
            long[] counts = torchMacs(manager, l);
            double expected = (double) (counts[1] + counts[2]) / counts[0];
            double actual = DepthwiseSeparable.costRatio(l.f(), l.k());
            if (tolerance.accepts(expected, actual)) {
                continue;
            }
            String what = String.format(Locale.ROOT, "costRatio(%d, %d): expected %.15g (PyTorch's separable MACs "
                    + "%d / standard MACs %d), got %.15g", l.f(), l.k(), expected, counts[1] + counts[2], counts[0],
                    actual);
            int f = l.f();
            int kk = l.k();
            String diagnosis = Mistake.matching(wrong -> tolerance.accepts(wrong, actual),
                    new Mistake<>(RATIO_OVER_K, () -> kk > 1 ? 1.0 / f + 1.0 / kk : null),
                    Mistake.giving(RATIO_INTEGER, (double) (1 / f + 1 / (kk * kk))),
                    Mistake.giving(RATIO_INTEGER, 1.0 / f + 1 / (kk * kk)),
                    Mistake.giving(RATIO_INTEGER, 1 / f + 1.0 / (kk * kk)));
            throw new AssertionFailedError(diagnosis + what);
        }
    }

    private static void check(NDManager manager, Random random, Case k, DataType type) {
        INDArray x = Inputs.normal(random, k.n(), k.c(), k.h(), k.w()).castTo(type);
        INDArray dw = Inputs.normal(random, k.c(), 1, k.k(), k.k()).castTo(type);
        INDArray pw = Inputs.normal(random, k.f(), k.c(), 1, 1).castTo(type);
        check(manager, k, x, dw, pw);
    }

    private static void check(NDManager manager, Case k, INDArray x, INDArray dw, INDArray pw) {
        DataType type = x.dataType();
        INDArray actual = Guarded.fresh(in -> DepthwiseSeparable.forward(in.copy("x", x), in.copy("depthwiseW", dw),
                in.copy("pointwiseW", pw), k.stride(), k.padding()));

        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tdw = TorchOracle.toTorch(manager, dw);
        NDArray tpw = TorchOracle.toTorch(manager, pw);
        int c = k.c();
        int s = k.stride();
        int p = k.padding();
        NDArray right = conv(conv(tx, tdw, s, p, c), tpw, 1, 0, 1);
        long outH = right.getShape().get(2);
        long outW = right.getShape().get(3);
        // The two ways to write a full conv from a per-channel kernel: output channel c uses depthwiseW[c] on
        // every input channel, or every output channel uses depthwiseW[c'] on input channel c'.
        NDArray perOutput = tdw.repeat(1, c);
        NDArray perInput = tdw.reshape(1, c, k.k(), k.k()).repeat(0, c);
        String what = k + (type == DataType.DOUBLE ? "" : ", " + type);
        ShapeMistakes.assertNone(what, right.getShape().getShape(), actual, List.of(
                Mistake.giving(HEIGHT_FOR_WIDTH, new long[] {k.n(), k.f(), outH, size(k.h(), k)}),
                Mistake.giving(WIDTH_FOR_HEIGHT, new long[] {k.n(), k.f(), size(k.w(), k), outW})));
        Compare.assertClose(what, Nchw.expected(right, type), actual,
                new Mistake<>(SUMMED_OVER_CHANNELS, () -> c == 1 ? null
                        : Nchw.expected(conv(conv(tx, perOutput, s, p, 1), tpw, 1, 0, 1), type)),
                new Mistake<>(SUMMED_OVER_CHANNELS, () -> c == 1 ? null
                        : Nchw.expected(conv(conv(tx, perInput, s, p, 1), tpw, 1, 0, 1), type)),
                new Mistake<>(POINTWISE_FIRST, () -> k.f() != c ? null
                        : Nchw.expected(conv(conv(tx, tpw, 1, 0, 1), tdw, s, p, c), type)),
                new Mistake<>(NO_STRIDE, () -> s == 1 ? null
                        : Nchw.expected(Nchw.topLeft(conv(conv(tx, tdw, 1, p, c), tpw, 1, 0, 1), outH, outW), type)),
                new Mistake<>(NO_PADDING, () -> p == 0 || k.h() < k.k() || k.w() < k.k() ? null
                        : Nchw.expected(conv(conv(tx, tdw, s, 0, c), tpw, 1, 0, 1), type)));
    }

    /** The size {@code (in + 2p - K) / stride + 1} of an axis of input size {@code in}. */
    private static long size(long in, Case k) {
        return Math.floorDiv(in + 2L * k.padding() - k.k(), k.stride()) + 1;
    }

    /** PyTorch's conv2d without a bias, the same stride and padding on both axes. */
    private static NDArray conv(NDArray x, NDArray w, int stride, int padding, int groups) {
        NDArray noBias = x.getManager().zeros(new Shape(w.getShape().get(0)), x.getDataType());
        return Conv2d.conv2d(x, w, noBias, new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1),
                groups).singletonOrThrow();
    }

    /**
     * The standard, depthwise and pointwise MACs per image and the output's height and width: the size of
     * each conv's output, as PyTorch computes it, times the weight's {@code shape[1] * HH * WW}. The
     * spatial size does not depend on the channels, so PyTorch runs it on one channel (cheap even for the
     * 512-channel layers); the channels of each output are its weight's {@code shape[0]}.
     */
    private static long[] torchMacs(NDManager manager, Layer l) {
        try (NDManager m = manager.newSubManager()) {
            ai.djl.ndarray.types.DataType f32 = ai.djl.ndarray.types.DataType.FLOAT32;
            NDArray plane = conv(m.zeros(new Shape(1, 1, l.h(), l.w()), f32), m.zeros(new Shape(1, 1, l.k(), l.k()), f32),
                    l.stride(), l.padding(), 1);
            long outH = plane.getShape().get(2);
            long outW = plane.getShape().get(3);
            NDArray full = m.zeros(new Shape(l.f(), l.c(), l.k(), l.k()), f32);
            NDArray dw = m.zeros(new Shape(l.c(), 1, l.k(), l.k()), f32);
            NDArray pw = m.zeros(new Shape(l.f(), l.c(), 1, 1), f32);
            long positions = outH * outW;
            return new long[] {full.getShape().get(0) * positions * perValue(full),
                    dw.getShape().get(0) * positions * perValue(dw), pw.getShape().get(0) * positions * perValue(pw),
                    outH, outW};
        }
    }

    /** The MACs of one output value: the weight's input channels per group times its kernel taps. */
    private static long perValue(NDArray w) {
        Shape s = w.getShape();
        return s.get(1) * s.get(2) * s.get(3);
    }

}
