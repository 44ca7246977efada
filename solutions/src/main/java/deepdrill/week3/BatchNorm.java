package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation, forward and backward, for a batch of feature vectors and for NCHW images.
 *
 * <h2>The idea</h2>
 * During training, each feature is standardised with the mean and variance of the current
 * mini-batch, then scaled and shifted by two learned vectors, {@code gamma} and {@code beta}. This
 * keeps every layer's inputs in a well-scaled range, allows larger learning rates and makes
 * training less sensitive to initialisation. At test time there may be a single example, so the
 * layer uses running averages of the batch statistics collected during training instead.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size        D  features        eps  small constant        m  momentum
 *
 *   x        (N, D)       input; any data type (every result keeps it)
 *   gamma    (D)          scale          beta   (D)   shift
 *   running  mean (D), var (D)          the running statistics
 *   out      (N, D)
 *
 *   train mode:
 *     mu[j]     = (1/N) * sum_i x[i, j]
 *     var[j]    = (1/N) * sum_i (x[i, j] - mu[j])^2                 biased: divide by N
 *     xhat[i,j] = (x[i, j] - mu[j]) / sqrt(var[j] + eps)
 *     out[i,j]  = gamma[j] * xhat[i, j] + beta[j]
 *     running.mean = (1 - m) * running.mean + m * mu
 *     running.var  = (1 - m) * running.var  + m * var * N / (N - 1)   unbiased: divide by N - 1
 *   eval mode:
 *     out[i,j]  = gamma[j] * (x[i, j] - running.mean[j]) / sqrt(running.var[j] + eps) + beta[j]
 *     the running statistics are returned unchanged
 * </pre>
 * Train mode needs {@code N >= 2} (one example has no variance); eval mode works for any batch.
 *
 * <h2>The convention: PyTorch's</h2>
 * This exercise follows {@code torch.nn.BatchNorm1d/2d} exactly, and every part of it is a classic
 * source of bugs:
 * <ul>
 *   <li>Momentum is the weight of the <em>new</em> batch: {@code running = (1 - m) * running +
 *       m * batch}, with {@code m = 0.1} by default. Keras, MXNet and DJL use the opposite meaning
 *       ({@code running = m * running + (1 - m) * batch}, default 0.99 or 0.9); porting a model
 *       between them means passing {@code 1 - m}.</li>
 *   <li>The batch is normalised with the <em>biased</em> variance (divide by {@code N}), but the
 *       running variance is updated with the <em>unbiased</em> one (divide by {@code N - 1}), since
 *       it estimates the population's variance. Careful: ND4J's {@code x.var(0)} is the unbiased
 *       one; {@code x.var(false, 0)} divides by {@code N}.</li>
 *   <li>{@code eps} goes inside the square root.</li>
 *   <li>Eval mode uses the running statistics and does not update them.</li>
 * </ul>
 *
 * <h2>Backward</h2>
 * Every {@code x[i, j]} affects {@code out} directly and through {@code mu[j]} and {@code var[j]},
 * so the gradient has three terms. With {@code dxhat = dout * gamma} (per column) and
 * {@code invStd = 1 / sqrt(var + eps)}, summing over the batch {@code i}:
 * <pre>
 *   dbeta[j]  = sum_i dout[i, j]
 *   dgamma[j] = sum_i dout[i, j] * xhat[i, j]
 *   dx[i, j]  = invStd[j] / N * (N * dxhat[i, j] - sum_k dxhat[k, j] - xhat[i, j] * sum_k dxhat[k, j] * xhat[k, j])
 * </pre>
 * The forward returns a {@link Cache} with what the backward needs; the backward is only called
 * after a train-mode forward. The check never looks inside the cache: only your backward reads it.
 *
 * <h2>Spatial batch norm (NCHW)</h2>
 * After a convolution, each channel is one feature: {@code x (N, C, H, W)}, {@code gamma, beta,
 * running} of shape {@code (C)}, and the statistics of channel {@code c} are taken over all
 * {@code N * H * W} values of that channel (so the running variance divides by
 * {@code N * H * W - 1}). Moving the channel axis last and flattening,
 * {@code (N, C, H, W) -> (N, H, W, C) -> (N * H * W, C)}, turns it into the ordinary case.
 *
 * <h2>What interviewers ask</h2>
 * "What does batch norm do at test time?" (running statistics). "Why the learned gamma and beta?"
 * (so the layer can undo the normalisation if that is best). "What goes wrong with small batches?"
 * (noisy statistics: use group or layer norm). "Where does it go, before or after the ReLU?"
 * "Derive the backward pass" (above: the two extra terms come from the mean and the variance).
 * "What does {@code dx} sum to over the batch?" (zero: shifting a whole column does not change
 * {@code xhat}).
 *
 * <h2>Hint: vectorised ND4J</h2>
 * Column-wise statistics are {@code x.mean(0)} and {@code x.var(false, 0)}, of shape {@code (D)};
 * {@code subRowVector}, {@code mulRowVector} and {@code addRowVector} broadcast a {@code (D)} vector
 * over the rows; {@code Transforms.sqrt(a, true)} and {@code Transforms.pow(a, -0.5, true)} work
 * element by element. Return new arrays and leave the inputs (including {@code running}) untouched.
 *
 * @see <a href="https://arxiv.org/abs/1502.03167">Ioffe and Szegedy, Batch normalization (2015)</a>
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.nn.BatchNorm1d.html">PyTorch,
 *      torch.nn.BatchNorm1d</a>
 */
public final class BatchNorm {

    private BatchNorm() {
    }

