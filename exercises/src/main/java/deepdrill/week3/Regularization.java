package deepdrill.week3;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Regularisation: L2 and L1 penalties, their gradients, and weight decay.
 *
 * <h2>The idea</h2>
 * A penalty on the size of the weights, added to the data loss, pulls the weights towards zero
 * and so limits how much the model can fit noise: {@code total = loss(w) + penalty(w)}. Its
 * gradient is added to the data gradient before the optimiser's step.
 *
 * <h2>The formulas and the convention (no 1/2)</h2>
 * <pre>
 *   L2:  penalty = lambda * sum(w^2)          gradient = 2 * lambda * w
 *   L1:  penalty = lambda * sum(|w|)          gradient = lambda * sign(w)   (0 where w == 0)
 * </pre>
 * This exercise writes L2 <em>without</em> the factor 1/2 that many texts put in front (CS231n's
 * {@code 0.5 * reg * sum(W^2)}, whose gradient is {@code reg * W}); so the gradient has a 2. Always
 * check which convention a formula uses. {@code |w|} has no derivative at 0; any value in
 * {@code [-lambda, lambda]} is a valid subgradient there, and the convention (PyTorch's
 * {@code sign(0) = 0}, and {@code torch.abs}'s gradient) is 0. L1 pushes weights to exactly zero
 * (sparsity); L2 shrinks all of them in proportion.
 *
 * <h2>Weight decay in SGD</h2>
 * One SGD step with weight decay {@code wd}, as PyTorch's {@code SGD(weight_decay=wd)} does it:
 * <pre>
 *   w_new = w - lr * (dw + wd * w)
 * </pre>
 * where {@code dw} is the gradient of the data loss. For plain SGD this is exactly gradient
 * descent on {@code loss + (wd / 2) * sum(w^2)}: an L2 penalty with {@code lambda = wd / 2}.
 *
 * <h2>Why AdamW decouples it</h2>
 * With an adaptive optimiser the two differ. Adam with an L2 penalty adds {@code wd * w} to the
 * gradient, which is then divided by {@code sqrt(v)}: weights with large past gradients are
 * decayed less. AdamW (Loshchilov and Hutter) <em>decouples</em> the decay from the gradient and
 * applies it directly to the weights, {@code w -= lr * wd * w}, next to the Adam step computed
 * from {@code dw} alone; every weight decays at the same rate. That is PyTorch's {@code AdamW}, and
 * the optimizers exercise implements it.
 *
 * <h2>Shapes</h2>
 * {@code w} and {@code dw} have any shape (the same for both); gradients and updated weights
 * have that shape and the data type of {@code w}. Nothing passed in is modified. Vectorised ND4J
 * ops do all of this in a line each: {@code w.mul(w).sumNumber()}, {@code Transforms.sign(w, true)},
 * {@code w.mul(...)}, {@code w.sub(...)} (these return new arrays; {@code muli}, {@code subi}
 * would overwrite {@code w}).
 *
 * <h2>What interviewers ask</h2>
 * "Why does L1 give sparse weights and L2 not?" (L1's pull is a constant {@code lambda} however
 * small the weight; L2's shrinks with it). "Is weight decay the same as L2 regularisation?" (for
 * SGD yes, up to the factor 2; for Adam no: AdamW). "Do you regularise the biases?" (usually not:
 * they do not multiply inputs, so they do not make the function more complex).
 *
 * @see <a href="https://arxiv.org/abs/1711.05101">Loshchilov and Hutter, Decoupled Weight Decay
 *      Regularization (2019)</a>
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html">PyTorch,
 *      torch.optim.SGD (weight_decay)</a>
 */
public final class Regularization {

    private Regularization() {
    }

    /**
     * The L2 penalty.
     *
     * @param w      weights, any shape; not modified
     * @param lambda the regularisation strength, at least 0
     * @return {@code lambda * sum(w^2)}
     */
    public static double l2Penalty(INDArray w, double lambda) {
        // TODO: lambda times the sum of the squared weights (no 1/2).
        throw new UnsupportedOperationException("Not implemented yet: Regularization.l2Penalty");
    }

    /**
     * The gradient of {@link #l2Penalty} with respect to {@code w}.
     *
     * @param w      weights, any shape; not modified
     * @param lambda the regularisation strength
     * @return {@code 2 * lambda * w}, a new array of the shape and data type of {@code w}
     */
    public static INDArray l2Gradient(INDArray w, double lambda) {
        // TODO: the derivative of lambda * w^2 is 2 * lambda * w.
        throw new UnsupportedOperationException("Not implemented yet: Regularization.l2Gradient");
    }

    /**
     * The L1 penalty.
     *
     * @param w      weights, any shape; not modified
     * @param lambda the regularisation strength, at least 0
     * @return {@code lambda * sum(|w|)}
     */
    public static double l1Penalty(INDArray w, double lambda) {
        // TODO: lambda times the sum of the absolute weights.
        throw new UnsupportedOperationException("Not implemented yet: Regularization.l1Penalty");
    }

    /**
     * The subgradient of {@link #l1Penalty} with respect to {@code w}, 0 where {@code w} is 0.
     *
     * @param w      weights, any shape; not modified
     * @param lambda the regularisation strength
     * @return {@code lambda * sign(w)}, a new array of the shape and data type of {@code w}
     */
    public static INDArray l1Gradient(INDArray w, double lambda) {
        // TODO: lambda * sign(w), with 0 where w is 0.
        throw new UnsupportedOperationException("Not implemented yet: Regularization.l1Gradient");
    }

    /**
     * One SGD step with (L2-coupled) weight decay, as PyTorch's {@code SGD(weight_decay=wd)}.
     *
     * @param w           weights, any shape; not modified
     * @param dw          the gradient of the data loss, the shape of {@code w}; not modified
     * @param lr          the learning rate
     * @param weightDecay the decay {@code wd}, at least 0
     * @return {@code w - lr * (dw + wd * w)}, a new array of the shape and data type of {@code w}
     */
    public static INDArray sgdWithWeightDecay(INDArray w, INDArray dw, double lr, double weightDecay) {
        // TODO: w - lr * (dw + weightDecay * w), as a new array.
        throw new UnsupportedOperationException("Not implemented yet: Regularization.sgdWithWeightDecay");
    }
}
