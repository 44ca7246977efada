package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.OptimizerOracle;
import deepdrill.grader.oracle.OptimizerOracle.Variant;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.Optimizers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code optimizers}: several consecutive steps of each optimiser, each step fed the
 * weights and the state that the learner's previous step returned, against
 * {@link OptimizerOracle} (PyTorch's {@code torch.optim} updates written with PyTorch primitives:
 * DJL has no RMSProp, AdaGrad or Nesterov update, and its Adam puts epsilon elsewhere). Every
 * step compares the new weights and every state array, and Adam's step counter, so a state that
 * is not carried over, or a {@code t} that is not incremented, shows at the step where it first
 * matters. Known mistakes are the oracle's own update with the mistake made on purpose.
 *
 * <p>Covered: several steps from zero state, each from the weights and state the learner returned;
 * rank 1 to 4; small gradients where eps decides (AdaGrad, RMSProp); Adam's and AdamW's t from 0,
 * and weight decay 0 and non-zero; float32. Every input (each state array by name) must come back
 * unchanged, and the new weights must be a new array.
 */
@ExerciseCheck
class OptimizersCheck {

    private static final int STEPS = 4;

    private static final String ASCENT = "added the gradient: gradient descent moves against it, w - lr * dw.";
    private static final String CS231N_VELOCITY = "used the convention v = mu * v - lr * dw, w += v: the weights agree "
            + "but the velocity is -lr times PyTorch's. This exercise keeps PyTorch's v = mu * v + dw, w -= lr * v.";
    private static final String LR_IN_VELOCITY = "put the learning rate into the velocity (v = mu * v + lr * dw): this "
            + "exercise keeps PyTorch's v = mu * v + dw, w -= lr * v.";
    private static final String PLAIN_MOMENTUM = "took a plain momentum step: Nesterov steps along the look-ahead "
            + "dw + mu * v_new, w - lr * (dw + mu * v_new).";
    private static final String NOT_ACCUMULATED = "replaced the sum of squares by the latest dw^2: AdaGrad adds every "
            + "squared gradient to the sum, s = s + dw^2.";
    private static final String EPS_INSIDE = "put eps inside the square root: the convention here (PyTorch's) is "
            + "sqrt(s) + eps, not sqrt(s + eps).";
    private static final String NO_ONE_MINUS_ALPHA = "forgot the (1 - alpha) factor: s = alpha * s + (1 - alpha) * dw^2.";
    private static final String NO_BIAS_CORRECTION = "left out Adam's bias correction: divide m by (1 - beta1^t) and v "
            + "by (1 - beta2^t), with t the incremented step count.";
    private static final String T_NOT_INCREMENTED = "returned t unchanged (t not incremented): the new state's t is "
            + "state.t() + 1, and that incremented value is the one the bias correction uses (the first step uses t = 1).";
    private static final String T_BEFORE_INCREMENT = "used t before incrementing it: the bias correction of the first "
            + "step uses t = 1 (t = 0 divides by 1 - beta^0 = 0).";
    private static final String DECAY_ON_GRADIENT = "added the weight decay to the gradient (Adam with L2): AdamW "
            + "decouples it, w - lr * wd * w next to the Adam step, and m and v never see it.";
    private static final String NO_DECAY = "forgot the weight decay: AdamW also subtracts lr * weightDecay * w.";

    /** The learner's step as plain arrays: the new weights, the state arrays in a fixed order, and t. */
    private record Answer(INDArray params, INDArray[] state, int t) {
    }

    /** Calls the learner's method with these weights, gradient, state arrays and step count. */
    private interface LearnerStep {
        Answer apply(INDArray w, INDArray dw, INDArray[] state, int t);
    }

    /** The oracle's step on float64 copies; {@code t} is the number of this step (from 1). */
    private interface OracleStep {
        OptimizerOracle.Step apply(NDArray w, NDArray g, NDArray[] state, int t);
    }

    /** A known mistake: the oracle's step with the mistake built in. */
    private static Mistake<OracleStep> wrong(String diagnosis, OracleStep step) {
        return Mistake.giving(diagnosis, step);
    }

