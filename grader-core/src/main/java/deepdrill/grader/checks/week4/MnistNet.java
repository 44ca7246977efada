package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.TorchOracle;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The train-mnist network computed by PyTorch through DJL, in float64, for {@link TrainMnistCheck}:
 * {@code conv2d} (3x3, stride 1, padding 1), {@code relu}, {@code max_pool2d} (2x2, stride 2), a
 * matrix product and bias, and the mean of {@code -log_softmax} at the labels; gradients from
 * PyTorch's autograd; the momentum update {@code v' = mu v + g, w' = w - lr v'} written out on
 * DJL arrays. Nothing here calls the learner's code or the model solution.
 */
final class MnistNet {

    /** The four weights in the order of {@code TrainMnist.Params}. */
    static final String[] NAMES = {"convW", "convB", "fcW", "fcB"};

    private MnistNet() {
    }

    /** Weights (or velocities, or gradients) on the oracle's side, in the order of {@link #NAMES}. */
    record Weights(NDArray convW, NDArray convB, NDArray fcW, NDArray fcB) {
        static Weights of(NDManager manager, INDArray convW, INDArray convB, INDArray fcW, INDArray fcB) {
            return new Weights(TorchOracle.toTorch(manager, convW), TorchOracle.toTorch(manager, convB),
                    TorchOracle.toTorch(manager, fcW), TorchOracle.toTorch(manager, fcB));
        }

        NDArray[] all() {
            return new NDArray[] {convW, convB, fcW, fcB};
        }

        static Weights of(NDArray[] all) {
            return new Weights(all[0], all[1], all[2], all[3]);
        }
    }

    /** Every layer's output. */
    record Layers(NDArray conv, NDArray relu, NDArray pool, NDArray logits) {
    }

    /** The loss and the gradients of every layer's output and every weight. */
    record Backward(double loss, NDArray dlogits, NDArray dpool, NDArray drelu, NDArray dconv, Weights grads) {
    }

    static NDArray conv(NDArray x, NDArray w, NDArray b) {
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    static NDArray pool(NDArray relu) {
        return Pool.maxPool2d(relu, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    static NDArray affine(NDArray pool, NDArray w, NDArray b) {
        return pool.reshape(pool.getShape().get(0), -1).matMul(w).add(b);
    }

    static Layers forward(NDArray x, Weights w) {
        NDArray conv = conv(x, w.convW(), w.convB());
        NDArray relu = Activation.relu(conv);
        NDArray pool = pool(relu);
        return new Layers(conv, relu, pool, affine(pool, w.fcW(), w.fcB()));
    }

    /** The labels as one-hot rows, (N, 10), float64. */
    static NDArray oneHot(NDManager manager, int[] labels) {
        double[] hot = new double[labels.length * 10];
        for (int i = 0; i < labels.length; i++) {
            hot[i * 10 + labels[i]] = 1;
        }
        return manager.create(hot, new Shape(labels.length, 10));
    }

    /** The mean softmax cross-entropy, as a scalar array. */
    static NDArray loss(NDArray logits, NDArray oneHot) {
        return logits.logSoftmax(1).mul(oneHot).sum().neg().div(logits.getShape().get(0));
    }

    static double lossValue(NDArray x, Weights w, NDArray oneHot) {
        return loss(forward(x, w).logits(), oneHot).toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                .toDoubleArray()[0];
    }

    /** The loss and every gradient by PyTorch's autograd, layer by layer, from the loss down. */
    static Backward backward(NDManager manager, NDArray x, Weights w, int[] labels) {
        NDArray hot = oneHot(manager, labels);
        Layers f = forward(x, w);
        NDArray one = manager.create(1.0);
        NDArray dlogits = Autograd.gradients(l -> loss(l.get(0), hot), one, f.logits())[0];
        NDArray dpool = Autograd.gradients(l -> affine(l.get(0), w.fcW(), w.fcB()), dlogits, f.pool())[0];
        NDArray drelu = Autograd.gradients(l -> pool(l.get(0)), dpool, f.relu())[0];
        NDArray dconv = Autograd.gradients(l -> Activation.relu(l.get(0)), drelu, f.conv())[0];
        // The weights' gradients through the whole network at once: the reference for the learner's
        // gradients; the layer-by-layer ones above only locate a mistake.
        NDArray[] whole = Autograd.gradients(l -> loss(forward(x, Weights.of(l.toArray(new NDArray[0]))).logits(), hot),
                one, w.all());
        return new Backward(lossValue(x, w, hot), dlogits, dpool, drelu, dconv, Weights.of(whole));
    }

    /** One momentum step on every weight: returns {new weights, new velocities}. */
    static Weights[] momentum(Weights w, Weights v, Weights g, double lr, double mu) {
        NDArray[] ws = w.all();
        NDArray[] vs = v.all();
        NDArray[] gs = g.all();
        NDArray[] nw = new NDArray[4];
        NDArray[] nv = new NDArray[4];
        for (int i = 0; i < 4; i++) {
            nv[i] = vs[i].mul(mu).add(gs[i]);
            nw[i] = ws[i].sub(nv[i].mul(lr));
        }
        return new Weights[] {Weights.of(nw), Weights.of(nv)};
    }
}
