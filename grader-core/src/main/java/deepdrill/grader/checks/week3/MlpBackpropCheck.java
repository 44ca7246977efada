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
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.MlpBackprop;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code mlp-backprop}: the loss against the same loss written with PyTorch operations
 * ({@code log_softmax}, which is stable), the gradients against PyTorch's autograd of that loss and
 * against a float64 numerical gradient of it. Known wrong gradients are built from the backward
 * formulas with the mistake made on purpose.
 *
 * <p>Covered: batch 1 and random sizes, several reg strengths, hidden pre-activations of exactly 0
 * (an example of zeros meeting biases of 0: no gradient passes the ReLU there), scores in the
 * thousands (a stable log-softmax is required for a finite loss and gradient), a numerical
 * gradient in float64, float32. The inputs (labels included) must come back unchanged.
 */
@ExerciseCheck
class MlpBackpropCheck {

    private static final String NOT_AVERAGED = "summed the data loss over the batch instead of averaging it: "
            + "loss = -(1/N) * sum_i log p[i, y[i]] + reg * (sum(w1^2) + sum(w2^2)).";
    private static final String HALF_REG = "used 0.5 * reg * sum(w^2): this exercise's penalty is "
            + "reg * (sum(w1^2) + sum(w2^2)), with no 1/2 factor.";
    private static final String NO_REG = "left out the regularisation: the loss includes "
            + "reg * (sum(w1^2) + sum(w2^2)).";
    private static final String BIAS_REG = "regularised the biases too: only w1 and w2 are penalised.";
    private static final String OVERFLOW = "computed the softmax without subtracting each row's maximum: exp of a "
            + "score above about 709 overflows, and the loss becomes infinite or NaN. Use log p = shifted - "
            + "log(sum(exp(shifted))) with shifted = scores - rowMax.";
    private static final String RELU_AT_ZERO = "let the gradient through the ReLU where its input is exactly 0 "
            + "(mask pre >= 0): relu is flat at 0, and relu'(0) is taken as 0 (mask pre > 0), as in PyTorch.";
    private static final String GRADS_NOT_AVERAGED = "forgot to divide dscores by N: the loss is averaged over the "
            + "batch, so dscores = (p - onehot(y)) / N.";

    /** The inputs of one call. */
    private record Net(INDArray x, int[] y, INDArray w1, INDArray b1, INDArray w2, INDArray b2, double reg) {
        @Override
        public String toString() {
            return "lossAndGradients(x " + Nchw.shape(x) + (x.dataType() == DataType.DOUBLE ? "" : " " + x.dataType())
                    + ", y " + Arrays.toString(y) + ", w1 " + Nchw.shape(w1) + ", b1 " + Nchw.shape(b1) + ", w2 "
                    + Nchw.shape(w2) + ", b2 " + Nchw.shape(b2) + ", reg " + reg + ")";
        }
    }

    /** The network on the oracle's device, with the labels as a one-hot (N, C) matrix. */
    private record TorchNet(NDArray x, NDArray oneHot, NDArray w1, NDArray b1, NDArray w2, NDArray b2, double reg) {
        long n() {
            return x.getShape().get(0);
        }
    }

    @Test
    @DisplayName("the loss: averaged softmax cross-entropy plus reg * (sum(w1^2) + sum(w2^2))")
    void loss(NDManager manager, Random random) {
        for (Net net : cases(random)) {
            checkLoss(manager, net);
        }
    }

    @Test
    @DisplayName("dw1, db1, dw2, db2 against PyTorch's autograd")
    void gradients(NDManager manager, Random random) {
        for (Net net : cases(random)) {
            checkGradients(manager, net, false);
        }
        // An example of zeros and some biases of 0: pre-activations of exactly 0, on the ReLU's kink.
        Net net = net(random, 4, 3, 5, 3, 0.1, 1, DataType.DOUBLE);
        net.x().getRow(0).assign(0);
        net.b1().putScalar(0, 0).putScalar(3, 0);
        checkGradients(manager, net, false);
    }

    @Test
    @DisplayName("dw1, db1, dw2, db2 against a numerical gradient")
    void numericalGradients(NDManager manager, Random random) {
        checkGradients(manager, net(random, 3, 4, 5, 3, 0.1, 1, DataType.DOUBLE), true);
        checkGradients(manager, net(random, 1, 2, 3, 2, 0.05, 1, DataType.DOUBLE), true);
    }

    @Test
    @DisplayName("the loss and gradients stay finite for scores in the thousands")
    void largeScores(NDManager manager, Random random) {
        Net net = net(random, 4, 3, 5, 3, 0.01, 800, DataType.DOUBLE);
        checkLoss(manager, net);
        checkGradients(manager, net, false);
    }

    @Test
    @DisplayName("float32 inputs give float32 gradients")
    void float32(NDManager manager, Random random) {
        Net net = net(random, 5, 4, 6, 3, 0.1, 1, DataType.FLOAT);
        checkLoss(manager, net);
        checkGradients(manager, net, false);
    }

