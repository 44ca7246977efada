package deepdrill.grader.oracle;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/**
 * Gradients from PyTorch's autograd, the engine oracle of every backward pass: the gradient of
 * {@code sum(f(inputs) * dout)} with respect to each input, which is exactly what a layer's
 * backward receives ({@code dout}) and returns ({@code dx, dw, ...}).
 *
 * <p>DJL allows one open {@link GradientCollector} per JVM, so calls must not nest. The inputs
 * themselves are left as they were (no gradient is attached to them), so the same arrays can be
 * differentiated again through another function.
 */
public final class Autograd {

    private Autograd() {
    }

    /**
     * @param f      the forward computation, built from DJL operations
     * @param dout   the upstream gradient, the shape of {@code f}'s output
     * @param inputs the arrays to differentiate with respect to (on the oracle's device)
     * @return one gradient per input, in order, each the shape of its input
     */
    public static NDArray[] gradients(Function<NDList, NDArray> f, NDArray dout, NDArray... inputs) {
        // Fresh copies: PyTorch adds every backward pass's gradient to what a leaf already holds, so
        // differentiating the same arrays twice (the right answer, then a known mistake) would
        // otherwise return the sum of both gradients.
        NDArray[] leaves = new NDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = inputs[i].duplicate();
            leaves[i].setRequiresGradient(true);
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = f.apply(new NDList(leaves));
            collector.backward(out.mul(dout).sum());
        }
        NDArray[] grads = new NDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            grads[i] = leaves[i].getGradient().duplicate();
            leaves[i].close();
        }
        return grads;
    }
}
