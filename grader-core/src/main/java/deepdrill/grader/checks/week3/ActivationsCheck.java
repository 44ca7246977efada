package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareGradient;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.checks.support.Overflow;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.Activations;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code activations} against PyTorch: {@code relu}, {@code sigmoid}, {@code tanh},
 * {@code gelu} (DJL's is PyTorch's exact erf form, {@code approximate='none'}; see
 * ActivationOraclesTest) and {@code softmax(x, -1)}, with their autograd gradients and centred
 * differences. Leaky ReLU is written as {@code x * where(x > 0, 1, slope)}: DJL's
 * {@code leakyRelu} takes its slope as a float, which would round 0.01; the mask is a constant, so
 * autograd gives PyTorch's {@code slope} at {@code x = 0}.
 *
 * <p>ReLU cases use small integers, so that exact zeros test the convention at the kink; the
 * centred differences run only on inputs kept away from the kinks.
 *
 * <p>Covered: exact zeros (the kink) for ReLU and leaky ReLU, slopes 0.01, 0.2, 0.3 and 0; both
 * infinities, +-1e300, subnormals and +-0 for ReLU, leaky ReLU, sigmoid and tanh (ReLU(-Infinity)
 * is 0 in PyTorch, not -Infinity * 0 = NaN); NaN in x (it stays NaN; for ReLU and leaky ReLU the
 * forward pass only, since PyTorch's backward lets dout through at NaN, which no Javadoc promises);
 * |x| = 1000 for sigmoid, tanh and GELU, where a naive exp overflows; softmax logits of magnitude
 * 1000 (past where float64 exp overflows and underflows), a one-hot row, and rows with -Infinity
 * entries (a masked row); one class, one row, rank 1 to 4; a fresh result every time (never x or
 * dout, nor a view of them); float32. Not covered: empty arrays (ND4J's empty arrays do not reach
 * the learner's ops reliably), GELU at +-Infinity (PyTorch's own answer is NaN there).
 */
@ExerciseCheck
class ActivationsCheck {

    private static final String GE_ZERO = "used x >= 0 in the backward: at x = 0 the gradient is the one of the "
            + "x < 0 side, as in PyTorch (ReLU: 0; leaky ReLU: slope * dout), so test x > 0.";
    private static final String TIMES_MASK = "multiplied x by the 0/1 mask (x > 0): for x = -Infinity that is "
            + "-Infinity * 0 = NaN, but relu(-Infinity) is 0, as in PyTorch. Keep x where x > 0 and put 0 elsewhere "
            + "(a selection, not a product).";
    private static final String TIMES_RELU = "multiplied dout by relu(x) instead of by the mask (x > 0): the "
            + "derivative of max(x, 0) is 1 or 0, not x.";
    private static final String SLOPE_IGNORED = "ignored the slope: where x <= 0, leaky ReLU gives slope * x and its "
            + "gradient is slope * dout, not 0.";
    private static final String NO_DOUT = "forgot to multiply by dout: the backward returns dout * f'(x), the "
            + "upstream gradient times the local derivative.";
    private static final String OVERFLOW = "let exp overflow: exp(-x) for x = -1000 (or exp(x) for x = 1000) is "
            + "Infinity in double precision, and Infinity / Infinity is NaN. With e = exp(-|x|) <= 1, sigmoid is "
            + "1 / (1 + e) for x >= 0 and e / (1 + e) for x < 0; its derivative is s (1 - s).";
    private static final String TANH_OF_OUTPUT = "used 1 - x^2: the derivative is 1 - tanh(x)^2, written with the "
            + "output tanh(x), not the input x.";
    private static final String GELU_TANH = "used the tanh approximation of GELU: this exercise, like PyTorch's "
            + "default approximate='none', uses the exact x * Phi(x) with Phi(x) = (1 + erf(x / sqrt 2)) / 2.";
    private static final String GELU_NO_PDF = "left out the x * phi(x) term: by the product rule, d/dx (x Phi(x)) = "
            + "Phi(x) + x phi(x), with phi(x) = exp(-x^2 / 2) / sqrt(2 pi).";
    private static final String NO_MAX = "forgot to subtract each row's maximum before exp: exp(1000) overflows to "
            + "Infinity (and exp(-1000) underflows to 0), giving Infinity / Infinity or 0 / 0 = NaN. softmax(x - max) "
            + "= softmax(x), and after the shift the largest exponent is exp(0) = 1.";
    private static final String WHOLE_ARRAY = "normalised over the whole array: softmax sums over the last axis "
            + "only, so that every row x[..., :] sums to 1.";
    private static final String DIAGONAL = "used only the diagonal of softmax's Jacobian, s (1 - s): every output "
            + "of a row depends on every input of that row, so dx = s * (dout - sum over the row of dout * s).";

    /**
     * One activation: the learner's two methods, the oracle, and the known wrong answers of a case,
     * which the oracle works out from x and dout (dout is null for the forward pass).
     */
    private record ActivationUnderTest(String name, UnaryOperator<INDArray> forward, BinaryOperator<INDArray> backward,
                                       Function<NDArray, NDArray> oracle,
                                       BiFunction<NDArray, NDArray, List<Mistake<NDArray>>> wrongForward,
                                       BiFunction<NDArray, NDArray, List<Mistake<NDArray>>> wrongBackward,
                                       String overflow) {
    }

    private static final BiFunction<NDArray, NDArray, List<Mistake<NDArray>>> NONE = (x, dout) -> List.of();

    private static final ActivationUnderTest RELU = new ActivationUnderTest("relu", Activations::relu,
            Activations::reluBackward, Activation::relu,
            (x, dout) -> List.of(new Mistake<>(TIMES_MASK, () -> x.mul(x.gt(0).toType(x.getDataType(), false)))),
            (x, dout) -> List.of(new Mistake<>(GE_ZERO, () -> dout.mul(x.gte(0).toType(x.getDataType(), false))),
                    new Mistake<>(TIMES_RELU, () -> dout.mul(Activation.relu(x))),
                    new Mistake<>(NO_DOUT, () -> x.gt(0).toType(x.getDataType(), false))),
            null);

    private static final ActivationUnderTest SIGMOID = new ActivationUnderTest("sigmoid", Activations::sigmoid,
            Activations::sigmoidBackward, Activation::sigmoid, NONE,
            (x, dout) -> List.of(new Mistake<>(NO_DOUT, () -> {
                NDArray s = Activation.sigmoid(x);
                return s.mul(s.neg().add(1));
            })), OVERFLOW);

    private static final ActivationUnderTest TANH = new ActivationUnderTest("tanh", Activations::tanh,
            Activations::tanhBackward, Activation::tanh, NONE,
            (x, dout) -> List.of(new Mistake<>(TANH_OF_OUTPUT, () -> dout.mul(x.square().neg().add(1))),
                    new Mistake<>(NO_DOUT, () -> x.tanh().square().neg().add(1))),
            null);

    private static final ActivationUnderTest GELU = new ActivationUnderTest("gelu", Activations::gelu,
            Activations::geluBackward, Activation::gelu,
            (x, dout) -> List.of(new Mistake<>(GELU_TANH, () -> geluTanh(x))),
            (x, dout) -> List.of(new Mistake<>(GELU_NO_PDF, () -> dout.mul(normalCdf(x))),
                    new Mistake<>(NO_DOUT, () -> normalCdf(x).add(x.mul(x.square().mul(-0.5).exp())
                            .div(Math.sqrt(2 * Math.PI))))),
            null);

    private static final ActivationUnderTest SOFTMAX = new ActivationUnderTest("softmax", Activations::softmax,
            Activations::softmaxBackward, x -> x.softmax(-1),
            (x, dout) -> List.of(
                    new Mistake<>(wrongAxis(0), () -> x.getShape().dimension() < 2 ? null : x.softmax(0)),
                    new Mistake<>(wrongAxis(1), () -> x.getShape().dimension() < 3 ? null : x.softmax(1)),
                    new Mistake<>(WHOLE_ARRAY, () -> x.sub(x.max()).exp().div(x.sub(x.max()).exp().sum()))),
            (x, dout) -> List.of(new Mistake<>(DIAGONAL, () -> {
                NDArray s = x.softmax(-1);
                return dout.mul(s).mul(s.neg().add(1));
            })), NO_MAX);

    private static ActivationUnderTest leakyRelu(double slope) {
        return new ActivationUnderTest("leakyRelu", x -> Activations.leakyRelu(x, slope),
                (dout, x) -> Activations.leakyReluBackward(dout, x, slope), x -> x.mul(leakyFactor(x, slope)),
                (x, dout) -> List.of(new Mistake<>(SLOPE_IGNORED, () -> Activation.relu(x))),
                (x, dout) -> List.of(
                        new Mistake<>(SLOPE_IGNORED, () -> dout.mul(x.gt(0).toType(x.getDataType(), false))),
                        new Mistake<>(GE_ZERO, () -> dout.mul(leakyFactor(x, slope).add(
                                x.eq(0).toType(x.getDataType(), false).mul(1 - slope)))),
                        new Mistake<>(NO_DOUT, () -> leakyFactor(x, slope))),
                null);
    }

    @Test
    @DisplayName("ReLU forward and backward, with exact zeros (the gradient at 0 is 0)")
    void relu(NDManager manager, Random random) {
        check(manager, RELU, "", Inputs.smallIntegers(random, 2, 3, 5), false, random);
        check(manager, RELU, "", Inputs.smallIntegers(random, 2, 2, 3, 4), false, random);
        check(manager, RELU, "", Inputs.smallIntegers(random, 1, 1, 1), false, random);
        check(manager, RELU, "", awayFromKinks(Inputs.normal(random, 4, 3)), true, random);
        check(manager, RELU, "", awayFromKinks(Inputs.normal(random, 2, 2, 2, 2)), true, random);
        check(manager, RELU, " with infinities and magnitudes up to 1e300", specials(random, false), false, random);
        // PyTorch's backward passes dout through at NaN (its test is x <= 0), which no Javadoc here promises.
        checkForward(manager, RELU, " with NaN", specials(random, true));
    }

    @Test
    @DisplayName("leaky ReLU forward and backward, slopes 0.01, 0.2 and 0 (the gradient at 0 is the slope)")
    void leakyRelu(NDManager manager, Random random) {
        check(manager, leakyRelu(0.01), ", slope 0.01", Inputs.smallIntegers(random, 2, 3, 5), false, random);
        check(manager, leakyRelu(0.2), ", slope 0.2", Inputs.smallIntegers(random, 2, 2, 3, 4), false, random);
        check(manager, leakyRelu(0.01), ", slope 0.01", awayFromKinks(Inputs.normal(random, 4, 3)), true, random);
        check(manager, leakyRelu(0.3), ", slope 0.3", awayFromKinks(Inputs.normal(random, 2, 3, 2)), true, random);
        check(manager, leakyRelu(0.0), ", slope 0", Inputs.smallIntegers(random, 2, 3, 4), false,
                random);   // plain ReLU
        check(manager, leakyRelu(0.01), ", slope 0.01, with infinities and magnitudes up to 1e300",
                specials(random, false), false, random);
        checkForward(manager, leakyRelu(0.2), ", slope 0.2, with NaN", specials(random, true));
    }

    @Test
    @DisplayName("sigmoid forward and backward, stable for |x| = 1000")
    void sigmoid(NDManager manager, Random random) {
        check(manager, SIGMOID, "", Inputs.normal(random, 3, 5).mul(3), true, random);
        check(manager, SIGMOID, "", Inputs.normal(random, 2, 3, 2).mul(3), true, random);
        check(manager, SIGMOID, " with values up to magnitude 1000", extremes(random), true, random);
        check(manager, SIGMOID, " with NaN, infinities and magnitudes up to 1e300", specials(random, true), false,
                random);
    }

    @Test
    @DisplayName("tanh forward and backward")
    void tanh(NDManager manager, Random random) {
        check(manager, TANH, "", Inputs.normal(random, 3, 5).mul(2), true, random);
        check(manager, TANH, "", Inputs.normal(random, 1, 4, 2), true, random);
        check(manager, TANH, " with values up to magnitude 1000", extremes(random), true, random);
        check(manager, TANH, " with NaN, infinities and magnitudes up to 1e300", specials(random, true), false,
                random);
    }

    @Test
    @DisplayName("GELU (exact, erf form) forward and backward")
    void gelu(NDManager manager, Random random) {
        check(manager, GELU, "", Inputs.normal(random, 3, 5).mul(2), true, random);
        check(manager, GELU, "", Inputs.normal(random, 2, 2, 3).mul(3), true, random);
        check(manager, GELU, " with values up to magnitude 1000", extremes(random), true, random);
    }

    @Test
    @DisplayName("softmax over the last axis, forward and backward, stable for logits of magnitude 1000")
    void softmax(NDManager manager, Random random) {
        check(manager, SOFTMAX, "", Inputs.normal(random, 4, 5).mul(2), true, random);
        check(manager, SOFTMAX, "", Inputs.normal(random, 2, 3, 4).mul(2), true, random);
        check(manager, SOFTMAX, "", Inputs.normal(random, 1, 6), true, random);   // batch 1
        check(manager, SOFTMAX, "", Inputs.normal(random, 3, 1), true, random);   // one class: all ones
        check(manager, SOFTMAX, "", Inputs.normal(random, 5), true, random);      // a single row
        check(manager, SOFTMAX, " with logits of magnitude 1000", largeLogits(random, 4, 5), true, random);
        check(manager, SOFTMAX, " with logits of magnitude 1000", largeLogits(random, 2, 3, 3), true, random);
        check(manager, SOFTMAX, " with masked (-Infinity) logits", masked(random, 4, 5), false, random);
    }

    @Test
    @DisplayName("float32 inputs give float32 outputs and gradients")
    void float32(NDManager manager, Random random) {
        check(manager, RELU, "", Inputs.smallIntegers(random, 2, 3, 4).castTo(DataType.FLOAT), false, random);
        check(manager, leakyRelu(0.1), ", slope 0.1", Inputs.smallIntegers(random, 2, 3, 4).castTo(DataType.FLOAT), false,
                random);
        check(manager, SIGMOID, " with values up to magnitude 1000", extremes(random).castTo(DataType.FLOAT), false, random);
        check(manager, TANH, "", Inputs.normal(random, 3, 4).castTo(DataType.FLOAT), false, random);
        check(manager, GELU, "", Inputs.normal(random, 3, 4).castTo(DataType.FLOAT), false, random);
        check(manager, SOFTMAX, " with logits of magnitude 1000", largeLogits(random, 3, 4).castTo(DataType.FLOAT), false,
                random);
    }

    /** Forward, then backward with a random dout; centred differences too where {@code numerical}. */
    private static void check(NDManager manager, ActivationUnderTest fn, String note, INDArray x, boolean numerical,
                              Random random) {
        checkForward(manager, fn, note, x);
        DataType type = x.dataType();
        String typeNote = type == DataType.DOUBLE ? "" : ", " + type;
        NDArray tx = TorchOracle.toTorch(manager, x);
        INDArray dout = Inputs.normal(random, x.shape()).castTo(type);
        INDArray dx = Guarded.fresh(in -> fn.backward().apply(in.copy("dout", dout), in.copy("x", x)));

        NDArray tdout = TorchOracle.toTorch(manager, dout);
        NDArray grad = Autograd.gradients(in -> fn.oracle().apply(in.singletonOrThrow()), tdout, tx)[0];
        String gradWhat = "dx for " + fn.name() + "Backward(dout " + Nchw.shape(dout) + ", x " + Nchw.shape(x) + note
                + typeNote + ")";
        INDArray expectedDx = Nchw.expected(grad, type);
        if (fn.overflow() != null) {
            Overflow.assertFinite(gradWhat, expectedDx, dx, fn.overflow());
        }
        CompareGradient.assertClose(gradWhat, expectedDx, numerical ? NumericalGradient.of(
                        v -> TorchOracle.toNd4j(fn.oracle().apply(TorchOracle.toTorch(manager, v))), x, dout) : null,
                dx, mistakes(fn.wrongBackward(), tx, tdout, type));
    }

    private static void checkForward(NDManager manager, ActivationUnderTest fn, String note, INDArray x) {
        DataType type = x.dataType();
        INDArray actual = Guarded.fresh(in -> fn.forward().apply(in.copy("x", x)));
        NDArray tx = TorchOracle.toTorch(manager, x);
        String what = fn.name() + "(x " + Nchw.shape(x) + note + (type == DataType.DOUBLE ? "" : ", " + type) + ")";
        INDArray expected = Nchw.expected(fn.oracle().apply(tx), type);
        if (fn.overflow() != null) {
            Overflow.assertFinite(what, expected, actual, fn.overflow());
        }
        Compare.assertClose(what, expected, actual, mistakes(fn.wrongForward(), tx, null, type));
    }

    /** The oracle's wrong answers, in the learner's data type. */
    @SuppressWarnings("unchecked")
    private static Mistake<INDArray>[] mistakes(BiFunction<NDArray, NDArray, List<Mistake<NDArray>>> wrongs, NDArray x,
                                                NDArray dout, DataType type) {
        return wrongs.apply(x, dout).stream()
                .map(m -> new Mistake<INDArray>(m.diagnosis(), () -> Nchw.expected(m.answer().get(), type)))
                .toArray(Mistake[]::new);
    }

    private static String wrongAxis(int axis) {
        return "took the softmax over axis " + axis + " instead of the last axis: every row x[..., :] must sum to 1.";
    }

    /** 1 where x &gt; 0, slope elsewhere: a constant for autograd, so the gradient at 0 is the slope. */
    private static NDArray leakyFactor(NDArray x, double slope) {
        return x.gt(0).toType(x.getDataType(), false).mul(1 - slope).add(slope);
    }

    /** The standard normal CDF, (1 + erf(x / sqrt 2)) / 2. */
    private static NDArray normalCdf(NDArray x) {
        return x.div(Math.sqrt(2)).erf().add(1).mul(0.5);
    }

    /** PyTorch's {@code gelu(x, approximate='tanh')}. */
    private static NDArray geluTanh(NDArray x) {
        return x.mul(0.5).mul(x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI)).tanh().add(1));
    }

    /** Moves values at least 0.05 away from 0, where ReLU's kink would spoil a centred difference. */
    private static INDArray awayFromKinks(INDArray x) {
        double[] v = x.dup('c').data().asDouble();
        for (int i = 0; i < v.length; i++) {
            v[i] += v[i] < 0 ? -0.05 : 0.05;
        }
        return Nd4j.create(v, x.shape(), x.dataType());
    }

    /** Values from -1000 to 1000, including the ones that overflow exp in a naive formula. */
    private static INDArray extremes(Random random) {
        double[] fixed = {-1000, -710, -100, -30, -1, 0, 1, 30, 100, 710, 1000};
        double[] v = new double[2 * fixed.length];
        for (int i = 0; i < fixed.length; i++) {
            v[2 * i] = fixed[i];
            v[2 * i + 1] = random.nextGaussian() * 2;
        }
        return Nd4j.create(v, new long[] {2, fixed.length}, DataType.DOUBLE);
    }

    /**
     * The values at the edge of the contract, each next to an ordinary one: both infinities, +-1e300
     * (whose square overflows), the smallest subnormal, +-0 and, when asked, NaN.
     */
    private static INDArray specials(Random random, boolean withNaN) {
        double[] fixed = withNaN
                ? new double[] {Double.NEGATIVE_INFINITY, -1e300, -Double.MIN_VALUE, -0.0, 0, Double.NaN, 1e300,
                    Double.POSITIVE_INFINITY}
                : new double[] {Double.NEGATIVE_INFINITY, -1e300, -Double.MIN_VALUE, -0.0, 0, Double.MIN_VALUE, 1e300,
                    Double.POSITIVE_INFINITY};
        double[] v = new double[2 * fixed.length];
        for (int i = 0; i < fixed.length; i++) {
            v[2 * i] = fixed[i];
            v[2 * i + 1] = random.nextGaussian();
        }
        return Nd4j.create(v, new long[] {2, fixed.length}, DataType.DOUBLE);
    }

    /**
     * Logits as an attention mask leaves them: about half of every row -Infinity (exp gives 0),
     * never a whole row, so that every row has a finite softmax.
     */
    private static INDArray masked(Random random, long rows, long k) {
        double[] v = Inputs.normal(random, rows, k).data().asDouble();
        for (int r = 0; r < rows; r++) {
            int kept = random.nextInt((int) k);
            for (int j = 0; j < k; j++) {
                if (j != kept && random.nextBoolean()) {
                    v[(int) (r * k + j)] = Double.NEGATIVE_INFINITY;
                }
            }
        }
        return Nd4j.create(v, new long[] {rows, k}, DataType.DOUBLE);
    }

    /**
     * Logits of magnitude about 1000: every row is offset by +1000 or -1000 (overflow and underflow
     * of a naive exp), and one row mixes both (a one-hot softmax).
     */
    private static INDArray largeLogits(Random random, long... shape) {
        INDArray x = Inputs.normal(random, shape);
        long k = shape[shape.length - 1];
        double[] v = x.dup('c').data().asDouble();
        int rows = (int) (v.length / k);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                double offset = r == rows - 1 ? (j % 2 == 0 ? 1000 : -1000) : (r % 2 == 0 ? 1000 : -1000);
                v[(int) (r * k + j)] += offset;
            }
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }
}