    /** One optimiser with its hyperparameters, as a learner would call it. */
    private record Optimizer(String call, String[] stateNames, boolean counted, LearnerStep learner, OracleStep oracle,
                             List<Mistake<OracleStep>> mistakes) {
    }

    @Test
    @DisplayName("SGD")
    void sgd(NDManager manager, Random random) {
        for (double lr : new double[] {0.1, 0.01}) {
            run(manager, random, Inputs.normal(random, 3, 4), 1, new Optimizer("sgd(w, dw, lr " + lr + ")", new String[0], false,
                    (w, dw, s, t) -> new Answer(Optimizers.sgd(w, dw, lr), new INDArray[0], 0),
                    (w, g, s, t) -> OptimizerOracle.sgd(w, g, lr),
                    List.of(wrong(ASCENT, (w, g, s, t) -> OptimizerOracle.sgd(w, g, -lr)))));
        }
    }

    @Test
    @DisplayName("momentum, over several steps")
    void momentum(NDManager manager, Random random) {
        double[][] settings = {{0.1, 0.9}, {0.5, 0.5}, {0.01, 0.99}};
        long[][] shapes = {{3, 4}, {5}, {2, 2, 2, 2}};
        for (int i = 0; i < settings.length; i++) {
            double lr = settings[i][0];
            double mu = settings[i][1];
            run(manager, random, Inputs.normal(random, shapes[i]), 1, new Optimizer(
                    "momentum(w, dw, state, lr " + lr + ", mu " + mu + ")", new String[] {"velocity"}, false,
                    (w, dw, s, t) -> answer("momentum", Optimizers.momentum(w, dw, new Optimizers.MomentumState(s[0]), lr, mu),
                            st -> new INDArray[] {st.velocity()}, st -> 0),
                    (w, g, s, t) -> OptimizerOracle.momentum(w, g, s[0], lr, mu),
                    List.of(wrong(CS231N_VELOCITY, (w, g, s, t) -> scaledVelocity(
                                    OptimizerOracle.momentum(w, g, s[0].div(-lr), lr, mu), -lr)),
                            wrong(LR_IN_VELOCITY, (w, g, s, t) -> scaledVelocity(
                                    OptimizerOracle.momentum(w, g, s[0].div(lr), lr, mu), lr)),
                            wrong(ASCENT, (w, g, s, t) -> OptimizerOracle.momentum(w, g, s[0], -lr, mu)))));
        }
    }

    @Test
    @DisplayName("Nesterov momentum, over several steps")
    void nesterov(NDManager manager, Random random) {
        double[][] settings = {{0.1, 0.9}, {0.5, 0.5}, {0.01, 0.99}};
        long[][] shapes = {{3, 4}, {5}, {2, 3, 1, 2}};
        for (int i = 0; i < settings.length; i++) {
            double lr = settings[i][0];
            double mu = settings[i][1];
            run(manager, random, Inputs.normal(random, shapes[i]), 1, new Optimizer(
                    "nesterov(w, dw, state, lr " + lr + ", mu " + mu + ")", new String[] {"velocity"}, false,
                    (w, dw, s, t) -> answer("nesterov", Optimizers.nesterov(w, dw, new Optimizers.MomentumState(s[0]), lr, mu),
                            st -> new INDArray[] {st.velocity()}, st -> 0),
                    (w, g, s, t) -> OptimizerOracle.nesterov(w, g, s[0], lr, mu),
                    List.of(wrong(PLAIN_MOMENTUM, (w, g, s, t) -> OptimizerOracle.momentum(w, g, s[0], lr, mu)),
                            wrong(CS231N_VELOCITY, (w, g, s, t) -> scaledVelocity(
                                    OptimizerOracle.nesterov(w, g, s[0].div(-lr), lr, mu), -lr)))));
        }
    }

