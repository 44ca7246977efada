package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.GruStep;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code gru-step} against PyTorch's own GRU ({@code torch::gru}, reached through DJL's
 * {@code NDArrayEx.gru}, the op behind {@code ai.djl.nn.recurrent.GRU}) run for one time step with
 * the learner's weights as {@code weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0}. The gate
 * order r, z, n and the place of the reset gate the Javadoc states are pinned by a hand-worked case
 * (weights 0, every gate's pre-activation a sum of bias entries, the answer in closed form with
 * {@code Math.exp}), which also checks that the engine follows them. The known mistakes are built
 * from DJL primitives with the mistake in them.
 *
 * <p>Covered: the hand-worked case (N = D = H = 1); a zero initial state; batch 1; hidden size 1;
 * D != H both ways and D = H; saturating gates (pre-activations near +-40 and +-800, where a tanh
 * written as a ratio of exponentials is inf / inf = NaN); a row of x holding NaN and one holding
 * +Infinity (only their rows of h' are NaN); float32 kept; a fresh result; shapes that do not fit,
 * rejected. Named: r applied to h before the product (Cho et al.'s original), r applied to W_hn h
 * but not to b_hn, z and 1 - z swapped, the gates read in the order z, r, n, b_hh left out. Not
 * covered: empty batches.
 */
@ExerciseCheck
class GruStepCheck {

    private static final String RESET_BEFORE = "applied the reset gate to h before the product, W_hn (r * h) + b_hn "
            + "(Cho et al.'s original): PyTorch applies it after, n = tanh(W_in x + b_in + r * (W_hn h + b_hn)).";
    private static final String RESET_NOT_BIAS = "applied the reset gate to W_hn h but not to b_hn: PyTorch "
            + "multiplies the whole recurrent part, r * (W_hn h + b_hn).";
    private static final String Z_SWAPPED = "swapped z and 1 - z: PyTorch keeps z of the old state, h' = (1 - z) * "
            + "n + z * h.";
    private static final String ORDER_ZRN = "read the gates in the order z, r, n: PyTorch stacks the rows of W_ih, "
            + "W_hh and the biases as r, z, n, so r is the first block of H rows and z the second.";
    private static final String NO_BHH = "left out b_hh: PyTorch adds both biases, b_ih to x W_ih^T and b_hh to "
            + "h W_hh^T (b_hn inside the reset gate's product).";

    private static final int[] PYTORCH = {0, 1, 2};
    private static final int[] ZRN = {1, 0, 2};

    /** The inputs of one step. */
    private record Data(INDArray x, INDArray h, INDArray wIh, INDArray wHh, INDArray bIh, INDArray bHh) {
        List<INDArray> all() {
            return List.of(x, h, wIh, wHh, bIh, bHh);
        }

        @Override
        public String toString() {
            return "forward(x " + Nchw.shape(x) + ", h " + Nchw.shape(h) + ", weightIh " + Nchw.shape(wIh)
                    + ", weightHh " + Nchw.shape(wHh) + ", biases (" + bIh.length() + ")"
                    + (x.dataType() == DataType.DOUBLE ? "" : ", " + x.dataType()) + ")";
        }
    }

    /** How the mistaken step differs from PyTorch's. */
    private enum Cell { RIGHT, RESET_BEFORE, RESET_NOT_BIAS, Z_SWAPPED }

    @Test
    @DisplayName("the gates are stacked r, z, n, and r multiplies W_hn h + b_hn: a case worked by hand")
    void gateOrder(NDManager manager, Random random) {
        // Weights 0, so the pre-activations are sums of bias entries; b_hn != 0 tells where r sits,
        // and different r and z tell their order apart.
        double[] bIh = {0.2, -0.6, 0.5};
        double[] bHh = {0.3, 1.4, -0.9};
        double hPrev = 0.7;
        double r = sigmoid(bIh[0] + bHh[0]);
        double z = sigmoid(bIh[1] + bHh[1]);
        double n = Math.tanh(bIh[2] + r * bHh[2]);
        double hNext = (1 - z) * n + z * hPrev;
        Data d = new Data(Nd4j.create(new double[][] {{1.5}}), Nd4j.create(new double[][] {{hPrev}}),
                Nd4j.zeros(DataType.DOUBLE, 3, 1), Nd4j.zeros(DataType.DOUBLE, 3, 1), Nd4j.create(bIh),
                Nd4j.create(bHh));
        INDArray engine = engine(manager, d);
        if (Math.abs(engine.getDouble(0, 0) - hNext) > 1e-12) {
            throw new AssertionFailedError("The oracle's GRU does not follow the stated convention (the check is "
                    + "broken, not your code): h' " + engine.getDouble(0, 0) + " vs " + hNext);
        }
        check(manager, d, Nd4j.create(new double[][] {{hNext}}));
    }

    @Test
    @DisplayName("forward: h' against PyTorch's GRU, from a zero and a random state")
    void forward(NDManager manager, Random random) {
        check(manager, data(random, 3, 4, 5, 1, DataType.DOUBLE));
        check(manager, zeroState(data(random, 2, 3, 4, 1, DataType.DOUBLE)));
        check(manager, data(random, 4, 6, 2, 1, DataType.DOUBLE));   // D > H
        check(manager, data(random, 3, 3, 3, 1, DataType.DOUBLE));   // D = H
        check(manager, data(random, Inputs.between(random, 1, 5), Inputs.between(random, 1, 6),
                Inputs.between(random, 1, 5), 1, DataType.DOUBLE));
    }

    @Test
    @DisplayName("batch 1, hidden size 1, saturating gates, NaN and infinity in x")
    void edgeCases(NDManager manager, Random random) {
        check(manager, data(random, 1, 4, 3, 1, DataType.DOUBLE));   // batch 1
        check(manager, data(random, 3, 2, 1, 1, DataType.DOUBLE));   // hidden size 1
        check(manager, data(random, 2, 1, 4, 1, DataType.DOUBLE));   // one input feature, D < H
        check(manager, data(random, 3, 4, 3, 40, DataType.DOUBLE));  // gates saturate at 0 and 1
        check(manager, data(random, 3, 4, 3, 800, DataType.DOUBLE)); // exp(800) overflows float64
        Data d = data(random, 4, 3, 2, 1, DataType.DOUBLE);
        d.x().putScalar(new long[] {1, 2}, Double.NaN);
        d.x().putScalar(new long[] {2, 0}, Double.POSITIVE_INFINITY);
        check(manager, d);
    }

    @Test
    @DisplayName("float32 inputs give a float32 state")
    void float32(NDManager manager, Random random) {
        check(manager, data(random, 3, 4, 3, 1, DataType.FLOAT));
        check(manager, data(random, 2, 2, 5, 1, DataType.FLOAT));
    }

    @Test
    @DisplayName("shapes that do not fit are rejected with IllegalArgumentException")
    void rejectsBadShapes(NDManager manager, Random random) {
        Data d = data(random, 2, 3, 4, 1, DataType.DOUBLE);
        String advice = "check every shape against x (N, D) and h (N, H) before computing";
        rejected(new Data(d.x(), d.h(), Inputs.normal(random, 16, 3), d.wHh(), d.bIh(), d.bHh()),
                "weightIh (4H, D) = (16, 3)", advice);
        rejected(new Data(d.x(), d.h(), Inputs.normal(random, 12, 4), d.wHh(), d.bIh(), d.bHh()),
                "weightIh (3H, D + 1) = (12, 4)", advice);
        rejected(new Data(d.x(), d.h(), d.wIh(), Inputs.normal(random, 12, 3), d.bIh(), d.bHh()),
                "weightHh (3H, H - 1) = (12, 3)", advice);
        rejected(new Data(d.x(), d.h(), d.wIh(), d.wHh(), d.bIh(), Inputs.normal(random, 8)),
                "biasHh (8) with H = 4", advice);
        rejected(new Data(Inputs.normal(random, 3, 3), d.h(), d.wIh(), d.wHh(), d.bIh(), d.bHh()),
                "x (3, 3) with h (2, 4)", advice);
    }

    private static void rejected(Data bad, String what, String advice) {
        Rejection.expectRejected("forward with " + what, advice, () -> call(bad));
    }

    private static INDArray call(Data d) {
        return Guarded.fresh(in -> GruStep.forward(in.copy("x", d.x()), in.copy("h", d.h()),
                in.copy("weightIh", d.wIh()), in.copy("weightHh", d.wHh()), in.copy("biasIh", d.bIh()),
                in.copy("biasHh", d.bHh())));
    }

    private static void check(NDManager manager, Data d) {
        check(manager, d, engine(manager, d));
    }

    private static void check(NDManager manager, Data d, INDArray expected) {
        INDArray actual = call(d);
        NDList t = torch(manager, d);
        DataType type = d.x().dataType();
        Compare.assertClose("h' of " + d, expected, actual,
                mistake(RESET_BEFORE, () -> cell(t, PYTORCH, Cell.RESET_BEFORE, true), type),
                mistake(RESET_NOT_BIAS, () -> cell(t, PYTORCH, Cell.RESET_NOT_BIAS, true), type),
                mistake(Z_SWAPPED, () -> cell(t, PYTORCH, Cell.Z_SWAPPED, true), type),
                mistake(ORDER_ZRN, () -> cell(t, ZRN, Cell.RIGHT, true), type),
                mistake(NO_BHH, () -> cell(t, PYTORCH, Cell.RIGHT, false), type));
    }

    private static Mistake<INDArray> mistake(String diagnosis, Supplier<NDArray> answer, DataType type) {
        return new Mistake<>(diagnosis, () -> Nchw.expected(answer.get(), type));
    }

    /**
     * One step of {@code torch::gru} (one layer, one direction, both biases, T = 1, sequence first):
     * x becomes (1, N, D), h (1, N, H); it returns (output, h_n). PyTorch's answer, in the learner's
     * data type.
     */
    private static INDArray engine(NDManager manager, Data d) {
        NDList t = torch(manager, d);
        NDArray x = t.get(0);
        NDList params = new NDList(t.get(2), t.get(3), t.get(4), t.get(5));
        NDList out = x.getNDArrayInternal().gru(x.expandDims(0), t.get(1).expandDims(0), params, true, 1, 0.0,
                false, false, false);
        return Nchw.expected(out.get(1).squeeze(0), d.x().dataType());
    }

    /** The inputs as float64 PyTorch arrays, in the order of {@link Data#all()}. */
    private static NDList torch(NDManager manager, Data d) {
        NDList list = new NDList();
        for (INDArray a : d.all()) {
            list.add(TorchOracle.toTorch(manager, a.castTo(DataType.DOUBLE)));
        }
        return list;
    }

    /** The step from primitives, with a mistake built in on request; {@code order} places r, z, n. */
    private static NDArray cell(NDList t, int[] order, Cell variant, boolean hhBias) {
        NDArray x = t.get(0);
        NDArray h = t.get(1);
        long hidden = h.getShape().get(1);
        NDArray bHh = hhBias ? t.get(5) : t.get(5).zerosLike();
        NDArray gi = x.matMul(t.get(2).transpose()).add(t.get(4));
        NDArray whh = t.get(3);
        NDArray gh = h.matMul(whh.transpose());
        Function<Integer, NDIndex> rows = k -> new NDIndex("{}:{}", order[k] * hidden, (order[k] + 1) * hidden);
        Function<Integer, NDIndex> cols = k -> new NDIndex(":, {}:{}", order[k] * hidden, (order[k] + 1) * hidden);
        NDArray r = Activation.sigmoid(gi.get(cols.apply(0)).add(gh.get(cols.apply(0))).add(bHh.get(rows.apply(0))));
        NDArray z = Activation.sigmoid(gi.get(cols.apply(1)).add(gh.get(cols.apply(1))).add(bHh.get(rows.apply(1))));
        NDArray whn = whh.get(rows.apply(2));
        NDArray bhn = bHh.get(rows.apply(2));
        NDArray recurrent = switch (variant) {
            case RESET_BEFORE -> r.mul(h).matMul(whn.transpose()).add(bhn);
            case RESET_NOT_BIAS -> r.mul(h.matMul(whn.transpose())).add(bhn);
            default -> r.mul(h.matMul(whn.transpose()).add(bhn));
        };
        NDArray n = gi.get(cols.apply(2)).add(recurrent).tanh();
        return variant == Cell.Z_SWAPPED ? z.mul(n).add(z.neg().add(1).mul(h))
                : z.neg().add(1).mul(n).add(z.mul(h));
    }

    private static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    /** Random inputs; {@code scale} multiplies the weights and biases (large values saturate the gates). */
    private static Data data(Random random, long n, long d, long hidden, double scale, DataType type) {
        Function<INDArray, INDArray> as = a -> a.castTo(type);
        return new Data(as.apply(Inputs.normal(random, n, d)), as.apply(Inputs.normal(random, n, hidden)),
                as.apply(Inputs.normal(random, 3 * hidden, d).mul(scale / Math.sqrt(d + hidden))),
                as.apply(Inputs.normal(random, 3 * hidden, hidden).mul(scale / Math.sqrt(d + hidden))),
                as.apply(Inputs.normal(random, 3 * hidden).mul(scale)), as.apply(Inputs.normal(random, 3 * hidden).mul(scale)));
    }

    private static Data zeroState(Data d) {
        return new Data(d.x(), d.h().mul(0), d.wIh(), d.wHh(), d.bIh(), d.bHh());
    }
}
