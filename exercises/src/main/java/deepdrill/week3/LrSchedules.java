package deepdrill.week3;

/**
 * Learning-rate schedules: how the learning rate changes over training.
 *
 * <h2>The idea</h2>
 * A large learning rate makes fast progress early but cannot settle into a minimum; a small one
 * settles but crawls. Schedules start large and decay, or warm up first (large batches and
 * transformers are unstable in their first steps, while Adam's statistics are still noisy), or
 * cycle between two values. Each method here is a pure function: the learning rate for one epoch
 * (or iteration), given the schedule's settings.
 *
 * <h2>Conventions</h2>
 * Epochs (and iterations) are counted from 0, and epoch 0 uses the base learning rate unless a
 * warm-up says otherwise: {@code lr(epoch)} is the rate PyTorch's scheduler gives after
 * {@code epoch} calls of {@code scheduler.step()}. You may assume sensible arguments (epoch at
 * least 0, step sizes at least 1).
 * <pre>
 *   step decay (StepLR)          lr = base * gamma^floor(epoch / stepSize)
 *   exponential (ExponentialLR)  lr = base * gamma^epoch
 *   cosine annealing             lr = etaMin + (base - etaMin) * (1 + cos(pi * epoch / tMax)) / 2
 *     (CosineAnnealingLR's closed form, SGDR without restarts; for 0 <= epoch <= tMax:
 *      base at epoch 0, etaMin at epoch tMax)
 *   triangular cyclic (Smith)    cycle = floor(1 + iteration / (2 * stepSize))
 *                                x     = |iteration / stepSize - 2 * cycle + 1|      (a real division)
 *                                lr    = base + (maxLr - base) * max(0, 1 - x)
 *     (up from base to maxLr in stepSize iterations, down again in stepSize, and repeat;
 *      PyTorch's CyclicLR with mode "triangular" and step_size_up = step_size_down = stepSize)
 *   linear warm-up               lr = base * (epoch + 1) / W   for epoch < W,   then base
 *     (epoch 0 already trains, at base / W; epoch W - 1 reaches base; PyTorch's
 *      LinearLR(start_factor = 1 / W, total_iters = W - 1))
 *   warm-up, then cosine         as the warm-up for epoch < W; then cosine annealing from base to
 *                                etaMin over the remaining totalEpochs - W epochs, at epoch - W
 *     (SequentialLR of the two, with the milestone at W)
 * </pre>
 *
 * <h2>What interviewers ask</h2>
 * "Why decay the learning rate at all?" (the gradient noise of SGD keeps the weights bouncing
 * around a minimum; a smaller step lets them settle). "Why warm up?" (early gradients are large
 * and the optimiser's statistics unreliable; with large batches the linear scaling rule needs
 * it). "What is the 1cycle policy / cyclical learning rates for?" (faster training, and a
 * learning-rate range test to pick the maximum). "Cosine or step?"
 *
 * @see <a href="https://arxiv.org/abs/1608.03983">Loshchilov and Hutter, SGDR: Stochastic Gradient
 *      Descent with Warm Restarts (2017)</a>
 * @see <a href="https://arxiv.org/abs/1506.01186">Smith, Cyclical Learning Rates for Training
 *      Neural Networks (2017)</a>
 * @see <a href="https://arxiv.org/abs/1706.02677">Goyal et al., Accurate, Large Minibatch SGD
 *      (2017): linear warm-up</a>
 * @see <a href="https://docs.pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate">PyTorch,
 *      how to adjust the learning rate</a>
 */
public final class LrSchedules {

    private LrSchedules() {
    }

