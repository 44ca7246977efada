package deepdrill.week3;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A vanilla RNN over a whole sequence: the forward pass over T steps, backpropagation through
 * time (BPTT), and gradient clipping by global norm.
 *
 * <h2>The idea</h2>
 * The same step ({@code rnn-step}) runs T times with the same weights, each step reading the
 * hidden state the previous one wrote. Backward walks the steps in reverse. The hidden state
 * {@code h_t} is used twice (it is an output, and the next step's input), so its gradient is the
 * sum of two parts: the upstream gradient {@code dh[:, t]} of this step's output and the gradient
 * {@code dprev} carried back from step {@code t + 1}. The weights are shared by every step, so
 * their gradients are the sums over all steps. Gradients through many steps can explode; clipping
 * by the global norm rescales them all together, keeping their direction.
 *
 * <h2>Formula</h2>
 * <pre>
 *   forward:   h_{-1} = h0,   h_t = tanh(x_t Wx + h_{t-1} Wh + b),   t = 0 .. T-1
 *
 *   backward:  dprev = 0
 *              for t = T-1 down to 0:
 *                  dnext = dh[:, t] + dprev                     both parts of dL/dh_t
 *                  (dx_t, dprev, dWx_t, dWh_t, db_t) = step backward at t with dnext (prev_h = h_{t-1})
 *                  dWx += dWx_t,  dWh += dWh_t,  db += db_t       shared weights: sum over steps
 *              dh0 = dprev                                      what step 0 sends back
 *
 *   clipping:  total = sqrt(sum over every gradient g of sum(g^2))
 *              if total > max_norm:  every g becomes g * max_norm / total;  otherwise unchanged
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size     T  time steps     D  input features     H  hidden size
 *
 *   x    (N, T, D)    the input sequence; any floating-point data type (every result keeps it)
 *   h0   (N, H)       the initial hidden state
 *   Wx   (D, H), Wh (H, H), b (H)         as in rnn-step
 *   h    (N, T, H)    every step's hidden state, h[:, t] = h_t
 *   dh   (N, T, H)    the upstream gradient of every step's hidden state
 *   dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H)
 * </pre>
 *
 * <h2>The convention</h2>
 * Batch first, {@code (N, T, D)}, as CS231n's {@code rnn_forward} and PyTorch's
 * {@code nn.RNN(batch_first=True)}; CS231n's weight layout (see {@code rnn-step}). The backward
 * receives what the forward received and recomputes the hidden states. You may build both passes
 * on your own {@link RnnStep} (the model answer does: then this check exercises it too) or write
 * the step again here. Clipping follows PyTorch's {@code torch.nn.utils.clip_grad_norm_} with the
 * 2-norm, except for its {@code 1e-6}: PyTorch scales by {@code max_norm / (total + 1e-6)} whenever
 * that is below 1; this exercise scales by exactly {@code max_norm / total}, only when
 * {@code total > max_norm}, so gradients at or below the threshold (a total of 0 included) come back
 * as exact copies. {@code max_norm} must be positive: 0, a negative value or NaN is rejected with
 * an {@link IllegalArgumentException}. The inputs must not change; every result is a new array.
 *
 * <h2>What interviewers ask</h2>
 * "Why do RNN gradients vanish or explode?" (dL/dh_0 is a product of T Jacobians
 * {@code diag(1 - h_t^2) Wh^T}: its size goes like the largest singular value of Wh to the T).
 * "Clip by value or by norm?" (by global norm keeps the update's direction; by value bends it).
 * "Why accumulate the weight gradients?" (the weights are shared by every step). "What is truncated
 * BPTT?" (backpropagate only k steps, carrying the hidden state forward but not its gradient: cheaper,
 * at the cost of longer dependencies). "Memory cost of BPTT?" (every h_t is kept: O(N T H)).
 *
 * <h2>Hint: vectorised ND4J</h2>
 * <pre>
 *   x.get(all(), point(t), all()).dup()           // x_t, (N, D); NDArrayIndex.all and point
 *   h.get(all(), point(t), all()).assign(next)     // writes step t into h (N, T, H)
 *   Nd4j.zeros(x.dataType(), x.shape())           dWh.addi(step)            g.norm2Number()
 * </pre>
 * One loop over the time steps; every step is vectorised over the batch.
 *
 * @see <a href="https://cs231n.github.io/assignments2017/assignment3/">CS231n assignment 3,
 *      RNN_Captioning (rnn_forward, rnn_backward)</a>
 * @see <a href="https://arxiv.org/abs/1211.5063">Pascanu, Mikolov and Bengio, On the difficulty of
 *      training recurrent neural networks (2013): clipping by norm</a>
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html">PyTorch,
 *      clip_grad_norm_</a>
 */
