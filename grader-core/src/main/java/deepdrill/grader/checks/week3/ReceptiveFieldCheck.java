package deepdrill.grader.checks.week3;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.oracle.Autograd;
import deepdrill.week3.ReceptiveField.Layer;
import deepdrill.week3.ReceptiveField.Result;
import deepdrill.week3.ReceptiveField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code receptive-field} by measuring, not by formula: the stack is built from PyTorch
 * conv2d layers with all-ones kernels on a long 1 x L input of ones, and autograd says which input
 * pixels one output pixel depends on (the non-zero support of its gradient; all weights are
 * positive, so nothing cancels). The field is the support's span, the jump is how far the support
 * moves from one output pixel to the next, and the start is the support's centre moved back to
 * output pixel 0. Pooling layers have the geometry of a kernel of ones, so they are measured the
 * same way. Known mistakes are measured too, on the stack with the mistake built in (strides,
 * dilations or paddings left out).
 *
 * <p>Covered: no layer at all, 1x1 kernels, even kernels (a centre between two pixels), strides
 * larger than the kernel, paddings larger than half the kernel (a start before the input),
 * dilations up to 8, VGG-16, AlexNet's first layers, random mixed stacks. Named: the stride left
 * out of the jump, the dilation ignored, the padding left out of start, the jump updated before
 * the layer's growth (each layer measured in its output's jump; also with the jump then
 * multiplied a second time), the centre (k_eff - 1) / 2 in
 * integer arithmetic. Not covered: stacks whose jump or field passes Integer.MAX_VALUE (Result
 * holds ints, and no measurement input would fit in memory).
 */
@ExerciseCheck
class ReceptiveFieldCheck {

    private static final String NO_STRIDE = "did not multiply the jump by the stride: j_out = j_in * s, and every "
            + "later layer's growth (k_eff - 1) * j_in is measured in that jump.";
    private static final String NO_DILATION = "ignored the dilation: a dilated kernel spans k_eff = d * (k - 1) + 1 "
            + "input pixels of its layer.";
    private static final String JUMP_FIRST = "multiplied the jump by the stride before using it: a layer's growth "
            + "(k_eff - 1) * j_in and its start offset are measured in the jump of its input, so update j last.";
    private static final String JUMP_TWICE = "multiplied the jump by the stride before using it, and again after: j "
            + "grows by s once per layer (j_out = j_in * s), after the layer's growth (k_eff - 1) * j_in and start "
            + "offset have used j_in.";
    private static final String INTEGER_CENTRE = "computed the window's centre (k_eff - 1) / 2 in integer arithmetic: "
            + "for an even k_eff the centre falls between two pixels, so divide by 2.0.";
    private static final String NO_PADDING = "left the padding out of start: output 0's window begins p pixels "
            + "before the layer's input, so start_out = start_in + ((k_eff - 1) / 2 - p) * j_in.";

    private static Layer conv(int kernel, int stride, int padding) {
        return new Layer(kernel, stride, padding, 1);
    }

    private static Layer dilated(int kernel, int padding, int dilation) {
        return new Layer(kernel, 1, padding, dilation);
    }

    private static Layer pool(int window, int stride) {
        return new Layer(window, stride, 0, 1);
    }

    @Test
    @DisplayName("one layer: convs, pools, even kernels, and no layer at all")
    void singleLayers(NDManager manager) {
        check(manager, List.of());
        check(manager, List.of(conv(3, 1, 1)));
        check(manager, List.of(conv(3, 1, 0)));
        check(manager, List.of(pool(2, 2)));
        check(manager, List.of(conv(4, 2, 1)));          // even kernel: the centre falls between two pixels
        check(manager, List.of(conv(7, 2, 3)));          // ResNet's stem
        check(manager, List.of(conv(1, 1, 0)));
        check(manager, List.of(conv(2, 3, 0)));          // stride larger than the kernel
        check(manager, List.of(dilated(3, 2, 2)));
        check(manager, List.of(new Layer(2, 1, 3, 1)));   // more padding than kernel: the field starts before x
        check(manager, List.of(new Layer(1, 2, 2, 1), conv(4, 2, 0)));
    }

