package deepdrill.grader.checks.week3;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import deepdrill.grader.checks.support.CompareCount;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.week3.ConvParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code conv-params}. Parameter counts come from real layers: DJL's {@code Conv2d} and
 * {@code Linear} blocks, initialised on an input of the right shape, counted array by array.
 * MACs come from what PyTorch reports about the layer: the output's size (a conv run on an input of
 * the case's height and width) times the work per output value, read off the weight's shape
 * {@code (F, C / g, HH, WW)} as {@code weight.shape[1] * HH * WW}.
 *
 * <p>Covered: bias or not, 1x1 and non-square kernels (HH != WW), non-square outputs (H' != W'),
 * grouped, depthwise and depthwise-with-multiplier convs, 1-channel 1x1 layers, MACs past
 * Integer.MAX_VALUE, parameter counts past Integer.MAX_VALUE for convs and linear layers (too
 * large for DJL to allocate, so those come from the Javadoc's formula in exact arithmetic), groups
 * that do not divide C or F and sizes below 1 rejected. Named: groups ignored, one bias per input
 * channel, the bias forgotten, the MACs of one position, int overflow, a square kernel (HH used for
 * WW or the other way round), a square output (H' used for W').
 */
@ExerciseCheck
class ConvParamsCheck {

    private static final String GROUPS_IGNORED = "ignored the groups: each filter sees only C / g input channels, "
            + "so the weight is (F, C / g, HH, WW).";
    private static final String BIAS_PER_INPUT = "counted one bias per input channel (or input): there is one bias "
            + "per output channel (per output of a linear layer).";
    private static final String BIAS_FORGOTTEN = "forgot the bias: with bias = true add one parameter per output "
            + "channel.";
    private static final String ONE_POSITION = "counted the MACs of one output position: every one of the "
            + "H' * W' output positions of every filter costs (C / g) * HH * WW MACs.";
    private static final String SQUARE_KERNEL = "used one side of the kernel for both (code tried on square kernels "
            + "only): a kernel has HH * WW taps, and HH != WW here.";
    private static final String SQUARE_OUTPUT = "used one side of the output for both (code tried on square images "
            + "only): there are H' * W' output positions, and H' != W' here.";
    private static final String OVERFLOW = "overflowed int: the product passes Integer.MAX_VALUE, so cast to long "
            + "before multiplying ((long) F * H' * ...).";

    /** One conv layer: channels, kernel, groups, bias, and the input size it runs on. */
    private record Conv(int c, int f, int kh, int kw, int groups, boolean bias, int h, int w, int stride, int padding) {
        String params() {
            return "convParams(" + c + ", " + f + ", " + kh + ", " + kw + ", " + groups + ", " + bias + ")";
        }

        String macs(long outH, long outW) {
            return "convMacs(" + c + ", " + f + ", " + kh + ", " + kw + ", " + groups + ", " + outH + ", " + outW
                    + ") (a " + h + "x" + w + " input, stride " + stride + ", padding " + padding + ")";
        }
    }

    private static final List<Conv> NAMED = List.of(
            new Conv(64, 128, 3, 3, 1, true, 56, 56, 1, 1),     // 73,856: the interview example
            new Conv(64, 128, 3, 3, 1, false, 56, 56, 1, 1),
            new Conv(3, 64, 7, 7, 1, false, 224, 224, 2, 3),    // ResNet's stem
            new Conv(256, 64, 1, 1, 1, true, 28, 28, 1, 0),     // a 1x1 bottleneck
            new Conv(16, 8, 3, 1, 1, true, 9, 7, 1, 0),         // a non-square kernel
            new Conv(128, 128, 3, 3, 32, false, 28, 28, 1, 1),  // ResNeXt's 32 groups
            new Conv(32, 32, 3, 3, 32, true, 112, 112, 1, 1),   // depthwise (MobileNet)
            new Conv(16, 48, 5, 5, 16, true, 20, 20, 2, 2),     // depthwise with a channel multiplier of 3
            new Conv(6, 4, 3, 3, 2, true, 8, 8, 1, 1),
            new Conv(1, 1, 1, 1, 1, true, 1, 1, 1, 0));

    @Test
    @DisplayName("conv parameters: bias or not, 1x1, non-square, grouped and depthwise")
    void convParameters(NDManager manager, Random random) {
        List<Conv> cases = new ArrayList<>(NAMED);
        cases.addAll(randomConvs(random, 6));
        for (Conv k : cases) {
            long expected = convParamCount(manager, k.c(), k.f(), k.kh(), k.kw(), k.groups(), k.bias());
            long actual = ConvParams.convParams(k.c(), k.f(), k.kh(), k.kw(), k.groups(), k.bias());
            List<Mistake<Long>> mistakes = new ArrayList<>();
            if (k.groups() > 1) {
                mistakes.add(new Mistake<>(GROUPS_IGNORED,
                        () -> convParamCount(manager, k.c(), k.f(), k.kh(), k.kw(), 1, k.bias())));
            }
            if (k.bias()) {
                mistakes.add(new Mistake<>(BIAS_PER_INPUT,
                        () -> convParamCount(manager, k.c(), k.f(), k.kh(), k.kw(), k.groups(), false) + k.c()));
                mistakes.add(new Mistake<>(BIAS_FORGOTTEN,
                        () -> convParamCount(manager, k.c(), k.f(), k.kh(), k.kw(), k.groups(), false)));
            }
            if (k.kh() != k.kw()) {
                long bias = k.bias() ? k.f() : 0;
                long perTap = (expected - bias) / ((long) k.kh() * k.kw());
                mistakes.add(Mistake.giving(SQUARE_KERNEL, perTap * k.kh() * k.kh() + bias));
                mistakes.add(Mistake.giving(SQUARE_KERNEL, perTap * k.kw() * k.kw() + bias));
            }
            CompareCount.assertEqual(k.params(), "the parameters of DJL's Conv2d", expected, actual, mistakes);
        }
        // 22.5 and 2.3 billion weights: what int arithmetic overflows, and DJL cannot allocate.
        for (int[] k : new int[][] {{50_000, 50_000, 3, 3}, {1, 2_000_000_000, 1, 2}}) {
            long expected = Math.multiplyExact(Math.multiplyExact((long) k[0], k[1]), (long) k[2] * k[3]) + k[1];
            CompareCount.assertEqual("convParams(" + k[0] + ", " + k[1] + ", " + k[2] + ", " + k[3] + ", 1, true)",
                    "F * (C / g) * HH * WW + F, the Javadoc's formula in exact arithmetic", expected,
                    ConvParams.convParams(k[0], k[1], k[2], k[3], 1, true),
                    List.of(Mistake.giving(OVERFLOW, (long) (int) (expected - k[1]) + k[1])));
        }
    }

    @Test
    @DisplayName("conv MACs per image, grouped and depthwise, past Integer.MAX_VALUE")
    void convMultiplyAccumulates(NDManager manager, Random random) {
        List<Conv> cases = new ArrayList<>(NAMED);
        cases.add(new Conv(256, 256, 3, 3, 1, false, 112, 112, 1, 1));   // 7.4 billion MACs: a long
        cases.addAll(randomConvs(random, 6));
        for (Conv k : cases) {
            long[] out = outputSize(manager, k);
            long perOutput = weightShape(manager, k.c(), k.f(), k.kh(), k.kw(), k.groups()).get(1) * k.kh() * k.kw();
            long expected = k.f() * out[0] * out[1] * perOutput;
            long actual = ConvParams.convMacs(k.c(), k.f(), k.kh(), k.kw(), k.groups(), (int) out[0], (int) out[1]);
            List<Mistake<Long>> mistakes = new ArrayList<>();
            if (k.groups() > 1) {
                mistakes.add(new Mistake<>(GROUPS_IGNORED, () -> k.f() * out[0] * out[1]
                        * weightShape(manager, k.c(), k.f(), k.kh(), k.kw(), 1).get(1) * k.kh() * k.kw()));
            }
            if (out[0] * out[1] > 1) {
                mistakes.add(new Mistake<>(ONE_POSITION, () -> k.f() * perOutput));
            }
            if (expected > Integer.MAX_VALUE) {
                mistakes.add(new Mistake<>(OVERFLOW, () -> (long) (int) expected));
            }
            if (k.kh() != k.kw()) {
                mistakes.add(Mistake.giving(SQUARE_KERNEL, expected / k.kw() * k.kh()));
                mistakes.add(Mistake.giving(SQUARE_KERNEL, expected / k.kh() * k.kw()));
            }
            if (out[0] != out[1]) {
                mistakes.add(Mistake.giving(SQUARE_OUTPUT, expected / out[1] * out[0]));
                mistakes.add(Mistake.giving(SQUARE_OUTPUT, expected / out[0] * out[1]));
            }
            CompareCount.assertEqual(k.macs(out[0], out[1]), "PyTorch's output " + k.f() + "x" + out[0] + "x" + out[1]
                    + " times " + perOutput + " MACs per value", expected, actual, mistakes);
        }
    }

    @Test
    @DisplayName("linear layers: parameters and MACs")
    void linearLayers(NDManager manager, Random random) {
        List<int[]> cases = new ArrayList<>(List.of(new int[] {784, 128}, new int[] {512, 10}, new int[] {10, 512},
                new int[] {1, 1}, new int[] {3, 7}));
        for (int i = 0; i < 4; i++) {
            cases.add(new int[] {Inputs.between(random, 1, 300), Inputs.between(random, 1, 300)});
        }
        for (int[] k : cases) {
            int in = k[0];
            int out = k[1];
            for (boolean bias : new boolean[] {true, false}) {
                long expected = linearParamCount(manager, in, out, bias);
                List<Mistake<Long>> mistakes = new ArrayList<>();
                if (bias) {
                    mistakes.add(new Mistake<>(BIAS_PER_INPUT, () -> linearParamCount(manager, in, out, false) + in));
                    mistakes.add(new Mistake<>(BIAS_FORGOTTEN, () -> linearParamCount(manager, in, out, false)));
                }
                CompareCount.assertEqual("linearParams(" + in + ", " + out + ", " + bias + ")", "the parameters of DJL's Linear",
                        expected, ConvParams.linearParams(in, out, bias), mistakes);
            }
            long macs = linearMacCount(manager, in, out);
            CompareCount.assertEqual("linearMacs(" + in + ", " + out + ")", "the outputs of PyTorch's linear times the weight's "
                    + "inputs", macs, ConvParams.linearMacs(in, out), List.of());
        }
        // Ten billion weights: past int, and past what DJL can allocate.
        long weights = Math.multiplyExact(100_000L, 100_000L);
        CompareCount.assertEqual("linearParams(100000, 100000, true)", "in * out + out, the Javadoc's formula in exact "
                + "arithmetic", weights + 100_000, ConvParams.linearParams(100_000, 100_000, true),
                List.of(Mistake.giving(OVERFLOW, (long) (int) weights + 100_000)));
        CompareCount.assertEqual("linearMacs(100000, 100000)", "in * out, the Javadoc's formula in exact arithmetic",
                weights, ConvParams.linearMacs(100_000, 100_000), List.of(Mistake.giving(OVERFLOW, (long) (int) weights)));
    }

    @Test
    @DisplayName("groups that do not divide the channels, and sizes below 1, throw IllegalArgumentException")
    void rejectsInvalid(NDManager manager) {
        int[][] groups = {{6, 4, 4}, {4, 6, 4}, {8, 8, 3}, {3, 6, 2}, {12, 10, 4}};
        for (int[] g : groups) {
            if (torchAcceptsGroups(manager, g[0], g[1], g[2])) {
                throw new IllegalStateException("internal: PyTorch accepted C " + g[0] + ", F " + g[1] + ", groups " + g[2]);
            }
            expectRejected("convParams(" + g[0] + ", " + g[1] + ", 3, 3, " + g[2] + ", true)",
                    () -> ConvParams.convParams(g[0], g[1], 3, 3, g[2], true));
            expectRejected("convMacs(" + g[0] + ", " + g[1] + ", 3, 3, " + g[2] + ", 8, 8)",
                    () -> ConvParams.convMacs(g[0], g[1], 3, 3, g[2], 8, 8));
        }
        expectRejected("convParams(4, 4, 3, 3, 0, true)", () -> ConvParams.convParams(4, 4, 3, 3, 0, true));
        expectRejected("convParams(0, 4, 3, 3, 1, true)", () -> ConvParams.convParams(0, 4, 3, 3, 1, true));
        expectRejected("convParams(4, 4, 0, 3, 1, false)", () -> ConvParams.convParams(4, 4, 0, 3, 1, false));
        expectRejected("convMacs(4, 4, 3, 3, 1, 0, 5)", () -> ConvParams.convMacs(4, 4, 3, 3, 1, 0, 5));
        expectRejected("linearParams(0, 10, true)", () -> ConvParams.linearParams(0, 10, true));
        expectRejected("linearMacs(10, 0)", () -> ConvParams.linearMacs(10, 0));
    }

    private static List<Conv> randomConvs(Random random, int count) {
        List<Conv> cases = new ArrayList<>();
        while (cases.size() < count) {
            int groups = Inputs.between(random, 1, 4);
            int kh = Inputs.between(random, 1, 5);
            int kw = Inputs.between(random, 1, 5);
            int h = Inputs.between(random, kh, 20);
            int w = Inputs.between(random, kw, 20);
            cases.add(new Conv(groups * Inputs.between(random, 1, 8), groups * Inputs.between(random, 1, 8), kh, kw,
                    groups, random.nextBoolean(), h, w, Inputs.between(random, 1, 3), Inputs.between(random, 0, 2)));
        }
        return cases;
    }


    private static void expectRejected(String call, LongSupplier answer) {
        long value;
        try {
            value = answer.getAsLong();
        } catch (IllegalArgumentException expected) {
            return;
        } catch (RuntimeException e) {
            // The cause keeps an untouched stub recognisable as "not implemented".
            throw new AssertionFailedError(call + " threw " + e.getClass().getSimpleName()
                    + "; this layer does not exist: throw an IllegalArgumentException that says why.", e);
        }
        throw new AssertionFailedError(call + " returned " + value
                + ", but this layer does not exist (PyTorch refuses it): throw an IllegalArgumentException that says why.");
    }

    /** The sum of the sizes of the parameters of a DJL Conv2d initialised on a (1, C, HH, WW) input. */
    private static long convParamCount(NDManager manager, int c, int f, int kh, int kw, int groups, boolean bias) {
        try (NDManager m = manager.newSubManager()) {
            Conv2d block = Conv2d.builder().setKernelShape(new Shape(kh, kw)).setFilters(f).optGroups(groups)
                    .optBias(bias).build();
            return parameterCount(block, m, new Shape(1, c, kh, kw));
        }
    }

    /** The shape of a DJL Conv2d's weight: PyTorch's (F, C / g, HH, WW). */
    private static Shape weightShape(NDManager manager, int c, int f, int kh, int kw, int groups) {
        try (NDManager m = manager.newSubManager()) {
            Conv2d block = Conv2d.builder().setKernelShape(new Shape(kh, kw)).setFilters(f).optGroups(groups)
                    .optBias(false).build();
            block.initialize(m, DataType.FLOAT32, new Shape(1, c, kh, kw));
            return block.getParameters().get("weight").getArray().getShape();
        }
    }

    private static long linearParamCount(NDManager manager, int in, int out, boolean bias) {
        try (NDManager m = manager.newSubManager()) {
            return parameterCount(Linear.builder().setUnits(out).optBias(bias).build(), m, new Shape(1, in));
        }
    }

    /** The outputs of a PyTorch linear layer on one sample, times the inputs each one reads (the weight's columns). */
    private static long linearMacCount(NDManager manager, int in, int out) {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.zeros(new Shape(1, in), DataType.FLOAT32);
            NDArray w = m.zeros(new Shape(out, in), DataType.FLOAT32);
            NDArray y = Linear.linear(x, w).singletonOrThrow();
            return y.getShape().size() * w.getShape().get(1);
        }
    }

    private static long parameterCount(AbstractBlock block, NDManager m, Shape input) {
        block.initialize(m, DataType.FLOAT32, input);
        long count = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            count += p.getValue().getArray().size();
        }
        return count;
    }

    /** The height and width of PyTorch's conv2d output for this case (one channel: the size does not depend on it). */
    private static long[] outputSize(NDManager manager, Conv k) {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.zeros(new Shape(1, 1, k.h(), k.w()), DataType.FLOAT32);
            NDArray w = m.zeros(new Shape(1, 1, k.kh(), k.kw()), DataType.FLOAT32);
            NDArray out = Conv2d.conv2d(x, w, m.zeros(new Shape(1), DataType.FLOAT32), new Shape(k.stride(), k.stride()),
                    new Shape(k.padding(), k.padding()), new Shape(1, 1), 1).singletonOrThrow();
            return new long[] {out.getShape().get(2), out.getShape().get(3)};
        }
    }

    private static boolean torchAcceptsGroups(NDManager manager, int c, int f, int groups) {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.zeros(new Shape(1, c, 5, 5), DataType.FLOAT32);
            NDArray w = m.zeros(new Shape(f, Math.max(1, c / groups), 3, 3), DataType.FLOAT32);
            Conv2d.conv2d(x, w, m.zeros(new Shape(f), DataType.FLOAT32), new Shape(1, 1), new Shape(0, 0),
                    new Shape(1, 1), groups);
            return true;
        } catch (EngineException e) {
            return false;
        }
    }
}
