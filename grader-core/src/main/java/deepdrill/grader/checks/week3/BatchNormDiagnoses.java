package deepdrill.grader.checks.week3;

/**
 * What {@link BatchNormCheck} says when the learner's answer equals a known wrong one: each a
 * sentence that follows "Looks like you ", kept apart from the check so that the check reads in
 * one sitting.
 */
final class BatchNormDiagnoses {

    static final String UNBIASED_NORM = "normalised with the unbiased variance (divided by N - 1): the "
            + "batch is normalised with the biased variance, sum((x - mu)^2) / N (ND4J's x.var(0) is the unbiased "
            + "one; x.var(false, 0) divides by N). Only the running variance uses N - 1.";
    static final String RUNNING_IN_TRAIN = "normalised with the running statistics in train mode: train "
            + "mode uses the mean and variance of the current batch.";
    static final String EPS_OUTSIDE = "added eps outside the square root: divide by sqrt(var + eps).";
    static final String NO_EPS = "left eps out of the square root: a feature with the same value in every example "
            + "has variance 0, and (x - mu) / sqrt(0) is 0 / 0 = NaN; divide by sqrt(var + eps).";
    static final String PER_EXAMPLE = "normalised each example over its features (that is layer norm): "
            + "batch norm normalises each feature over the batch, column by column.";
    static final String NO_PERMUTE = "reshaped (N, C, H, W) straight to (N * H * W, C): without moving the "
            + "channel axis last first (permute(0, 2, 3, 1)), the columns mix values of different channels.";
    static final String BIASED_RUNNING = "updated the running variance with the biased batch variance: "
            + "PyTorch's running variance uses the unbiased one, sum((x - mu)^2) / (M - 1), M values per feature.";
    static final String N_NOT_M = "made the running variance unbiased with N / (N - 1): each channel of a "
            + "spatial batch has M = N * H * W values, so the factor is M / (M - 1).";
    static final String MOMENTUM_SWAPPED = "applied the momentum the wrong way round: in PyTorch's "
            + "convention momentum weighs the new batch, running = (1 - momentum) * running + momentum * batch.";
    static final String NOT_UPDATED = "returned the running statistics unchanged in train mode: train mode "
            + "updates them, running = (1 - momentum) * running + momentum * batch.";
    static final String BATCH_IN_EVAL = "normalised with the batch's statistics in eval mode: eval mode "
            + "uses the running mean and variance.";
    static final String UPDATED_IN_EVAL = "updated the running statistics in eval mode: eval mode returns "
            + "them unchanged.";
    static final String CONSTANT_STATS = "treated the batch mean and variance as constants in dx: "
            + "dout * gamma / sqrt(var + eps) misses the terms -sum(dxhat) / N and -xhat * sum(dxhat * xhat) / N "
            + "that flow through the mean and the variance.";
    static final String NO_VAR_TERM = "left out the variance's term of dx: dx = invStd / N * (N * dxhat - "
            + "sum(dxhat) - xhat * sum(dxhat * xhat)).";
    static final String NO_MEAN_TERM = "left out the mean's term of dx: dx = invStd / N * (N * dxhat - "
            + "sum(dxhat) - xhat * sum(dxhat * xhat)).";
    static final String NO_ONE_OVER_N = "left out the 1 / N in dx: dx = invStd / N * (N * dxhat - "
            + "sum(dxhat) - xhat * sum(dxhat * xhat)), so yours is N times too large.";
    static final String X_NOT_XHAT = "used x instead of xhat in dgamma: dgamma = sum over the batch of "
            + "dout * xhat.";
    static final String MEAN_NOT_SUM = "averaged over the batch instead of summing: the parameter's "
            + "gradient is the sum of the contributions of every example.";

    private BatchNormDiagnoses() {
    }
}
