package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Layer normalisation, forward and backward.
 *
 * <h2>The idea</h2>
 * Batch norm standardises each feature over the batch; layer norm standardises each example over
 * its own features, then scales and shifts them with learned {@code gamma} and {@code beta}. No
 * statistic crosses examples, so it behaves the same for a batch of one, in training and at test
 * time, and needs no running averages. That is why transformers and RNNs use it.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size        D  features (the last axis)        eps  small constant
 *
 *   x      (N, D)       input; any data type (every result keeps it)
 *   gamma  (D)          scale          beta  (D)   shift
 *   out    (N, D)
 *
 *   mu[i]      = (1/D) * sum_j x[i, j]                       one mean per example (row)
 *   var[i]     = (1/D) * sum_j (x[i, j] - mu[i])^2           biased: divide by D
 *   xhat[i, j] = (x[i, j] - mu[i]) / sqrt(var[i] + eps)
 *   out[i, j]  = gamma[j] * xhat[i, j] + beta[j]
 * </pre>
 * Note the two directions: the statistics run along a row (one per example), while {@code gamma}
 * and {@code beta} run along the columns (one per feature).
 *
 * <h2>The convention</h2>
 * As {@code torch.nn.LayerNorm(D)} with the default {@code eps = 1e-5}: the biased variance
 * (divide by {@code D}) and {@code eps} inside the square root. Some hand-written versions divide
 * by {@code std + eps}; for small variances the difference is not negligible.
 *
 * <h2>Backward</h2>
 * The same three-term formula as batch norm, with the sums taken along each row. With
 * {@code dxhat = dout * gamma} (per column) and {@code invStd[i] = 1 / sqrt(var[i] + eps)}:
 * <pre>
 *   dbeta[j]  = sum_i dout[i, j]                        (over the batch, like any per-feature parameter)
 *   dgamma[j] = sum_i dout[i, j] * xhat[i, j]
 *   dx[i, j]  = invStd[i] / D * (D * dxhat[i, j] - sum_k dxhat[i, k] - xhat[i, j] * sum_k dxhat[i, k] * xhat[i, k])
 * </pre>
 * The forward returns a {@link Cache} with what the backward needs; the check never looks inside
 * it: only your backward reads it.
 *
 * <h2>What interviewers ask</h2>
 * "Batch norm or layer norm, and why does a transformer use layer norm?" (no dependence on the
 * batch size or on other sequences in the batch; identical at train and test time). "What is
 * normalised over, and what do gamma and beta index?" (above). "Pre-norm or post-norm?" (where the
 * layer sits relative to the residual connection). "What is RMSNorm?" (layer norm without the mean:
 * divide by the root mean square).
 *
 * <h2>Hint: vectorised ND4J</h2>
 * Row-wise statistics are {@code x.mean(1)} and {@code x.var(false, 1)}, of shape {@code (N)};
 * {@code subColumnVector}/{@code mulColumnVector} broadcast an {@code (N)} vector along the rows,
 * {@code mulRowVector}/{@code addRowVector} a {@code (D)} vector down the columns. ND4J's
 * {@code x.var(1)} is the unbiased variance: pass {@code false} first.
 *
 * @see <a href="https://arxiv.org/abs/1607.06450">Ba, Kiros and Hinton, Layer normalization (2016)</a>
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.nn.LayerNorm.html">PyTorch,
 *      torch.nn.LayerNorm</a>
 */
public final class LayerNorm {

    private LayerNorm() {
    }

    /**
     * What the backward pass needs from the forward pass.
     *
     * @param xhat   the normalised input, (N, D)
     * @param invStd {@code 1 / sqrt(var + eps)}, one per example: (N)
     * @param gamma  the scale, (D)
     */
    public record Cache(INDArray xhat, INDArray invStd, INDArray gamma) {
    }

    /** The forward pass's results: the output and the cache. */
    public record ForwardResult(INDArray out, Cache cache) {
    }

    /** The gradients of the loss with respect to the three inputs, each the shape of its input. */
    public record Gradients(INDArray dx, INDArray dgamma, INDArray dbeta) {
    }

    /**
     * Layer-normalises every example over its features.
     *
     * @param x     input of shape (N, D); not modified
     * @param gamma scale of shape (D); not modified
     * @param beta  shift of shape (D); not modified
     * @param eps   added to the variance inside the square root (PyTorch's default: 1e-5)
     * @return the output (N, D) and the cache, in the data type of {@code x}
     */
    public static ForwardResult forward(INDArray x, INDArray gamma, INDArray beta, double eps) {
        // TODO: the mean and biased variance of every row, xhat, then out = gamma * xhat + beta.
        throw new UnsupportedOperationException("Not implemented yet: LayerNorm.forward");
    }

    /**
     * The backward pass of {@link #forward}.
     *
     * @param dout  upstream gradient, (N, D); not modified
     * @param cache the cache returned by the forward pass
     * @return dx (N, D), dgamma (D) and dbeta (D), in the data type of {@code dout}
     */
    public static Gradients backward(INDArray dout, Cache cache) {
        // TODO: dbeta and dgamma sum over the batch; dx has three terms summed along each row (see the class Javadoc).
        throw new UnsupportedOperationException("Not implemented yet: LayerNorm.backward");
    }
}
