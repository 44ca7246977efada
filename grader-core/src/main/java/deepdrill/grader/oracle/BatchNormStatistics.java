package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Batch-norm statistics from NDArray primitives, in PyTorch's convention, for inputs whose feature
 * axis is 1: {@code (N, D)} or {@code (N, C, H, W)}.
 *
 * <p>Why not DJL's {@code BatchNorm.batchNorm} for the running statistics: DJL keeps MXNet's meaning
 * of momentum ({@code running = m * running + (1 - m) * batch}) and its PyTorch engine passes
 * {@code 1 - m} to {@code torch.batch_norm}; it also takes momentum as a {@code float}, so even with
 * {@code 1 - m} passed in, the update is only float-accurate (about 1e-7 relative), too coarse for a
 * float64 check. The output of a batch norm does not depend on momentum, so checks still take it from
 * DJL's built-in operation.
 */
public final class BatchNormStatistics {

    private BatchNormStatistics() {
    }

    /** The per-feature mean over every axis but 1: shape (D) or (C). */
    public static NDArray mean(NDArray x) {
        return rows(x).mean(new int[] {1});
    }

    /** The per-feature sum over every axis but 1: shape (D) or (C). */
    public static NDArray sum(NDArray x) {
        return rows(x).sum(new int[] {1});
    }

    /**
     * The per-feature variance over every axis but 1.
     *
     * @param unbiased true: divide by M - 1 (M values per feature), as the running variance does;
     *                 false: divide by M, as the normalisation does
     */
    public static NDArray variance(NDArray x, boolean unbiased) {
        NDArray rows = rows(x);
        long m = rows.getShape().get(1);
        NDArray centred = rows.sub(rows.mean(new int[] {1}, true));
        return centred.mul(centred).sum(new int[] {1}).div(unbiased ? m - 1 : m);
    }

    /** PyTorch's running-average update: {@code (1 - momentum) * running + momentum * batch}. */
    public static NDArray runningUpdate(NDArray running, NDArray batch, double momentum) {
        return running.mul(1 - momentum).add(batch.mul(momentum));
    }

    /**
     * {@code gamma * (x - mean) / sqrt(var + eps) + beta}, every per-feature vector broadcast along
     * axis 1: the batch-norm formula with statistics of the caller's choosing (wrong ones, to model a
     * mistake, included).
     */
    public static NDArray normalize(NDArray x, NDArray mean, NDArray var, NDArray gamma, NDArray beta, double eps) {
        Shape along = alongAxis1(x);
        return x.sub(mean.reshape(along)).div(var.add(eps).sqrt().reshape(along))
                .mul(gamma.reshape(along)).add(beta.reshape(along));
    }

    /** The shape that broadcasts a per-feature vector along axis 1 of {@code x}: (1, D) or (1, C, 1, 1). */
    public static Shape alongAxis1(NDArray x) {
        long[] shape = new long[x.getShape().dimension()];
        java.util.Arrays.fill(shape, 1);
        shape[1] = x.getShape().get(1);
        return new Shape(shape);
    }

    // (N, F, ...) -> (F, M): one row per feature. PyTorch's reductions here take one axis at a time.
    private static NDArray rows(NDArray x) {
        return x.swapAxes(0, 1).reshape(x.getShape().get(1), -1);
    }
}