    /** The running statistics: a per-feature mean and (unbiased) variance, each of shape (D) or (C). */
    public record RunningStats(INDArray mean, INDArray var) {
    }

    /**
     * What the backward pass needs from a train-mode forward pass.
     *
     * @param xhat   the normalised input, (N, D) (for the spatial variant: your choice of layout)
     * @param invStd {@code 1 / sqrt(var + eps)}, (D) or (C)
     * @param gamma  the scale, (D) or (C)
     */
    public record Cache(INDArray xhat, INDArray invStd, INDArray gamma) {
    }

    /** The forward pass's results: the output, the new running statistics and the cache. */
    public record ForwardResult(INDArray out, RunningStats running, Cache cache) {
    }

    /** The gradients of the loss with respect to the three inputs, each the shape of its input. */
    public record Gradients(INDArray dx, INDArray dgamma, INDArray dbeta) {
    }

    /**
     * Batch-normalises a batch of feature vectors.
     *
     * @param x        input of shape (N, D), N at least 2 in train mode; not modified
     * @param gamma    scale of shape (D); not modified
     * @param beta     shift of shape (D); not modified
     * @param running  the running mean and variance, each (D); not modified
     * @param momentum the weight of the new batch in the running averages (PyTorch's default: 0.1)
     * @param eps      added to the variance inside the square root (PyTorch's default: 1e-5)
     * @param train    true: normalise with the batch's statistics and update the running ones; false:
     *                 normalise with the running statistics and return them unchanged
     * @return the output (N, D), new running statistics and the cache, all in the data type of {@code x}
     */
    public static ForwardResult forward(INDArray x, INDArray gamma, INDArray beta, RunningStats running,
                                        double momentum, double eps, boolean train) {
        INDArray mean;
        INDArray var;
        RunningStats updated;
        if (train) {
            long n = x.size(0);
            mean = x.mean(0);
            var = x.var(false, 0);
            INDArray unbiased = var.mul((double) n / (n - 1));
            updated = new RunningStats(
                    running.mean().mul(1 - momentum).addi(mean.mul(momentum)),
                    running.var().mul(1 - momentum).addi(unbiased.mul(momentum)));
        } else {
            mean = running.mean();
            var = running.var();
            updated = new RunningStats(running.mean().dup(), running.var().dup());
        }
        INDArray invStd = Transforms.pow(var.add(eps), -0.5, false);
        INDArray xhat = x.subRowVector(mean).muliRowVector(invStd);
        INDArray out = xhat.mulRowVector(gamma).addiRowVector(beta);
        return new ForwardResult(out, updated, new Cache(xhat, invStd, gamma));
    }

    /**
     * The backward pass of a train-mode {@link #forward}.
     *
     * @param dout  upstream gradient, (N, D); not modified
     * @param cache the cache returned by the train-mode forward pass
     * @return dx (N, D), dgamma (D) and dbeta (D), in the data type of {@code dout}
     */
    public static Gradients backward(INDArray dout, Cache cache) {
        INDArray xhat = cache.xhat();
        long n = dout.size(0);
        INDArray dbeta = dout.sum(0);
        INDArray dgamma = dout.mul(xhat).sum(0);
        INDArray dxhat = dout.mulRowVector(cache.gamma());
        INDArray dx = dxhat.mul(n)
                .subiRowVector(dxhat.sum(0))
                .subi(xhat.mulRowVector(dxhat.mul(xhat).sum(0)))
                .muliRowVector(cache.invStd().div(n));
        return new Gradients(dx, dgamma, dbeta);
    }

    /**
     * Spatial batch normalisation: one set of statistics per channel, over (N, H, W).
     *
     * @param x        input of shape (N, C, H, W), N * H * W at least 2 in train mode; not modified
     * @param gamma    scale of shape (C); not modified
     * @param beta     shift of shape (C); not modified
     * @param running  the running mean and variance, each (C); not modified
     * @param momentum the weight of the new batch in the running averages
     * @param eps      added to the variance inside the square root
     * @param train    train mode (batch statistics, update) or eval mode (running statistics)
     * @return the output (N, C, H, W), new running statistics (C) and the cache, in the data type of {@code x}
     */
    public static ForwardResult forwardSpatial(INDArray x, INDArray gamma, INDArray beta, RunningStats running,
                                               double momentum, double eps, boolean train) {
        ForwardResult rows = forward(channelsLast(x), gamma, beta, running, momentum, eps, train);
        return new ForwardResult(channelsFirst(rows.out(), x.shape()), rows.running(), rows.cache());
    }

    /**
     * The backward pass of a train-mode {@link #forwardSpatial}.
     *
     * @param dout  upstream gradient, (N, C, H, W); not modified
     * @param cache the cache returned by the train-mode spatial forward pass
     * @return dx (N, C, H, W), dgamma (C) and dbeta (C), in the data type of {@code dout}
     */
    public static Gradients backwardSpatial(INDArray dout, Cache cache) {
        Gradients rows = backward(channelsLast(dout), cache);
        return new Gradients(channelsFirst(rows.dx(), dout.shape()), rows.dgamma(), rows.dbeta());
    }

    // (N, C, H, W) -> (N * H * W, C): every row is one pixel, every column one channel.
    private static INDArray channelsLast(INDArray x) {
        return x.permute(0, 2, 3, 1).dup('c').reshape('c', -1, x.size(1));
    }

    // The inverse of channelsLast, back to the given NCHW shape.
    private static INDArray channelsFirst(INDArray rows, long[] nchw) {
        return rows.reshape('c', nchw[0], nchw[2], nchw[3], nchw[1]).permute(0, 3, 1, 2).dup('c');
    }
}
