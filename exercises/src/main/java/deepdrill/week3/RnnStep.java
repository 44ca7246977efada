package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One time step of a vanilla (Elman) recurrent network, forward and backward.
 *
 * <h2>The idea</h2>
 * A recurrent network reads a sequence one element at a time and carries a hidden state {@code h}
 * from step to step: the new state mixes the current input with the previous state through two
 * weight matrices, then squashes the sum with {@code tanh}. The same weights are used at every
 * step, so a sequence of any length needs one set of parameters. This exercise is one step; the
 * next one, {@code rnn-sequence}, unrolls it over T steps and backpropagates through time.
 *
 * <h2>Formula</h2>
 * <pre>
 *   a      = x Wx + prev_h Wh + b          the pre-activation, (N, H)
 *   next_h = tanh(a)
 *
 *   backward, given dnext_h = dL/dnext_h:
 *   da      = dnext_h * (1 - next_h^2)     tanh'(a) = 1 - tanh(a)^2, written with the OUTPUT
 *   dx      = da Wx^T                      (N, H) x (H, D)
 *   dprev_h = da Wh^T                      (N, H) x (H, H)
 *   dWx     = x^T da                       (D, N) x (N, H)
 *   dWh     = prev_h^T da                  (H, N) x (N, H)
 *   db      = sum of da over the batch     (H)
 * </pre>
 * Past the tanh, each product is an affine layer's backward (the {@code affine} exercise): check
 * the shapes and the transposes follow. The bias is added to every row, so its gradient sums over
 * the rows.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size        D  input features        H  hidden size
 *
 *   x        (N, D)      the input at this step; any floating-point data type (every result keeps it)
 *   prev_h   (N, H)      the previous hidden state
 *   Wx       (D, H)      input-to-hidden weights
 *   Wh       (H, H)      hidden-to-hidden weights
 *   b        (H)         bias
 *   next_h   (N, H)      the new hidden state
 *   dnext_h  (N, H)      the upstream gradient; dx, dprev_h, dWx, dWh, db have x's, prev_h's, Wx's,
 *                        Wh's and b's shapes
 * </pre>
 *
 * <h2>The convention</h2>
 * CS231n's layout: weights multiply from the right ({@code x Wx}, {@code Wx} is {@code (D, H)}) and
 * there is one bias. PyTorch's {@code nn.RNN} stores the transposes ({@code weight_ih_l0} is
 * {@code (H, D)}, {@code h_t = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)}) and two biases whose sum
 * plays the role of {@code b}. The backward receives what the forward received and recomputes what
 * it needs (call your own {@link #forward}); nothing is cached between the two calls. The inputs
 * must not change; every result is a new array.
 *
 * <h2>What interviewers ask</h2>
 * "Why tanh and not ReLU?" (bounded, zero-centred states that cannot blow up over many steps;
 * ReLU RNNs need careful initialisation). "What is tanh'?" ({@code 1 - tanh^2}: cheap, from the
 * output you already have). "How many parameters?" ({@code D*H + H*H + H}, the same for any
 * sequence length). "Why do vanilla RNNs struggle with long sequences?" (the gradient is
 * multiplied by {@code Wh^T diag(1 - h^2)} at every step: it vanishes or explodes; LSTMs and GRUs,
 * and gradient clipping, are the answers). "What happens when tanh saturates?" ({@code |a|}
 * large: {@code next_h} is +-1 and the local gradient is 0, so nothing flows back through it).
 *
 * <h2>Hint: vectorised ND4J</h2>
 * <pre>
 *   x.mmul(wx)   a.addiRowVector(b)   Transforms.tanh(a, false)   wh.transpose()   da.sum(0)
 *   h.mul(h).rsubi(1)                 // 1 - h^2, without touching h
 * </pre>
 * No loops are needed. A tanh written as {@code (e^a - e^-a) / (e^a + e^-a)} overflows to NaN for
 * {@code |a| > ~710} in float64 (~89 in float32): use the library's.
 *
 * @see <a href="https://cs231n.github.io/assignments2017/assignment3/">CS231n assignment 3,
 *      RNN_Captioning (rnn_step_forward, rnn_step_backward)</a>
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.nn.RNN.html">PyTorch,
 *      torch.nn.RNN</a>
 */
public final class RnnStep {

    private RnnStep() {
    }

    /**
     * The gradients of one step, each the shape of its input.
     *
     * @param dx     dL/dx, (N, D)
     * @param dprevH dL/dprev_h, (N, H)
     * @param dWx    dL/dWx, (D, H)
     * @param dWh    dL/dWh, (H, H)
     * @param db     dL/db, (H)
     */
    public record Gradients(INDArray dx, INDArray dprevH, INDArray dWx, INDArray dWh, INDArray db) {
    }

    /**
     * One step forward: {@code tanh(x Wx + prev_h Wh + b)}.
     *
     * @param x     the input, (N, D); not modified
     * @param prevH the previous hidden state, (N, H); not modified
     * @param wx    input-to-hidden weights, (D, H); not modified
     * @param wh    hidden-to-hidden weights, (H, H); not modified
     * @param b     bias, (H); not modified
     * @return the next hidden state, a new (N, H) array in the data type of {@code x}
     */
    public static INDArray forward(INDArray x, INDArray prevH, INDArray wx, INDArray wh, INDArray b) {
        // TODO: a = x Wx + prev_h Wh + b (b added to every row), then tanh: about two lines.
        throw new UnsupportedOperationException("Not implemented yet: RnnStep.forward");
    }

    /**
     * One step backward: the gradients of the loss with respect to the forward's five inputs.
     *
     * @param dnextH the upstream gradient dL/dnext_h, (N, H); not modified
     * @param x      the forward's input, (N, D); not modified
     * @param prevH  the forward's previous hidden state, (N, H); not modified
     * @param wx     input-to-hidden weights, (D, H); not modified
     * @param wh     hidden-to-hidden weights, (H, H); not modified
     * @param b      bias, (H); not modified
     * @return dx, dprevH, dWx, dWh and db, new arrays in the data type of {@code x}
     */
    public static Gradients backward(INDArray dnextH, INDArray x, INDArray prevH, INDArray wx, INDArray wh,
                                     INDArray b) {
        // TODO: recompute next_h, da = dnext_h * (1 - next_h^2), then the four products and one sum.
        throw new UnsupportedOperationException("Not implemented yet: RnnStep.backward");
    }
}