    private static Net[] cases(Random random) {
        return new Net[] {
            net(random, 4, 3, 5, 3, 0.1, 1, DataType.DOUBLE),
            net(random, 5, 4, 6, 2, 0.0, 1, DataType.DOUBLE),   // no regularisation, two classes
            net(random, 1, 3, 4, 3, 0.2, 1, DataType.DOUBLE),   // batch 1
            net(random, 6, 2, 3, 4, 0.05, 1, DataType.DOUBLE),
            net(random, Inputs.between(random, 2, 8), Inputs.between(random, 1, 6), Inputs.between(random, 2, 8),
                    Inputs.between(random, 2, 5), 0.1, 1, DataType.DOUBLE)
        };
    }

    private static void checkLoss(NDManager manager, Net net) {
        MlpBackprop.Result r = call(net);
        TorchNet t = torch(manager, net);
        double actual = r.loss();
        DataType type = net.x().dataType();
        // Only the data loss is scaled by N, so each wrong loss is built from its two parts.
        double data = dataLoss(t).toDoubleArray()[0];
        double penalty = penalty(t.w1(), t.w2()).toDoubleArray()[0];
        double biases = penalty(t.b1(), t.b2()).toDoubleArray()[0];
        double reg = net.reg();
        Compare.assertClose("loss of " + net, scalar(data + reg * penalty), scalar(actual), Tolerance.of(type),
                // A non-finite loss where the right one is finite is the overflow: the mistake's "output" is the
                // learner's own value, so that only a non-finite answer matches it.
                new Mistake<>(OVERFLOW, () -> Double.isFinite(actual) ? null : scalar(actual)),
                new Mistake<>(NOT_AVERAGED, () -> t.n() == 1 ? null : scalar(data * t.n() + reg * penalty)),
                new Mistake<>(HALF_REG, () -> reg == 0 ? null : scalar(data + 0.5 * reg * penalty)),
                new Mistake<>(NO_REG, () -> reg == 0 ? null : scalar(data)),
                new Mistake<>(BIAS_REG, () -> reg == 0 ? null : scalar(data + reg * (penalty + biases))));
    }

    private static void checkGradients(NDManager manager, Net net, boolean numerical) {
        MlpBackprop.Result r = call(net);
        TorchNet t = torch(manager, net);
        DataType type = net.x().dataType();
        String of = " of " + net;
        INDArray[] actual = {r.dw1(), r.db1(), r.dw2(), r.db2()};
        String[] names = {"dw1", "db1", "dw2", "db2"};
        INDArray[] params = {net.w1(), net.b1(), net.w2(), net.b2()};
        if (numerical) {
            for (int i = 0; i < 4; i++) {
                int which = i;
                INDArray expected = NumericalGradient.ofScalar(v -> lossOf(replace(manager, t, which, v)), params[i]);
                Compare.assertClose(names[i] + of + ", against a numerical gradient", expected, actual[i],
                        NumericalGradient.TOLERANCE);
            }
            return;
        }
        NDArray[] auto = Autograd.gradients(in -> loss(new TorchNet(t.x(), t.oneHot(), in.get(0), in.get(1), in.get(2),
                in.get(3), t.reg())), manager.create(1.0), t.w1(), t.b1(), t.w2(), t.b2());
        Backward right = backward(t, true, 1);
        Backward unmasked = backward(t, false, 1);
        Backward atZero = backward(t, true, 1, true);
        Backward summed = backward(t, true, t.n());
        double reg = t.reg();
        NDArray[] w = {t.w1(), t.b1(), t.w2(), t.b2()};
        for (int i = 0; i < 4; i++) {
            int k = i;
            boolean weight = k % 2 == 0;
            String param = names[k].substring(1);
            Compare.assertClose(names[k] + of + ", against autograd", Nchw.expected(auto[k], type), actual[k],
                    Tolerance.of(type),
                    new Mistake<>("used reg * " + param + " as the gradient of reg * sum(" + param + "^2): it is 2 * reg * "
                            + param + " (this convention has no 1/2 factor).",
                            () -> !weight || reg == 0 ? null : Nchw.expected(auto[k].sub(w[k].mul(reg)), type)),
                    new Mistake<>("left the regularisation out of " + names[k] + ": add 2 * reg * " + param + ".",
                            () -> !weight || reg == 0 ? null : Nchw.expected(auto[k].sub(w[k].mul(2 * reg)), type)),
                    new Mistake<>("regularised " + param + " too: the biases are not penalised, so " + names[k]
                            + " has no reg term.",
                            () -> weight || reg == 0 ? null : Nchw.expected(auto[k].add(w[k].mul(2 * reg)), type)),
                    new Mistake<>("forgot the ReLU's gradient on the way to " + names[k] + ": dhidden passes only "
                            + "where the hidden pre-activation x w1 + b1 is positive (multiply by the mask pre > 0).",
                            () -> k >= 2 ? null : Nchw.expected(unmasked.get(k), type)),
                    new Mistake<>(RELU_AT_ZERO + " (" + names[k] + ")",
                            () -> k >= 2 ? null : Nchw.expected(atZero.get(k), type)),
                    new Mistake<>(GRADS_NOT_AVERAGED + " (" + names[k] + ")",
                            () -> t.n() == 1 ? null : Nchw.expected(summed.get(k), type)));
        }
    }

