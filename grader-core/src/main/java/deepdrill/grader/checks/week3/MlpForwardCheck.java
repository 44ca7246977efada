package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.MlpForward;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code mlp-forward} against PyTorch: {@code matmul}, {@code relu} and {@code softmax}
 * over the classes. Known mistakes are recognised by computing the same network with the mistake
 * made on purpose: a ReLU on the scores, a bias left out, no hidden ReLU, a softmax over the batch,
 * a softmax without the maximum subtracted.
 *
 * <p>Covered: batch 1, one hidden unit, one class (probability 1); scores in the thousands (far
 * beyond where float64 {@code exp} overflows), and rows near +1000 and -1000 in one batch (a
 * maximum over the whole batch underflows the low row); float32. The inputs must come back unchanged, and
 * the scores and probabilities must be new arrays.
 */
@ExerciseCheck
class MlpForwardCheck {

    private static final String RELU_ON_SCORES = "applied a ReLU after the second layer too: the scores are "
            + "hidden w2 + b2 as they are, negative values included (only the hidden layer has a ReLU).";
    private static final String NO_B1 = "forgot the first layer's bias: hidden = relu(x w1 + b1).";
    private static final String NO_B2 = "forgot the second layer's bias: scores = hidden w2 + b2.";
    private static final String NO_RELU = "left out the hidden layer's ReLU: hidden = relu(x w1 + b1); without "
            + "it the two layers collapse into one linear map.";
    private static final String BIAS_AFTER_RELU = "added b1 after the ReLU: the bias goes inside, relu(x w1 + b1).";
    private static final String BATCH_AXIS = "took the softmax over the batch axis (down each column): each "
            + "example's row of C scores is normalised on its own, so every row sums to 1.";
    private static final String GLOBAL_MAX = "subtracted the maximum of the whole batch, not of each row: a row "
            + "whose scores all lie more than about 745 below it underflows to 0 / 0 = NaN; subtract each row's own "
            + "maximum (scores.max(1)).";
    private static final String OVERFLOW = "exponentiated the scores without subtracting each row's maximum first: "
            + "exp of a score above about 709 overflows to infinity, and inf / inf is NaN. softmax(s) = "
            + "softmax(s - max(s)).";

    /** The inputs of one call. */
    private record Net(INDArray x, INDArray w1, INDArray b1, INDArray w2, INDArray b2) {
        @Override
        public String toString() {
            return "(x " + Nchw.shape(x) + (x.dataType() == DataType.DOUBLE ? "" : " " + x.dataType()) + ", w1 "
                    + Nchw.shape(w1) + ", b1 " + Nchw.shape(b1) + ", w2 " + Nchw.shape(w2) + ", b2 " + Nchw.shape(b2)
                    + ")";
        }
    }

    @Test
    @DisplayName("scores: relu(x w1 + b1) w2 + b2")
    void scores(NDManager manager, Random random) {
        checkScores(manager, net(random, 4, 3, 5, 2, 1, DataType.DOUBLE));
        checkScores(manager, net(random, 1, 4, 6, 3, 1, DataType.DOUBLE));   // batch 1
        checkScores(manager, net(random, 5, 2, 1, 4, 1, DataType.DOUBLE));   // one hidden unit
        checkScores(manager, net(random, 3, 6, 4, 1, 1, DataType.DOUBLE));   // one class
        checkScores(manager, net(random, Inputs.between(random, 2, 8), Inputs.between(random, 1, 7),
                Inputs.between(random, 2, 9), Inputs.between(random, 2, 6), 1, DataType.DOUBLE));
    }

    @Test
    @DisplayName("probabilities: the softmax of each row of scores")
    void probabilities(NDManager manager, Random random) {
        checkProbabilities(manager, net(random, 4, 3, 5, 3, 1, DataType.DOUBLE));
        checkProbabilities(manager, net(random, 1, 4, 6, 3, 1, DataType.DOUBLE));   // batch 1
        checkProbabilities(manager, net(random, 6, 2, 3, 2, 1, DataType.DOUBLE));
        checkProbabilities(manager, net(random, 3, 5, 4, 1, 1, DataType.DOUBLE));   // one class: probability 1
        checkProbabilities(manager, net(random, Inputs.between(random, 2, 8), Inputs.between(random, 1, 7),
                Inputs.between(random, 2, 9), Inputs.between(random, 2, 6), 1, DataType.DOUBLE));
    }

    @Test
    @DisplayName("probabilities stay finite for scores in the thousands")
    void largeScores(NDManager manager, Random random) {
        checkProbabilities(manager, net(random, 4, 3, 5, 3, 800, DataType.DOUBLE));
        checkProbabilities(manager, net(random, 3, 2, 4, 4, 2000, DataType.DOUBLE));
        // One row's scores near +1000, the other's near -1000: each row needs its own maximum.
        checkProbabilities(manager, new Net(Nd4j.eye(2).castTo(DataType.DOUBLE), Nd4j.eye(2).castTo(DataType.DOUBLE),
                Nd4j.zeros(DataType.DOUBLE, 2), Nd4j.create(new double[][] {{1000, 999, 998}, {-1000, -1001, -999}})
                        .castTo(DataType.DOUBLE), Inputs.normal(random, 3)));
    }