    @Test
    @DisplayName("VGG-like stacks: 3x3 convs and 2x2 pools with stride 2")
    void vggStacks(NDManager manager, Random random) {
        check(manager, List.of(conv(3, 1, 1), conv(3, 1, 1)));                   // 5x5
        check(manager, List.of(conv(3, 1, 1), conv(3, 1, 1), conv(3, 1, 1)));    // 7x7
        check(manager, List.of(conv(3, 1, 1), pool(2, 2), conv(3, 1, 1)));
        check(manager, List.of(conv(3, 1, 1), conv(3, 1, 1), pool(2, 2), conv(3, 1, 1), conv(3, 1, 1), pool(2, 2),
                conv(3, 1, 1), conv(3, 1, 1), conv(3, 1, 1), pool(2, 2)));
        check(manager, vgg16());
        for (int i = 0; i < 3; i++) {
            List<Layer> stack = new ArrayList<>();
            int blocks = Inputs.between(random, 1, 4);
            for (int b = 0; b < blocks; b++) {
                int convs = Inputs.between(random, 1, 3);
                for (int c = 0; c < convs; c++) {
                    stack.add(conv(3, 1, Inputs.between(random, 0, 1)));
                }
                stack.add(pool(2, 2));
            }
            check(manager, stack);
        }
    }

    @Test
    @DisplayName("dilated convs, with and without stride")
    void dilatedStacks(NDManager manager, Random random) {
        // The context module of Yu and Koltun: dilations 1, 2, 4, 8 grow the field exponentially.
        check(manager, List.of(dilated(3, 1, 1), dilated(3, 2, 2), dilated(3, 4, 4), dilated(3, 8, 8)));
        check(manager, List.of(conv(3, 2, 1), dilated(3, 2, 2), dilated(3, 0, 3)));
        check(manager, List.of(dilated(2, 1, 2), conv(3, 2, 0), dilated(5, 3, 2)));
        check(manager, List.of(pool(2, 2), new Layer(3, 2, 2, 2), dilated(3, 4, 4)));
        for (int i = 0; i < 4; i++) {
            List<Layer> stack = new ArrayList<>();
            int depth = Inputs.between(random, 2, 4);
            for (int l = 0; l < depth; l++) {
                stack.add(new Layer(Inputs.between(random, 2, 5), Inputs.between(random, 1, 2),
                        Inputs.between(random, 0, 3), Inputs.between(random, 1, 4)));
            }
            check(manager, stack);
        }
    }

    @Test
    @DisplayName("AlexNet's first layers, and random mixed stacks")
    void alexNetAndMixed(NDManager manager, Random random) {
        List<Layer> alexNet = List.of(conv(11, 4, 2), pool(3, 2), conv(5, 1, 2), pool(3, 2), conv(3, 1, 1),
                conv(3, 1, 1), conv(3, 1, 1), pool(3, 2));
        for (int depth = 1; depth <= alexNet.size(); depth++) {
            check(manager, alexNet.subList(0, depth));
        }
        for (int i = 0; i < 4; i++) {
            List<Layer> stack = new ArrayList<>();
            int depth = Inputs.between(random, 1, 5);
            for (int l = 0; l < depth; l++) {
                int kernel = Inputs.between(random, 1, 7);
                stack.add(new Layer(kernel, Inputs.between(random, 1, 3), Inputs.between(random, 0, kernel / 2),
                        Inputs.between(random, 1, 2)));
            }
            check(manager, stack);
        }
    }

    private static List<Layer> vgg16() {
        List<Layer> stack = new ArrayList<>();
        for (int convs : new int[] {2, 2, 3, 3, 3}) {
            for (int c = 0; c < convs; c++) {
                stack.add(conv(3, 1, 1));
            }
            stack.add(pool(2, 2));
        }
        return stack;
    }