    @Test
    @DisplayName("AdaGrad, over several steps")
    void adaGrad(NDManager manager, Random random) {
        double[][] settings = {{0.1, 1e-10, 1}, {0.5, 1e-2, 0.01}};
        long[][] shapes = {{3, 4}, {2, 2, 2, 2}};
        for (int i = 0; i < settings.length; i++) {
            double lr = settings[i][0];
            double eps = settings[i][1];
            run(manager, random, Inputs.normal(random, shapes[i]), settings[i][2], new Optimizer(
                    "adaGrad(w, dw, state, lr " + lr + ", eps " + eps + ")", new String[] {"sumOfSquares"}, false,
                    (w, dw, s, t) -> answer("adaGrad", Optimizers.adaGrad(w, dw, new Optimizers.AdaGradState(s[0]), lr, eps),
                            st -> new INDArray[] {st.sumOfSquares()}, st -> 0),
                    (w, g, s, t) -> OptimizerOracle.adaGrad(w, g, s[0], lr, eps, Variant.RIGHT),
                    List.of(wrong(NOT_ACCUMULATED, (w, g, s, t) -> OptimizerOracle.adaGrad(w, g, s[0].zerosLike(), lr, eps,
                                    Variant.RIGHT)),
                            wrong(EPS_INSIDE, (w, g, s, t) -> OptimizerOracle.adaGrad(w, g, s[0], lr, eps,
                                    new Variant(true, true, false))))));
        }
    }

    @Test
    @DisplayName("RMSProp, over several steps")
    void rmsProp(NDManager manager, Random random) {
        double[][] settings = {{0.01, 0.99, 1e-8, 1}, {0.1, 0.9, 1e-3, 0.01}};
        long[][] shapes = {{3, 4}, {6}};
        for (int i = 0; i < settings.length; i++) {
            checkRmsProp(manager, random, Inputs.normal(random, shapes[i]), settings[i]);
        }
    }

    @Test
    @DisplayName("Adam with bias correction, over several steps")
    void adam(NDManager manager, Random random) {
        double[][] settings = {{1e-3, 0.9, 0.999, 1e-8, 1}, {0.1, 0.8, 0.99, 1e-3, 0.01}};
        long[][] shapes = {{3, 4}, {2, 3, 2, 2}};
        for (int i = 0; i < settings.length; i++) {
            checkAdam(manager, random, Inputs.normal(random, shapes[i]), settings[i], 0);
        }
    }

    @Test
    @DisplayName("AdamW: decoupled weight decay, over several steps")
    void adamW(NDManager manager, Random random) {
        double[][] settings = {{1e-3, 0.9, 0.999, 1e-8, 1}, {0.1, 0.9, 0.99, 1e-6, 1}};
        double[] decays = {0.01, 0.1};
        long[][] shapes = {{3, 4}, {5}};
        for (int i = 0; i < settings.length; i++) {
            checkAdam(manager, random, Inputs.normal(random, shapes[i]), settings[i], decays[i]);
        }
    }

    @Test
    @DisplayName("float32 weights give float32 weights and state")
    void float32(NDManager manager, Random random) {
        checkRmsProp(manager, random, Inputs.normal(random, 3, 5).castTo(DataType.FLOAT), new double[] {0.01, 0.9, 1e-6, 1});
        checkAdam(manager, random, Inputs.normal(random, 2, 6).castTo(DataType.FLOAT), new double[] {0.01, 0.9, 0.999, 1e-8, 1},
                0.05);
    }

    private static void checkRmsProp(NDManager manager, Random random, INDArray w0, double[] setting) {
        double lr = setting[0];
        double alpha = setting[1];
        double eps = setting[2];
        run(manager, random, w0, setting[3], new Optimizer(
                "rmsProp(w, dw, state, lr " + lr + ", alpha " + alpha + ", eps " + eps + ")", new String[] {"meanSquare"},
                false,
                (w, dw, s, t) -> answer("rmsProp", Optimizers.rmsProp(w, dw, new Optimizers.RmsPropState(s[0]), lr, alpha, eps),
                        st -> new INDArray[] {st.meanSquare()}, st -> 0),
                (w, g, s, t) -> OptimizerOracle.rmsProp(w, g, s[0], lr, alpha, eps, Variant.RIGHT),
                List.of(wrong(EPS_INSIDE, (w, g, s, t) -> OptimizerOracle.rmsProp(w, g, s[0], lr, alpha, eps,
                                new Variant(true, true, false))),
                        wrong(NO_ONE_MINUS_ALPHA, (w, g, s, t) -> rmsPropWithoutOneMinusAlpha(w, g, s[0], lr, alpha, eps)))));
    }

