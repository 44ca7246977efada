package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.grader.oracle.TransposedConvolution;
import deepdrill.week4.ConvTranspose2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code conv-transpose2d} against PyTorch: DJL's engine has no deconvolution operator, so
 * the expected output is the gradient of PyTorch's {@code conv2d} with respect to its input (see
 * {@link TransposedConvolution}). The output size is checked against its closed form. Known
 * mistakes are recognised by running the same oracle with the mistake made on purpose (the kernel
 * flipped, the bias or the padding left out), by the wrong size formulas a learner writes, and by
 * the output's shape when one axis was sized from the other (code tried on square inputs only).
 *
 * <p>Covered: output sizes from 40 configurations, stride larger than the kernel, output padding up
 * to stride - 1; stride 1 to 3, padding 0 to 2; non-square inputs and non-square kernels; 1 x 1
 * kernels and a one-pixel input; batch 1, one input and one output channel; NaN, +inf and -inf in
 * x, which reach the stamps they are scattered into as in PyTorch (a cropped stamp cell reaches
 * nothing); float32; a new array every time. The API has one stride and one padding for both axes,
 * so one-axis-only mistakes cannot occur.
 */
@ExerciseCheck
class ConvTranspose2dCheck {

    private static final String FLIPPED = "flipped the kernel: scattering x[n, c, i, j] * w[c, o, kh, kw] into "
            + "row i * s + kh - p and column j * s + kw - p uses the kernel as it is (PyTorch's convention); only the "
            + "gather form (zeros inserted, then an ordinary convolution) needs it flipped.";
    private static final String NO_BIAS = "forgot the bias: add b[o] once to every output pixel of channel o.";
    private static final String NO_PADDING = "left out the padding: it crops p rows and columns from each side of "
            + "the full result, so a stamp's corner lands at row i * s - p, column j * s - p.";

    private static final String HEIGHT_FOR_WIDTH = "sized the output's width from the height (the input's H or "
            + "the kernel's HH): W' = (W - 1) * s - 2p + WW + op uses W and WW; code tried on square inputs and "
            + "kernels only cannot tell them apart.";
    private static final String WIDTH_FOR_HEIGHT = "sized the output's height from the width (the input's W or "
            + "the kernel's WW): H' = (H - 1) * s - 2p + HH + op uses H and HH; code tried on square inputs and "
            + "kernels only cannot tell them apart.";

    /** One axis of a transposed convolution. */
    private record Axis(int in, int kernel, int stride, int padding, int outputPadding) {
        @Override
        public String toString() {
            return "in " + in + ", kernel " + kernel + ", stride " + stride + ", padding " + padding
                    + ", outputPadding " + outputPadding;
        }

        int size() {
            return (in - 1) * stride - 2 * padding + kernel + outputPadding;
        }
    }

    /** A wrong formula a learner might write, to name the mistake when every answer fits it. */
    private record KnownMistake(String diagnosis, ToIntFunction<Axis> formula) {
    }

    private static final List<KnownMistake> SIZE_MISTAKES = List.of(
            new KnownMistake("multiplied the input size by the stride: the stamps of H input pixels start s apart, "
                    + "so the first and the last are (H - 1) * s apart; the size is (H - 1) * s - 2p + k + op.",
                    a -> a.in() * a.stride() - 2 * a.padding() + a.kernel() + a.outputPadding()),
            new KnownMistake("added the padding instead of removing it: in a transposed convolution p crops rows "
                    + "and columns, so the size is (H - 1) * s - 2p + k + op.",
                    a -> (a.in() - 1) * a.stride() + 2 * a.padding() + a.kernel() + a.outputPadding()),
            new KnownMistake("forgot the output padding: add op once, at the end.",
                    a -> (a.in() - 1) * a.stride() - 2 * a.padding() + a.kernel()),
            new KnownMistake("used the convolution's formula: a transposed convolution goes the other way, "
                    + "(H - 1) * s - 2p + k + op.",
                    a -> Math.floorDiv(a.in() + 2 * a.padding() - a.kernel(), a.stride()) + 1));

    /** One configuration: the shapes of x and w, then stride, padding and output padding. */
    private record Case(long[] x, long[] w, int stride, int padding, int outputPadding) {
        Case(int n, int cin, int h, int w, int cout, int hh, int ww, int stride, int padding, int outputPadding) {
            this(new long[] {n, cin, h, w}, new long[] {cin, cout, hh, ww}, stride, padding, outputPadding);
        }

