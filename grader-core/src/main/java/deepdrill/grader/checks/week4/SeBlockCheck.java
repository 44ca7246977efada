package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.SeBlock;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks {@code se-block} against the block written with PyTorch's operations: {@code mean} over
 * the spatial axes, {@code matmul}, {@code relu}, {@code sigmoid} and a broadcast multiply (Hu et
 * al. 2018, arXiv:1709.01507). Known mistakes are recognised by computing the block with the
 * mistake built in.
 *
 * <p>Covered: reduction ratios 1 to C; batch 1 and one channel; a 1 x 1 image; non-square images,
 * W = C (so that scaling the wrong axis shows); gate pre-activations beyond +/-745 where a naive
 * {@code exp(z) / (1 + exp(z))} overflows to NaN and the gates must be exactly 0 and 1; NaN and
 * infinities in x, which PyTorch carries through the mean into the gates; float32; a new array
 * every time.
 */
@ExerciseCheck
class SeBlockCheck {

    private static final String SCALED_BY_SQUEEZE = "scaled x by the squeeze s instead of the excitation e: "
            + "out[n, c, h, w] = x[n, c, h, w] * e[n, c], with e = sigmoid(relu(s w1 + b1) w2 + b2).";
    private static final String SOFTMAX = "used a softmax instead of a sigmoid: each channel's gate is its own "
            + "sigmoid, between 0 and 1, independent of the others (a softmax makes the channels compete for a total of 1).";
    private static final String MAX_SQUEEZE = "squeezed with a max instead of an average: s[n, c] is the mean of "
            + "channel c over all H * W pixels (global average pooling).";
    private static final String WRONG_AXIS = "broadcast the channel scale over the wrong axis: e[n, c] multiplies "
            + "channel c (axis 1) of image n, so reshape e to (N, C, 1, 1) before broadcasting to (N, C, H, W).";
    private static final String NO_RELU = "left out the ReLU between the two layers: e = sigmoid(relu(s w1 + b1) w2 + b2).";
    private static final String NO_HIDDEN_BIAS = "forgot the bias b1 of the first layer: relu(s w1 + b1).";
    private static final String NO_GATE_BIAS = "forgot the bias b2 of the second layer: sigmoid(h w2 + b2).";
    private static final String NO_SIGMOID = "left out the sigmoid: the gates are sigmoid(relu(s w1 + b1) w2 + b2), "
            + "between 0 and 1.";

    /** One configuration: x (n, c, h, w) and a bottleneck of cr hidden units. */
    private record Case(int n, int c, int h, int w, int cr) {
        @Override
        public String toString() {
            return "forward(x (" + n + ", " + c + ", " + h + ", " + w + "), w1 (" + c + ", " + cr + "), b1 (" + cr
                    + "), w2 (" + cr + ", " + c + "), b2 (" + c + "))";
        }
    }

    @Test
    @DisplayName("squeeze, excite and scale: batches, channels, reduction ratios")
    void squeezeAndExcite(NDManager manager, Random random) {
        check(manager, random, new Case(2, 4, 4, 4, 2), DataType.DOUBLE);    // W = C: a scale along the width shows itself
        check(manager, random, new Case(2, 8, 5, 6, 2), DataType.DOUBLE);    // r = 4
        check(manager, random, new Case(3, 6, 3, 3, 6), DataType.DOUBLE);    // r = 1: no bottleneck
        check(manager, random, new Case(1, 16, 4, 5, 1), DataType.DOUBLE);   // one hidden unit (r = C)
        for (int i = 0; i < 3; i++) {
            check(manager, random, new Case(Inputs.between(random, 1, 3), Inputs.between(random, 2, 12),
                    Inputs.between(random, 1, 7), Inputs.between(random, 1, 7), Inputs.between(random, 1, 6)),
                    DataType.DOUBLE);
        }
    }

    @Test
    @DisplayName("edge shapes: batch 1, one channel, a 1x1 image, non-square images")
    void edgeShapes(NDManager manager, Random random) {
        check(manager, random, new Case(1, 1, 3, 3, 1), DataType.DOUBLE);    // one channel
        check(manager, random, new Case(2, 3, 1, 1, 2), DataType.DOUBLE);    // a 1x1 image: the squeeze is x itself
        check(manager, random, new Case(1, 5, 2, 9, 3), DataType.DOUBLE);
        check(manager, random, new Case(2, 4, 7, 1, 2), DataType.DOUBLE);
    }

    @Test
    @DisplayName("gates saturated past |z| = 745 (exactly 0 and 1), NaN and infinities in x")
    void extremeValues(NDManager manager, Random random) {
        Case k = new Case(2, 6, 3, 4, 3);
        // Weights a thousand times too large drive every gate's pre-activation far beyond where exp overflows.
        check(manager, k, Inputs.normal(random, 2, 6, 3, 4), Inputs.normal(random, 6, 3).mul(30),
                Inputs.normal(random, 3), Inputs.normal(random, 3, 6).mul(1000), Inputs.normal(random, 6));
        Case small = new Case(1, 3, 2, 3, 2);
        check(manager, small, NonFiniteCases.planted(random, Inputs.normal(random, 1, 3, 2, 3)),
                Inputs.normal(random, 3, 2), Inputs.normal(random, 2), Inputs.normal(random, 2, 3),
                Inputs.normal(random, 3));
    }

