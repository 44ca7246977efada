package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The classic losses, each returning the loss and its gradient: softmax cross-entropy, binary
 * cross-entropy with logits, mean squared error, and the multiclass hinge (SVM) loss.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size     K  classes
 *
 *   softmaxCrossEntropy(logits (N, K), labels int[N])      labels[n] in 0 .. K-1
 *     L = (1/N) sum_n -log softmax(logits[n])[y_n]
 *       = (1/N) sum_n ( logsumexp(logits[n]) - logits[n, y_n] )
 *     dL/dlogits[n, j] = (softmax(logits[n])[j] - [j == y_n]) / N
 *
 *   binaryCrossEntropyWithLogits(logits z (any shape), targets y (z's shape, values in [0, 1]))
 *     L = mean over all elements of  max(z, 0) - z y + log(1 + exp(-|z|))
 *       ( = -y log sigmoid(z) - (1 - y) log(1 - sigmoid(z)), rewritten so nothing overflows )
 *     dL/dz = (sigmoid(z) - y) / (number of elements)
 *
 *   mse(predictions p (any shape), targets y (p's shape))
 *     L = mean over all elements of (p - y)^2          dL/dp = 2 (p - y) / (number of elements)
 *
 *   hinge(scores s (N, K), labels int[N])              margin 1, CS231n's multiclass SVM
 *     L = (1/N) sum_n sum_{j != y_n} max(0, s[n, j] - s[n, y_n] + 1)
 *     dL/ds[n, j]   = [margin_nj &gt; 0] / N            for j != y_n
 *     dL/ds[n, y_n] = -(number of j != y_n with margin_nj &gt; 0) / N
 * </pre>
 * Every method returns a {@link LossAndGradient}: the loss as a double and the gradient with
 * respect to its first argument (the logits, the predictions or the scores), a new array of that
 * argument's shape and data type. The arguments are not modified.
 *
 * <h2>Conventions</h2>
 * All four are means, as PyTorch's default {@code reduction='mean'}: cross-entropy and hinge
 * over the batch, BCE and MSE over all elements. That {@code 1/N} is part of the gradient too. A
 * hinge margin of exactly 0 contributes no gradient ({@code margin > 0}, as in CS231n).
 *
 * <h2>Numerical stability (the part interviews test)</h2>
 * Never exponentiate a large logit: {@code exp(1000)} is {@code Infinity} and {@code log(0)} is
 * {@code -Infinity}. Compute {@code logsumexp(z) = m + log(sum_j exp(z_j - m))} with
 * {@code m = max_j z_j}, then {@code log softmax(z)_y = z_y - logsumexp(z)}: never
 * {@code log(softmax(z))}, whose softmax can round to 0. The check uses logits of magnitude 1000
 * and expects a finite loss and gradient.
 *
 * <h2>What interviewers ask</h2>
 * "Derive the gradient of softmax cross-entropy" (softmax minus one-hot: the classic result).
 * "Why use BCE-with-logits rather than sigmoid then BCE?" (stability, and one fused gradient
 * {@code sigmoid(z) - y}). "MSE or cross-entropy for classification?" (cross-entropy: MSE on
 * sigmoid outputs has vanishing gradients when wrong and confident). "What is the hinge loss's
 * loss at initialisation?" (about {@code K - 1} when all scores are near 0; cross-entropy's is
 * {@code log K}: a handy sanity check).
 *
 * <h2>Hint: fast data access</h2>
 * Read the arrays once as flat {@code double[]} in C order ({@code (n, j)} of an {@code (N, K)}
 * array is at {@code n * K + j}), loop, and wrap the gradient at the end:
 * <pre>
 *   double[] z = logits.dup('c').data().asDouble();
 *   ...
 *   return new LossAndGradient(loss, Nd4j.create(grad, logits.shape(), logits.dataType()));
 * </pre>
 *
 * @see <a href="https://cs231n.github.io/linear-classify/">CS231n notes, Linear classification:
 *      SVM and Softmax</a>
 * @see <a href="https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html">PyTorch,
 *      BCEWithLogitsLoss</a>
 */
public final class Losses {

    private Losses() {
    }

    /**
     * A loss and its gradient.
     *
     * @param loss    the loss, a mean (see the class comment)
     * @param dlogits the gradient of the loss with respect to the method's first argument (the
     *                logits, predictions or scores): that argument's shape and data type
     */
    public record LossAndGradient(double loss, INDArray dlogits) {
    }

    /**
     * Softmax cross-entropy, the mean over the batch, stable for logits of any magnitude.
     *
     * @param logits unnormalised scores, (N, K); not modified
     * @param labels the correct class of each example, N values in 0 .. K-1; not modified
     * @return the loss and dL/dlogits (N, K)
     */
    public static LossAndGradient softmaxCrossEntropy(INDArray logits, int[] labels) {
        // TODO: per row: m = max, logsumexp = m + log(sum exp(z - m)); loss += logsumexp - z[y]; grad = (softmax - onehot) / N.
        throw new UnsupportedOperationException("Not implemented yet: Losses.softmaxCrossEntropy");
    }

    /**
     * Binary cross-entropy on logits, the mean over all elements, in the stable form.
     *
     * @param logits  unnormalised scores z, any shape; not modified
     * @param targets y, z's shape, values in [0, 1]; not modified
     * @return the loss and dL/dz, z's shape
     */
    public static LossAndGradient binaryCrossEntropyWithLogits(INDArray logits, INDArray targets) {
        // TODO: loss = mean(max(z, 0) - z y + log(1 + exp(-|z|))); grad = (sigmoid(z) - y) / count.
        throw new UnsupportedOperationException("Not implemented yet: Losses.binaryCrossEntropyWithLogits");
    }

    /**
     * Mean squared error, the mean over all elements.
     *
     * @param predictions p, any shape; not modified
     * @param targets     y, p's shape; not modified
     * @return the loss and dL/dp, p's shape (in the record's {@code dlogits})
     */
    public static LossAndGradient mse(INDArray predictions, INDArray targets) {
        // TODO: loss = mean((p - y)^2); grad = 2 (p - y) / count.
        throw new UnsupportedOperationException("Not implemented yet: Losses.mse");
    }

    /**
     * The multiclass hinge (SVM) loss with margin 1, the mean over the batch.
     *
     * @param scores class scores, (N, K); not modified
     * @param labels the correct class of each example, N values in 0 .. K-1; not modified
     * @return the loss and dL/dscores (N, K) (in the record's {@code dlogits})
     */
    public static LossAndGradient hinge(INDArray scores, int[] labels) {
        // TODO: sum max(0, s_j - s_y + 1) over j != y, divide by N; gradient: +1/N per positive margin, -count/N on the correct class.
        throw new UnsupportedOperationException("Not implemented yet: Losses.hinge");
    }
}
