package deepdrill.grader.checks.week3;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.week3.ConvOutputSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code conv-output-size}. The oracle runs a real PyTorch convolution on a zero input with
 * the configuration under test and reads the size of what comes out (or sees PyTorch refuse it).
 * Height and width get different configurations in one call, so each PyTorch call checks two cases.
 *
 * <p>Covered: kernels that exactly fit (one window) or fit only thanks to the padding, strides
 * larger than the kernel, size 1, dilations 2 to 4, every impossible configuration the Javadoc
 * names (too large a kernel, sizes below 1, negative padding), sizes where {@code in + 2p} or
 * {@code d * (k - 1) + 1} pass {@code Integer.MAX_VALUE} (past what PyTorch can allocate, so the
 * expected size comes from the Javadoc's formula in exact arithmetic) and an output too large for
 * an int, "same" padding for odd and even kernels with dilation. Named: the forgotten + 1, the
 * dilation left out, rounding up, the padding added once, the stride ignored, int overflow, the
 * extra pixel of "same" padding on the wrong side.
 */
@ExerciseCheck
class ConvOutputSizeCheck {

    /** One axis of a convolution. */
    private record Axis(int in, int kernel, int padding, int stride, int dilation) {
        @Override
        public String toString() {
            return "input " + in + ", kernel " + kernel + ", padding " + padding + ", stride " + stride
                    + ", dilation " + dilation;
        }
    }

    @Test
    @DisplayName("output size with padding and stride")
    void paddingAndStride(NDManager manager, Random random) {
        List<Axis> cases = new ArrayList<>(List.of(
                new Axis(224, 7, 3, 2, 1),   // ResNet's stem: 112
                new Axis(5, 3, 0, 1, 1),
                new Axis(10, 10, 0, 1, 1),   // the kernel exactly fits: one window
                new Axis(10, 12, 1, 1, 1),   // fits only thanks to the padding
                new Axis(7, 2, 0, 3, 1),     // stride larger than the kernel
                new Axis(1, 1, 0, 1, 1)));
        while (cases.size() < 40) {
            Axis a = new Axis(Inputs.between(random, 1, 64), Inputs.between(random, 1, 7),
                    Inputs.between(random, 0, 3), Inputs.between(random, 1, 4), 1);
            if (a.kernel() <= a.in() + 2 * a.padding()) {
                cases.add(a);
            }
        }
        checkSizes(manager, cases);
        checkLarge(List.of(new Axis(2_000_000_000, 3, 100_000_000, 2, 1), new Axis(2_147_483_000, 1_000, 1_000, 3, 1),
                new Axis(1_500_000_000, 20_000, 400_000_000, 7, 30_000),
                // The largest output an int holds: it must be returned, not refused as too large.
                new Axis(Integer.MAX_VALUE, 1, 0, 1, 1)));
    }

    @Test
    @DisplayName("output size with dilation")
    void dilation(NDManager manager, Random random) {
        List<Axis> cases = new ArrayList<>(List.of(new Axis(32, 3, 2, 1, 2), new Axis(9, 3, 0, 1, 4)));
        while (cases.size() < 30) {
            Axis a = new Axis(Inputs.between(random, 8, 64), Inputs.between(random, 2, 5),
                    Inputs.between(random, 0, 4), Inputs.between(random, 1, 3), Inputs.between(random, 2, 4));
            if (a.dilation() * (a.kernel() - 1) + 1 <= a.in() + 2 * a.padding()) {
                cases.add(a);
            }
        }
        checkSizes(manager, cases);
    }

    @Test
    @DisplayName("impossible configurations throw IllegalArgumentException")
    void rejectsImpossible(NDManager manager) {
        List<Axis> geometric = List.of(
                new Axis(10, 12, 0, 1, 1),   // the interview example: a 12x12 kernel on a 10x10 input
                new Axis(5, 3, 0, 1, 3),     // dilation makes a 3-tap kernel 7 wide
                new Axis(4, 7, 1, 2, 1));
        for (Axis a : geometric) {
            if (torchSizes(manager, a, a) != null) {
                throw new IllegalStateException("internal: PyTorch accepted " + a);
            }
            expectRejected(a);
        }
        // Too large for PyTorch to try: a 2.5-billion-wide dilated kernel (in int it wraps to a negative
        // width that "fits"), and an output of 2.4 billion, more than an int holds.
        for (Axis a : List.of(new Axis(10, 50_000, 0, 1, 50_000), new Axis(2_000_000_000, 1, 200_000_000, 1, 1))) {
            expectRejected(a);
        }
        for (Axis a : List.of(new Axis(0, 3, 0, 1, 1), new Axis(8, 0, 0, 1, 1), new Axis(8, 3, -1, 1, 1),
                new Axis(8, 3, 0, 0, 1), new Axis(8, 3, 0, 1, 0))) {
            expectRejected(a);
        }
    }

    @Test
    @DisplayName("\"same\" padding for odd and even kernels")
    void samePadding(NDManager manager) {
        for (int dilation = 1; dilation <= 3; dilation++) {
            for (int kernel = 1; kernel <= 7; kernel++) {
                int in = 11;
                int total = minimalSamePadding(manager, in, kernel, dilation);
                int[] expected = {total / 2, total - total / 2};
                int[] actual = ConvOutputSize.samePadding(kernel, dilation);
                String what = "samePadding(kernel " + kernel + ", dilation " + dilation + ")";
                if (actual == null || actual.length != 2) {
                    throw new AssertionFailedError(what + ": expected an array {before, after}, got "
                            + (actual == null ? "null" : actual.length + " values"));
                }
                if (actual[0] + actual[1] != total) {
                    String hint = actual[0] + actual[1] == kernel - 1 && dilation > 1
                            ? "Looks like you ignored the dilation: the kernel spans dilation * (k - 1) + 1 inputs.\n" : "";
                    throw new AssertionFailedError(hint + what + ": the padding must add up to " + total
                            + " to keep " + in + " inputs at " + in + " outputs (checked with PyTorch), got {"
                            + actual[0] + ", " + actual[1] + "}");
                }
                if (actual[0] != expected[0]) {
                    throw new AssertionFailedError("Looks like you put the extra pixel on the wrong side: the convention "
                            + "is before = floor(total / 2), the extra pixel after.\n" + what + ": expected {"
                            + expected[0] + ", " + expected[1] + "}, got {" + actual[0] + ", " + actual[1] + "}");
                }
            }
        }
    }

    /** Wrong formulas a learner might write, to name the mistake when every answer fits one. */
    private static final List<Formula> MISTAKES = List.of(
            new Formula("forgot the + 1: the first window counts too.",
                    a -> Math.floorDiv(a.in() + 2 * a.padding() - a.dilation() * (a.kernel() - 1) - 1, a.stride())),
            new Formula("ignored the dilation: the kernel spans dilation * (k - 1) + 1 inputs.",
                    a -> Math.floorDiv(a.in() + 2 * a.padding() - a.kernel(), a.stride()) + 1),
            new Formula("rounded up: a window hanging over the edge is dropped (floor, not ceil).",
                    a -> Math.floorDiv(a.in() + 2 * a.padding() - a.dilation() * (a.kernel() - 1) - 1 + a.stride() - 1,
                            a.stride()) + 1),
            new Formula("added the padding once: it goes on both sides (2 * padding).",
                    a -> Math.floorDiv(a.in() + a.padding() - a.dilation() * (a.kernel() - 1) - 1, a.stride()) + 1),
            new Formula("ignored the stride: every window moves s steps, so divide by s.",
                    a -> a.in() + 2 * a.padding() - a.dilation() * (a.kernel() - 1)));

    /** A mistake as the formula it amounts to, so that its answer can be worked out for every case. */
    private record Formula(String diagnosis, ToIntFunction<Axis> size) {
        Mistake<int[]> over(List<Axis> cases) {
            return new Mistake<>(diagnosis, () -> cases.stream().mapToInt(size).toArray());
        }
    }

    private static void checkSizes(NDManager manager, List<Axis> cases) {
        int[] expected = new int[cases.size()];
        for (int i = 0; i + 1 < cases.size(); i += 2) {
            int[] sizes = torchSizes(manager, cases.get(i), cases.get(i + 1));
            if (sizes == null) {
                throw new IllegalStateException("internal: PyTorch refused " + cases.get(i) + " / " + cases.get(i + 1));
            }
            expected[i] = sizes[0];
            expected[i + 1] = sizes[1];
        }
        int checked = cases.size() - cases.size() % 2;
        // null where the learner's code threw IllegalArgumentException: a wrong formula can make a valid
        // configuration look impossible, and that still fits the mistake it comes from.
        Integer[] actual = new Integer[checked];
        String[] thrown = new String[checked];
        int firstWrong = -1;
        for (int i = 0; i < checked; i++) {
            Axis a = cases.get(i);
            try {
                actual[i] = ConvOutputSize.outputSize(a.in(), a.kernel(), a.padding(), a.stride(), a.dilation());
            } catch (IllegalArgumentException e) {
                thrown[i] = e.getMessage();
            }
            if ((actual[i] == null || actual[i] != expected[i]) && firstWrong < 0) {
                firstWrong = i;
            }
        }
        if (firstWrong < 0) {
            return;
        }
        List<Axis> graded = cases.subList(0, checked);
        String diagnosis = Mistake.matching(wrong -> fits(wrong, actual),
                MISTAKES.stream().map(f -> f.over(graded)).toList());
        Axis a = cases.get(firstWrong);
        if (actual[firstWrong] == null) {
            throw new AssertionFailedError(diagnosis + "outputSize(" + a + ") threw IllegalArgumentException ("
                    + thrown[firstWrong] + "), but this configuration is valid: PyTorch's conv2d gives "
                    + expected[firstWrong] + ".");
        }
        throw new AssertionFailedError(diagnosis + "outputSize(" + a + "): expected " + expected[firstWrong]
                + " (PyTorch's conv2d output), got " + actual[firstWrong]);
    }

    /** Whether every answer is the wrong formula's, a refusal counting as its size below 1. */
    private static boolean fits(int[] wrong, Integer[] actual) {
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] == null ? wrong[i] > 0 : actual[i] != wrong[i]) {
                return false;
            }
        }
        return true;
    }

    private static final String OVERFLOW = "computed in int: in + 2 * padding or dilation * (kernel - 1) + 1 passes "
            + "Integer.MAX_VALUE here and wraps around to a negative number. Compute in long.";

    /** The Javadoc's formula in long arithmetic, for sizes PyTorch cannot allocate. */
    private static long exactSize(Axis a) {
        return Math.floorDiv((long) a.in() + 2L * a.padding() - (long) a.dilation() * (a.kernel() - 1) - 1, a.stride())
                + 1;
    }

    /** The formula as int arithmetic computes it, wrapping around. */
    private static int wrappedSize(Axis a) {
        return (a.in() + 2 * a.padding() - a.dilation() * (a.kernel() - 1) - 1) / a.stride() + 1;
    }

    private static void checkLarge(List<Axis> cases) {
        for (Axis a : cases) {
            long expected = exactSize(a);
            int actual;
            try {
                actual = ConvOutputSize.outputSize(a.in(), a.kernel(), a.padding(), a.stride(), a.dilation());
            } catch (IllegalArgumentException e) {
                throw new AssertionFailedError(Mistake.PREFIX + OVERFLOW + "\noutputSize(" + a + ") threw "
                        + "IllegalArgumentException (" + e.getMessage() + "), but this configuration is valid: the "
                        + "formula gives " + expected + ", which fits in an int.");
            }
            if (actual != expected) {
                String diagnosis = Mistake.matching(wrong -> wrong == actual, Mistake.giving(OVERFLOW, wrappedSize(a)));
                throw new AssertionFailedError(diagnosis + "outputSize(" + a + "): expected " + expected
                        + " (the Javadoc's formula, in exact arithmetic), got " + actual);
            }
        }
    }

    private static void expectRejected(Axis a) {
        int answer;
        try {
            answer = ConvOutputSize.outputSize(a.in(), a.kernel(), a.padding(), a.stride(), a.dilation());
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionFailedError("outputSize(" + a + ") returned " + answer
                + ", but this configuration is impossible: throw an IllegalArgumentException that says why.");
    }

    /** Output height and width of a PyTorch conv2d, or null when PyTorch refuses the configuration. */
    private static int[] torchSizes(NDManager manager, Axis h, Axis w) {
        if (h.in() < 1 || w.in() < 1) {
            return null;
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.zeros(new Shape(1, 1, h.in(), w.in()), DataType.FLOAT32);
            NDArray weight = m.zeros(new Shape(1, 1, h.kernel(), w.kernel()), DataType.FLOAT32);
            NDArray bias = m.zeros(new Shape(1), DataType.FLOAT32);
            NDArray out = Conv2d.conv2d(x, weight, bias, new Shape(h.stride(), w.stride()),
                    new Shape(h.padding(), w.padding()), new Shape(h.dilation(), w.dilation()), 1).singletonOrThrow();
            return new int[] {(int) out.getShape().get(2), (int) out.getShape().get(3)};
        } catch (EngineException e) {
            return null;
        }
    }

    /** The smallest total padding (added as {@code total / 2} before, the rest after) that keeps the size. */
    private static int minimalSamePadding(NDManager manager, int in, int kernel, int dilation) {
        for (int total = 0; total <= 2 * dilation * kernel; total++) {
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.zeros(new Shape(1, 1, in, 1), DataType.FLOAT32)
                        .pad(new Shape(0, 0, total / 2, total - total / 2), 0);
                NDArray weight = m.zeros(new Shape(1, 1, kernel, 1), DataType.FLOAT32);
                NDArray bias = m.zeros(new Shape(1), DataType.FLOAT32);
                try {
                    NDArray out = Conv2d.conv2d(x, weight, bias, new Shape(1, 1), new Shape(0, 0),
                            new Shape(dilation, 1), 1).singletonOrThrow();
                    if (out.getShape().get(2) == in) {
                        return total;
                    }
                } catch (EngineException e) {
                    // Too little padding for the kernel to fit at all; try more.
                }
            }
        }
        throw new IllegalStateException("internal: no same padding found for kernel " + kernel);
    }
}