    @Test
    @DisplayName("a float32 input gives a float32 output")
    void float32(NDManager manager, Random random) {
        check(manager, random, new Case(2, 8, 5, 4, 2), DataType.FLOAT);
    }

    private static void check(NDManager manager, Random random, Case k, DataType type) {
        INDArray x = Inputs.normal(random, k.n(), k.c(), k.h(), k.w()).castTo(type);
        INDArray w1 = Inputs.normal(random, k.c(), k.cr()).castTo(type);
        INDArray b1 = Inputs.normal(random, k.cr()).castTo(type);
        INDArray w2 = Inputs.normal(random, k.cr(), k.c()).castTo(type);
        INDArray b2 = Inputs.normal(random, k.c()).castTo(type);
        check(manager, k, x, w1, b1, w2, b2);
    }

    private static void check(NDManager manager, Case k, INDArray x, INDArray w1, INDArray b1, INDArray w2,
                              INDArray b2) {
        DataType type = x.dataType();
        INDArray actual = Guarded.fresh(in -> SeBlock.forward(in.copy("x", x), in.copy("w1", w1), in.copy("b1", b1),
                in.copy("w2", w2), in.copy("b2", b2)));

        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tw1 = TorchOracle.toTorch(manager, w1);
        NDArray tb1 = TorchOracle.toTorch(manager, b1);
        NDArray tw2 = TorchOracle.toTorch(manager, w2);
        NDArray tb2 = TorchOracle.toTorch(manager, b2);
        NDArray mean = squeeze(tx);
        UnaryOperator<NDArray> relu = Activation::relu;
        UnaryOperator<NDArray> sigmoid = Activation::sigmoid;
        NDArray e = excite(mean, tw1, tb1, tw2, tb2, relu, sigmoid);
        NDArray right = scale(tx, e);
        Compare.assertClose(k + (type == DataType.DOUBLE ? "" : ", " + type), Nchw.expected(right, type), actual,
                new Mistake<>(SCALED_BY_SQUEEZE, () -> Nchw.expected(scale(tx, mean), type)),
                new Mistake<>(SOFTMAX, () -> k.c() == 1 ? null
                        : Nchw.expected(scale(tx, excite(mean, tw1, tb1, tw2, tb2, relu, z -> z.softmax(1))), type)),
                new Mistake<>(MAX_SQUEEZE, () -> k.h() * k.w() == 1 ? null
                        : Nchw.expected(scale(tx, excite(tx.max(new int[] {3}).max(new int[] {2}), tw1, tb1, tw2, tb2,
                                relu, sigmoid)), type)),
                new Mistake<>(WRONG_AXIS, () -> k.w() != k.c() || k.c() == 1 ? null
                        : Nchw.expected(tx.mul(e.reshape(k.n(), 1, 1, k.c())), type)),
                new Mistake<>(NO_RELU, () -> Nchw.expected(scale(tx, excite(mean, tw1, tb1, tw2, tb2, z -> z, sigmoid)),
                        type)),
                new Mistake<>(NO_HIDDEN_BIAS, () -> Nchw.expected(scale(tx, excite(mean, tw1, tb1.zerosLike(), tw2, tb2,
                        relu, sigmoid)), type)),
                new Mistake<>(NO_GATE_BIAS, () -> Nchw.expected(scale(tx, excite(mean, tw1, tb1, tw2, tb2.zerosLike(),
                        relu, sigmoid)), type)),
                new Mistake<>(NO_SIGMOID, () -> Nchw.expected(scale(tx, excite(mean, tw1, tb1, tw2, tb2, relu, z -> z)),
                        type)));
    }

    /** Global average pooling, (N, C, H, W) to (N, C): PyTorch's mean over the width, then the height. */
    private static NDArray squeeze(NDArray x) {
        return x.mean(new int[] {3}).mean(new int[] {2});
    }

    /** gate(act(s w1 + b1) w2 + b2), (N, C) to (N, C). */
    private static NDArray excite(NDArray s, NDArray w1, NDArray b1, NDArray w2, NDArray b2,
                                  UnaryOperator<NDArray> act, UnaryOperator<NDArray> gate) {
        return gate.apply(act.apply(s.matMul(w1).add(b1)).matMul(w2).add(b2));
    }

    /** x (N, C, H, W) times one value per image and channel, (N, C), broadcast over the pixels. */
    private static NDArray scale(NDArray x, NDArray perChannel) {
        long[] shape = x.getShape().getShape();
        return x.mul(perChannel.reshape(shape[0], shape[1], 1, 1));
    }
}
