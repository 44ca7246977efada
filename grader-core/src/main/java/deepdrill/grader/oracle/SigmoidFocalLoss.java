package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * torchvision's {@code sigmoid_focal_loss}, written with NDArray primitives on the oracle's device
 * (DJL has no focal loss), term by term as torchvision computes it:
 * <pre>
 *   ce      = max(x, 0) - x t + log(1 + exp(-|x|))          (BCE with logits, never overflows)
 *   p_t     = p t + (1 - p)(1 - t),  p = sigmoid(x)
 *   alpha_t = alpha t + (1 - alpha)(1 - t)                   (1 when alpha &lt; 0)
 *   loss    = alpha_t * ce * (1 - p_t)^gamma
 * </pre>
 * The pieces are public so that a check can assemble a known mistake from them; everything is
 * differentiable by autograd.
 */
public final class SigmoidFocalLoss {

    private SigmoidFocalLoss() {
    }

    /** The per-element loss, the shape of {@code logits}. */
    public static NDArray perElement(NDArray logits, NDArray targets, double alpha, double gamma) {
        NDArray loss = crossEntropy(logits, targets).mul(pT(logits, targets).neg().add(1).pow(gamma));
        return alpha < 0 ? loss : loss.mul(alphaT(targets, alpha));
    }

    /** {@code -log(p_t)}: binary cross-entropy with logits in its stable form. */
    public static NDArray crossEntropy(NDArray logits, NDArray targets) {
        NDArray softplus = logits.abs().neg().exp().add(1).log();
        return logits.maximum(0).sub(logits.mul(targets)).add(softplus);
    }

    /** The probability of the right answer: {@code p} for a positive, {@code 1 - p} for a negative. */
    public static NDArray pT(NDArray logits, NDArray targets) {
        // torch.sigmoid, as torchvision: its backward is p (1 - p), where 1 / (1 + exp(-x)) written out
        // differentiates into 0 * Infinity = NaN once exp(-x) overflows (x below about -709).
        NDArray p = Activation.sigmoid(logits);
        return p.mul(targets).add(p.neg().add(1).mul(targets.neg().add(1)));
    }

    /** {@code alpha} for a positive, {@code 1 - alpha} for a negative. */
    public static NDArray alphaT(NDArray targets, double alpha) {
        return targets.mul(alpha).add(targets.neg().add(1).mul(1 - alpha));
    }
}
