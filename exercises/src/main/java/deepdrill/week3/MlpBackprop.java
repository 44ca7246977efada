package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The loss and every gradient of a two-layer network with a softmax classifier and L2
 * regularisation: backpropagation by hand.
 *
 * <h2>The network and the loss</h2>
 * <pre>
 *   N  batch size        D  input features        H  hidden units        C  classes
 *
 *   x   (N, D)     y  int[N], y[i] in [0, C)     w1 (D, H)   b1 (H)   w2 (H, C)   b2 (C)
 *
 *   pre    = x w1 + b1                  (N, H)
 *   hidden = relu(pre)                  (N, H)
 *   scores = hidden w2 + b2             (N, C)
 *   p[i, c] = exp(scores[i, c]) / sum_k exp(scores[i, k])
 *
 *   loss = -(1/N) * sum_i log p[i, y[i]]   +   reg * (sum(w1^2) + sum(w2^2))
 * </pre>
 *
 * <h2>The convention</h2>
 * The data loss is <em>averaged</em> over the batch. The L2 penalty is {@code reg * sum(w^2)}, with
 * no 1/2 factor, so its gradient is {@code 2 * reg * w}; the biases are not regularised (they do
 * not make the function more complex). Some courses write {@code 0.5 * reg * sum(w^2)} to get the
 * gradient {@code reg * w}: always say which one you use.
 *
 * <h2>The gradients, backwards</h2>
 * <pre>
 *   dscores = (p - onehot(y)) / N                     (N, C)   softmax + cross-entropy, combined
 *   dw2     = hidden^T dscores + 2 * reg * w2         (H, C)
 *   db2     = sum over the batch of dscores           (C)
 *   dhidden = dscores w2^T                            (N, H)
 *   dpre    = dhidden where pre > 0, else 0           (N, H)   the ReLU's gradient
 *   dw1     = x^T dpre + 2 * reg * w1                 (D, H)
 *   db1     = sum over the batch of dpre              (H)
 * </pre>
 * Each gradient has the shape of its parameter: a quick check of every transpose.
 *
 * <h2>Numerical stability</h2>
 * Compute {@code log p} as {@code shifted - log(sum(exp(shifted)))} with {@code shifted = scores -
 * rowMax}: the log-sum-exp trick. Then no {@code exp} overflows and no {@code log(0)} appears, even
 * for scores in the thousands.
 *
 * <h2>What interviewers ask</h2>
 * "Derive the gradient of softmax cross-entropy" ({@code p - onehot}). "Backprop through a ReLU"
 * (a mask). "Why is the loss averaged?" (the learning rate then does not depend on the batch size).
 * "What does L2 regularisation do, and why not on the biases?" "How do you check your gradients?"
 * (a numerical gradient: the gradient-check exercise).
 *
 * <h2>Hint: vectorised ND4J</h2>
 * {@code a.mmul(b)}, {@code a.transpose()}, {@code addRowVector}, {@code Transforms.relu},
 * {@code Transforms.exp}/{@code log}, {@code a.max(1)}/{@code a.sum(1)} with
 * {@code subColumnVector}, and {@code pre.gt(0).castTo(pre.dataType())} for the ReLU's mask. Build
 * the one-hot matrix from a flat {@code double[]} and {@code Nd4j.create(data, shape, x.dataType())}.
 * {@code a.sumNumber().doubleValue()} sums everything to a number.
 *
 * @see <a href="https://cs231n.github.io/neural-networks-case-study/">CS231n, a minimal neural network
 *      case study</a>
 * @see <a href="https://cs231n.github.io/optimization-2/">CS231n, Backpropagation, intuitions</a>
 */
public final class MlpBackprop {

    private MlpBackprop() {
    }

    /** The loss and the gradients of the loss with respect to each parameter, each the shape of its parameter. */
    public record Result(double loss, INDArray dw1, INDArray db1, INDArray dw2, INDArray db2) {
    }

    /**
     * The regularised softmax cross-entropy loss of a two-layer network, and its gradients.
     *
     * @param x   input of shape (N, D); not modified
     * @param y   the correct class of every example, N values in [0, C); not modified
     * @param w1  first layer's weights, (D, H); not modified
     * @param b1  first layer's biases, (H); not modified
     * @param w2  second layer's weights, (H, C); not modified
     * @param b2  second layer's biases, (C); not modified
     * @param reg the L2 strength: the loss includes {@code reg * (sum(w1^2) + sum(w2^2))}
     * @return the loss and dw1 (D, H), db1 (H), dw2 (H, C), db2 (C), in the data type of {@code x}
     */
    public static Result lossAndGradients(INDArray x, int[] y, INDArray w1, INDArray b1, INDArray w2, INDArray b2,
                                          double reg) {
        // TODO: forward to the scores, the stable loss plus the L2 term, then the gradients backwards.
        throw new UnsupportedOperationException("Not implemented yet: MlpBackprop.lossAndGradients");
    }
}