    /**
     * Step decay: multiply by {@code gamma} every {@code stepSize} epochs.
     *
     * @param epoch    the epoch, from 0
     * @param baseLr   the learning rate at epoch 0
     * @param stepSize epochs between decays, at least 1
     * @param gamma    the factor of each decay, for example 0.1
     * @return {@code baseLr * gamma^floor(epoch / stepSize)}
     */
    public static double stepDecay(int epoch, double baseLr, int stepSize, double gamma) {
        // TODO: gamma to the power of the number of decays so far.
        throw new UnsupportedOperationException("Not implemented yet: LrSchedules.stepDecay");
    }

    /**
     * Exponential decay: multiply by {@code gamma} every epoch.
     *
     * @param epoch  the epoch, from 0
     * @param baseLr the learning rate at epoch 0
     * @param gamma  the factor per epoch, for example 0.95
     * @return {@code baseLr * gamma^epoch}
     */
    public static double exponentialDecay(int epoch, double baseLr, double gamma) {
        // TODO: one decay per epoch.
        throw new UnsupportedOperationException("Not implemented yet: LrSchedules.exponentialDecay");
    }

    /**
     * Cosine annealing from {@code baseLr} at epoch 0 to {@code etaMin} at epoch {@code tMax}.
     *
     * @param epoch  the epoch, from 0 to {@code tMax}
     * @param baseLr the learning rate at epoch 0
     * @param etaMin the learning rate at epoch {@code tMax}
     * @param tMax   the length of the annealing, at least 1
     * @return {@code etaMin + (baseLr - etaMin) * (1 + cos(pi * epoch / tMax)) / 2}
     */
    public static double cosineAnnealing(int epoch, double baseLr, double etaMin, int tMax) {
        // TODO: half a cosine from baseLr down to etaMin over tMax epochs.
        throw new UnsupportedOperationException("Not implemented yet: LrSchedules.cosineAnnealing");
    }

    /**
     * Smith's triangular cyclical learning rate.
     *
     * @param iteration the iteration (or epoch), from 0
     * @param baseLr    the lowest learning rate, at the start of every cycle
     * @param maxLr     the highest learning rate, reached {@code stepSize} iterations into a cycle
     * @param stepSize  half a cycle, in iterations, at least 1
     * @return the learning rate from Smith's formula above
     */
    public static double triangular(int iteration, double baseLr, double maxLr, int stepSize) {
        // TODO: Smith's formula; mind that iteration / stepSize must be a real division.
        throw new UnsupportedOperationException("Not implemented yet: LrSchedules.triangular");
    }

    /**
     * Linear warm-up over {@code warmupEpochs} epochs, then constant.
     *
     * @param epoch        the epoch, from 0
     * @param baseLr       the learning rate after the warm-up
     * @param warmupEpochs W, at least 1
     * @return {@code baseLr * (epoch + 1) / W} for {@code epoch < W}, then {@code baseLr}
     */
    public static double warmupConstant(int epoch, double baseLr, int warmupEpochs) {
        // TODO: a straight line from baseLr / W at epoch 0 to baseLr at epoch W - 1, then flat.
        throw new UnsupportedOperationException("Not implemented yet: LrSchedules.warmupConstant");
    }

    /**
     * Linear warm-up over {@code warmupEpochs} epochs, then cosine annealing to {@code etaMin} at
     * epoch {@code totalEpochs}.
     *
     * @param epoch        the epoch, from 0 to {@code totalEpochs}
     * @param baseLr       the learning rate at the end of the warm-up
     * @param warmupEpochs W, at least 1
     * @param totalEpochs  the epoch at which the rate reaches {@code etaMin}, more than W
     * @param etaMin       the final learning rate
     * @return the warm-up's rate for {@code epoch < W}, then the cosine's at {@code epoch - W}
     *         with {@code tMax = totalEpochs - W}
     */
    public static double warmupCosine(int epoch, double baseLr, int warmupEpochs, int totalEpochs, double etaMin) {
        // TODO: the warm-up first, then cosine annealing counted from the end of the warm-up.
        throw new UnsupportedOperationException("Not implemented yet: LrSchedules.warmupCosine");
    }
}