    /** The four gradients, as the backward formulas give them. */
    private record Backward(NDArray dw1, NDArray db1, NDArray dw2, NDArray db2) {
        NDArray get(int i) {
            return switch (i) {
                case 0 -> dw1;
                case 1 -> db1;
                case 2 -> dw2;
                default -> db2;
            };
        }
    }

    /** The backward formulas, with the ReLU's mask or without it, and dscores multiplied by {@code scale}. */
    private static Backward backward(TorchNet t, boolean mask, double scale) {
        return backward(t, mask, scale, false);
    }

    /** @param zeroPasses whether the mask lets a pre-activation of exactly 0 through ({@code >= 0}) */
    private static Backward backward(TorchNet t, boolean mask, double scale, boolean zeroPasses) {
        NDArray pre = t.x().matMul(t.w1()).add(t.b1());
        NDArray hidden = Activation.relu(pre);
        NDArray scores = hidden.matMul(t.w2()).add(t.b2());
        NDArray dscores = scores.softmax(1).sub(t.oneHot()).div(t.n()).mul(scale);
        NDArray dhidden = dscores.matMul(t.w2().transpose());
        NDArray dpre = mask ? dhidden.mul((zeroPasses ? pre.gte(0) : pre.gt(0)).toType(pre.getDataType(), false))
                : dhidden;
        return new Backward(t.x().transpose().matMul(dpre).add(t.w1().mul(2 * t.reg())), dpre.sum(new int[] {0}),
                hidden.transpose().matMul(dscores).add(t.w2().mul(2 * t.reg())), dscores.sum(new int[] {0}));
    }

    /** The loss, written with PyTorch's operations: {@code log_softmax} is stable for large scores. */
    private static NDArray loss(TorchNet t) {
        return dataLoss(t).add(penalty(t.w1(), t.w2()).mul(t.reg()));
    }

    private static NDArray dataLoss(TorchNet t) {
        NDArray scores = Activation.relu(t.x().matMul(t.w1()).add(t.b1())).matMul(t.w2()).add(t.b2());
        return scores.logSoftmax(1).mul(t.oneHot()).sum().neg().div(t.n());
    }

    private static NDArray penalty(NDArray a, NDArray b) {
        return a.mul(a).sum().add(b.mul(b).sum());
    }

    private static double lossOf(TorchNet t) {
        return loss(t).toDoubleArray()[0];
    }

    /** {@code t} with parameter {@code which} (w1, b1, w2, b2) replaced by {@code v}. */
    private static TorchNet replace(NDManager manager, TorchNet t, int which, INDArray v) {
        NDArray p = TorchOracle.toTorch(manager, v);
        return new TorchNet(t.x(), t.oneHot(), which == 0 ? p : t.w1(), which == 1 ? p : t.b1(),
                which == 2 ? p : t.w2(), which == 3 ? p : t.b2(), t.reg());
    }

    private static TorchNet torch(NDManager manager, Net net) {
        int classes = (int) net.b2().size(0);
        double[] oneHot = new double[net.y().length * classes];
        for (int i = 0; i < net.y().length; i++) {
            oneHot[i * classes + net.y()[i]] = 1;
        }
        Function<INDArray, NDArray> on = a -> TorchOracle.toTorch(manager, a);
        return new TorchNet(on.apply(net.x()), on.apply(Nd4j.create(oneHot, new long[] {net.y().length, classes},
                DataType.DOUBLE)), on.apply(net.w1()), on.apply(net.b1()), on.apply(net.w2()), on.apply(net.b2()),
                net.reg());
    }

    /** Calls the learner's method on copies, and checks that no input was changed. */
    private static MlpBackprop.Result call(Net net) {
        return Guarded.call(in -> MlpBackprop.lossAndGradients(in.copy("x", net.x()), in.copy("y", net.y()),
                in.copy("w1", net.w1()), in.copy("b1", net.b1()), in.copy("w2", net.w2()), in.copy("b2", net.b2()),
                net.reg()));
    }

    /**
     * A random network and labels. The second layer's weights are multiplied by {@code scale}, and
     * for a large scale its biases shifted up by as much, so that every row has a score far above 709.
     */
    private static Net net(Random random, int n, int d, int h, int c, double reg, double scale, DataType type) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(c);
        }
        INDArray b2 = Inputs.normal(random, c);
        if (scale > 1) {
            b2.addi(scale);
        }
        return new Net(Inputs.normal(random, n, d).castTo(type), y, Inputs.normal(random, d, h).castTo(type),
                Inputs.normal(random, h).castTo(type), Inputs.normal(random, h, c).muli(scale).castTo(type),
                b2.castTo(type), reg);
    }

    private static INDArray scalar(double value) {
        return Nd4j.scalar(value);
    }
}
