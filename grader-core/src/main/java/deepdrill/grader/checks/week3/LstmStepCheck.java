package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareGradient;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.LstmStep;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code lstm-step} against PyTorch's own LSTM ({@code torch::lstm}, reached through DJL's
 * {@code NDArrayEx.lstm}, the op behind {@code ai.djl.nn.recurrent.LSTM}) run for one time step
 * with the learner's weights as {@code weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0}; the
 * backward against autograd through that op and a float64 centred-difference gradient of it. The
 * gate order i, f, g, o the Javadoc states is pinned by a hand-worked case (weights 0, one gate
 * pre-activation per bias entry, the answer in closed form with {@code Math.exp}), which also
 * checks that the engine follows it. The known mistakes are built from DJL primitives with the
 * mistake in them.
 *
 * <p>Covered: the hand-worked case (N = D = H = 1); a zero initial state; batch 1; hidden size 1;
 * D != H both ways and D = H; saturating gates (pre-activations near +-40 and +-800, where a tanh
 * written as a ratio of exponentials is inf / inf = NaN); a row of x holding NaN and one holding
 * +Infinity (only their rows of h' and c' are NaN); float32 kept in the results and the gradients;
 * fresh gradients (every array in the record, so db_ih and db_hh are two arrays); shapes that do not fit, rejected. Named: the gates
 * read in the order i, f, o, g or i, g, f, o (TensorFlow's), the forget gate applied to the new cell
 * (f * (c + i * g)) or the roles of f and i swapped, h' = o * c' without the tanh, h' from the old
 * cell, b_hh left out; in the backward, dc' without the path through h', dc returned before the
 * factor f, the biases' gradients not summed over the batch, one array returned as both bias gradients. Not covered: empty
 * batches; whether h' and c' are fresh (the cache may hold the inputs, so Guarded.fresh does not apply).
 */
@ExerciseCheck
class LstmStepCheck {

    private static final String ORDER_IFOG = "read the gates in the order i, f, o, g: PyTorch stacks the rows of "
            + "W_ih, W_hh and the biases as i, f, g, o, so g is a[:, 2H:3H] and o is a[:, 3H:4H].";
    private static final String ORDER_IGFO = "read the gates in the order i, g, f, o (TensorFlow's i, j, f, o): "
            + "PyTorch stacks them i, f, g, o, so f is a[:, H:2H] and g is a[:, 2H:3H].";
    private static final String FORGET_NEW = "applied the forget gate to the new cell, c' = f * (c + i * g): f "
            + "scales only the old cell, c' = f * c + i * g.";
    private static final String F_I_SWAPPED = "swapped the roles of the forget and the input gate, c' = i * c + f "
            + "* g: c' = f * c + i * g.";
    private static final String NO_TANH = "left out the tanh in the hidden state, h' = o * c': h' = o * tanh(c').";
    private static final String OLD_CELL = "used the old cell in the hidden state, h' = o * tanh(c): h' = o * "
            + "tanh(c'), with the cell you just computed.";
    private static final String NO_BHH = "left out b_hh: PyTorch adds both biases, a = x W_ih^T + b_ih + h W_hh^T "
            + "+ b_hh.";
    private static final String NO_H_PATH = "left the path through h' out of dc': c' also reaches the loss through "
            + "h' = o * tanh(c'), so dc_total = dc' + dh' * o * (1 - tanh(c')^2), and every gate's gradient "
            + "starts from dc_total.";
    private static final String DC_NO_F = "returned dc_total as dc: the gradient to the previous cell is "
            + "dc_total * f, since c' = f * c + i * g.";
    private static final String DB_NOT_SUMMED = "did not sum the bias gradient over the batch: the biases are "
            + "added to every row, so db = da summed over axis 0, shape (4H).";

    private static final String SHARED_DB = "returned one array as both dBiasIh and dBiasHh: their values are "
            + "equal, but a caller who updates one bias with its gradient in place would change the other's; "
            + "return two arrays (db and db.dup()).";

    /** A gate order as the positions of i, f, g, o in the stacked blocks. */
    private static final int[] PYTORCH = {0, 1, 2, 3};
    private static final int[] IFOG = {0, 1, 3, 2};
    private static final int[] IGFO = {0, 2, 1, 3};

    /** The inputs of one step. */
    private record Data(INDArray x, INDArray h, INDArray c, INDArray wIh, INDArray wHh, INDArray bIh, INDArray bHh) {
        List<INDArray> all() {
            return List.of(x, h, c, wIh, wHh, bIh, bHh);
        }

        @Override
        public String toString() {
            return "forward(x " + Nchw.shape(x) + ", h " + Nchw.shape(h) + ", c " + Nchw.shape(c) + ", weightIh "
                    + Nchw.shape(wIh) + ", weightHh " + Nchw.shape(wHh) + ", biases (" + bIh.length() + ")"
                    + (x.dataType() == DataType.DOUBLE ? "" : ", " + x.dataType()) + ")";
        }
    }

    /** How the mistaken forward differs from PyTorch's. */
    private enum Cell { RIGHT, FORGET_NEW, F_I_SWAPPED, NO_TANH, OLD_CELL }

    @Test
    @DisplayName("the gates are stacked i, f, g, o: a case worked by hand")
    void gateOrder(NDManager manager, Random random) {
        // Weights 0, so each gate's pre-activation is its bias entry; four different values make
        // every permutation of the gates give a different answer.
        double[] a = {0.4, 1.3, -0.7, -0.2};
        double cPrev = 0.8;
        double i = sigmoid(a[0]);
        double f = sigmoid(a[1]);
        double g = Math.tanh(a[2]);
        double o = sigmoid(a[3]);
        double cNext = f * cPrev + i * g;
        double hNext = o * Math.tanh(cNext);
        Data d = new Data(Nd4j.create(new double[][] {{1.5}}), Nd4j.create(new double[][] {{-0.3}}),
                Nd4j.create(new double[][] {{cPrev}}), Nd4j.zeros(DataType.DOUBLE, 4, 1),
                Nd4j.zeros(DataType.DOUBLE, 4, 1), Nd4j.create(new double[] {0.1, 0.9, -0.5, 0.3}),
                Nd4j.create(new double[] {0.3, 0.4, -0.2, -0.5}));
        INDArray[] engine = engine(manager, d);
        if (Math.abs(engine[0].getDouble(0, 0) - hNext) > 1e-12 || Math.abs(engine[1].getDouble(0, 0) - cNext) > 1e-12) {
            throw new AssertionFailedError("The oracle's LSTM does not follow the stated gate order (the check is "
                    + "broken, not your code): h' " + engine[0].getDouble(0, 0) + " vs " + hNext);
        }
        checkForward(manager, d, new INDArray[] {Nd4j.create(new double[][] {{hNext}}),
                Nd4j.create(new double[][] {{cNext}})});
    }

    @Test
    @DisplayName("forward: h' and c' against PyTorch's LSTM, from a zero and a random state")
    void forward(NDManager manager, Random random) {
        checkForward(manager, data(random, 3, 4, 5, 1, DataType.DOUBLE));
        checkForward(manager, zeroState(data(random, 2, 3, 4, 1, DataType.DOUBLE)));
        checkForward(manager, data(random, 4, 6, 2, 1, DataType.DOUBLE));   // D > H
        checkForward(manager, data(random, 3, 3, 3, 1, DataType.DOUBLE));   // D = H
        checkForward(manager, data(random, Inputs.between(random, 1, 5), Inputs.between(random, 1, 6),
                Inputs.between(random, 1, 5), 1, DataType.DOUBLE));
    }

    @Test
    @DisplayName("batch 1, hidden size 1, saturating gates, NaN and infinity in x")
    void edgeCases(NDManager manager, Random random) {
        checkForward(manager, data(random, 1, 4, 3, 1, DataType.DOUBLE));   // batch 1
        checkForward(manager, data(random, 3, 2, 1, 1, DataType.DOUBLE));   // hidden size 1
        checkForward(manager, data(random, 2, 1, 4, 1, DataType.DOUBLE));   // one input feature, D < H
        checkForward(manager, data(random, 3, 4, 3, 40, DataType.DOUBLE));  // gates saturate at 0 and 1
        checkForward(manager, data(random, 3, 4, 3, 800, DataType.DOUBLE)); // exp(800) overflows float64
        Data d = data(random, 4, 3, 2, 1, DataType.DOUBLE);
        d.x().putScalar(new long[] {1, 2}, Double.NaN);
        d.x().putScalar(new long[] {2, 0}, Double.POSITIVE_INFINITY);
        checkForward(manager, d);
    }

    @Test
    @DisplayName("backward: all seven gradients against autograd and a numerical gradient")
    void backward(NDManager manager, Random random) {
        // Centred differences cost two engine steps per input element: two small cases get them.
        checkBackward(manager, random, data(random, 2, 3, 2, 1, DataType.DOUBLE), true);
        checkBackward(manager, random, data(random, 3, 2, 1, 1, DataType.DOUBLE), true);    // hidden size 1
        checkBackward(manager, random, data(random, 3, 4, 3, 1, DataType.DOUBLE), false);
        checkBackward(manager, random, data(random, 1, 2, 3, 1, DataType.DOUBLE), false);   // batch 1, D < H
        checkBackward(manager, random, zeroState(data(random, 2, 3, 2, 1, DataType.DOUBLE)), false);
        checkBackward(manager, random, data(random, 2, 3, 2, 6, DataType.DOUBLE), false);   // nearly saturated gates
    }

    @Test
    @DisplayName("float32 inputs give float32 states and gradients")
    void float32(NDManager manager, Random random) {
        checkForward(manager, data(random, 3, 4, 3, 1, DataType.FLOAT));
        checkBackward(manager, random, data(random, 2, 3, 4, 1, DataType.FLOAT), false);
    }

    @Test
    @DisplayName("shapes that do not fit are rejected with IllegalArgumentException")
    void rejectsBadShapes(NDManager manager, Random random) {
        Data d = data(random, 2, 3, 4, 1, DataType.DOUBLE);
        String advice = "check every shape against x (N, D) and h (N, H) before computing";
        rejected(d, new Data(d.x(), d.h(), d.c(), Inputs.normal(random, 12, 3), d.wHh(), d.bIh(), d.bHh()),
                "weightIh (3H, D) = (12, 3)", advice);
        rejected(d, new Data(d.x(), d.h(), d.c(), Inputs.normal(random, 16, 4), d.wHh(), d.bIh(), d.bHh()),
                "weightIh (4H, D + 1) = (16, 4)", advice);
        rejected(d, new Data(d.x(), d.h(), d.c(), d.wIh(), Inputs.normal(random, 16, 3), d.bIh(), d.bHh()),
                "weightHh (4H, H - 1) = (16, 3)", advice);
        rejected(d, new Data(d.x(), d.h(), Inputs.normal(random, 2, 3), d.wIh(), d.wHh(), d.bIh(), d.bHh()),
                "c (2, 3) with h (2, 4)", advice);
        rejected(d, new Data(d.x(), d.h(), d.c(), d.wIh(), d.wHh(), d.bIh(), Inputs.normal(random, 12)),
                "biasHh (12) with H = 4", advice);
        rejected(d, new Data(Inputs.normal(random, 3, 3), d.h(), d.c(), d.wIh(), d.wHh(), d.bIh(), d.bHh()),
                "x (3, 3) with h (2, 4)", advice);
    }

    private static void rejected(Data good, Data bad, String what, String advice) {
        Rejection.expectRejected("forward with " + what, advice, () -> {
            LstmStep.StepResult r = call(bad);
            return r == null ? null : r.h();
        });
    }

    private static LstmStep.StepResult call(Data d) {
        // Guarded.call, not fresh: the cache may rightly hold the inputs themselves.
        return Guarded.call(in -> LstmStep.forward(in.copy("x", d.x()), in.copy("h", d.h()), in.copy("c", d.c()),
                in.copy("weightIh", d.wIh()), in.copy("weightHh", d.wHh()), in.copy("biasIh", d.bIh()),
                in.copy("biasHh", d.bHh())));
    }

    private static void checkForward(NDManager manager, Data d) {
        checkForward(manager, d, engine(manager, d));
    }

    private static void checkForward(NDManager manager, Data d, INDArray[] expected) {
        LstmStep.StepResult r = call(d);
        if (r == null) {
            throw new AssertionFailedError("forward returned null instead of StepResult(h, c, cache) for " + d);
        }
        NDList t = torch(manager, d);
        DataType type = d.x().dataType();
        Compare.assertClose("c' of " + d, expected[1], r.c(),
                mistake(ORDER_IFOG, () -> cell(t, IFOG, Cell.RIGHT, true)[1], type),
                mistake(ORDER_IGFO, () -> cell(t, IGFO, Cell.RIGHT, true)[1], type),
                mistake(FORGET_NEW, () -> cell(t, PYTORCH, Cell.FORGET_NEW, true)[1], type),
                mistake(F_I_SWAPPED, () -> cell(t, PYTORCH, Cell.F_I_SWAPPED, true)[1], type),
                mistake(NO_BHH, () -> cell(t, PYTORCH, Cell.RIGHT, false)[1], type));
        Compare.assertClose("h' of " + d, expected[0], r.h(),
                mistake(ORDER_IFOG, () -> cell(t, IFOG, Cell.RIGHT, true)[0], type),
                mistake(ORDER_IGFO, () -> cell(t, IGFO, Cell.RIGHT, true)[0], type),
                mistake(NO_TANH, () -> cell(t, PYTORCH, Cell.NO_TANH, true)[0], type),
                mistake(OLD_CELL, () -> cell(t, PYTORCH, Cell.OLD_CELL, true)[0], type),
                mistake(FORGET_NEW, () -> cell(t, PYTORCH, Cell.FORGET_NEW, true)[0], type),
                mistake(F_I_SWAPPED, () -> cell(t, PYTORCH, Cell.F_I_SWAPPED, true)[0], type),
                mistake(NO_BHH, () -> cell(t, PYTORCH, Cell.RIGHT, false)[0], type));
    }

    private static void checkBackward(NDManager manager, Random random, Data d, boolean numerically) {
        DataType type = d.x().dataType();
        long n = d.x().size(0);
        long hidden = d.h().size(1);
        INDArray dhNext = Inputs.normal(random, n, hidden).castTo(type);
        INDArray dcNext = Inputs.normal(random, n, hidden).castTo(type);
        LstmStep.StepResult r = call(d);
        if (r == null) {
            throw new AssertionFailedError("forward returned null instead of StepResult(h, c, cache) for " + d);
        }
        LstmStep.Gradients grads = Guarded.fresh(in -> LstmStep.backward(in.copy("dhNext", dhNext),
                in.copy("dcNext", dcNext), r.cache()));
        if (grads == null) {
            throw new AssertionFailedError("backward returned null instead of Gradients for " + d);
        }
        if (grads.dBiasIh() != null && grads.dBiasIh() == grads.dBiasHh()) {
            throw new AssertionFailedError(Mistake.PREFIX + SHARED_DB + "\nbackward after " + d);
        }

        NDList t = torch(manager, d);
        NDArray tdout = TorchOracle.toTorch(manager, Nd4j.hstack(dhNext, dcNext).castTo(DataType.DOUBLE));
        NDArray[] auto = Autograd.gradients(in -> stacked(engineStep(in)), tdout, t.toArray(new NDArray[0]));
        NDArray[] noHPath = Autograd.gradients(in -> {
            NDArray[] hc = cell(in, PYTORCH, Cell.RIGHT, true, true);
            return hc[0].concat(hc[1], 1);
        }, tdout, t.toArray(new NDArray[0]));
        NDArray[] gates = gates(t, PYTORCH, true);
        NDArray tanhC = cell(t, PYTORCH, Cell.RIGHT, true)[1].tanh();
        NDArray tdh = TorchOracle.toTorch(manager, dhNext.castTo(DataType.DOUBLE));
        NDArray tdc = TorchOracle.toTorch(manager, dcNext.castTo(DataType.DOUBLE));
        NDArray dcTotal = tdc.add(tdh.mul(gates[3]).mul(tanhC.square().neg().add(1)));

        String[] names = {"dx", "dh", "dc", "dWeightIh", "dWeightHh", "dBiasIh", "dBiasHh"};
        INDArray[] actual = {grads.dx(), grads.dh(), grads.dc(), grads.dWeightIh(), grads.dWeightHh(),
                grads.dBiasIh(), grads.dBiasHh()};
        boolean exact = numerically && type == DataType.DOUBLE;
        for (int k = 0; k < names.length; k++) {
            int input = k;
            INDArray numerical = exact ? NumericalGradient.of(v -> {
                NDList moved = new NDList(t);
                moved.set(input, TorchOracle.toTorch(manager, v));
                return TorchOracle.toNd4j(stacked(engineStep(moved)));
            }, d.all().get(k), Nd4j.hstack(dhNext, dcNext)) : null;
            String what = names[k] + " of backward(dhNext " + Nchw.shape(dhNext) + ", dcNext, cache) after " + d;
            CompareGradient.assertClose(what, Nchw.expected(auto[k], type), numerical, actual[k],
                    mistake(NO_H_PATH, () -> noHPath[input], type),
                    mistake(DC_NO_F, () -> input == 2 ? dcTotal : null, type),
                    mistake(DB_NOT_SUMMED, () -> input >= 5 ? daOf(t, tdh, dcTotal, gates, tanhC) : null, type));
        }
    }

    /** da, the gradient of the stacked pre-activations, (N, 4H): the bias gradient before the batch sum. */
    private static NDArray daOf(NDList t, NDArray dh, NDArray dcTotal, NDArray[] gates, NDArray tanhC) {
        NDArray i = gates[0];
        NDArray f = gates[1];
        NDArray g = gates[2];
        NDArray o = gates[3];
        NDArray dai = dcTotal.mul(g).mul(i).mul(i.neg().add(1));
        NDArray daf = dcTotal.mul(t.get(2)).mul(f).mul(f.neg().add(1));
        NDArray dag = dcTotal.mul(i).mul(g.square().neg().add(1));
        NDArray dao = dh.mul(tanhC).mul(o).mul(o.neg().add(1));
        return NDArrays.concat(new NDList(dai, daf, dag, dao), 1);
    }

    private static Mistake<INDArray> mistake(String diagnosis, java.util.function.Supplier<NDArray> answer,
                                             DataType type) {
        return new Mistake<>(diagnosis, () -> Nchw.expected(answer.get(), type));
    }

    /** PyTorch's answer, h' and c', in the learner's data type. */
    private static INDArray[] engine(NDManager manager, Data d) {
        NDArray[] hc = engineStep(torch(manager, d));
        DataType type = d.x().dataType();
        return new INDArray[] {Nchw.expected(hc[0], type), Nchw.expected(hc[1], type)};
    }

    /**
     * One step of {@code torch::lstm} (one layer, one direction, both biases, T = 1, sequence
     * first): x becomes (1, N, D), the states (1, N, H); it returns (output, h_n, c_n).
     */
    private static NDArray[] engineStep(NDList t) {
        NDArray x = t.get(0);
        NDList states = new NDList(t.get(1).expandDims(0), t.get(2).expandDims(0));
        NDList params = new NDList(t.get(3), t.get(4), t.get(5), t.get(6));
        NDList out = x.getNDArrayInternal().lstm(x.expandDims(0), states, params, true, 1, 0.0, false, false, false);
        return new NDArray[] {out.get(1).squeeze(0), out.get(2).squeeze(0)};
    }

    private static NDArray stacked(NDArray[] hc) {
        return hc[0].concat(hc[1], 1);
    }

    /** The inputs as float64 PyTorch arrays, in the order of {@link Data#all()}. */
    private static NDList torch(NDManager manager, Data d) {
        NDList list = new NDList();
        for (INDArray a : d.all()) {
            list.add(TorchOracle.toTorch(manager, a.castTo(DataType.DOUBLE)));
        }
        return list;
    }

    private static NDArray[] cell(NDList t, int[] order, Cell variant, boolean hhBias) {
        return cell(t, order, variant, hhBias, false);
    }

    /**
     * The step from primitives, with a mistake built in on request; {@code noHPath} cuts the
     * gradient of h' into c' (the forward value is unchanged), which models a backward that leaves
     * that path out of dc'.
     */
    private static NDArray[] cell(NDList t, int[] order, Cell variant, boolean hhBias, boolean noHPath) {
        NDArray[] gate = gates(t, order, hhBias);
        NDArray i = gate[0];
        NDArray f = gate[1];
        NDArray g = gate[2];
        NDArray o = gate[3];
        NDArray c = t.get(2);
        NDArray cNext = switch (variant) {
            case FORGET_NEW -> f.mul(c.add(i.mul(g)));
            case F_I_SWAPPED -> i.mul(c).add(f.mul(g));
            default -> f.mul(c).add(i.mul(g));
        };
        NDArray tanhC = noHPath ? cNext.tanh().stopGradient() : cNext.tanh();
        NDArray hNext = switch (variant) {
            case NO_TANH -> o.mul(cNext);
            case OLD_CELL -> o.mul(c.tanh());
            default -> o.mul(tanhC);
        };
        return new NDArray[] {hNext, cNext};
    }

    /** i, f, g, o, read from the stacked pre-activations at the blocks {@code order} names. */
    private static NDArray[] gates(NDList t, int[] order, boolean hhBias) {
        NDArray linear = t.get(0).matMul(t.get(3).transpose()).add(t.get(1).matMul(t.get(4).transpose())).add(t.get(5));
        NDArray a = hhBias ? linear.add(t.get(6)) : linear;
        long hidden = t.get(1).getShape().get(1);
        Function<Integer, NDArray> block = k -> a.get(new NDIndex(":, {}:{}", order[k] * hidden, (order[k] + 1) * hidden));
        return new NDArray[] {Activation.sigmoid(block.apply(0)), Activation.sigmoid(block.apply(1)),
                block.apply(2).tanh(), Activation.sigmoid(block.apply(3))};
    }

    private static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    /** Random inputs; {@code scale} multiplies the weights and biases (large values saturate the gates). */
    private static Data data(Random random, long n, long d, long hidden, double scale, DataType type) {
        Function<INDArray, INDArray> as = a -> a.castTo(type);
        return new Data(as.apply(Inputs.normal(random, n, d)), as.apply(Inputs.normal(random, n, hidden)),
                as.apply(Inputs.normal(random, n, hidden)),
                as.apply(Inputs.normal(random, 4 * hidden, d).mul(scale / Math.sqrt(d + hidden))),
                as.apply(Inputs.normal(random, 4 * hidden, hidden).mul(scale / Math.sqrt(d + hidden))),
                as.apply(Inputs.normal(random, 4 * hidden).mul(scale)), as.apply(Inputs.normal(random, 4 * hidden).mul(scale)));
    }

    private static Data zeroState(Data d) {
        return new Data(d.x(), d.h().mul(0), d.c().mul(0), d.wIh(), d.wHh(), d.bIh(), d.bHh());
    }
}