        @Override
        public String toString() {
            return "forward(x " + Compare.shape(x) + ", w " + Compare.shape(w) + ", b (" + w[1] + "), stride " + stride
                    + ", padding " + padding + ", outputPadding " + outputPadding + ")";
        }
    }

    @Test
    @DisplayName("output size: (H - 1) * s - 2p + k + op")
    void outputSize(Random random) {
        List<Axis> cases = new ArrayList<>(List.of(
                new Axis(4, 4, 2, 1, 0),    // DCGAN's generator: doubles the size
                new Axis(7, 3, 2, 1, 1),    // 14: output padding picks the even size back
                new Axis(7, 3, 2, 1, 0),    // 13
                new Axis(5, 3, 1, 1, 0),    // stride 1, "same": the size is kept
                new Axis(1, 1, 1, 0, 0),
                new Axis(3, 2, 3, 0, 2)));  // stride larger than the kernel
        while (cases.size() < 40) {
            int stride = Inputs.between(random, 1, 4);
            Axis a = new Axis(Inputs.between(random, 1, 32), Inputs.between(random, 1, 6), stride,
                    Inputs.between(random, 0, 2), Inputs.between(random, 0, stride - 1));
            if (a.size() >= 1) {
                cases.add(a);
            }
        }
        int[] actual = new int[cases.size()];
        int firstWrong = -1;
        for (int i = 0; i < cases.size(); i++) {
            Axis a = cases.get(i);
            actual[i] = ConvTranspose2d.outputSize(a.in(), a.kernel(), a.stride(), a.padding(), a.outputPadding());
            if (actual[i] != a.size() && firstWrong < 0) {
                firstWrong = i;
            }
        }
        if (firstWrong < 0) {
            return;
        }
        String diagnosis = "";
        for (KnownMistake mistake : SIZE_MISTAKES) {
            boolean fits = true;
            for (int i = 0; i < cases.size() && fits; i++) {
                fits = actual[i] == mistake.formula().applyAsInt(cases.get(i));
            }
            if (fits) {
                diagnosis = "Looks like you " + mistake.diagnosis() + "\n";
                break;
            }
        }
        Axis a = cases.get(firstWrong);
        throw new AssertionFailedError(diagnosis + "outputSize(" + a + "): expected " + a.size() + ", got "
                + actual[firstWrong]);
    }

    @Test
    @DisplayName("stride 1, no padding: overlapping stamps add up")
    void basic(NDManager manager, Random random) {
        check(manager, random, new Case(2, 3, 3, 3, 4, 3, 3, 1, 0, 0), DataType.DOUBLE);
        check(manager, random, new Case(1, 1, 4, 2, 1, 2, 3, 1, 0, 0), DataType.DOUBLE);   // batch 1, one channel each way
        check(manager, random, new Case(2, 2, 2, 5, 3, 1, 1, 1, 0, 0), DataType.DOUBLE);   // 1x1: mixes channels per pixel
        check(manager, random, new Case(1, 3, 1, 1, 2, 3, 2, 1, 0, 0), DataType.DOUBLE);   // one pixel: the output is its stamp
    }

    @Test
    @DisplayName("stride 2 and 3, padding 1 and 2, output padding")
    void strideAndPadding(NDManager manager, Random random) {
        check(manager, random, new Case(2, 3, 4, 4, 2, 4, 4, 2, 1, 0), DataType.DOUBLE);   // DCGAN: kernel 4, stride 2
        check(manager, random, new Case(1, 2, 3, 4, 3, 3, 3, 2, 1, 1), DataType.DOUBLE);   // uneven overlap: checkerboard
        check(manager, random, new Case(2, 1, 3, 3, 2, 2, 2, 2, 0, 0), DataType.DOUBLE);   // stamps tile the output
        check(manager, random, new Case(1, 2, 3, 2, 2, 2, 3, 3, 0, 2), DataType.DOUBLE);   // stride larger than the kernel
        check(manager, random, new Case(2, 2, 3, 5, 1, 3, 3, 1, 1, 0), DataType.DOUBLE);   // stride 1, "same" padding
        check(manager, random, new Case(1, 3, 4, 3, 2, 5, 5, 2, 2, 1), DataType.DOUBLE);
        for (int i = 0; i < 3; i++) {
            int stride = Inputs.between(random, 1, 3);
            Case k = new Case(Inputs.between(random, 1, 2), Inputs.between(random, 1, 3), Inputs.between(random, 1, 5),
                    Inputs.between(random, 1, 5), Inputs.between(random, 1, 3), Inputs.between(random, 1, 4),
                    Inputs.between(random, 1, 4), stride, Inputs.between(random, 0, 1), Inputs.between(random, 0, stride - 1));
            if (size(k.x()[2], k.w()[2], k) >= 1 && size(k.x()[3], k.w()[3], k) >= 1) {
                check(manager, random, k, DataType.DOUBLE);
            }
        }
    }

