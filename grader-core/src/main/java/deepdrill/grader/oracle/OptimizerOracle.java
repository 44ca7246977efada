package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;

/**
 * One step of each classic optimiser, written with PyTorch primitives on the oracle's device.
 * DJL's PyTorch engine has no RMSProp, AdaGrad or Nesterov update, and its Adam adds epsilon to
 * the uncorrected second moment, so none of its built-in updates is used. The conventions are
 * PyTorch's {@code torch.optim} ones:
 * <pre>
 *   SGD       w' = w - lr * g
 *   momentum  v' = mu * v + g;                 w' = w - lr * v'
 *   Nesterov  v' = mu * v + g;                 w' = w - lr * (g + mu * v')
 *   AdaGrad   s' = s + g^2;                    w' = w - lr * g / (sqrt(s') + eps)
 *   RMSProp   s' = alpha * s + (1 - alpha) g^2; w' = w - lr * g / (sqrt(s') + eps)
 *   Adam      m' = b1 m + (1 - b1) g;  v' = b2 v + (1 - b2) g^2;  (t is the step number, from 1)
 *             w' = w - lr * (m' / (1 - b1^t)) / (sqrt(v' / (1 - b2^t)) + eps)
 *   AdamW     Adam's step from g alone, applied to w * (1 - lr * wd)
 * </pre>
 * Every method returns new arrays and leaves its inputs alone. {@link Variant} builds known wrong
 * versions, so that a check can recognise them.
 */
public final class OptimizerOracle {

    private OptimizerOracle() {
    }

    /**
     * The weights after a step and the optimiser's new state, in the order the method documents.
     *
     * @param params the updated weights
     * @param state  the new state arrays
     */
    public record Step(NDArray params, NDArray... state) {
    }

    /**
     * Deliberate departures from the right update, for recognising mistakes; {@link #RIGHT} is none.
     *
     * @param biasCorrection  whether Adam divides m and v by {@code 1 - beta^t}
     * @param epsInsideSqrt   {@code sqrt(v + eps)} instead of {@code sqrt(v) + eps}
     * @param decayOnGradient AdamW's decay added to the gradient (Adam with L2) instead of the weights
     */
    public record Variant(boolean biasCorrection, boolean epsInsideSqrt, boolean decayOnGradient) {
        public static final Variant RIGHT = new Variant(true, false, false);
    }

    public static Step sgd(NDArray w, NDArray g, double lr) {
        return new Step(w.sub(g.mul(lr)));
    }

    /** State: the velocity {@code v}. */
    public static Step momentum(NDArray w, NDArray g, NDArray v, double lr, double mu) {
        NDArray velocity = v.mul(mu).add(g);
        return new Step(w.sub(velocity.mul(lr)), velocity);
    }

    /** State: the velocity {@code v}. */
    public static Step nesterov(NDArray w, NDArray g, NDArray v, double lr, double mu) {
        NDArray velocity = v.mul(mu).add(g);
        return new Step(w.sub(g.add(velocity.mul(mu)).mul(lr)), velocity);
    }

    /** State: the running sum of squared gradients {@code s}. */
    public static Step adaGrad(NDArray w, NDArray g, NDArray s, double lr, double eps, Variant variant) {
        NDArray sum = s.add(g.square());
        return new Step(w.sub(g.mul(lr).div(root(sum, eps, variant))), sum);
    }

    /** State: the running mean of squared gradients {@code s}. */
    public static Step rmsProp(NDArray w, NDArray g, NDArray s, double lr, double alpha, double eps,
                               Variant variant) {
        NDArray meanSquare = s.mul(alpha).add(g.square().mul(1 - alpha));
        return new Step(w.sub(g.mul(lr).div(root(meanSquare, eps, variant))), meanSquare);
    }

    /**
     * Adam, or AdamW when {@code weightDecay} is not 0. State: {@code m}, {@code v}.
     *
     * @param t the number of this step, 1 for the first
     */
    public static Step adam(NDArray w, NDArray g, NDArray m, NDArray v, int t, double lr, double beta1,
                            double beta2, double eps, double weightDecay, Variant variant) {
        NDArray grad = variant.decayOnGradient() ? g.add(w.mul(weightDecay)) : g;
        NDArray start = variant.decayOnGradient() ? w : w.mul(1 - lr * weightDecay);
        NDArray first = m.mul(beta1).add(grad.mul(1 - beta1));
        NDArray second = v.mul(beta2).add(grad.square().mul(1 - beta2));
        NDArray mHat = variant.biasCorrection() ? first.div(1 - Math.pow(beta1, t)) : first;
        NDArray vHat = variant.biasCorrection() ? second.div(1 - Math.pow(beta2, t)) : second;
        return new Step(start.sub(mHat.mul(lr).div(root(vHat, eps, variant))), first, second);
    }

    private static NDArray root(NDArray x, double eps, Variant variant) {
        return variant.epsInsideSqrt() ? x.add(eps).sqrt() : x.sqrt().add(eps);
    }
}
