package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.datasets.MnistDigits;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareGradient;
import deepdrill.grader.checks.support.CompareScalar;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.TaskTimeLimit;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.TrainMnist;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code train-mnist}: the learner's network, built from their own week-3 layers, against
 * the same network in PyTorch through DJL ({@link MnistNet}: {@code conv2d}, {@code relu},
 * {@code max_pool2d}, a matrix product, {@code log_softmax}; gradients by PyTorch's autograd; the
 * momentum update written out on DJL arrays), never against the model solution; the conv weights'
 * gradient also against a float64 centred-difference numerical gradient of PyTorch's loss. Then a
 * seeded training run on the 8,000 MNIST training digits must reach {@value #ACCURACY_BAR} test
 * accuracy on the 2,000 test digits within a time budget.
 *
 * <p>When a gradient disagrees, the check feeds each of the learner's week-3 backward passes
 * PyTorch's own upstream gradient and forward input for that batch, from the loss down, and names
 * the first layer that disagrees (or, when every layer agrees on its own, the wiring of
 * {@code gradients}). A training run whose first steps project past the budget stops with the
 * slowest layer's time per batch and the benchmark to run; a NaN loss stops with the step and the
 * first layer (or weight) that is not finite.
 *
 * <p>Covered: real digits and random images (negative inputs, so that the ReLU matters); batch 1;
 * float32 (kept through forward, gradients and training); momentum 0 (plain SGD), a first step
 * from zero velocity and a velocity carried over; an epoch whose last batch is smaller than the
 * others; the listener told before each update (the state before step 0 is the start); the batch
 * order; batch size 0 and labels that do not match the images rejected; every input (images,
 * labels, weights, velocities, gradients) unchanged, and every result a new array.
 */
@ExerciseCheck
class TrainMnistCheck {

    /** The training run's recipe (epochs, batch, learning rate, momentum, seed): {@link MnistRecipe}. */
    static final int EPOCHS = MnistRecipe.EPOCHS;
    static final int BATCH = MnistRecipe.BATCH;
    static final double LR = MnistRecipe.LR;
    static final double MOMENTUM = MnistRecipe.MOMENTUM;
    /** The test accuracy the run must reach; the model solutions reach 0.964 ({@link MnistRecipe}). */
    static final double ACCURACY_BAR = 0.95;
    /** The CPU time the run may take, projected from its first steps, in seconds (the model solutions: about 11 s). */
    static final double TIME_BUDGET_S = 90;

    private static final String SIGN_FLIPPED = "flipped the sign of the momentum: PyTorch's form is "
            + "v' = mu * v + g, then w' = w - lr * v', with mu >= 0 (Optimizers.momentum(w, dw, state, lr, mu)).";
    private static final String NO_VELOCITY = "ignored the velocity: each weight's velocity from the previous step "
            + "goes into the next (v' = mu * v + g), and the new velocity comes back in the State.";
    private static final String SWAPPED = "swapped the learning rate and the momentum: Optimizers.momentum(w, dw, "
            + "state, lr, mu).";
    private static final String ASCENT = "added the step to the weights: w' = w - lr * v', against the gradient "
            + "(adding it climbs the loss).";
    private static final String CS231N = "used CS231n's velocity (v' = mu * v - lr * g, w' = w + v'): the weights "
            + "agree, but this exercise keeps PyTorch's velocity, v' = mu * v + g (what Optimizers.momentum returns).";
    private static final String LAST_BATCH = "dropped the last, smaller batch: an epoch of N examples has "
            + "ceil(N / B) steps, the last one with the N % B examples left over.";
    private static final String AFTER_UPDATE = "told the listener after the update: stepDone gets the state the "
            + "step starts from, so the state before step 0 is the start.";
    private static final String SPEED_HINT = "see ./grader bench ";

    private static INDArray trainImages;
    private static INDArray testImages;
    private static MnistDigits train;
    private static MnistDigits test;

    @Test
    @DisplayName("the forward pass, layer by layer: conv, ReLU, max-pool, affine")
    void forwardPass(NDManager manager, Random random) {
        checkForward(manager, digits(0, 3, DataType.DOUBLE), params(random, DataType.DOUBLE));
        checkForward(manager, digits(3, 1, DataType.DOUBLE), params(random, DataType.DOUBLE));   // batch 1
        checkForward(manager, noise(random, 2, DataType.DOUBLE), params(random, DataType.DOUBLE));   // negative pixels
    }

    @Test
    @DisplayName("the loss and the gradient of every weight (PyTorch's autograd and a numerical gradient)")
    void lossAndGradients(NDManager manager, Random random) {
        checkGradients(manager, digits(10, 5, DataType.DOUBLE), labels(10, 5), params(random, DataType.DOUBLE), true);
        checkGradients(manager, digits(15, 1, DataType.DOUBLE), labels(15, 1), params(random, DataType.DOUBLE), false);
        checkGradients(manager, noise(random, 3, DataType.DOUBLE), new int[] {7, 0, 7}, params(random, DataType.DOUBLE),
                true);
    }

    @Test
    @DisplayName("one SGD step with momentum on every weight, each with its own velocity")
    void momentumStep(NDManager manager, Random random) {
        checkStep(manager, random, 0.1, 0.9, false);
        checkStep(manager, random, 0.05, 0.9, true);   // the first step: zero velocity
        checkStep(manager, random, 0.2, 0.0, false);   // momentum 0: plain SGD, the velocity is the gradient
    }

    @Test
    @DisplayName("a float32 batch keeps float32 through forward, gradients and step")
    void float32(NDManager manager, Random random) {
        checkForward(manager, digits(20, 2, DataType.FLOAT), params(random, DataType.FLOAT));
        checkGradients(manager, digits(20, 3, DataType.FLOAT), labels(20, 3), params(random, DataType.FLOAT), false);
    }

    @Test
    @DisplayName("the first SGD steps of an epoch agree with PyTorch, step by step (loss and weights)")
    void firstSteps(NDManager manager, Random random) {
        checkEpoch(manager, digits(100, 40, DataType.DOUBLE), labels(100, 40), params(random, DataType.DOUBLE),
                new TrainMnist.Config(16, 0.1, 0.9));   // 16, 16 and a last batch of 8
        checkEpoch(manager, digits(200, 12, DataType.DOUBLE), labels(200, 12), params(random, DataType.DOUBLE),
                new TrainMnist.Config(4, 0.05, 0.5));
    }

    @Test
    @DisplayName("trainEpoch rejects a batch size below 1 and labels that do not match the images")
    void rejectsBadArguments(Random random) {
        INDArray x = digits(0, 4, DataType.DOUBLE);
        TrainMnist.State start = zeroVelocity(params(random, DataType.DOUBLE));
        TrainMnist.StepListener ignore = (step, loss, before) -> { };
        Rejection.expectRejected("trainEpoch(images (4, 1, 28, 28), 4 labels, start, batch size 0)",
                "check config.batchSize() >= 1 before the loop",
                () -> TrainMnist.trainEpoch(x, labels(0, 4), start, new TrainMnist.Config(0, 0.1, 0.9), ignore));
        Rejection.expectRejected("trainEpoch(images (4, 1, 28, 28), 3 labels, start, batch size 2)",
                "check labels.length == images.size(0) before the loop",
                () -> TrainMnist.trainEpoch(x, labels(0, 3), start, new TrainMnist.Config(2, 0.1, 0.9), ignore));
    }

    @Test
    @TaskTimeLimit(seconds = 240)
    @DisplayName("trains on 8,000 MNIST digits to at least 95% accuracy on 2,000 unseen ones")
    void trainsOnMnist(NDManager manager) {
        // A minute of training tells less than a few steps next to PyTorch: a network whose steps disagree is
        // not trained at all (the firstSteps task above says what is wrong).
        try {
            checkEpoch(manager, digits(300, 28, DataType.DOUBLE), labels(300, 28),
                    params(new Random(MnistRecipe.SEED), DataType.DOUBLE), new TrainMnist.Config(8, LR, MOMENTUM));   // 8, 8, 8, 4
        } catch (AssertionFailedError e) {
            throw new AssertionFailedError("not trained: your network's first SGD steps disagree with PyTorch's, so "
                    + "training it would only take long to say less (fix the task 'the first SGD steps of an epoch' "
                    + "first):\n" + e.getMessage(), e);
        }
        loadMnist();
        // A fixed seed, whatever --seed says: the accuracy below was measured for these starting weights.
        TrainRun run = new TrainRun(zeroVelocity(params(new Random(MnistRecipe.SEED), DataType.FLOAT)));
        TrainMnist.Config config = new TrainMnist.Config(BATCH, LR, MOMENTUM);
        TrainMnist.State state = run.start;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            TrainMnist.State before = state;
            run.epoch = epoch;
            try {
                state = Guarded.call(in -> TrainMnist.trainEpoch(in.copy("images", trainImages),
                        in.copy("labels", train.labels()), in.copy("start", before), config, run));
            } catch (Stop stop) {
                throw new AssertionFailedError(stop.getMessage());
            }
            if (state == null || state.params() == null) {
                throw new AssertionFailedError("trainEpoch returned " + (state == null ? "null" : "a State without params")
                        + "; return the state after the epoch's last step.");
            }
        }
        TrainMnist.Params trained = state.params();
        if (trained.fcW() == null || trained.fcW().dataType() != DataType.FLOAT) {
            throw new AssertionFailedError("after training on float32 images, fcW is "
                    + (trained.fcW() == null ? "null" : trained.fcW().dataType()) + "; keep the data type (FLOAT).");
        }
        int correct = 0;
        for (int from = 0; from < test.size(); from += 500) {
            int to = Math.min(from + 500, test.size());
            INDArray x = testImages.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
            int[] predicted = Guarded.call(in -> TrainMnist.predict(in.copy("x", x), in.copy("params", trained)));
            if (predicted == null || predicted.length != to - from) {
                throw new AssertionFailedError("predict(x (" + (to - from) + ", 1, 28, 28), params) returned "
                        + (predicted == null ? "null" : predicted.length + " digits") + "; return one digit per image.");
            }
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == test.labels()[from + i] ? 1 : 0;
            }
        }
        double accuracy = correct / (double) test.size();
        if (accuracy < ACCURACY_BAR) {
            throw new AssertionFailedError(String.format(Locale.ROOT, "test accuracy %.2f%% after %d epochs (batch %d, "
                    + "lr %s, momentum %s), below the %.0f%% the network reaches when every layer is right (96.4%% for the model solutions). "
                    + "The loss went from %.3f (first step) to %.3f (mean of the last epoch's steps). Your layers pass "
                    + "one step, so look at what changes over many: the update (sign, velocity), the batch order, and "
                    + "predict (the index of the largest logit).", 100 * accuracy, EPOCHS, BATCH, LR, MOMENTUM,
                    100 * ACCURACY_BAR, run.firstLoss, run.lastEpochLoss()));
        }
    }

    // ---- The forward pass ----

    private static void checkForward(NDManager manager, INDArray x, TrainMnist.Params p) {
        TrainMnist.Forward actual = Guarded.fresh(in -> TrainMnist.forward(in.copy("x", x), in.copy("params", p)));
        String call = "forward(x " + Nchw.shape(x) + (x.dataType() == DataType.DOUBLE ? "" : " " + x.dataType())
                + ", params)";
        if (actual == null) {
            throw new AssertionFailedError(call + " returned null; return new Forward(conv, relu, pool, logits).");
        }
        DataType type = x.dataType();
        MnistNet.Layers e = MnistNet.forward(TorchOracle.toTorch(manager, x), weights(manager, p));
        Compare.assertClose(call + ", the conv layer's output (Conv2d.forward, 8 filters 3x3, stride 1, padding 1)",
                Nchw.expected(e.conv(), type), actual.conv());
        Compare.assertClose(call + ", relu (Activations.relu of conv)", Nchw.expected(e.relu(), type), actual.relu());
        Compare.assertClose(call + ", pool (MaxPool2d.forward of relu, 2x2, stride 2)", Nchw.expected(e.pool(), type),
                actual.pool());
        Compare.assertClose(call + ", logits (Affine.forward of pool, fcW, fcB)", Nchw.expected(e.logits(), type),
                actual.logits());
    }

    // ---- The gradients ----

    private static void checkGradients(NDManager manager, INDArray x, int[] labels, TrainMnist.Params p,
                                       boolean numerical) {
        TrainMnist.Gradients g = Guarded.fresh(in -> TrainMnist.gradients(in.copy("x", x), in.copy("labels", labels),
                in.copy("params", p)));
        String call = "gradients(x " + Nchw.shape(x) + (x.dataType() == DataType.DOUBLE ? "" : " " + x.dataType())
                + ", labels " + Arrays.toString(labels) + ", params)";
        if (g == null) {
            throw new AssertionFailedError(call + " returned null; return new Gradients(loss, dconvW, dconvB, dfcW, dfcB).");
        }
        DataType type = x.dataType();
        NDArray tx = TorchOracle.toTorch(manager, x);
        MnistNet.Weights w = weights(manager, p);
        MnistNet.Backward b = MnistNet.backward(manager, tx, w, labels);
        Tolerance tolerance = Tolerance.of(type);
        if (!tolerance.accepts(b.loss(), g.loss())) {
            String layer = firstWrongLayer(manager, x, labels, p, b, true);
            CompareScalar.assertClose(layer + call + ", the loss", b.loss(), g.loss(), tolerance, List.of());
        }
        // From the loss down: the first weight whose gradient disagrees names where the mistake enters.
        INDArray[] actual = {g.fcB(), g.fcW(), g.convB(), g.convW()};
        NDArray[] expected = {b.grads().fcB(), b.grads().fcW(), b.grads().convB(), b.grads().convW()};
        String[] names = {"dfcB (the affine layer's bias)", "dfcW (the affine layer's weights)",
            "dconvB (the conv layer's biases)", "dconvW (the conv layer's filters)"};
        for (int i = 0; i < 4; i++) {
            INDArray want = Nchw.expected(expected[i], type);
            if (!agrees(want, actual[i])) {
                String layer = firstWrongLayer(manager, x, labels, p, b, false);
                Compare.assertClose(layer + call + ", " + names[i], want, actual[i]);
            }
        }
        if (numerical) {
            // The end of the chain, against centred differences of PyTorch's loss in float64: every layer's
            // backward pass is in this gradient.
            NDArray hot = MnistNet.oneHot(manager, labels);
            INDArray numConvW = NumericalGradient.ofScalar(cw -> MnistNet.lossValue(tx, new MnistNet.Weights(
                    TorchOracle.toTorch(manager, cw), w.convB(), w.fcW(), w.fcB()), hot), p.convW());
            CompareGradient.assertClose(call + ", dconvW", Nchw.expected(b.grads().convW(), type), numConvW, g.convW());
            INDArray numConvB = NumericalGradient.ofScalar(cb -> MnistNet.lossValue(tx, new MnistNet.Weights(
                    w.convW(), TorchOracle.toTorch(manager, cb), w.fcW(), w.fcB()), hot), p.convB());
            CompareGradient.assertClose(call + ", dconvB", Nchw.expected(b.grads().convB(), type), numConvB, g.convB());
        }
    }

    /**
     * Feeds each of the learner's week-3 layers PyTorch's upstream gradient and forward input for this batch,
     * from the loss down, and names the first that disagrees, as the line that starts a failure message; or says
     * that every layer agrees on its own (the wiring is wrong).
     */
    private static String firstWrongLayer(NDManager manager, INDArray x, int[] labels, TrainMnist.Params p,
                                          MnistNet.Backward b, boolean lossOnly) {
        DataType type = x.dataType();
        MnistNet.Layers f = MnistNet.forward(TorchOracle.toTorch(manager, x), weights(manager, p));
        INDArray logits = Nchw.expected(f.logits(), type);
        INDArray dlogits = Nchw.expected(b.dlogits(), type);
        INDArray pool = Nchw.expected(f.pool(), type);
        INDArray dpool = Nchw.expected(b.dpool(), type);
        INDArray relu = Nchw.expected(f.relu(), type);
        INDArray drelu = Nchw.expected(b.drelu(), type);
        INDArray conv = Nchw.expected(f.conv(), type);
        INDArray dconv = Nchw.expected(b.dconv(), type);
        try {
            deepdrill.week3.Losses.LossAndGradient loss = Guarded.call(in -> deepdrill.week3.Losses.softmaxCrossEntropy(
                    in.copy("logits", logits), in.copy("labels", labels)));
            if (loss == null || !Tolerance.of(type).accepts(b.loss(), loss.loss()) || !agrees(dlogits, loss.dlogits())) {
                return layerWrong("Losses.softmaxCrossEntropy", "losses");
            }
            if (lossOnly) {
                return "";
            }
            deepdrill.week3.Affine.Gradients fc = Guarded.call(in -> deepdrill.week3.Affine.backward(
                    in.copy("dout", dlogits), in.copy("x", pool), in.copy("w", p.fcW())));
            if (fc == null || !agrees(dpool, fc.dx()) || !agrees(Nchw.expected(b.grads().fcW(), type), fc.dw())
                    || !agrees(Nchw.expected(b.grads().fcB(), type), fc.db())) {
                return layerWrong("Affine.backward", "affine");
            }
            INDArray mine = Guarded.call(in -> deepdrill.week3.MaxPool2dBackward.backward(in.copy("dout", dpool),
                    in.copy("x", relu), 2, 2, 2));
            if (!agrees(drelu, mine)) {
                return layerWrong("MaxPool2dBackward.backward", "max-pool-backward");
            }
            INDArray dr = Guarded.call(in -> deepdrill.week3.Activations.reluBackward(in.copy("dout", drelu),
                    in.copy("x", conv)));
            if (!agrees(dconv, dr)) {
                return layerWrong("Activations.reluBackward", "activations");
            }
            deepdrill.week3.Conv2dBackward.Gradients cg = Guarded.call(in -> deepdrill.week3.Conv2dBackward.backward(
                    in.copy("dout", dconv), in.copy("x", x), in.copy("w", p.convW()), 1, 1));
            if (cg == null || !agrees(Nchw.expected(b.grads().convW(), type), cg.dw())
                    || !agrees(Nchw.expected(b.grads().convB(), type), cg.db())) {
                return layerWrong("Conv2dBackward.backward", "conv2d-backward");
            }
        } catch (RuntimeException | AssertionError e) {
            return "";   // a layer that throws here is reported by its own check; the comparison below stands
        }
        return Mistake.PREFIX + "wired the backward pass wrongly: each of your layers gives PyTorch's gradient when "
                + "it is fed PyTorch's upstream gradient and forward input, so the mistake is in what gradients() "
                + "passes: Affine.backward(dlogits, pool, fcW), MaxPool2dBackward.backward(dpool, relu, 2, 2, 2), "
                + "reluBackward(drelu, conv), Conv2dBackward.backward(dconv, x, convW, 1, 1): each backward gets the "
                + "gradient from the layer above and the input that its own forward saw.\n";
    }

    private static String layerWrong(String layer, String exercise) {
        return Mistake.PREFIX + "have a mistake in your " + layer + ": fed PyTorch's upstream gradient and forward "
                + "input for this batch, it disagrees with PyTorch (it is the first such layer from the loss down; "
                + "./grader check " + exercise + " names the mistake).\n";
    }

    private static boolean agrees(INDArray expected, INDArray actual) {
        if (actual == null || !Arrays.equals(expected.shape(), actual.shape()) || expected.dataType() != actual.dataType()) {
            return false;
        }
        Tolerance t = Tolerance.of(expected.dataType());
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < e.length; i++) {
            if (!t.accepts(e[i], a[i])) {
                return false;
            }
        }
        return true;
    }

    // ---- The update ----

    private static void checkStep(NDManager manager, Random random, double lr, double mu, boolean zeroVelocity) {
        TrainMnist.Params p = params(random, DataType.DOUBLE);
        TrainMnist.Params v = zeroVelocity ? zeros(p) : params(random, DataType.DOUBLE);
        TrainMnist.Params gp = params(random, DataType.DOUBLE);
        TrainMnist.Gradients g = new TrainMnist.Gradients(1.5, gp.convW(), gp.convB(), gp.fcW(), gp.fcB());
        TrainMnist.State state = new TrainMnist.State(p, v);
        TrainMnist.State actual = Guarded.fresh(in -> TrainMnist.step(in.copy("state", state),
                in.copy("gradients", g), lr, mu));
        String call = "step(state" + (zeroVelocity ? " (zero velocity)" : "") + ", gradients, lr " + lr + ", momentum "
                + mu + ")";
        if (actual == null || actual.params() == null || actual.velocity() == null) {
            throw new AssertionFailedError(call + " returned " + (actual == null ? "null" : "a State with a null part")
                    + "; return new State(new weights, new velocities).");
        }
        MnistNet.Weights tw = weights(manager, p);
        MnistNet.Weights tv = weights(manager, v);
        MnistNet.Weights tg = weights(manager, gp);
        MnistNet.Weights[] right = MnistNet.momentum(tw, tv, tg, lr, mu);
        INDArray[] gotW = components(actual.params());
        INDArray[] gotV = components(actual.velocity());
        for (int i = 0; i < 4; i++) {
            int k = i;
            Compare.assertClose(call + ": the new " + MnistNet.NAMES[i], expected(right[0], i),
                    gotW[i],
                    new Mistake<>(SIGN_FLIPPED, () -> mu == 0 ? null : expected(MnistNet.momentum(tw, tv, tg, lr, -mu)[0], k)),
                    new Mistake<>(NO_VELOCITY, () -> zeroVelocity || mu == 0 ? null
                            : expected(MnistNet.momentum(tw, tv, tg, lr, 0)[0], k)),
                    new Mistake<>(SWAPPED, () -> expected(MnistNet.momentum(tw, tv, tg, mu, lr)[0], k)),
                    new Mistake<>(ASCENT, () -> expected(tw, k).add(expected(right[1], k).mul(lr))));
        }
        for (int i = 0; i < 4; i++) {
            int k = i;
            Compare.assertClose(call + ": the new velocity of " + MnistNet.NAMES[i], expected(right[1], i), gotV[i],
                    new Mistake<>(CS231N, () -> expected(tv, k).mul(mu).sub(expected(tg, k).mul(lr))),
                    new Mistake<>(SIGN_FLIPPED, () -> mu == 0 ? null : expected(MnistNet.momentum(tw, tv, tg, lr, -mu)[1], k)),
                    new Mistake<>(NO_VELOCITY, () -> zeroVelocity || mu == 0 ? null
                            : expected(MnistNet.momentum(tw, tv, tg, lr, 0)[1], k)));
        }
    }

    // ---- An epoch, step by step ----

    /** What the listener saw: the step index, the loss and the state before the update. */
    private record Seen(int step, double loss, TrainMnist.State before) {
    }

    private static void checkEpoch(NDManager manager, INDArray x, int[] labels, TrainMnist.Params p,
                                   TrainMnist.Config config) {
        TrainMnist.State start = zeroVelocity(p);
        List<Seen> seen = new ArrayList<>();
        TrainMnist.State end = Guarded.call(in -> TrainMnist.trainEpoch(in.copy("images", x), in.copy("labels", labels),
                in.copy("start", start), config, (step, loss, before) -> seen.add(new Seen(step, loss, before))));
        int n = labels.length;
        int steps = (n + config.batchSize() - 1) / config.batchSize();
        String call = "trainEpoch(images (" + n + ", 1, 28, 28), labels, start, batch size " + config.batchSize()
                + ", lr " + config.lr() + ", momentum " + config.momentum() + ")";
        if (seen.size() != steps) {
            String why = seen.size() == n / config.batchSize() && n % config.batchSize() != 0 ? Mistake.PREFIX + LAST_BATCH
                    + "\n" : "";
            throw new AssertionFailedError(why + call + " told the listener about " + seen.size() + " steps; expected "
                    + steps + " (one per batch of " + config.batchSize() + ", in order, the last with what is left).");
        }
        if (end == null || end.params() == null || end.velocity() == null) {
            throw new AssertionFailedError(call + " returned " + (end == null ? "null" : "a State with a null part")
                    + "; return the state after the last step.");
        }
        NDArray tx = TorchOracle.toTorch(manager, x);
        MnistNet.Weights w = weights(manager, p);
        MnistNet.Weights v = weights(manager, start.velocity());
        for (int s = 0; s < steps; s++) {
            Seen at = seen.get(s);
            String where = call + ", step " + s;
            if (at.step() != s) {
                throw new AssertionFailedError(where + ": the listener was told step " + at.step() + "; count the steps "
                        + "of the epoch from 0.");
            }
            if (at.before() == null || at.before().params() == null) {
                throw new AssertionFailedError(where + ": the listener got no state; pass the state the step starts from.");
            }
            // The weights the step starts from: after step s - 1's update, which the loss of step s - 1 already vouched for.
            INDArray[] before = components(at.before().params());
            for (int i = 3; i >= 0; i--) {
                INDArray want = expected(w, i);
                if (!agrees(want, before[i])) {
                    String diagnosis = s == 0 ? Mistake.PREFIX + AFTER_UPDATE + "\n"
                            : updateOrGradient(manager, x, labels, config, s - 1, seen.get(s - 1).before());
                    try {
                        Compare.assertClose(where + ": the weights " + MnistNet.NAMES[i] + " the step starts from "
                                + (s == 0 ? "(the start)" : "(after step " + (s - 1) + "'s update)"), want, before[i]);
                    } catch (AssertionFailedError e) {
                        throw new AssertionFailedError(diagnosis + e.getMessage());
                    }
                    throw new AssertionFailedError(diagnosis + where + ": the weights " + MnistNet.NAMES[i]
                            + " disagree with PyTorch's");
                }
            }
            int from = s * config.batchSize();
            int to = Math.min(from + config.batchSize(), n);
            int[] batch = Arrays.copyOfRange(labels, from, to);
            NDArray xb = tx.get(from + ":" + to);
            MnistNet.Backward b = MnistNet.backward(manager, xb, w, batch);
            CompareScalar.assertClose(where + ": the loss (on rows " + from + " to " + (to - 1) + ")", b.loss(), at.loss(),
                    Tolerance.of(DataType.DOUBLE), List.of());
            MnistNet.Weights[] next = MnistNet.momentum(w, v, b.grads(), config.lr(), config.momentum());
            w = next[0];
            v = next[1];
        }
        INDArray[] gotW = components(end.params());
        INDArray[] gotV = components(end.velocity());
        for (int i = 3; i >= 0; i--) {
            Compare.assertClose(call + ": the returned " + MnistNet.NAMES[i] + " (after the last step)", expected(w, i),
                    gotW[i]);
            Compare.assertClose(call + ": the returned velocity of " + MnistNet.NAMES[i], expected(v, i), gotV[i]);
        }
    }

    /** Why the weights after step {@code s} disagree: the gradient (with the layer), or else the update. */
    private static String updateOrGradient(NDManager manager, INDArray x, int[] labels, TrainMnist.Config config, int s,
                                           TrainMnist.State before) {
        int from = s * config.batchSize();
        int to = Math.min(from + config.batchSize(), labels.length);
        INDArray xb = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        int[] batch = Arrays.copyOfRange(labels, from, to);
        try {
            checkGradients(manager, xb, batch, before.params(), false);
        } catch (AssertionFailedError e) {
            return "The gradients of step " + s + " are wrong: " + e.getMessage() + "\n";
        }
        return "The gradients of step " + s + " agree with PyTorch, so its update is wrong: gradients() then step() "
                + "with the batch's gradients, config.lr() and config.momentum(), and the state step() returns carried "
                + "into the next step (velocities included).\n";
    }

    // ---- The training run: speed and NaN ----

    /** Thrown by the listener to stop a run: too slow, or a NaN loss. */
    private static final class Stop extends RuntimeException {
        Stop(String message) {
            super(message, null, false, false);
        }
    }

    /** The training run's listener: times the first steps, stops a run that is too slow or became NaN. */
    private static final class TrainRun implements TrainMnist.StepListener {
        private static final int TIMED_FROM = 2;   // steps 0 and 1 warm the JIT up
        private static final int TIMED_TO = 8;
        final TrainMnist.State start;
        int epoch;
        double firstLoss = Double.NaN;
        private double lastEpochSum;
        private int lastEpochCount;
        private long timedStart;

        TrainRun(TrainMnist.State start) {
            this.start = start;
        }

        double lastEpochLoss() {
            return lastEpochSum / Math.max(1, lastEpochCount);
        }

        @Override
        public void stepDone(int step, double loss, TrainMnist.State before) {
            int stepsPerEpoch = (train.size() + BATCH - 1) / BATCH;
            int global = epoch * stepsPerEpoch + step;
            if (global == 0) {
                firstLoss = loss;
            }
            if (step == 0) {
                lastEpochSum = 0;
                lastEpochCount = 0;
            }
            lastEpochSum += loss;
            lastEpochCount++;
            if (!Double.isFinite(loss)) {
                throw new Stop("loss became " + (Double.isNaN(loss) ? "NaN" : "infinite") + " at step " + global
                        + " (epoch " + epoch + ", step " + step + "): " + whereNotFinite(before, step));
            }
            if (global == TIMED_FROM) {
                timedStart = cpuNanos();
            } else if (global == TIMED_TO) {
                double perStep = (cpuNanos() - timedStart) / 1e9 / (TIMED_TO - TIMED_FROM);
                double projected = perStep * stepsPerEpoch * EPOCHS;
                if (projected > TIME_BUDGET_S) {
                    throw new Stop(tooSlow(perStep, projected, before.params()));
                }
            }
        }

        /** The first weight or layer output that is not finite, for the batch of this step. */
        private String whereNotFinite(TrainMnist.State before, int step) {
            if (before == null || before.params() == null) {
                return "the listener got no state to look into.";
            }
            INDArray[] w = components(before.params());
            for (int i = 0; i < 4; i++) {
                if (w[i] == null || !finite(w[i])) {
                    return "the weights " + MnistNet.NAMES[i] + " the step starts from are already not finite: the "
                            + "previous update made them so (a learning rate too large for your gradients, or a gradient "
                            + "that blew up; check each layer's backward and the update).";
                }
            }
            int from = step * BATCH;
            int to = Math.min(from + BATCH, train.size());
            INDArray x = trainImages.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
            try {
                return Guarded.call(in -> firstNotFinite(in.copy("x", x), in.copy("params", before.params())));
            } catch (RuntimeException | AssertionError e) {
                return "your layers threw " + e + " when the grader replayed the batch.";
            }
        }

        private static String firstNotFinite(INDArray x, TrainMnist.Params p) {
                INDArray conv = deepdrill.week3.Conv2d.forward(x, p.convW(), p.convB(), 1, 1, 1);
                if (!finite(conv)) {
                    return "the first layer whose output is not finite is your Conv2d.forward (its inputs are finite).";
                }
                INDArray relu = deepdrill.week3.Activations.relu(conv);
                if (!finite(relu)) {
                    return "the first layer whose output is not finite is your Activations.relu (its input is finite).";
                }
                INDArray pool = deepdrill.week3.MaxPool2d.forward(relu, 2, 2, 2);
                if (!finite(pool)) {
                    return "the first layer whose output is not finite is your MaxPool2d.forward (its input is finite).";
                }
                INDArray logits = deepdrill.week3.Affine.forward(pool, p.fcW(), p.fcB());
                if (!finite(logits)) {
                    return "the first layer whose output is not finite is your Affine.forward (its inputs are finite).";
                }
            return "every layer's output is finite, so your Losses.softmaxCrossEntropy produced it (large logits: "
                    + "subtract the row's maximum before exp).";
        }

        /** Times each of the learner's layers on one batch and names the slowest. */
        private String tooSlow(double perStep, double projected, TrainMnist.Params p) {
            INDArray x = trainImages.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, BATCH),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
            String[] names = {"conv forward (Conv2d.forward)", "ReLU (Activations.relu)", "max-pool forward "
                + "(MaxPool2d.forward)", "affine forward (Affine.forward)", "softmax cross-entropy",
                "affine backward (Affine.backward)", "max-pool backward (MaxPool2dBackward.backward)",
                "ReLU backward (Activations.reluBackward)", "conv backward (Conv2dBackward.backward)"};
            String[] bench = {"conv2d-forward", null, "max-pool-forward", "affine", null, "affine", null, null, null};
            double[] seconds = new double[names.length];
            try {
                Guarded.run(in -> time(in.copy("x", x), in.copy("params", p), seconds));
            } catch (RuntimeException | AssertionError e) {
                return String.format(Locale.ROOT, "too slow: a step took %.2f s, so %d epochs would take about %.0f s "
                        + "(the budget is %.0f s)", perStep, EPOCHS, projected, TIME_BUDGET_S);
            }
            int slowest = 0;
            double layers = 0;
            for (int i = 0; i < names.length; i++) {
                slowest = seconds[i] > seconds[slowest] ? i : slowest;
                layers += seconds[i];
            }
            if (layers < perStep / 2) {
                return String.format(Locale.ROOT, "too slow: a step took %.2f s (of CPU time), so %d epochs of %d steps "
                        + "would take about %.0f s (the budget is %.0f s; the model solutions take about 11 s); your "
                        + "layers take only %.2f s of it on a batch of %d, so the time goes elsewhere in your step: "
                        + "copying the data, the update, or work done once per example instead of once per batch.",
                        perStep, EPOCHS, (train.size() + BATCH - 1) / BATCH, projected, TIME_BUDGET_S, layers, BATCH);
            }
            String see = bench[slowest] != null ? SPEED_HINT + bench[slowest]
                    : "time it on a batch of " + BATCH + " and move data in bulk (see the model solutions' habits under "
                    + "\"Making it fast\" in the README)";
            return String.format(Locale.ROOT, "too slow: your %s took %.2f s (of CPU time) per batch of %d; a step took %.2f s, so "
                    + "%d epochs of %d steps would take about %.0f s (the budget is %.0f s; the model solutions take "
                    + "about 11 s); %s.", names[slowest], seconds[slowest], BATCH, perStep, EPOCHS,
                    (train.size() + BATCH - 1) / BATCH, projected, TIME_BUDGET_S, see);
        }

        /** Each layer's time on the batch {@code x}, in seconds, into {@code seconds}. */
        private static void time(INDArray x, TrainMnist.Params p, double[] seconds) {
                long t0 = cpuNanos();
                INDArray conv = deepdrill.week3.Conv2d.forward(x, p.convW(), p.convB(), 1, 1, 1);
                long t1 = cpuNanos();
                INDArray relu = deepdrill.week3.Activations.relu(conv);
                long t2 = cpuNanos();
                INDArray pool = deepdrill.week3.MaxPool2d.forward(relu, 2, 2, 2);
                long t3 = cpuNanos();
                INDArray logits = deepdrill.week3.Affine.forward(pool, p.fcW(), p.fcB());
                long t4 = cpuNanos();
                deepdrill.week3.Losses.LossAndGradient loss = deepdrill.week3.Losses.softmaxCrossEntropy(logits,
                        Arrays.copyOfRange(train.labels(), 0, BATCH));
                long t5 = cpuNanos();
                deepdrill.week3.Affine.Gradients fc = deepdrill.week3.Affine.backward(loss.dlogits(), pool, p.fcW());
                long t6 = cpuNanos();
                INDArray drelu = deepdrill.week3.MaxPool2dBackward.backward(fc.dx(), relu, 2, 2, 2);
                long t7 = cpuNanos();
                INDArray dconv = deepdrill.week3.Activations.reluBackward(drelu, conv);
                long t8 = cpuNanos();
                deepdrill.week3.Conv2dBackward.backward(dconv, x, p.convW(), 1, 1);
                long t9 = cpuNanos();
                long[] t = {t0, t1, t2, t3, t4, t5, t6, t7, t8, t9};
                for (int i = 0; i < seconds.length; i++) {
                    seconds[i] = (t[i + 1] - t[i]) / 1e9;
                }
        }
    }

    /**
     * The CPU time of this thread, in nanoseconds: the learner's layers run on it (the check JVM runs ND4J's
     * OpenMP single-threaded), and unlike the wall clock it does not grow when other programs share the machine.
     */
    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static boolean finite(INDArray a) {
        for (double d : a.castTo(DataType.DOUBLE).dup('c').data().asDouble()) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    // ---- Inputs ----

    /** The training digits (for the small cases: one unzip, no image arrays). */
    private static synchronized void loadDigits() {
        if (train == null) {
            train = MnistDigits.train();
        }
    }

    /** Both sets as float32 image arrays, for the training run. */
    private static synchronized void loadMnist() {
        loadDigits();
        if (trainImages == null) {
            test = MnistDigits.test();
            trainImages = images(train, 0, train.size(), DataType.FLOAT);
            testImages = images(test, 0, test.size(), DataType.FLOAT);
        }
    }

    /** Digits {@code from} to {@code from + n - 1} of the training set, scaled to [0, 1]. */
    private static INDArray digits(int from, int n, DataType type) {
        loadDigits();
        return images(train, from, from + n, type);
    }

    private static int[] labels(int from, int n) {
        loadDigits();
        return Arrays.copyOfRange(train.labels(), from, from + n);
    }

    private static INDArray images(MnistDigits d, int from, int to, DataType type) {
        return MnistRecipe.images(d, from, to, type);
    }

    /** Random images with negative values, so that the ReLU has something to cut. */
    private static INDArray noise(Random random, int n, DataType type) {
        return deepdrill.grader.checks.support.Inputs.normal(random, n, 1, 28, 28).castTo(type);
    }

    private static TrainMnist.Params params(Random random, DataType type) {
        return MnistRecipe.params(random, type);
    }

    private static TrainMnist.Params zeros(TrainMnist.Params p) {
        return new TrainMnist.Params(Nd4j.zerosLike(p.convW()), Nd4j.zerosLike(p.convB()), Nd4j.zerosLike(p.fcW()),
                Nd4j.zerosLike(p.fcB()));
    }

    private static TrainMnist.State zeroVelocity(TrainMnist.Params p) {
        return new TrainMnist.State(p, zeros(p));
    }

    private static MnistNet.Weights weights(NDManager manager, TrainMnist.Params p) {
        return MnistNet.Weights.of(manager, p.convW(), p.convB(), p.fcW(), p.fcB());
    }

    private static INDArray[] components(TrainMnist.Params p) {
        return new INDArray[] {p.convW(), p.convB(), p.fcW(), p.fcB()};
    }

    /** Weight {@code i} of the oracle's set, in float64 (the step-by-step comparisons run in float64). */
    private static INDArray expected(MnistNet.Weights w, int i) {
        return TorchOracle.toNd4j(w.all()[i]);
    }
}