    private static void checkAdam(NDManager manager, Random random, INDArray w0, double[] setting, double wd) {
        double lr = setting[0];
        double b1 = setting[1];
        double b2 = setting[2];
        double eps = setting[3];
        boolean decoupled = wd != 0;
        String call = decoupled
                ? "adamW(w, dw, state, lr " + lr + ", beta1 " + b1 + ", beta2 " + b2 + ", eps " + eps + ", weightDecay " + wd + ")"
                : "adam(w, dw, state, lr " + lr + ", beta1 " + b1 + ", beta2 " + b2 + ", eps " + eps + ")";
        LearnerStep learner = (w, dw, s, t) -> {
            Optimizers.AdamState state = new Optimizers.AdamState(s[0], s[1], t);
            return answer(decoupled ? "adamW" : "adam", decoupled
                            ? Optimizers.adamW(w, dw, state, lr, b1, b2, eps, wd) : Optimizers.adam(w, dw, state, lr, b1, b2, eps),
                    st -> new INDArray[] {st.m(), st.v()}, Optimizers.AdamState::t);
        };
        List<Mistake<OracleStep>> mistakes = new ArrayList<>(List.of(
                wrong(NO_BIAS_CORRECTION, (w, g, s, t) -> OptimizerOracle.adam(w, g, s[0], s[1], t, lr, b1, b2, eps, wd,
                        new Variant(false, false, false))),
                wrong(T_BEFORE_INCREMENT, (w, g, s, t) -> OptimizerOracle.adam(w, g, s[0], s[1], t - 1, lr, b1, b2, eps, wd,
                        Variant.RIGHT)),
                wrong(EPS_INSIDE, (w, g, s, t) -> OptimizerOracle.adam(w, g, s[0], s[1], t, lr, b1, b2, eps, wd,
                        new Variant(true, true, false)))));
        if (decoupled) {
            mistakes.add(wrong(DECAY_ON_GRADIENT, (w, g, s, t) -> OptimizerOracle.adam(w, g, s[0], s[1], t, lr, b1, b2,
                    eps, wd, new Variant(true, false, true))));
            mistakes.add(wrong(NO_DECAY, (w, g, s, t) -> OptimizerOracle.adam(w, g, s[0], s[1], t, lr, b1, b2, eps, 0,
                    Variant.RIGHT)));
        }
        run(manager, random, w0, setting[4], new Optimizer(call, new String[] {"m", "v"}, true, learner,
                (w, g, s, t) -> OptimizerOracle.adam(w, g, s[0], s[1], t, lr, b1, b2, eps, wd, Variant.RIGHT), mistakes));
    }

