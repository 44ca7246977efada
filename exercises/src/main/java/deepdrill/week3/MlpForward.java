package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The forward pass of a two-layer fully connected network (an MLP), batched: the classic
 * whiteboard question.
 *
 * <h2>The idea</h2>
 * An affine layer maps each input vector to {@code H} hidden units, a ReLU keeps the positive
 * part, and a second affine layer maps the hidden units to one score (logit) per class. A softmax
 * turns each row of scores into probabilities. Without the ReLU the two layers would collapse into
 * one linear map; with it, enough hidden units approximate any continuous function.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size        D  input features        H  hidden units        C  classes
 *
 *   x       (N, D)       one example per row; any data type (every result keeps it)
 *   w1      (D, H)       b1  (H)
 *   w2      (H, C)       b2  (C)
 *
 *   hidden = relu(x w1 + b1)                       (N, H)    relu(z) = max(z, 0)
 *   scores = hidden w2 + b2                        (N, C)    no ReLU on the scores
 *   probabilities[i, c] = exp(scores[i, c]) / sum_k exp(scores[i, k])      each row sums to 1
 * </pre>
 * The biases are added to every row ({@code addRowVector}).
 *
 * <h2>The convention</h2>
 * Weights are stored {@code (in, out)} and multiplied on the right, {@code x w1}, as in CS231n.
 * PyTorch's {@code nn.Linear} stores {@code (out, in)} and computes {@code x W^T}; same function,
 * transposed storage. The softmax runs along each row (over the classes, axis 1), never over the
 * batch.
 *
 * <h2>A numerically stable softmax</h2>
 * {@code exp(1000)} overflows a double (anything above about 709 does), and the ratio becomes
 * {@code inf / inf = NaN}. Since softmax does not change when the same constant is subtracted from
 * a whole row, subtract each row's maximum first: the largest exponent is then {@code exp(0) = 1}
 * and nothing overflows.
 *
 * <h2>What interviewers ask</h2>
 * "Write the forward pass of a two-layer net" (this, with shapes). "How many parameters?"
 * ({@code D*H + H + H*C + C}). "Why a nonlinearity?" (above). "Why subtract the max in softmax?"
 * (above). "Softmax or sigmoid outputs?" (one class per example, or independent labels).
 *
 * <h2>Hint: vectorised ND4J</h2>
 * {@code x.mmul(w1)} is the matrix product; {@code addRowVector(b1)} adds the bias to every row;
 * {@code Transforms.relu(a, true)} and {@code Transforms.exp(a, true)} work element-wise on a copy;
 * {@code a.max(1)} and {@code a.sum(1)} reduce each row to one value, and
 * {@code subColumnVector}/{@code divColumnVector} broadcast such an {@code (N)} vector back along
 * the rows.
 *
 * @see <a href="https://cs231n.github.io/neural-networks-case-study/">CS231n, Putting it together:
 *      a minimal neural network case study</a>
 */
public final class MlpForward {

    private MlpForward() {
    }

    /**
     * The class scores (logits) of a batch.
     *
     * @param x  input of shape (N, D); not modified
     * @param w1 first layer's weights, (D, H); not modified
     * @param b1 first layer's biases, (H); not modified
     * @param w2 second layer's weights, (H, C); not modified
     * @param b2 second layer's biases, (C); not modified
     * @return a new (N, C) array of scores, in the data type of {@code x}
     */
    public static INDArray scores(INDArray x, INDArray w1, INDArray b1, INDArray w2, INDArray b2) {
        // TODO: hidden = relu(x w1 + b1), then scores = hidden w2 + b2.
        throw new UnsupportedOperationException("Not implemented yet: MlpForward.scores");
    }

    /**
     * The class probabilities of a batch: the row-wise softmax of {@link #scores}, computed stably.
     *
     * @param x  input of shape (N, D); not modified
     * @param w1 first layer's weights, (D, H); not modified
     * @param b1 first layer's biases, (H); not modified
     * @param w2 second layer's weights, (H, C); not modified
     * @param b2 second layer's biases, (C); not modified
     * @return a new (N, C) array whose rows sum to 1, in the data type of {@code x}
     */
    public static INDArray probabilities(INDArray x, INDArray w1, INDArray b1, INDArray w2, INDArray b2) {
        // TODO: the softmax of every row of scores, after subtracting the row maximum.
        throw new UnsupportedOperationException("Not implemented yet: MlpForward.probabilities");
    }
}
