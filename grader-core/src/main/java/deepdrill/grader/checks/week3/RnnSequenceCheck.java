package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareGradient;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.RnnSequence;
import java.util.ArrayList;
import java.util.Collections;
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
 * Checks {@code rnn-sequence} against PyTorch: the RNN unrolled over the T steps in DJL operations
 * ({@code h_t = tanh(x[:, t] @ Wx + h_{t-1} @ Wh + b)}, stacked on axis 1) forward; PyTorch's
 * autograd through the whole unrolled graph and float64 centred differences backward. Clipping is
 * checked against the global norm computed in DJL operations, pinned by one hand-made case (gradients
 * (3, 4) and (12): total norm 13). Known mistakes are recognised by computing them on purpose: the
 * unrolled forward without the carried state, and a closed-form BPTT with each named mistake built in.
 *
 * <p>Covered: T = 1 (BPTT is one step), batch 1, hidden size 1, D != H and D = H, long-ish sequences
 * (T = 6), pre-activations large enough to saturate tanh, float32 kept; clipping above the threshold
 * (several gradients of different shapes), tiny gradients (where PyTorch's 1e-6 would show), exactly at
 * the threshold and below it (exact copies: no scaling at all), a total norm of 0 (no 0 / 0), float32,
 * fresh arrays for every result, inputs left unchanged, max_norm of 0, negative or NaN rejected. Named:
 * the hidden state not carried forward (every step reading h0), dWh (or dWx, db) not accumulated over
 * time (one step's share only), the upstream dh of each step not added to the carried gradient (only
 * the last step's), the carried hidden-state gradient dropped (each step's own dh only), clipping each
 * gradient by its own norm, scaling below the threshold too, the squared norm, PyTorch's eps.
 * Not covered: empty sequences (T = 0).
 */
@ExerciseCheck
class RnnSequenceCheck {

    private static final String NOT_CARRIED_FORWARD = "fed h0 to every step: each step's prev_h is the previous "
            + "step's output, h_{t-1}, and only step 0 reads h0.";
    private static final String NOT_ACCUMULATED = "did not accumulate %s over time: yours is one step's share "
            + "(step %d of %d); the weights are shared by every step, so add each step's gradient (+=).";
    private static final String NO_UPSTREAM = "forgot to add the upstream dh of each step: dnext = dh[:, t] + dprev "
            + "at every step, not only at the last one (every h_t is an output the loss sees).";
    private static final String NOT_CARRIED_BACK = "dropped the carried hidden-state gradient: dnext = dh[:, t] + "
            + "dprev, where dprev is the dprev_h that step t + 1 sent back (start it at 0 before the last step).";
    private static final String PER_GRADIENT = "clipped each gradient by its own norm: clipping by global norm "
            + "computes ONE total norm over all the gradients and scales them all by max_norm / total_norm.";
    private static final String ALWAYS_SCALED = "scaled the gradients although their total norm was not above "
            + "max_norm: only a total norm > max_norm is clipped; the others come back unchanged.";
    private static final String SQUARED = "used the squared norm: total_norm = sqrt(sum of every squared value).";
    private static final String WITH_EPS = "divided by total_norm + 1e-6 as PyTorch does: this exercise scales by "
            + "exactly max_norm / total_norm (see the class Javadoc).";

    /** The inputs of one sequence. */
    private record Seq(INDArray x, INDArray h0, INDArray wx, INDArray wh, INDArray b) {

        static Seq random(Random random, long n, long t, long d, long h, double scale, DataType type) {
            return new Seq(Inputs.normal(random, n, t, d).castTo(type), Inputs.normal(random, n, h).castTo(type),
                    Inputs.normal(random, d, h).mul(scale).castTo(type), Inputs.normal(random, h, h).mul(scale).castTo(type),
                    Inputs.normal(random, h).castTo(type));
        }

        long n() {
            return x.size(0);
        }

        long steps() {
            return x.size(1);
        }

        long h() {
            return h0.size(1);
        }

        DataType type() {
            return x.dataType();
        }

        String describe() {
            return "x " + Nchw.shape(x) + ", h0 " + Nchw.shape(h0) + ", Wx " + Nchw.shape(wx) + ", Wh " + Nchw.shape(wh)
                    + ", b " + Nchw.shape(b) + (type() == DataType.DOUBLE ? "" : ", " + type());
        }
    }

    @Test
    @DisplayName("forward over T steps: T = 1, batch 1, hidden size 1, D != H")
    void forward(NDManager manager, Random random) {
        checkForward(manager, Seq.random(random, 2, 1, 3, 4, 0.5, DataType.DOUBLE));   // T = 1
        checkForward(manager, Seq.random(random, 3, 4, 3, 5, 0.5, DataType.DOUBLE));
        checkForward(manager, Seq.random(random, 1, 5, 2, 3, 0.5, DataType.DOUBLE));   // batch 1
        checkForward(manager, Seq.random(random, 3, 4, 2, 1, 0.5, DataType.DOUBLE));   // hidden size 1
        checkForward(manager, Seq.random(random, 2, 6, 4, 4, 0.8, DataType.DOUBLE));   // D = H
        checkForward(manager, Seq.random(random, 2, 3, 3, 2, 40, DataType.DOUBLE));    // tanh saturates
    }

    @Test
    @DisplayName("backprop through time: dx, dh0, dWx, dWh, db against autograd and centred differences")
    void backward(NDManager manager, Random random) {
        checkBackward(manager, random, Seq.random(random, 2, 3, 3, 2, 0.5, DataType.DOUBLE));
        checkBackward(manager, random, Seq.random(random, 2, 1, 2, 3, 0.5, DataType.DOUBLE));   // T = 1
        checkBackward(manager, random, Seq.random(random, 1, 4, 2, 3, 0.5, DataType.DOUBLE));   // batch 1
        checkBackward(manager, random, Seq.random(random, 3, 4, 2, 1, 0.5, DataType.DOUBLE));   // hidden size 1
        checkBackward(manager, random, Seq.random(random, 2, 6, 2, 2, 0.8, DataType.DOUBLE));   // D = H, T = 6
    }

    @Test
    @DisplayName("clipGradNorm: above max_norm every gradient is scaled by max_norm / total_norm")
    void clipAbove(NDManager manager, Random random) {
        // By hand: (3, 4) and (12) have total norm 13, so max_norm 6.5 halves both. Pins the global norm.
        INDArray[] handMade = {Nd4j.createFromArray(3.0, 4.0), Nd4j.createFromArray(12.0)};
        INDArray[] halved = checkClip(manager, handMade, 6.5, Tolerance.of(DataType.DOUBLE));
        Compare.assertClose("clipGradNorm([(3, 4), (12)], 6.5), gradient 0 (by hand)", Nd4j.createFromArray(1.5, 2.0),
                halved[0]);
        Compare.assertClose("clipGradNorm([(3, 4), (12)], 6.5), gradient 1 (by hand)", Nd4j.createFromArray(6.0),
                halved[1]);
        checkClip(manager, new INDArray[] {Inputs.normal(random, 4, 3), Inputs.normal(random, 3, 3),
                Inputs.normal(random, 3)}, 1.0, Tolerance.of(DataType.DOUBLE));
        checkClip(manager, new INDArray[] {Inputs.normal(random, 2, 5).mul(100), Inputs.normal(random, 5)}, 5.0,
                Tolerance.of(DataType.DOUBLE));
        // Tiny gradients: PyTorch's 1e-6 is a visible part of their norm.
        checkClip(manager, new INDArray[] {Inputs.normal(random, 3, 2).mul(1e-3), Inputs.normal(random, 2).mul(1e-3)},
                1e-3, Tolerance.of(DataType.DOUBLE));
        checkClip(manager, new INDArray[] {Inputs.normal(random, 3, 4).castTo(DataType.FLOAT),
                Inputs.normal(random, 4).castTo(DataType.FLOAT)}, 0.5, Tolerance.of(DataType.FLOAT));
    }

    @Test
    @DisplayName("clipGradNorm: at or below max_norm, or all zero, the gradients come back exactly as they are")
    void clipAtOrBelow(NDManager manager, Random random) {
        Tolerance exact = new Tolerance(0, 0);
        checkClip(manager, new INDArray[] {Nd4j.createFromArray(3.0, 4.0), Nd4j.createFromArray(12.0)}, 13.0, exact);
        checkClip(manager, new INDArray[] {Inputs.normal(random, 3, 2), Inputs.normal(random, 2)}, 100.0, exact);
        checkClip(manager, new INDArray[] {Nd4j.zeros(DataType.DOUBLE, 2, 3), Nd4j.zeros(DataType.DOUBLE, 3)}, 1.0, exact);
        checkClip(manager, new INDArray[] {Nd4j.createFromArray(3.0f, 4.0f), Nd4j.createFromArray(12.0f)}, 13.0, exact);
    }

    @Test
    @DisplayName("clipGradNorm rejects a max_norm of 0, below 0, or NaN")
    void clipRejects() {
        INDArray[] grads = {Nd4j.createFromArray(3.0, 4.0)};
        for (double maxNorm : new double[] {0.0, -1.0, Double.NaN}) {
            Rejection.expectRejected("clipGradNorm([(3, 4)], " + maxNorm + ")", "check that maxNorm > 0 before using "
                    + "it (a comparison with NaN is false)", () -> {
                        Guarded.call(in -> RnnSequence.clipGradNorm(in.copy("grads", grads), maxNorm));
                    });
        }
    }

    @Test
    @DisplayName("float32 inputs give float32 hidden states and gradients")
    void float32(NDManager manager, Random random) {
        checkForward(manager, Seq.random(random, 2, 3, 3, 4, 0.5, DataType.FLOAT));
        checkBackward(manager, random, Seq.random(random, 2, 3, 2, 3, 0.5, DataType.FLOAT));
    }

    private static void checkForward(NDManager manager, Seq s) {
        INDArray actual = Guarded.fresh(in -> RnnSequence.forward(in.copy("x", s.x()), in.copy("h0", s.h0()),
                in.copy("wx", s.wx()), in.copy("wh", s.wh()), in.copy("b", s.b())));
        NDArray[] t = torch(manager, s);
        DataType type = s.type();
        Compare.assertClose("forward(" + s.describe() + ")", Nchw.expected(unrolled(t, false), type), actual,
                new Mistake<>(NOT_CARRIED_FORWARD, () -> s.steps() == 1 ? null : Nchw.expected(unrolled(t, true), type)));
    }

    private static void checkBackward(NDManager manager, Random random, Seq s) {
        DataType type = s.type();
        INDArray dh = Inputs.normal(random, s.n(), s.steps(), s.h()).castTo(type);
        RnnSequence.Gradients actual = Guarded.fresh(in -> RnnSequence.backward(in.copy("dh", dh), in.copy("x", s.x()),
                in.copy("h0", s.h0()), in.copy("wx", s.wx()), in.copy("wh", s.wh()), in.copy("b", s.b())));
        if (actual == null) {
            throw new AssertionError("backward returned null instead of Gradients(dx, dh0, dWx, dWh, db)");
        }
        NDArray[] t = torch(manager, s);
        NDArray tdh = TorchOracle.toTorch(manager, dh);
        NDArray[] grads = Autograd.gradients(in -> unrolled(in.toArray(new NDArray[0]), false), tdh, t);
        Bptt noUpstream = bptt(t, tdh, false, true);
        Bptt notCarried = bptt(t, tdh, true, false);
        Bptt right = bptt(t, tdh, true, true);
        boolean exact = type == DataType.DOUBLE;
        boolean oneStep = s.steps() == 1;
        String what = "for backward(dh " + Nchw.shape(dh) + ", " + s.describe() + ")";
        INDArray[] at = {s.x(), s.h0(), s.wx(), s.wh(), s.b()};
        String[] names = {"dx", "dh0", "dWx", "dWh", "db"};
        INDArray[] mine = {actual.dx(), actual.dh0(), actual.dWx(), actual.dWh(), actual.db()};
        for (int i = 0; i < 5; i++) {
            int which = i;
            List<Mistake<INDArray>> mistakes = new ArrayList<>();
            mistakes.add(new Mistake<>(NO_UPSTREAM, () -> oneStep ? null : Nchw.expected(noUpstream.grads()[which], type)));
            mistakes.add(new Mistake<>(NOT_CARRIED_BACK, () -> oneStep ? null : Nchw.expected(notCarried.grads()[which], type)));
            if (which >= 2 && !oneStep) {
                mistakes.add(new Mistake<>(String.format(NOT_ACCUMULATED, names[which], 0, s.steps()),
                        () -> Nchw.expected(right.first()[which - 2], type)));
                mistakes.add(new Mistake<>(String.format(NOT_ACCUMULATED, names[which], s.steps() - 1, s.steps()),
                        () -> Nchw.expected(right.last()[which - 2], type)));
            }
            INDArray numerical = exact ? NumericalGradient.of(v -> TorchOracle.toNd4j(unrolled(torch(manager,
                    replaced(at, which, v)), false)), at[which], dh) : null;
            Compare.assertClose(names[i] + " " + what + " (against PyTorch autograd)", Nchw.expected(grads[i], type),
                    mine[i], Tolerance.of(type), mistakes);
            if (numerical != null) {
                Compare.assertClose(names[i] + " " + what + " (against centred differences)", numerical, mine[i],
                        NumericalGradient.TOLERANCE, mistakes);
            }
        }
    }

    /** Calls clipGradNorm and compares every result; returns the learner's results. */
    private static INDArray[] checkClip(NDManager manager, INDArray[] grads, double maxNorm, Tolerance tolerance) {
        INDArray[][] passed = new INDArray[1][];
        INDArray[] actual = Guarded.call(in -> {
            passed[0] = in.copy("grads", grads);
            return RnnSequence.clipGradNorm(passed[0], maxNorm);
        });
        String what = "clipGradNorm(" + shapes(grads) + ", " + maxNorm + ")";
        if (actual == null || actual.length != grads.length) {
            throw new AssertionFailedError(what + ": expected " + grads.length + " arrays, got "
                    + (actual == null ? "null" : actual.length + ""));
        }
        double[] norms = new double[grads.length];
        for (int i = 0; i < grads.length; i++) {
            NDArray g = TorchOracle.toTorch(manager, grads[i]);
            norms[i] = Math.sqrt(g.square().sum().getDouble());
        }
        double squares = java.util.Arrays.stream(norms).map(v -> v * v).sum();
        double total = Math.sqrt(squares);
        double scale = total > maxNorm ? maxNorm / total : 1.0;
        double eps = maxNorm / (total + 1e-6);
        for (int i = 0; i < grads.length; i++) {
            for (INDArray in : passed[0]) {
                if (actual[i] == in || (actual[i] != null && !actual[i].isEmpty() && actual[i].data().address() == in.data().address())) {
                    throw new AssertionFailedError(Mistake.PREFIX + "returned the input gradient itself (or a view of it) "
                            + "as result " + i + " of " + what + ": return new arrays (g.mul(scale) or g.dup()).");
                }
            }
            INDArray g = grads[i];
            double own = norms[i];
            Compare.assertClose(what + ", gradient " + i, scaled(g, scale), actual[i], tolerance, List.of(
                    new Mistake<>(PER_GRADIENT, () -> grads.length == 1 || own <= maxNorm && total <= maxNorm ? null
                            : scaled(g, own > maxNorm ? maxNorm / own : 1.0)),
                    new Mistake<>(ALWAYS_SCALED, () -> total == 0 || total > maxNorm ? null : scaled(g, maxNorm / total)),
                    new Mistake<>(SQUARED, () -> total > maxNorm || squares > maxNorm
                            ? scaled(g, squares > maxNorm ? maxNorm / squares : 1.0) : null),
                    new Mistake<>(WITH_EPS, () -> eps < 1 ? scaled(g, eps) : null)));
        }
        return actual;
    }

    private static INDArray scaled(INDArray g, double scale) {
        return g.castTo(DataType.DOUBLE).mul(scale).castTo(g.dataType());
    }

    /** The five inputs on the oracle's side, float64: x, h0, Wx, Wh, b. */
    private static NDArray[] torch(NDManager manager, Seq s) {
        return new NDArray[] {TorchOracle.toTorch(manager, s.x()), TorchOracle.toTorch(manager, s.h0()),
            TorchOracle.toTorch(manager, s.wx()), TorchOracle.toTorch(manager, s.wh()),
            TorchOracle.toTorch(manager, s.b())};
    }

    private static Seq replaced(INDArray[] at, int which, INDArray v) {
        INDArray[] in = at.clone();
        in[which] = v;
        return new Seq(in[0], in[1], in[2], in[3], in[4]);
    }

    /**
     * The RNN unrolled in DJL operations: h (N, T, H). With {@code fromH0}, every step reads h0 (the
     * known mistake of a state that is never carried).
     */
    private static NDArray unrolled(NDArray[] t, boolean fromH0) {
        NDArray x = t[0];
        long steps = x.getShape().get(1);
        NDList hs = new NDList();
        NDArray prev = t[1];
        for (long s = 0; s < steps; s++) {
            NDArray next = x.get(new NDIndex(":, {}, :", s)).matMul(t[2]).add(prev.matMul(t[3])).add(t[4]).tanh();
            hs.add(next);
            prev = fromH0 ? t[1] : next;
        }
        return NDArrays.stack(hs, 1);
    }

    /**
     * Closed-form BPTT with the named mistakes built in, in DJL operations: {@code grads} are dx, dh0,
     * dWx, dWh, db; {@code first} and {@code last} are the shares of dWx, dWh and db of step 0 and of
     * step T-1 alone (what a gradient that is assigned instead of accumulated ends with).
     */
    private record Bptt(NDArray[] grads, NDArray[] first, NDArray[] last) {
    }

    private static Bptt bptt(NDArray[] t, NDArray dh, boolean everyUpstream, boolean carry) {
        NDArray x = t[0];
        NDArray h = unrolled(t, false);
        int steps = (int) x.getShape().get(1);
        NDArray dWx = t[2].zerosLike();
        NDArray dWh = t[3].zerosLike();
        NDArray db = t[4].zerosLike();
        NDArray dprev = t[1].zerosLike();
        List<NDArray> dxs = new ArrayList<>();
        NDArray[] first = null;
        NDArray[] last = null;
        for (int s = steps - 1; s >= 0; s--) {
            NDArray up = everyUpstream || s == steps - 1 ? dh.get(new NDIndex(":, {}, :", s)) : dprev.zerosLike();
            NDArray dnext = carry ? up.add(dprev) : up;
            NDArray hs = h.get(new NDIndex(":, {}, :", s));
            NDArray prevH = s == 0 ? t[1] : h.get(new NDIndex(":, {}, :", s - 1));
            NDArray xs = x.get(new NDIndex(":, {}, :", s));
            NDArray da = dnext.mul(hs.square().neg().add(1));
            NDArray[] share = {xs.transpose().matMul(da), prevH.transpose().matMul(da), da.sum(new int[] {0})};
            if (s == steps - 1) {
                last = share;
            }
            if (s == 0) {
                first = share;
            }
            dxs.add(da.matMul(t[2].transpose()));
            dWx = dWx.add(share[0]);
            dWh = dWh.add(share[1]);
            db = db.add(share[2]);
            dprev = da.matMul(t[3].transpose());
        }
        Collections.reverse(dxs);
        return new Bptt(new NDArray[] {NDArrays.stack(new NDList(dxs), 1), dprev, dWx, dWh, db}, first, last);
    }

    private static String shapes(INDArray[] grads) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < grads.length; i++) {
            s.append(i == 0 ? "" : ", ").append(Nchw.shape(grads[i]));
            if (grads[i].dataType() != DataType.DOUBLE) {
                s.append(' ').append(grads[i].dataType());
            }
        }
        return s.append("]").toString();
    }
}
