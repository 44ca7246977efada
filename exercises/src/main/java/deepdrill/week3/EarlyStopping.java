package deepdrill.week3;

/**
 * Early stopping: stop training when the validation loss has stopped improving, and remember
 * the best epoch (whose weights you would restore).
 *
 * <h2>The idea</h2>
 * The training loss keeps falling, but past some point the validation loss rises again: the
 * model starts to fit noise. Early stopping watches the validation loss after every epoch and
 * stops once it has not improved for a while, a cheap and effective regulariser. Since one noisy
 * epoch should not end training, it waits {@code patience} epochs; since a tiny improvement may
 * be noise too, only improvements larger than {@code minDelta} count.
 *
 * <h2>The rule (Keras's and PyTorch Lightning's {@code EarlyStopping})</h2>
 * Call {@link #update} once per epoch, in order; the first call is epoch 0.
 * <pre>
 *   best      = +infinity before the first epoch (so epoch 0 always improves)
 *   improved  = loss &lt; best - minDelta          (strict: an improvement of exactly minDelta does not count)
 *   if improved:  best = loss, bestEpoch = this epoch, wait = 0, and do not stop
 *   else:         wait = wait + 1, and stop if wait &gt;= patience
 * </pre>
 * So training stops on the {@code patience}-th epoch in a row without improvement; with
 * {@code patience} 0 (or 1) it stops at the first epoch without improvement. A NaN loss is never an
 * improvement. Once {@link #update} has returned {@code true} the trainer stops calling it (if it
 * goes on, the same rule applies). {@code best} only changes on an improvement: a loss that is
 * lower than the best by {@code minDelta} or less is not remembered.
 *
 * <h2>State</h2>
 * This is a small stateful class: keep the best loss, the best epoch, the current epoch and the
 * count of epochs without improvement in fields. {@link #bestEpoch()} is -1 before the first call.
 *
 * <h2>What interviewers ask</h2>
 * "Is early stopping a regulariser?" (yes: it limits how far the weights travel from their
 * initialisation; for a linear model it is close to L2). "Which weights do you keep?" (the best
 * epoch's, not the last: keep a checkpoint). "Why not stop at the first increase?" (validation
 * loss is noisy: patience). "What do you monitor, loss or accuracy?" (whatever you will be judged
 * on; loss is smoother).
 *
 * @see <a href="https://keras.io/api/callbacks/early_stopping/">Keras, EarlyStopping</a>
 * @see <a href="https://lightning.ai/docs/pytorch/stable/common/early_stopping.html">PyTorch
 *      Lightning, EarlyStopping</a>
 */
public final class EarlyStopping {

    // TODO: the fields that hold the rule's settings and its state.

    /**
     * A new early-stopping rule, before the first epoch.
     *
     * @param patience epochs in a row without improvement after which to stop, at least 0
     * @param minDelta how much lower than the best a loss must be to count as an improvement, at least 0
     * @throws IllegalArgumentException if {@code patience} or {@code minDelta} is negative
     */
    public EarlyStopping(int patience, double minDelta) {
        // TODO: check the arguments, keep them, and start the state (best loss +infinity, best epoch -1).
        throw new UnsupportedOperationException("Not implemented yet: new EarlyStopping");
    }

    /**
     * Records the validation loss of the next epoch.
     *
     * @param validationLoss this epoch's validation loss
     * @return {@code true} when training should stop now
     */
    public boolean update(double validationLoss) {
        // TODO: count the epoch, compare with best - minDelta, then reset or advance the counter.
        throw new UnsupportedOperationException("Not implemented yet: EarlyStopping.update");
    }

    /**
     * The epoch of the best loss so far.
     *
     * @return the epoch (from 0) of the last improvement, or -1 before the first call of {@link #update}
     */
    public int bestEpoch() {
        // TODO: the epoch of the last improvement.
        throw new UnsupportedOperationException("Not implemented yet: EarlyStopping.bestEpoch");
    }
}