    @Test
    @DisplayName("NaN and infinities in x reach the output pixels they are scattered into, as in PyTorch")
    void nonFinite(NDManager manager, Random random) {
        for (Case k : new Case[] {new Case(1, 2, 3, 4, 2, 3, 3, 2, 1, 1), new Case(2, 1, 4, 3, 1, 2, 3, 1, 0, 0),
                new Case(1, 1, 2, 2, 1, 4, 4, 2, 1, 0)}) {
            INDArray x = NonFiniteCases.planted(random, Inputs.normal(random, k.x()));
            check(manager, k, x, Inputs.normal(random, k.w()), Inputs.normal(random, k.w()[1]));
        }
    }

    @Test
    @DisplayName("a float32 input gives a float32 output")
    void float32(NDManager manager, Random random) {
        check(manager, random, new Case(2, 3, 3, 4, 2, 3, 3, 2, 1, 1), DataType.FLOAT);
    }

    /**
     * Fails, naming the mistake, when the answer's shape is the one a learner gets by sizing one output
     * axis from the other axis's input or kernel size. Other wrong shapes are left to {@link Compare}.
     */
    private static void assertNotSizedFromTheOtherAxis(String what, Case k, long[] expected, INDArray actual) {
        if (actual == null || Arrays.equals(expected, actual.shape())) {
            return;
        }
        long h = k.x()[2];
        long w = k.x()[3];
        long hh = k.w()[2];
        long ww = k.w()[3];
        List<Mistake<long[]>> mistakes = new ArrayList<>();
        // The (input size, kernel size) pairs a loop written for square inputs may use for the other axis:
        // the wrong input size, the wrong kernel size, or both.
        for (long[] wrongW : new long[][] {{h, ww}, {w, hh}, {h, hh}}) {
            mistakes.add(Mistake.giving(HEIGHT_FOR_WIDTH, new long[] {expected[0], expected[1], expected[2],
                    size(wrongW[0], wrongW[1], k)}));
        }
        for (long[] wrongH : new long[][] {{w, hh}, {h, ww}, {w, ww}}) {
            mistakes.add(Mistake.giving(WIDTH_FOR_HEIGHT, new long[] {expected[0], expected[1],
                    size(wrongH[0], wrongH[1], k), expected[3]}));
        }
        ShapeMistakes.assertNone(what, expected, actual, mistakes);
    }

    private static long size(long in, long kernel, Case k) {
        return (in - 1) * k.stride() - 2L * k.padding() + kernel + k.outputPadding();
    }

    private static void check(NDManager manager, Random random, Case k, DataType type) {
        INDArray x = Inputs.normal(random, k.x()).castTo(type);
        INDArray w = Inputs.normal(random, k.w()).castTo(type);
        INDArray b = Inputs.normal(random, k.w()[1]).castTo(type);
        check(manager, k, x, w, b);
    }

    private static void check(NDManager manager, Case k, INDArray x, INDArray w, INDArray b) {
        DataType type = x.dataType();
        INDArray actual = Guarded.fresh(in -> ConvTranspose2d.forward(in.copy("x", x), in.copy("w", w), in.copy("b", b),
                k.stride(), k.padding(), k.outputPadding()));

        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tw = TorchOracle.toTorch(manager, w);
        NDArray tb = TorchOracle.toTorch(manager, b);
        int s = k.stride();
        int p = k.padding();
        int op = k.outputPadding();
        NDArray right = TransposedConvolution.forward(tx, tw, tb, s, p, op);
        long outH = right.getShape().get(2);
        long outW = right.getShape().get(3);
        String what = k + (type == DataType.DOUBLE ? "" : ", " + type);
        assertNotSizedFromTheOtherAxis(what, k, right.getShape().getShape(), actual);
        Compare.assertClose(what, Nchw.expected(right, type), actual,
                new Mistake<>(FLIPPED, () -> Nchw.expected(TransposedConvolution.forward(tx, tw.flip(2, 3), tb, s, p, op), type)),
                new Mistake<>(NO_BIAS, () -> Nchw.expected(TransposedConvolution.forward(tx, tw, tb.zerosLike(), s, p, op), type)),
                new Mistake<>(NO_PADDING, () -> p == 0 ? null
                        : Nchw.expected(Nchw.topLeft(TransposedConvolution.forward(tx, tw, tb, s, 0, op), outH, outW), type)));
    }
}