    /**
     * {@link #STEPS} consecutive steps from zero state. Each step gets a fresh random gradient (times
     * {@code gradScale}, small where epsilon should matter) and the weights and state the learner's
     * previous step returned; the oracle starts from the same values, which matched its own answer
     * so far.
     */
    private static void run(NDManager manager, Random random, INDArray w0, double gradScale, Optimizer opt) {
        DataType type = w0.dataType();
        int count = opt.stateNames().length;
        INDArray w = w0;
        INDArray[] state = new INDArray[count];
        for (int i = 0; i < count; i++) {
            state[i] = Nd4j.zeros(type, w0.shape());
        }
        int t = 0;
        for (int step = 1; step <= STEPS; step++) {
            INDArray dw = Inputs.normal(random, w0.shape()).muli(gradScale).castTo(type);
            Answer answer = call(opt, w, dw, state, t);

            String at = opt.call() + " on w " + Nchw.shape(w0) + (type == DataType.DOUBLE ? "" : " " + type) + ", step "
                    + step + " of " + STEPS + (step == 1 ? " (from zero state)"
                            : " (from the weights and state your step " + (step - 1) + " returned)");
            if (opt.counted() && answer.t() != t + 1) {
                throw new AssertionFailedError((answer.t() == t ? "Looks like you " + T_NOT_INCREMENTED + "\n" : "")
                        + at + ": the new state's t should be " + (t + 1) + ", got " + answer.t());
            }
            NDArray tw = TorchOracle.toTorch(manager, w);
            NDArray tg = TorchOracle.toTorch(manager, dw);
            NDArray[] ts = new NDArray[count];
            for (int i = 0; i < count; i++) {
                ts[i] = TorchOracle.toTorch(manager, state[i]);
            }
            int stepNumber = t + 1;
            OptimizerOracle.Step expected = opt.oracle().apply(tw, tg, ts, stepNumber);
            Compare.assertClose(at + ": the new weights (params)", Nchw.expected(expected.params(), type), answer.params(),
                    Tolerance.of(type), mistakes(opt, p -> p.params(), tw, tg, ts, stepNumber, type));
            for (int i = 0; i < count; i++) {
                int index = i;
                INDArray actual = answer.state() == null ? null : answer.state()[i];
                Compare.assertClose(at + ": state." + opt.stateNames()[i], Nchw.expected(expected.state()[i], type), actual,
                        Tolerance.of(type), mistakes(opt, p -> p.state()[index], tw, tg, ts, stepNumber, type));
            }
            w = answer.params();
            state = answer.state();
            t = answer.t();
        }
    }

    /**
     * The learner's step on copies of w, dw and every state array (named as the learner knows them,
     * {@code state.m}); the new weights are promised as a new array, never w itself.
     */
    private static Answer call(Optimizer opt, INDArray w, INDArray dw, INDArray[] state, int t) {
        Answer[] answer = new Answer[1];
        Guarded.fresh(in -> {
            INDArray[] passedState = new INDArray[state.length];
            for (int i = 0; i < state.length; i++) {
                passedState[i] = in.copy("state." + opt.stateNames()[i], state[i]);
            }
            answer[0] = opt.learner().apply(in.copy("w", w), in.copy("dw", dw), passedState, t);
            return answer[0].params();
        });
        return answer[0];
    }

    private static List<Mistake<INDArray>> mistakes(Optimizer opt, Function<OptimizerOracle.Step, NDArray> part,
                                                    NDArray w, NDArray g, NDArray[] state, int t, DataType type) {
        return opt.mistakes().stream()
                .map(m -> new Mistake<>(m.diagnosis(),
                        () -> Nchw.expected(part.apply(m.answer().get().apply(w, g, state, t)), type)))
                .toList();
    }

    /** The learner's returned step as arrays, failing clearly on a null step or state. */
    private static <S> Answer answer(String method, Optimizers.Step<S> step, Function<S, INDArray[]> arrays,
                                     ToIntFunction<S> t) {
        if (step == null) {
            throw new AssertionFailedError(method + " returned null; return a new Step(params, state).");
        }
        if (step.state() == null) {
            throw new AssertionFailedError(method + " returned a Step whose state is null; return the new state too, "
                    + "the next step needs it.");
        }
        return new Answer(step.params(), arrays.apply(step.state()), t.applyAsInt(step.state()));
    }

    /** A momentum step whose returned velocity is {@code factor} times PyTorch's (another convention). */
    private static OptimizerOracle.Step scaledVelocity(OptimizerOracle.Step step, double factor) {
        return new OptimizerOracle.Step(step.params(), step.state()[0].mul(factor));
    }

    private static OptimizerOracle.Step rmsPropWithoutOneMinusAlpha(NDArray w, NDArray g, NDArray s, double lr,
                                                                    double alpha, double eps) {
        NDArray meanSquare = s.mul(alpha).add(g.square());
        return new OptimizerOracle.Step(w.sub(g.mul(lr).div(meanSquare.sqrt().add(eps))), meanSquare);
    }
}