    private static void check(NDManager manager, List<Layer> stack) {
        Result actual = Guarded.call(in -> ReceptiveField.of(in.copy("layers", List.copyOf(stack))));
        Result expected = measure(manager, stack);
        String call = "of(" + describe(stack) + ")";
        if (actual == null) {
            throw new AssertionFailedError(call + ": got null, expected " + show(expected));
        }
        if (same(expected, actual)) {
            return;
        }
        String diagnosis = Mistake.matching(wrong -> same(wrong, actual),
                measured(manager, NO_STRIDE, expected, stack, l -> new Layer(l.kernel(), 1, l.padding(), l.dilation())),
                measured(manager, NO_DILATION, expected, stack, l -> new Layer(l.kernel(), l.stride(), l.padding(), 1)),
                measured(manager, NO_PADDING, expected, stack, l -> new Layer(l.kernel(), l.stride(), 0, l.dilation())),
                // A layer measured in its output's jump is the layer with its dilation and padding times its stride.
                measured(manager, JUMP_FIRST, expected, stack, l -> new Layer(l.kernel(), l.stride(),
                        l.padding() * l.stride(), l.dilation() * l.stride())),
                measured(manager, JUMP_TWICE, expected, stack, l -> new Layer(l.kernel(), l.stride() * l.stride(),
                        l.padding() * l.stride(), l.dilation() * l.stride())),
                new Mistake<>(INTEGER_CENTRE, () -> integerCentre(expected, stack)));
        throw new AssertionFailedError(diagnosis + call + ": expected " + show(expected)
                + " (measured with PyTorch autograd), got " + show(actual) + differences(expected, actual));
    }

    /**
     * The mistake whose answer is what the stack measures with every layer changed by
     * {@code mistake}; none (null) where the change makes no difference to the stack or its answer.
     */
    private static Mistake<Result> measured(NDManager manager, String diagnosis, Result expected, List<Layer> stack,
                                            UnaryOperator<Layer> mistake) {
        return new Mistake<>(diagnosis, () -> {
            List<Layer> wrong = stack.stream().map(mistake).toList();
            if (wrong.equals(stack)) {
                return null;
            }
            Result measured = measure(manager, wrong);
            return same(measured, expected) ? null : measured;
        });
    }

    /**
     * The answer with (k_eff - 1) / 2 rounded down: every layer with an even k_eff moves start back
     * by half its input's jump. Null when no layer has an even k_eff.
     */
    private static Result integerCentre(Result expected, List<Layer> stack) {
        double lost = 0;
        long jump = 1;
        for (Layer l : stack) {
            if ((l.dilation() * (l.kernel() - 1) + 1) % 2 == 0) {
                lost += 0.5 * jump;
            }
            jump *= l.stride();
        }
        return lost == 0 ? null : new Result(expected.receptiveField(), expected.jump(), expected.start() - lost);
    }

    private static boolean same(Result a, Result b) {
        return a.receptiveField() == b.receptiveField() && a.jump() == b.jump()
                && Math.abs(a.start() - b.start()) <= 1e-9 * Math.max(1, Math.abs(a.start()));
    }

    private static String show(Result r) {
        return String.format(Locale.ROOT, "receptiveField %d, jump %d, start %s", r.receptiveField(), r.jump(),
                r.start());
    }

    private static String differences(Result expected, Result actual) {
        List<String> wrong = new ArrayList<>();
        if (expected.receptiveField() != actual.receptiveField()) {
            wrong.add("receptiveField");
        }
        if (expected.jump() != actual.jump()) {
            wrong.add("jump");
        }
        if (!same(new Result(0, 0, expected.start()), new Result(0, 0, actual.start()))) {
            wrong.add("start");
        }
        return " (wrong: " + String.join(", ", wrong) + ")";
    }

    /** The stack as Java code, so that a learner can paste it into a test. */
    private static String describe(List<Layer> stack) {
        return stack.isEmpty() ? "List.of()" : stack.stream()
                .map(l -> "new Layer(" + l.kernel() + ", " + l.stride() + ", " + l.padding() + ", " + l.dilation() + ")")
                .collect(Collectors.joining(", ", "List.of(", ")"));
    }

