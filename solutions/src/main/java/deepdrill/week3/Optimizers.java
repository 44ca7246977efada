package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Optimisers: one update step of SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam and AdamW,
 * with the optimiser's state passed in and handed back explicitly.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   w   the weights (params), any shape          g = dw   the gradient of the loss, the shape of w
 *   lr  learning rate    mu  momentum    alpha  RMSProp's decay    beta1, beta2  Adam's decays
 *   eps a small number that keeps the division finite    t  the step number
 * </pre>
 * Every state array has the shape of {@code w}. Start from zeros, for example
 * {@code new MomentumState(Nd4j.zerosLike(w))} or {@code new AdamState(Nd4j.zerosLike(w),
 * Nd4j.zerosLike(w), 0)}, and feed each step's returned state into the next step. Every method
 * returns new arrays in the data type of {@code w} and modifies nothing it is given (use
 * {@code mul}, {@code add}, {@code sub}, {@code div}, not {@code muli} and friends, on inputs).
 *
 * <h2>The updates (PyTorch's {@code torch.optim} conventions)</h2>
 * <pre>
 *   SGD       w' = w - lr * g
 *   momentum  v' = mu * v + g                     w' = w - lr * v'
 *   Nesterov  v' = mu * v + g                     w' = w - lr * (g + mu * v')
 *   AdaGrad   s' = s + g^2                        w' = w - lr * g / (sqrt(s') + eps)
 *   RMSProp   s' = alpha * s + (1 - alpha) * g^2  w' = w - lr * g / (sqrt(s') + eps)
 *   Adam      t' = t + 1   (incremented BEFORE use: the first step uses t' = 1)
 *             m' = beta1 * m + (1 - beta1) * g          v' = beta2 * v + (1 - beta2) * g^2
 *             mHat = m' / (1 - beta1^t')                vHat = v' / (1 - beta2^t')
 *             w' = w - lr * mHat / (sqrt(vHat) + eps)
 *   AdamW     w' = w - lr * wd * w - lr * mHat / (sqrt(vHat) + eps)   (m', v' from g alone)
 * </pre>
 * (All operations are element-wise; {@code g^2} is {@code g * g}.)
 *
 * <h2>Conventions, and why these</h2>
 * <ul>
 *   <li>Momentum: CS231n writes {@code v = mu * v - lr * g; w += v}. For a fixed learning rate the
 *       weights come out the same, with that velocity equal to {@code -lr} times this one. This
 *       exercise keeps PyTorch's form, where the velocity is a running sum of gradients that does
 *       not depend on {@code lr}, so a learning-rate schedule changes the step at once, exactly
 *       as it does in PyTorch; and the state you return is compared with PyTorch's.
 *   <li>Nesterov in this form (PyTorch's, from Sutskever et al.) evaluates the gradient at the
 *       current weights and applies the look-ahead {@code g + mu * v'} instead.
 *   <li>Epsilon is added <em>outside</em> the square root, {@code sqrt(s') + eps}, as in PyTorch's
 *       RMSProp, AdaGrad and Adam (and the Adam paper). TensorFlow's Keras also does; some other
 *       code writes {@code sqrt(s' + eps)}: a small difference while {@code s'} is tiny.
 *   <li>Adam's bias correction: {@code m} and {@code v} start at 0, so early on they are biased
 *       towards 0; dividing by {@code 1 - beta^t} removes that bias. With {@code t} counted from 1,
 *       the first step moves every weight by about {@code lr}. Using {@code t = 0} divides by 0.
 *   <li>AdamW decays the weights directly ("decoupled" weight decay, Loshchilov and Hutter), using
 *       the weights from before the step; the decay never enters {@code m} or {@code v}. Adding
 *       {@code wd * w} to the gradient instead is Adam with L2 regularisation, which the adaptive
 *       denominator weakens for weights with large gradients.
 * </ul>
 *
 * <h2>What interviewers ask</h2>
 * "Why does momentum help?" (it averages gradients: it damps oscillation across a ravine and
 * speeds up along it). "What problem does AdaGrad have that RMSProp fixes?" (its sum only grows,
 * so the steps shrink to nothing; RMSProp uses a moving average). "Why does Adam need bias
 * correction?" (above). "Adam vs AdamW?" (decoupled decay; AdamW is the default for
 * transformers). "Why might SGD with momentum generalise better than Adam?"
 *
 * @see <a href="https://arxiv.org/abs/1412.6980">Kingma and Ba, Adam (2015)</a>
 * @see <a href="https://arxiv.org/abs/1711.05101">Loshchilov and Hutter, Decoupled Weight Decay
 *      Regularization (2019)</a>
 * @see <a href="https://docs.pytorch.org/docs/stable/optim.html">PyTorch, torch.optim (each
 *      optimiser's page gives its update as pseudo-code)</a>
 */
public final class Optimizers {

    private Optimizers() {
    }

    /**
     * Updated weights together with the optimiser's new state.
     *
     * @param params the weights after the step
     * @param state  the state to pass to the next step
     * @param <S>    the optimiser's state type
     */
    public record Step<S>(INDArray params, S state) {
    }

    /**
     * The state of momentum and Nesterov.
     *
     * @param velocity {@code v}, the shape of the weights
     */
    public record MomentumState(INDArray velocity) {
    }

    /**
     * The state of AdaGrad.
     *
     * @param sumOfSquares {@code s}, the sum of all squared gradients so far, the shape of the weights
     */
    public record AdaGradState(INDArray sumOfSquares) {
    }

    /**
     * The state of RMSProp.
     *
     * @param meanSquare {@code s}, the moving average of squared gradients, the shape of the weights
     */
    public record RmsPropState(INDArray meanSquare) {
    }

    /**
     * The state of Adam and AdamW.
     *
     * @param m the moving average of gradients (first moment), the shape of the weights
     * @param v the moving average of squared gradients (second moment), the shape of the weights
     * @param t the number of steps taken so far (0 before the first)
     */
    public record AdamState(INDArray m, INDArray v, int t) {
    }

    /**
     * Plain SGD.
     *
     * @param w  weights; not modified
     * @param dw the gradient, the shape of {@code w}; not modified
     * @param lr the learning rate
     * @return {@code w - lr * dw}
     */
    public static INDArray sgd(INDArray w, INDArray dw, double lr) {
        return w.sub(dw.mul(lr));
    }

    /**
     * SGD with momentum (PyTorch's convention, above).
     *
     * @param w     weights; not modified
     * @param dw    the gradient, the shape of {@code w}; not modified
     * @param state the velocity from the previous step (zeros before the first); not modified
     * @param lr    the learning rate
     * @param mu    the momentum, in [0, 1)
     * @return the new weights and the new velocity
     */
    public static Step<MomentumState> momentum(INDArray w, INDArray dw, MomentumState state, double lr, double mu) {
        INDArray velocity = state.velocity().mul(mu).addi(dw);
        return new Step<>(w.sub(velocity.mul(lr)), new MomentumState(velocity));
    }

    /**
     * SGD with Nesterov momentum (PyTorch's convention, above).
     *
     * @param w     weights; not modified
     * @param dw    the gradient at {@code w}, the shape of {@code w}; not modified
     * @param state the velocity from the previous step (zeros before the first); not modified
     * @param lr    the learning rate
     * @param mu    the momentum, in [0, 1)
     * @return the new weights and the new velocity
     */
    public static Step<MomentumState> nesterov(INDArray w, INDArray dw, MomentumState state, double lr, double mu) {
        INDArray velocity = state.velocity().mul(mu).addi(dw);
        INDArray lookAhead = dw.add(velocity.mul(mu));
        return new Step<>(w.sub(lookAhead.muli(lr)), new MomentumState(velocity));
    }

    /**
     * AdaGrad.
     *
     * @param w     weights; not modified
     * @param dw    the gradient, the shape of {@code w}; not modified
     * @param state the sum of squared gradients so far (zeros before the first step); not modified
     * @param lr    the learning rate
     * @param eps   added to the square root
     * @return the new weights and the new sum of squares
     */
    public static Step<AdaGradState> adaGrad(INDArray w, INDArray dw, AdaGradState state, double lr, double eps) {
        INDArray sumOfSquares = state.sumOfSquares().add(dw.mul(dw));
        INDArray denominator = Transforms.sqrt(sumOfSquares, true).addi(eps);
        return new Step<>(w.sub(dw.mul(lr).divi(denominator)), new AdaGradState(sumOfSquares));
    }

    /**
     * RMSProp.
     *
     * @param w     weights; not modified
     * @param dw    the gradient, the shape of {@code w}; not modified
     * @param state the moving average of squared gradients (zeros before the first step); not modified
     * @param lr    the learning rate
     * @param alpha the decay of the moving average, in [0, 1)
     * @param eps   added to the square root
     * @return the new weights and the new moving average
     */
    public static Step<RmsPropState> rmsProp(INDArray w, INDArray dw, RmsPropState state, double lr, double alpha,
                                             double eps) {
        INDArray meanSquare = state.meanSquare().mul(alpha).addi(dw.mul(dw).muli(1 - alpha));
        INDArray denominator = Transforms.sqrt(meanSquare, true).addi(eps);
        return new Step<>(w.sub(dw.mul(lr).divi(denominator)), new RmsPropState(meanSquare));
    }

    /**
     * Adam, with bias correction.
     *
     * @param w     weights; not modified
     * @param dw    the gradient, the shape of {@code w}; not modified
     * @param state m, v and t from the previous step (zeros and 0 before the first); not modified
     * @param lr    the learning rate
     * @param beta1 the decay of the first moment, in [0, 1)
     * @param beta2 the decay of the second moment, in [0, 1)
     * @param eps   added to the square root of the corrected second moment
     * @return the new weights and the new state, with {@code t} one larger
     */
    public static Step<AdamState> adam(INDArray w, INDArray dw, AdamState state, double lr, double beta1,
                                       double beta2, double eps) {
        int t = state.t() + 1;   // incremented before use: the first step has t = 1
        INDArray m = state.m().mul(beta1).addi(dw.mul(1 - beta1));
        INDArray v = state.v().mul(beta2).addi(dw.mul(dw).muli(1 - beta2));
        INDArray mHat = m.div(1 - Math.pow(beta1, t));
        INDArray vHat = v.div(1 - Math.pow(beta2, t));
        INDArray denominator = Transforms.sqrt(vHat, true).addi(eps);
        return new Step<>(w.sub(mHat.muli(lr).divi(denominator)), new AdamState(m, v, t));
    }

    /**
     * AdamW: Adam with decoupled weight decay.
     *
     * @param w           weights; not modified
     * @param dw          the gradient of the loss alone, the shape of {@code w}; not modified
     * @param state       m, v and t from the previous step (zeros and 0 before the first); not modified
     * @param lr          the learning rate
     * @param beta1       the decay of the first moment, in [0, 1)
     * @param beta2       the decay of the second moment, in [0, 1)
     * @param eps         added to the square root of the corrected second moment
     * @param weightDecay the decoupled decay {@code wd}, at least 0
     * @return the new weights and the new state, with {@code t} one larger
     */
    public static Step<AdamState> adamW(INDArray w, INDArray dw, AdamState state, double lr, double beta1,
                                        double beta2, double eps, double weightDecay) {
        Step<AdamState> adam = adam(w, dw, state, lr, beta1, beta2, eps);
        // The decay acts on the weights from before the step, and never passes through m or v.
        INDArray decay = w.mul(lr * weightDecay);
        return new Step<>(adam.params().subi(decay), adam.state());
    }
}
