package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareGradient;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.RnnStep;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks {@code rnn-step} against PyTorch: {@code tanh(x @ Wx + prev_h @ Wh + b)} in DJL operations
 * forward, PyTorch's autograd of the same expression and float64 centred differences backward.
 * Known mistakes are recognised by computing them on purpose with the same operations.
 *
 * <p>Covered: batch 1, hidden size 1, one input feature, D != H (a Wx or dx that forgets a
 * transpose has the wrong shape) and D = H (where it has the right shape and only the values show
 * it), pre-activations of magnitude ~100
 * (tanh saturates: next_h is +-1 exactly, a tanh built from exp overflows to NaN, and the backward's
 * local gradient is 0, which tanh' taken of the pre-activation gets wildly wrong), pre-activations
 * of ~1000 in float64, NaN and +-Infinity in x (NaN reaches exactly its row; an infinite input gives
 * +-1), a fresh forward result and fresh gradients, inputs left unchanged, float32 kept. Named:
 * Wh transposed (forward and dprev_h), the bias or the tanh left out, tanh' written with the
 * pre-activation (1 - a^2) or left out, dWx or dWh transposed, dx with Wx instead of Wx^T, db not
 * summed over the batch or averaged. Not covered: bad shapes (the Javadoc promises no particular
 * exception), empty batches.
 */
@ExerciseCheck
class RnnStepCheck {

    private static final String WH_TRANSPOSED = "multiplied prev_h by Wh^T: the forward is prev_h Wh, with Wh "
            + "(H, H) indexed [from, to] like Wx; a square matrix has the same shape either way, so only the values "
            + "show it.";
    private static final String NO_BIAS = "forgot the bias: add b to every row of x Wx + prev_h Wh.";
    private static final String NO_TANH = "forgot the tanh: next_h = tanh(x Wx + prev_h Wh + b).";
    private static final String DTANH_OF_INPUT = "took tanh' as 1 - a^2 of the pre-activation a = x Wx + prev_h Wh "
            + "+ b: tanh'(a) = 1 - tanh(a)^2 = 1 - next_h^2, the square of the OUTPUT.";
    private static final String NO_DTANH = "left out tanh': backpropagate through the tanh first, da = dnext_h * "
            + "(1 - next_h^2), and use da in every product.";
    private static final String DPREV_NOT_TRANSPOSED = "computed dprev_h as da Wh: dprev_h = da Wh^T (the forward "
            + "was prev_h Wh); Wh is square, so both products have prev_h's shape.";
    private static final String DX_NOT_TRANSPOSED = "computed dx as da Wx: dx = da Wx^T, which has x's shape (N, D); "
            + "with D = H both products have that shape.";
    private static final String DWX_TRANSPOSED = "computed dWx as da^T x, its transpose: dWx = x^T da has Wx's shape "
            + "(D, H).";
    private static final String DWH_TRANSPOSED = "computed dWh as da^T prev_h, its transpose: dWh = prev_h^T da "
            + "(row i belongs to prev_h's feature i, as in the forward's prev_h Wh).";
    private static final String DB_NOT_SUMMED = "forgot to sum db over the batch: b is added to every row, so "
            + "db = da summed over axis 0, shape (H).";
    private static final String DB_MEAN = "averaged db over the batch: db is the sum of da over axis 0, not its "
            + "mean.";

    /** The inputs of one step. */
    private record Step(INDArray x, INDArray prevH, INDArray wx, INDArray wh, INDArray b) {

        static Step random(Random random, long n, long d, long h, double scale, DataType type) {
            return new Step(Inputs.normal(random, n, d).castTo(type), Inputs.normal(random, n, h).castTo(type),
                    Inputs.normal(random, d, h).mul(scale).castTo(type), Inputs.normal(random, h, h).mul(scale).castTo(type),
                    Inputs.normal(random, h).castTo(type));
        }

        long n() {
            return x.size(0);
        }

        long d() {
            return x.size(1);
        }

        long h() {
            return prevH.size(1);
        }

        DataType type() {
            return x.dataType();
        }

        String describe() {
            return "x (" + n() + ", " + d() + "), prev_h (" + n() + ", " + h() + "), Wx (" + d() + ", " + h() + "), Wh ("
                    + h() + ", " + h() + "), b (" + h() + ")" + (type() == DataType.DOUBLE ? "" : ", " + type());
        }
    }

    /** The step's inputs on the oracle's side, float64. */
    private record Torch(NDArray x, NDArray prevH, NDArray wx, NDArray wh, NDArray b) {

        static Torch of(NDManager manager, Step s) {
            return new Torch(TorchOracle.toTorch(manager, s.x()), TorchOracle.toTorch(manager, s.prevH()),
                    TorchOracle.toTorch(manager, s.wx()), TorchOracle.toTorch(manager, s.wh()),
                    TorchOracle.toTorch(manager, s.b()));
        }

        NDArray preActivation() {
            return x.matMul(wx).add(prevH.matMul(wh)).add(b);
        }
    }

    @Test
    @DisplayName("forward: next_h = tanh(x Wx + prev_h Wh + b), batch 1, hidden size 1, D != H")
    void forward(NDManager manager, Random random) {
        checkForward(manager, Step.random(random, 3, 4, 5, 0.5, DataType.DOUBLE));
        checkForward(manager, Step.random(random, 1, 3, 4, 0.5, DataType.DOUBLE));   // batch 1
        checkForward(manager, Step.random(random, 4, 3, 1, 0.5, DataType.DOUBLE));   // hidden size 1
        checkForward(manager, Step.random(random, 2, 1, 3, 0.5, DataType.DOUBLE));   // one input feature
        checkForward(manager, Step.random(random, 3, 6, 2, 0.5, DataType.DOUBLE));   // D > H
        checkForward(manager, Step.random(random, Inputs.between(random, 1, 5), Inputs.between(random, 1, 6),
                Inputs.between(random, 1, 6), 0.5, DataType.DOUBLE));
    }

    @Test
    @DisplayName("forward: large pre-activations saturate at +-1; NaN and infinities in x")
    void forwardExtremes(NDManager manager, Random random) {
        checkForward(manager, Step.random(random, 4, 3, 5, 60, DataType.DOUBLE));     // |a| ~ 100
        checkForward(manager, Step.random(random, 3, 4, 3, 600, DataType.DOUBLE));    // |a| ~ 1000: e^a overflows
        Step s = Step.random(random, 4, 3, 4, 0.5, DataType.DOUBLE);
        s.x().putScalar(new long[] {0, 1}, Double.NaN);
        s.x().putScalar(new long[] {1, 0}, Double.POSITIVE_INFINITY);
        s.x().putScalar(new long[] {2, 2}, Double.NEGATIVE_INFINITY);
        checkForward(manager, s);
    }

    @Test
    @DisplayName("backward: dx, dprev_h, dWx, dWh and db against autograd and centred differences")
    void backward(NDManager manager, Random random) {
        // D = H first: a forgotten transpose still has the right shape there, so it is named, not a crash.
        checkBackward(manager, random, Step.random(random, 4, 3, 3, 0.5, DataType.DOUBLE));
        checkBackward(manager, random, Step.random(random, 3, 4, 5, 0.5, DataType.DOUBLE));
        checkBackward(manager, random, Step.random(random, 1, 3, 2, 0.5, DataType.DOUBLE));   // batch 1
        checkBackward(manager, random, Step.random(random, 3, 2, 1, 0.5, DataType.DOUBLE));   // hidden size 1
        checkBackward(manager, random, Step.random(random, 2, 5, 2, 0.5, DataType.DOUBLE));   // N = H, D > H
    }

    @Test
    @DisplayName("backward where tanh saturates: almost no gradient flows back")
    void backwardSaturated(NDManager manager, Random random) {
        Step s = Step.random(random, 3, 4, 3, 0.5, DataType.DOUBLE);
        // One row saturated (|a| ~ 100 through a large input), the others in tanh's curved middle.
        s.x().getRow(1).muli(200);
        checkBackward(manager, random, s);
        checkBackward(manager, random, Step.random(random, 2, 3, 4, 60, DataType.DOUBLE));
    }

    @Test
    @DisplayName("float32 inputs give float32 outputs and gradients")
    void float32(NDManager manager, Random random) {
        checkForward(manager, Step.random(random, 3, 4, 5, 0.5, DataType.FLOAT));
        checkForward(manager, Step.random(random, 2, 3, 4, 60, DataType.FLOAT));   // e^a overflows float32
        checkBackward(manager, random, Step.random(random, 4, 3, 2, 0.5, DataType.FLOAT));
    }

    private static void checkForward(NDManager manager, Step s) {
        INDArray actual = Guarded.fresh(in -> RnnStep.forward(in.copy("x", s.x()), in.copy("prevH", s.prevH()),
                in.copy("wx", s.wx()), in.copy("wh", s.wh()), in.copy("b", s.b())));
        Torch t = Torch.of(manager, s);
        DataType type = s.type();
        Compare.assertClose("forward(" + s.describe() + ")", Nchw.expected(t.preActivation().tanh(), type), actual,
                new Mistake<>(WH_TRANSPOSED, () -> s.h() == 1 ? null
                        : Nchw.expected(t.x().matMul(t.wx()).add(t.prevH().matMul(t.wh().transpose())).add(t.b()).tanh(),
                        type)),
                new Mistake<>(NO_BIAS, () -> Nchw.expected(t.preActivation().sub(t.b()).tanh(), type)),
                new Mistake<>(NO_TANH, () -> Nchw.expected(t.preActivation(), type)));
    }

    private static void checkBackward(NDManager manager, Random random, Step s) {
        DataType type = s.type();
        INDArray dnext = Inputs.normal(random, s.n(), s.h()).castTo(type);
        RnnStep.Gradients actual = Guarded.fresh(in -> RnnStep.backward(in.copy("dnextH", dnext), in.copy("x", s.x()),
                in.copy("prevH", s.prevH()), in.copy("wx", s.wx()), in.copy("wh", s.wh()), in.copy("b", s.b())));
        if (actual == null) {
            throw new AssertionError("backward returned null instead of Gradients(dx, dprevH, dWx, dWh, db)");
        }

        Torch t = Torch.of(manager, s);
        NDArray td = TorchOracle.toTorch(manager, dnext);
        NDArray[] grads = Autograd.gradients(in -> in.get(0).matMul(in.get(2)).add(in.get(1).matMul(in.get(3)))
                .add(in.get(4)).tanh(), td, t.x(), t.prevH(), t.wx(), t.wh(), t.b());
        NDArray nextH = t.preActivation().tanh();
        NDArray da = td.mul(nextH.square().neg().add(1));
        NDArray daOfInput = td.mul(t.preActivation().square().neg().add(1));
        boolean exact = type == DataType.DOUBLE;
        String what = "for backward(dnext_h (" + s.n() + ", " + s.h() + "), " + s.describe() + ")";

        CompareGradient.assertClose("dx " + what, Nchw.expected(grads[0], type),
                exact ? numerical(manager, v -> new Step(v, s.prevH(), s.wx(), s.wh(), s.b()), s.x(), dnext) : null,
                actual.dx(),
                dtanhOfInput(daOfInput.matMul(t.wx().transpose()), type),
                noDtanh(td.matMul(t.wx().transpose()), type),
                new Mistake<>(DX_NOT_TRANSPOSED, () -> s.d() != s.h() ? null : Nchw.expected(da.matMul(t.wx()), type)));
        CompareGradient.assertClose("dprev_h " + what, Nchw.expected(grads[1], type),
                exact ? numerical(manager, v -> new Step(s.x(), v, s.wx(), s.wh(), s.b()), s.prevH(), dnext) : null,
                actual.dprevH(),
                dtanhOfInput(daOfInput.matMul(t.wh().transpose()), type),
                noDtanh(td.matMul(t.wh().transpose()), type),
                new Mistake<>(DPREV_NOT_TRANSPOSED, () -> s.h() == 1 ? null : Nchw.expected(da.matMul(t.wh()), type)));
        CompareGradient.assertClose("dWx " + what, Nchw.expected(grads[2], type),
                exact ? numerical(manager, v -> new Step(s.x(), s.prevH(), v, s.wh(), s.b()), s.wx(), dnext) : null,
                actual.dWx(),
                dtanhOfInput(t.x().transpose().matMul(daOfInput), type),
                noDtanh(t.x().transpose().matMul(td), type),
                new Mistake<>(DWX_TRANSPOSED, () -> Nchw.expected(grads[2].transpose(), type)));
        CompareGradient.assertClose("dWh " + what, Nchw.expected(grads[3], type),
                exact ? numerical(manager, v -> new Step(s.x(), s.prevH(), s.wx(), v, s.b()), s.wh(), dnext) : null,
                actual.dWh(),
                dtanhOfInput(t.prevH().transpose().matMul(daOfInput), type),
                noDtanh(t.prevH().transpose().matMul(td), type),
                new Mistake<>(DWH_TRANSPOSED, () -> s.h() == 1 ? null : Nchw.expected(grads[3].transpose(), type)));
        CompareGradient.assertClose("db " + what, Nchw.expected(grads[4], type),
                exact ? numerical(manager, v -> new Step(s.x(), s.prevH(), s.wx(), s.wh(), v), s.b(), dnext) : null,
                actual.db(),
                dtanhOfInput(daOfInput.sum(new int[] {0}), type),
                noDtanh(td.sum(new int[] {0}), type),
                new Mistake<>(DB_NOT_SUMMED, () -> Nchw.expected(da, type)),
                new Mistake<>(DB_MEAN, () -> s.n() == 1 ? null : Nchw.expected(da.mean(new int[] {0}), type)));
    }

    private static Mistake<INDArray> dtanhOfInput(NDArray wrong, DataType type) {
        return new Mistake<>(DTANH_OF_INPUT, () -> Nchw.expected(wrong, type));
    }

    private static Mistake<INDArray> noDtanh(NDArray wrong, DataType type) {
        return new Mistake<>(NO_DTANH, () -> Nchw.expected(wrong, type));
    }

    /** The centred-difference gradient of the PyTorch forward with respect to one input, the others fixed. */
    private static INDArray numerical(NDManager manager, Function<INDArray, Step> with, INDArray at, INDArray dnext) {
        return NumericalGradient.of(v -> TorchOracle.toNd4j(Torch.of(manager, with.apply(v)).preActivation().tanh()),
                at, dnext);
    }
}
