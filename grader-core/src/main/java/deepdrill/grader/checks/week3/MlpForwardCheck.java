package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import deepdrill.grader.checks.support.CheckContext;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.MlpForward;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks {@code mlp-forward} against PyTorch: {@code matmul}, {@code relu} and {@code softmax}
 * over the classes. Known mistakes are recognised by computing the same network with the mistake
 * made on purpose: a ReLU on the scores, a bias left out, no hidden ReLU, a softmax over the batch,
 * a softmax without the maximum subtracted.
 */
@Tag("mlp-forward")
@DisplayName("mlp-forward")
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
    private static final String OVERFLOW = "exponentiated the scores without subtracting each row's maximum first: "
            + "exp of a score above about 709 overflows to infinity, and inf / inf is NaN. softmax(s) = "
            + "softmax(s - max(s)).";

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = TorchOracle.newManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

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
    void scores() {
        Random random = CheckContext.random("scores");
        checkScores(net(random, 4, 3, 5, 2, 1, DataType.DOUBLE));
        checkScores(net(random, 1, 4, 6, 3, 1, DataType.DOUBLE));   // batch 1
        checkScores(net(random, 5, 2, 1, 4, 1, DataType.DOUBLE));   // one hidden unit
        checkScores(net(random, 3, 6, 4, 1, 1, DataType.DOUBLE));   // one class
        checkScores(net(random, Inputs.between(random, 2, 8), Inputs.between(random, 1, 7), Inputs.between(random, 2, 9),
                Inputs.between(random, 2, 6), 1, DataType.DOUBLE));
    }

    @Test
    @DisplayName("probabilities: the softmax of each row of scores")
    void probabilities() {
        Random random = CheckContext.random("probabilities");
        checkProbabilities(net(random, 4, 3, 5, 3, 1, DataType.DOUBLE));
        checkProbabilities(net(random, 1, 4, 6, 3, 1, DataType.DOUBLE));   // batch 1
        checkProbabilities(net(random, 6, 2, 3, 2, 1, DataType.DOUBLE));
        checkProbabilities(net(random, 3, 5, 4, 1, 1, DataType.DOUBLE));   // one class: probability 1
        checkProbabilities(net(random, Inputs.between(random, 2, 8), Inputs.between(random, 1, 7),
                Inputs.between(random, 2, 9), Inputs.between(random, 2, 6), 1, DataType.DOUBLE));
    }

    @Test
    @DisplayName("probabilities stay finite for scores in the thousands")
    void largeScores() {
        Random random = CheckContext.random("largeScores");
        checkProbabilities(net(random, 4, 3, 5, 3, 800, DataType.DOUBLE));
        checkProbabilities(net(random, 3, 2, 4, 4, 2000, DataType.DOUBLE));
    }

    @Test
    @DisplayName("a float32 input gives float32 scores and probabilities")
    void float32() {
        Random random = CheckContext.random("float32");
        checkScores(net(random, 4, 5, 6, 3, 1, DataType.FLOAT));
        checkProbabilities(net(random, 4, 5, 6, 3, 1, DataType.FLOAT));
    }

    private void checkScores(Net net) {
        INDArray actual = call(net, MlpForward::scores);
        Compare.assertClose("scores" + net, expected(net, this::scoresOf), actual, scoreMistakes(net, s -> s));
    }

    private void checkProbabilities(Net net) {
        INDArray actual = call(net, MlpForward::probabilities);
        Mistake[] wrongScores = scoreMistakes(net, s -> s.softmax(1));
        Mistake[] mistakes = new Mistake[wrongScores.length + 2];
        mistakes[0] = new Mistake(BATCH_AXIS, () -> expected(net, t -> scoresOf(t).softmax(0)));
        mistakes[1] = new Mistake(OVERFLOW, () -> expected(net, t -> {
            NDArray e = scoresOf(t).exp();
            return e.div(e.sum(new int[] {1}, true));
        }));
        System.arraycopy(wrongScores, 0, mistakes, 2, wrongScores.length);
        Compare.assertClose("probabilities" + net, expected(net, t -> scoresOf(t).softmax(1)), actual, mistakes);
    }

    /** The scores with a mistake made, then {@code then} (nothing, or the softmax). */
    private Mistake[] scoreMistakes(Net net, Function<NDArray, NDArray> then) {
        return new Mistake[] {
            new Mistake(RELU_ON_SCORES, () -> expected(net, t -> then.apply(Activation.relu(scoresOf(t))))),
            new Mistake(NO_B1, () -> expected(net, t -> then.apply(
                    Activation.relu(t.x().matMul(t.w1())).matMul(t.w2()).add(t.b2())))),
            new Mistake(NO_B2, () -> expected(net, t -> then.apply(hidden(t).matMul(t.w2())))),
            new Mistake(NO_RELU, () -> expected(net, t -> then.apply(
                    t.x().matMul(t.w1()).add(t.b1()).matMul(t.w2()).add(t.b2())))),
            new Mistake(BIAS_AFTER_RELU, () -> expected(net, t -> then.apply(
                    Activation.relu(t.x().matMul(t.w1())).add(t.b1()).matMul(t.w2()).add(t.b2()))))
        };
    }

    /** The network's parameters on the oracle's device. */
    private record TorchNet(NDArray x, NDArray w1, NDArray b1, NDArray w2, NDArray b2) {
    }

    private static NDArray hidden(TorchNet t) {
        return Activation.relu(t.x().matMul(t.w1()).add(t.b1()));
    }

    private NDArray scoresOf(TorchNet t) {
        return hidden(t).matMul(t.w2()).add(t.b2());
    }

    /** What {@code f} computes on the oracle's device, in the learner's data type. */
    private INDArray expected(Net net, Function<TorchNet, NDArray> f) {
        TorchNet t = new TorchNet(TorchOracle.toTorch(manager, net.x()), TorchOracle.toTorch(manager, net.w1()),
                TorchOracle.toTorch(manager, net.b1()), TorchOracle.toTorch(manager, net.w2()),
                TorchOracle.toTorch(manager, net.b2()));
        return Nchw.expected(f.apply(t), net.x().dataType());
    }

    private interface Method {
        INDArray apply(INDArray x, INDArray w1, INDArray b1, INDArray w2, INDArray b2);
    }

    /** Calls the learner's method on copies, and checks that no input was changed. */
    private static INDArray call(Net net, Method method) {
        INDArray x = net.x().dup();
        INDArray w1 = net.w1().dup();
        INDArray b1 = net.b1().dup();
        INDArray w2 = net.w2().dup();
        INDArray b2 = net.b2().dup();
        INDArray actual = method.apply(x, w1, b1, w2, b2);
        Compare.assertUnchanged("x", net.x(), x);
        Compare.assertUnchanged("w1", net.w1(), w1);
        Compare.assertUnchanged("b1", net.b1(), b1);
        Compare.assertUnchanged("w2", net.w2(), w2);
        Compare.assertUnchanged("b2", net.b2(), b2);
        return actual;
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
