package deepdrill.week4;

import deepdrill.week3.Activations;
import deepdrill.week3.Affine;
import deepdrill.week3.Conv2d;
import deepdrill.week3.Conv2dBackward;
import deepdrill.week3.Losses;
import deepdrill.week3.MaxPool2d;
import deepdrill.week3.MaxPool2dBackward;
import deepdrill.week3.Optimizers;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Capstone: train a small convolutional network, built from your own week-3 layers, on real
 * handwritten digits (MNIST), with mini-batch SGD and momentum, and watch it learn.
 *
 * <h2>The idea</h2>
 * Every layer you wrote in week 3 was checked on its own. Training is where they meet: the forward
 * pass feeds each layer's output to the next, the loss turns the logits into one number and its
 * gradient, the backward pass hands that gradient back through every layer in reverse order (each
 * layer's {@code backward} needs what its {@code forward} saw, so the forward pass keeps every
 * activation), and the optimiser moves each weight a little against its gradient. Repeat over
 * mini-batches: the loss falls and the test accuracy rises. This network is about as small as a
 * CNN gets (one conv layer, 15,770 weights), and still reaches about 96% on digits it never saw
 * after three passes over 8,000 training digits. A bug in any layer shows: the loss falls slower,
 * stalls, or becomes NaN.
 *
 * <h2>The network</h2>
 * <pre>
 *   x (N, 1, 28, 28)
 *   conv    = Conv2d.forward(x, convW, convB, stride 1, padding 1, dilation 1)   (N, 8, 28, 28)
 *   relu    = Activations.relu(conv)                                           (N, 8, 28, 28)
 *   pool    = MaxPool2d.forward(relu, 2, 2, stride 2)                          (N, 8, 14, 14)
 *   logits  = Affine.forward(pool, fcW, fcB)      (flattens pool to (N, 1568)) (N, 10)
 *   loss    = Losses.softmaxCrossEntropy(logits, labels)                       the batch mean
 * </pre>
 * and backwards, each call with the upstream gradient and the forward pass's input of that layer:
 * <pre>
 *   dlogits            = the loss's gradient
 *   dpool, dfcW, dfcB  = Affine.backward(dlogits, pool, fcW)            (dpool has pool's shape)
 *   drelu              = MaxPool2dBackward.backward(dpool, relu, 2, 2, 2)
 *   dconv              = Activations.reluBackward(drelu, conv)
 *   _, dconvW, dconvB  = Conv2dBackward.backward(dconv, x, convW, 1, 1)
 * </pre>
 * Then SGD with momentum, {@link Optimizers#momentum} (PyTorch's form) on each of the four
 * parameters with its own velocity: {@code v' = mu * v + g}, {@code w' = w - lr * v'}.
 *
 * <h2>Use your own layers</h2>
 * {@link Conv2d#forward}, {@link Activations#relu}, {@link MaxPool2d#forward}, {@link Affine#forward},
 * {@link Losses#softmaxCrossEntropy}, their backward passes {@link Affine#backward},
 * {@link MaxPool2dBackward#backward}, {@link Activations#reluBackward} and
 * {@link Conv2dBackward#backward}, and {@link Optimizers#momentum}: nothing here is new arithmetic.
 * The check compares your network, step by step, with the same network in PyTorch; when a gradient
 * disagrees it feeds each of these layers PyTorch's inputs for that batch and names the first that
 * disagrees. So check conv2d-forward, max-pool-forward, affine, activations, losses,
 * max-pool-backward, conv2d-backward and optimizers first.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size     F = 8 filters     K = 10 classes     D = 8 * 14 * 14 = 1568 features
 *
 *   x       (N, 1, 28, 28)   grey levels scaled to [0, 1] (pixel / 255), float32 or float64
 *   labels  N ints in 0 .. 9
 *   convW   (8, 1, 3, 3)     convB (8)      fcW (1568, 10)      fcB (10)
 *   logits  (N, 10)          velocities: the shapes of their parameters (zeros at the start)
 * </pre>
 * Every array keeps the data type of the arrays it is computed from: the grader trains in float32
 * (twice as fast) and compares single steps in float64.
 *
 * <h2>The convention</h2>
 * The mini-batches of an epoch are taken in order, without shuffling: step {@code s} (counted
 * from 0 within the epoch) trains on the rows {@code s * B} to {@code min((s + 1) * B, N) - 1}, so
 * the last batch may be smaller. (Shuffle the data once before training, as the grader does,
 * rather than inside the loop: then a run is exactly repeatable, and the grader can replay your
 * steps with PyTorch.) Before each update, call the listener with the step, the batch's loss and
 * the state the step starts from. Nothing you are given may change: build new arrays (your week-3
 * layers and {@code Optimizers.momentum} already do).
 *
 * <h2>What interviewers ask</h2>
 * "Walk me through one training step" (forward keeping the activations, loss, backward in reverse
 * order, update, zero the gradients; here each step computes fresh gradients, so there is nothing
 * to zero). "Your loss is NaN: what do you check?" (the learning rate, a log or division of 0, an
 * unstable softmax, exploding activations; find the first layer whose output is not finite).
 * "The loss does not go down: what now?" (overfit one small batch first; check the gradients
 * numerically; check the sign of the update). "Why mini-batches?" (a cheaper, noisy estimate of
 * the full gradient; the noise even helps generalisation; a batch fills the vector units). "Why
 * does max-pooling help?" (some translation invariance, a smaller feature map for the classifier).
 * "Why momentum?" (it averages gradients across steps: less zig-zag, faster along a ravine).
 *
 * @see <a href="https://cs231n.github.io/neural-networks-3/">CS231n notes, Learning and evaluation
 *      (babysitting the learning process)</a>
 * @see <a href="http://yann.lecun.com/exdb/mnist/">LeCun, Cortes and Burges, the MNIST database</a>
 */
public final class TrainMnist {

    /** The conv layer's filters. */
    public static final int FILTERS = 8;
    /** The digits 0 to 9. */
    public static final int CLASSES = 10;
    /** The images' height and width. */
    public static final int SIDE = 28;
    /** The classifier's inputs: FILTERS * 14 * 14. */
    public static final int FEATURES = FILTERS * (SIDE / 2) * (SIDE / 2);

    private TrainMnist() {
    }

    /**
     * The network's weights, or (in {@link State#velocity}) one velocity per weight.
     *
     * @param convW the conv filters, (8, 1, 3, 3)
     * @param convB the conv biases, (8)
     * @param fcW   the classifier's weights, (1568, 10)
     * @param fcB   the classifier's biases, (10)
     */
    public record Params(INDArray convW, INDArray convB, INDArray fcW, INDArray fcB) {
    }

    /**
     * Every layer's output in one forward pass: what the backward pass needs.
     *
     * @param conv   the conv layer's output, (N, 8, 28, 28)
     * @param relu   relu(conv), (N, 8, 28, 28)
     * @param pool   the max-pool's output, (N, 8, 14, 14)
     * @param logits the classifier's output, (N, 10)
     */
    public record Forward(INDArray conv, INDArray relu, INDArray pool, INDArray logits) {
    }

    /**
     * The mean loss of a batch and its gradient with respect to every parameter.
     *
     * @param loss  the mean softmax cross-entropy of the batch
     * @param convW dL/dconvW, (8, 1, 3, 3)
     * @param convB dL/dconvB, (8)
     * @param fcW   dL/dfcW, (1568, 10)
     * @param fcB   dL/dfcB, (10)
     */
    public record Gradients(double loss, INDArray convW, INDArray convB, INDArray fcW, INDArray fcB) {
    }

    /**
     * What training carries from step to step.
     *
     * @param params   the weights
     * @param velocity the momentum's velocities, one per weight, of the same shapes
     */
    public record State(Params params, Params velocity) {
    }

    /**
     * The training's hyper-parameters.
     *
     * @param batchSize B, the examples per step (1 or more)
     * @param lr        the learning rate
     * @param momentum  mu, the momentum, in [0, 1)
     */
    public record Config(int batchSize, double lr, double momentum) {
    }

    /** Told about every step of an epoch, before its update. */
    @FunctionalInterface
    public interface StepListener {

        /**
         * @param step   the step within the epoch, counted from 0
         * @param loss   the mean loss of the step's batch, before the update
         * @param before the state the step starts from (not to be modified)
         */
        void stepDone(int step, double loss, State before);
    }

    /**
     * The forward pass, keeping every layer's output.
     *
     * @param x      images, (N, 1, 28, 28); not modified
     * @param params the weights; not modified
     * @return every layer's output, new arrays in the data type of {@code x}
     */
    public static Forward forward(INDArray x, Params params) {
        INDArray conv = Conv2d.forward(x, params.convW(), params.convB(), 1, 1, 1);
        INDArray relu = Activations.relu(conv);
        INDArray pool = MaxPool2d.forward(relu, 2, 2, 2);
        INDArray logits = Affine.forward(pool, params.fcW(), params.fcB());
        return new Forward(conv, relu, pool, logits);
    }

    /**
     * The batch's loss and its gradient with respect to every parameter: the forward pass, the
     * loss, and the backward pass through every layer.
     *
     * @param x      images, (N, 1, 28, 28); not modified
     * @param labels the digit of each image, N values in 0 .. 9; not modified
     * @param params the weights; not modified
     * @return the mean loss and the four gradients, new arrays in the data type of {@code x}
     */
    public static Gradients gradients(INDArray x, int[] labels, Params params) {
        Forward f = forward(x, params);
        Losses.LossAndGradient loss = Losses.softmaxCrossEntropy(f.logits(), labels);
        Affine.Gradients fc = Affine.backward(loss.dlogits(), f.pool(), params.fcW());
        INDArray drelu = MaxPool2dBackward.backward(fc.dx(), f.relu(), 2, 2, 2);
        INDArray dconv = Activations.reluBackward(drelu, f.conv());
        Conv2dBackward.Gradients conv = Conv2dBackward.backward(dconv, x, params.convW(), 1, 1);
        return new Gradients(loss.loss(), conv.dw(), conv.db(), fc.dw(), fc.db());
    }

    /**
     * One step of SGD with momentum on every parameter.
     *
     * @param state     the weights and velocities; not modified
     * @param gradients the gradients at {@code state.params()}; not modified
     * @param lr        the learning rate
     * @param momentum  mu, in [0, 1)
     * @return the new weights and velocities, new arrays
     */
    public static State step(State state, Gradients gradients, double lr, double momentum) {
        Params p = state.params();
        Params v = state.velocity();
        INDArray[] weights = {p.convW(), p.convB(), p.fcW(), p.fcB()};
        INDArray[] grads = {gradients.convW(), gradients.convB(), gradients.fcW(), gradients.fcB()};
        INDArray[] velocities = {v.convW(), v.convB(), v.fcW(), v.fcB()};
        INDArray[] newWeights = new INDArray[4];
        INDArray[] newVelocities = new INDArray[4];
        for (int i = 0; i < 4; i++) {
            Optimizers.Step<Optimizers.MomentumState> s = Optimizers.momentum(weights[i], grads[i],
                    new Optimizers.MomentumState(velocities[i]), lr, momentum);
            newWeights[i] = s.params();
            newVelocities[i] = s.state().velocity();
        }
        return new State(new Params(newWeights[0], newWeights[1], newWeights[2], newWeights[3]),
                new Params(newVelocities[0], newVelocities[1], newVelocities[2], newVelocities[3]));
    }

    /**
     * One pass over the training data, in mini-batches taken in order (see the class comment).
     *
     * @param images   the training images, (N, 1, 28, 28); not modified
     * @param labels   their digits, N values; not modified
     * @param start    the weights and velocities to start from; not modified
     * @param config   the batch size, learning rate and momentum
     * @param listener told about every step before its update
     * @return the state after the last step
     * @throws IllegalArgumentException if the batch size is below 1, or labels and images differ in number
     */
    public static State trainEpoch(INDArray images, int[] labels, State start, Config config, StepListener listener) {
        int n = (int) images.size(0);
        if (config.batchSize() < 1) {
            throw new IllegalArgumentException("batch size must be 1 or more, got " + config.batchSize());
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " images");
        }
        State state = start;
        int step = 0;
        for (int from = 0; from < n; from += config.batchSize()) {
            int to = Math.min(from + config.batchSize(), n);
            INDArray x = images.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.all());
            Gradients g = gradients(x, Arrays.copyOfRange(labels, from, to), state.params());
            listener.stepDone(step++, g.loss(), state);
            state = step(state, g, config.lr(), config.momentum());
        }
        return state;
    }

    /**
     * The predicted digit of each image: the class with the largest logit (the first on a tie).
     *
     * @param x      images, (N, 1, 28, 28); not modified
     * @param params the weights; not modified
     * @return N digits in 0 .. 9
     */
    public static int[] predict(INDArray x, Params params) {
        INDArray logits = forward(x, params).logits();
        int n = (int) logits.size(0);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int k = 1; k < CLASSES; k++) {
                if (logits.getDouble(i, k) > logits.getDouble(i, best)) {
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