    /**
     * Measures the stack on an input long enough that the fields of three neighbouring output pixels
     * in the middle lie wholly inside it (a field cut off by the border would look smaller). The
     * first length tried is a generous bound (every layer's kernel and padding in steps of the
     * product of the strides below it), doubled until the measurement is consistent.
     */
    private static Result measure(NDManager manager, List<Layer> stack) {
        long bound = 1;
        long jump = 1;
        for (Layer l : stack) {
            bound += ((long) l.dilation() * l.kernel() + 2L * l.padding()) * jump;
            jump *= l.stride();
        }
        for (long length = 4 * bound + 4 * jump + 16; length <= 1 << 20; length *= 2) {
            Result r = measure(manager, stack, (int) length);
            if (r != null) {
                return r;
            }
        }
        throw new IllegalStateException("internal: could not measure the receptive field of " + describe(stack));
    }

    /**
     * The measurement on a 1 x {@code length} input, or null when the input is too short. One
     * backward pass on a batch of three gives the supports of three neighbouring output pixels:
     * batch item {@code b} back-propagates from output pixel {@code mid - 1 + b} only.
     */
    private static Result measure(NDManager manager, List<Layer> stack, int length) {
        try (NDManager m = manager.newSubManager()) {
            long outLength = forward(m.ones(new Shape(1, 1, 1, length), DataType.FLOAT64), stack).getShape().get(3);
            if (outLength < 3) {
                return null;
            }
            long mid = outLength / 2;
            double[] pick = new double[(int) (3 * outLength)];
            for (int b = 0; b < 3; b++) {
                pick[(int) (b * outLength + mid - 1 + b)] = 1;
            }
            NDArray x = m.ones(new Shape(3, 1, 1, length), DataType.FLOAT64);
            double[] g = Autograd.gradients(in -> forward(in.singletonOrThrow(), stack),
                    m.create(pick, new Shape(3, 1, 1, outLength)), x)[0].toDoubleArray();
            long[][] supports = new long[3][];
            for (int b = 0; b < 3; b++) {
                supports[b] = support(g, b * length, length);
                if (supports[b] == null || supports[b][0] <= 0 || supports[b][1] >= length - 1) {
                    return null;
                }
            }
            long span = supports[1][1] - supports[1][0] + 1;
            long jump = supports[1][0] - supports[0][0];
            if (span != supports[0][1] - supports[0][0] + 1 || span != supports[2][1] - supports[2][0] + 1
                    || jump != supports[2][0] - supports[1][0]) {
                return null;
            }
            double centre = (supports[1][0] + supports[1][1]) / 2.0;
            return new Result((int) span, (int) jump, centre - mid * jump);
        } catch (EngineException e) {
            // The input shrank below a later layer's kernel: PyTorch refuses; try a longer one.
            return null;
        }
    }

    /** The first and last pixel of {@code g[from .. from + length)} with a non-zero gradient. */
    private static long[] support(double[] g, int from, int length) {
        long first = -1;
        long last = -1;
        for (int i = 0; i < length; i++) {
            if (g[from + i] != 0) {
                last = i;
                if (first < 0) {
                    first = i;
                }
            }
        }
        return first < 0 ? null : new long[] {first, last};
    }

    /** The stack as PyTorch conv2d layers with all-ones kernels, acting on the width only. */
    private static NDArray forward(NDArray x, List<Layer> stack) {
        NDManager m = x.getManager();
        NDArray y = x;
        for (Layer l : stack) {
            NDArray w = m.ones(new Shape(1, 1, 1, l.kernel()), DataType.FLOAT64);
            NDArray b = m.zeros(new Shape(1), DataType.FLOAT64);
            y = Conv2d.conv2d(y, w, b, new Shape(1, l.stride()), new Shape(0, l.padding()), new Shape(1, l.dilation()), 1)
                    .singletonOrThrow();
        }
        return y;
    }
}