    @Test
    @DisplayName("a float32 input gives float32 scores and probabilities")
    void float32(NDManager manager, Random random) {
        checkScores(manager, net(random, 4, 5, 6, 3, 1, DataType.FLOAT));
        checkProbabilities(manager, net(random, 4, 5, 6, 3, 1, DataType.FLOAT));
    }

    private static void checkScores(NDManager manager, Net net) {
        INDArray actual = call(net, MlpForward::scores);
        Compare.assertClose("scores" + net, expected(manager, net, MlpForwardCheck::scoresOf), actual,
                Tolerance.of(net.x().dataType()), scoreMistakes(manager, net, s -> s));
    }

    private static void checkProbabilities(NDManager manager, Net net) {
        INDArray actual = call(net, MlpForward::probabilities);
        List<Mistake<INDArray>> mistakes = new ArrayList<>();
        mistakes.add(new Mistake<>(BATCH_AXIS, () -> expected(manager, net, t -> scoresOf(t).softmax(0))));
        mistakes.add(new Mistake<>(OVERFLOW, () -> expected(manager, net, t -> {
            NDArray e = scoresOf(t).exp();
            return e.div(e.sum(new int[] {1}, true));
        })));
        mistakes.add(new Mistake<>(GLOBAL_MAX, () -> expected(manager, net, t -> {
            NDArray e = scoresOf(t).sub(scoresOf(t).max()).exp();
            return e.div(e.sum(new int[] {1}, true));
        })));
        mistakes.addAll(scoreMistakes(manager, net, s -> s.softmax(1)));
        Compare.assertClose("probabilities" + net, expected(manager, net, t -> scoresOf(t).softmax(1)), actual,
                Tolerance.of(net.x().dataType()), mistakes);
    }

    /** The scores with a mistake made, then {@code then} (nothing, or the softmax). */
    private static List<Mistake<INDArray>> scoreMistakes(NDManager manager, Net net, Function<NDArray, NDArray> then) {
        return List.of(
            new Mistake<>(RELU_ON_SCORES, () -> expected(manager, net, t -> then.apply(Activation.relu(scoresOf(t))))),
            new Mistake<>(NO_B1, () -> expected(manager, net, t -> then.apply(
                    Activation.relu(t.x().matMul(t.w1())).matMul(t.w2()).add(t.b2())))),
            new Mistake<>(NO_B2, () -> expected(manager, net, t -> then.apply(hidden(t).matMul(t.w2())))),
            new Mistake<>(NO_RELU, () -> expected(manager, net, t -> then.apply(
                    t.x().matMul(t.w1()).add(t.b1()).matMul(t.w2()).add(t.b2())))),
            new Mistake<>(BIAS_AFTER_RELU, () -> expected(manager, net, t -> then.apply(
                    Activation.relu(t.x().matMul(t.w1())).add(t.b1()).matMul(t.w2()).add(t.b2())))));
    }

    /** The network's parameters on the oracle's device. */
    private record TorchNet(NDArray x, NDArray w1, NDArray b1, NDArray w2, NDArray b2) {
    }

    private static NDArray hidden(TorchNet t) {
        return Activation.relu(t.x().matMul(t.w1()).add(t.b1()));
    }

    private static NDArray scoresOf(TorchNet t) {
        return hidden(t).matMul(t.w2()).add(t.b2());
    }

    /** What {@code f} computes on the oracle's device, in the learner's data type. */
    private static INDArray expected(NDManager manager, Net net, Function<TorchNet, NDArray> f) {
        TorchNet t = new TorchNet(TorchOracle.toTorch(manager, net.x()), TorchOracle.toTorch(manager, net.w1()),
                TorchOracle.toTorch(manager, net.b1()), TorchOracle.toTorch(manager, net.w2()),
                TorchOracle.toTorch(manager, net.b2()));
        return Nchw.expected(f.apply(t), net.x().dataType());
    }

    private interface Method {
        INDArray apply(INDArray x, INDArray w1, INDArray b1, INDArray w2, INDArray b2);
    }

    /** Calls the learner's method on copies; the scores or probabilities are promised as a new array. */
    private static INDArray call(Net net, Method method) {
        return Guarded.fresh(in -> method.apply(in.copy("x", net.x()), in.copy("w1", net.w1()),
                in.copy("b1", net.b1()), in.copy("w2", net.w2()), in.copy("b2", net.b2())));
    }

    /**
     * A random network. The second layer's weights are multiplied by {@code scale}, and for a large
     * scale its biases are shifted up by the same amount, so that every row has a score far above 709.
     */
    private static Net net(Random random, int n, int d, int h, int c, double scale, DataType type) {
        INDArray b2 = Inputs.normal(random, c);
        if (scale > 1) {
            b2.addi(scale);
        }
        return new Net(Inputs.normal(random, n, d).castTo(type), Inputs.normal(random, d, h).castTo(type),
                Inputs.normal(random, h).castTo(type), Inputs.normal(random, h, c).muli(scale).castTo(type),
                b2.castTo(type));
    }
}
