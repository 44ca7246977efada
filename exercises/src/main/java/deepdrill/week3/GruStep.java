package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of a GRU cell, forward, in PyTorch's gate order and formulas.
 *
 * <h2>The idea</h2>
 * A gated recurrent unit (Cho et al., 2014) keeps one state {@code h} and updates it by
 * interpolation: an update gate {@code z} decides how much of the old state to keep, and a reset
 * gate {@code r} how much of the old state the candidate {@code n} may see. As in an LSTM, the
 * path {@code h' = ... + z * h} carries gradients across many steps when {@code z} is near 1, with
 * three gates' worth of weights instead of four and no separate cell.
 *
 * <h2>Formula</h2>
 * <pre>
 *   gi = x W_ih^T + b_ih        gh = h W_hh^T + b_hh        both (N, 3H), blocks r, z, n
 *   r  = sigmoid(gi_r + gh_r)                   gi_r = gi[:, 0:H],   gh_r = gh[:, 0:H]
 *   z  = sigmoid(gi_z + gh_z)                   gi_z = gi[:, H:2H],  gh_z = gh[:, H:2H]
 *   n  = tanh(gi_n + r * gh_n)                  gi_n = gi[:, 2H:3H], gh_n = gh[:, 2H:3H] = h W_hn^T + b_hn
 *   h' = (1 - z) * n + z * h
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size      D  input features      H  hidden size
 *
 *   x          (N, D)      the input at this step; any floating-point type (the result keeps it)
 *   h          (N, H)      the previous hidden state
 *   weightIh   (3H, D)     W_ih: the rows of r, z, n stacked in that order (PyTorch's weight_ih_l0)
 *   weightHh   (3H, H)     W_hh, stacked the same way (weight_hh_l0)
 *   biasIh     (3H)        b_ih (bias_ih_l0)       biasHh (3H)   b_hh (bias_hh_l0)
 *   h'         (N, H)      the next hidden state, a new array
 * </pre>
 *
 * <h2>The convention</h2>
 * As {@code torch.nn.GRUCell} and {@code torch.nn.GRU} (and cuDNN): the reset gate multiplies
 * {@code W_hn h + b_hn}, the recurrent part of the candidate <b>after</b> the matrix product and
 * with its bias. Cho et al.'s original applies it before the product, {@code W_hn (r * h)}; Keras
 * offers both ({@code reset_after}). The gates are stacked <b>r, z, n</b>, and {@code z} weights
 * the OLD state: {@code h' = (1 - z) * n + z * h}. Some texts write the interpolation the other way
 * round ({@code z * n + (1 - z) * h}); both learn, but the weights are not interchangeable. The
 * inputs must not change; return a new array.
 *
 * <h2>What interviewers ask</h2>
 * "Write the GRU equations" (above). "GRU or LSTM?" (a GRU has 3 gate blocks to the LSTM's 4 and no
 * separate cell: about 3/4 of the parameters and compute, often similar accuracy; LSTMs are
 * somewhat stronger on long or counting-like dependencies). "How many parameters?"
 * ({@code 3H(D + H) + 6H} in PyTorch with its two biases). "Why does the reset gate sit where it
 * does?" (after the product, all three gates' {@code h W_hh^T} come from one matrix product, which is
 * faster; the original needs {@code r} before it can multiply). "What does z near 1 do?" (keeps the
 * old state: the step is skipped and the gradient passes through).
 *
 * <h2>Hint: vectorised ND4J</h2>
 * <pre>
 *   x.mmul(weightIh.transpose()).addiRowVector(biasIh)                 gi (N, 3H)
 *   gi.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden))       the first H columns (a view: dup() it)
 *   Transforms.sigmoid(a, true)   Transforms.tanh(a, true)   z.rsub(1)  (1 - z)
 * </pre>
 * No loops are needed. Arrays of one data type only: the inputs share {@code x}'s data type.
 *
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.nn.GRU.html">PyTorch,
 *      torch.nn.GRU (the equations and the weight layout)</a>
 * @see <a href="https://arxiv.org/abs/1406.1078">Cho et al., Learning phrase representations using
 *      RNN encoder-decoder for statistical machine translation (2014)</a>
 */
public final class GruStep {

    private GruStep() {
    }

    /**
     * One GRU step: the next hidden state.
     *
     * @param x        input of shape (N, D); not modified
     * @param h        previous hidden state, (N, H); not modified
     * @param weightIh W_ih, (3H, D), gates stacked r, z, n; not modified
     * @param weightHh W_hh, (3H, H), stacked the same way; not modified
     * @param biasIh   b_ih, (3H); not modified
     * @param biasHh   b_hh, (3H); not modified
     * @return h' (N, H), a new array in the data type of {@code x}
     * @throws IllegalArgumentException if a shape does not match the table above (a weight or
     *                                  bias without 3H rows, a weight whose columns are not D or
     *                                  H, x and h with different N)
     */
    public static INDArray forward(INDArray x, INDArray h, INDArray weightIh, INDArray weightHh, INDArray biasIh,
                                   INDArray biasHh) {
        // TODO: gi = x W_ih^T + b_ih and gh = h W_hh^T + b_hh; slice r, z, n; r multiplies gh_n (see the class Javadoc).
        throw new UnsupportedOperationException("Not implemented yet: GruStep.forward");
    }
}