public final class RnnSequence {

    private RnnSequence() {
    }

    /**
     * The gradients of a whole sequence, each the shape of its input.
     *
     * @param dx  dL/dx, (N, T, D)
     * @param dh0 dL/dh0, (N, H)
     * @param dWx dL/dWx, (D, H), summed over the steps
     * @param dWh dL/dWh, (H, H), summed over the steps
     * @param db  dL/db, (H), summed over the steps and the batch
     */
    public record Gradients(INDArray dx, INDArray dh0, INDArray dWx, INDArray dWh, INDArray db) {
    }

    /**
     * Runs the RNN over the sequence.
     *
     * @param x  the inputs, (N, T, D); not modified
     * @param h0 the initial hidden state, (N, H); not modified
     * @param wx input-to-hidden weights, (D, H); not modified
     * @param wh hidden-to-hidden weights, (H, H); not modified
     * @param b  bias, (H); not modified
     * @return every step's hidden state, a new (N, T, H) array in the data type of {@code x}
     */
    public static INDArray forward(INDArray x, INDArray h0, INDArray wx, INDArray wh, INDArray b) {
        // TODO: h (N, T, H); one loop over t, each step rnn-step's forward on x_t and the previous state.
        throw new UnsupportedOperationException("Not implemented yet: RnnSequence.forward");
    }

    /**
     * Backpropagation through time.
     *
     * @param dh the upstream gradient of every hidden state, (N, T, H); not modified
     * @param x  the forward's inputs, (N, T, D); not modified
     * @param h0 the forward's initial hidden state, (N, H); not modified
     * @param wx input-to-hidden weights, (D, H); not modified
     * @param wh hidden-to-hidden weights, (H, H); not modified
     * @param b  bias, (H); not modified
     * @return dx, dh0, dWx, dWh and db, new arrays in the data type of {@code x}
     */
    public static Gradients backward(INDArray dh, INDArray x, INDArray h0, INDArray wx, INDArray wh, INDArray b) {
        // TODO: recompute h, then walk t from T-1 down to 0: dnext = dh[:, t] + dprev, one step backward,
        // sum the weight gradients over the steps; dh0 is the last dprev.
        throw new UnsupportedOperationException("Not implemented yet: RnnSequence.backward");
    }

    /**
     * Clips gradients by their global 2-norm: when {@code total = sqrt(sum of every squared value of
     * every gradient)} exceeds {@code maxNorm}, every gradient is multiplied by
     * {@code maxNorm / total}; otherwise each comes back unchanged.
     *
     * @param grads   the gradients, any shapes, one data type; not modified
     * @param maxNorm the largest global norm allowed; must be positive
     * @return new arrays, one per gradient, in order, each the shape and data type of its gradient
     * @throws IllegalArgumentException when {@code maxNorm} is 0, negative or NaN
     */
    public static INDArray[] clipGradNorm(INDArray[] grads, double maxNorm) {
        // TODO: reject maxNorm <= 0 or NaN; the global norm over ALL gradients, then one common scale.
        throw new UnsupportedOperationException("Not implemented yet: RnnSequence.clipGradNorm");
    }
}
