package deepdrill.week3;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One step of an LSTM cell, forward and backward, in PyTorch's gate order and formulas.
 *
 * <h2>The idea</h2>
 * A vanilla RNN multiplies its gradient by the same Jacobian at every step, so it vanishes or
 * explodes over long sequences. An LSTM adds a cell state {@code c} that is updated additively:
 * a forget gate {@code f} decides how much of the old cell to keep, an input gate {@code i} how
 * much of a candidate {@code g} to write, and an output gate {@code o} how much of the cell to
 * show as the hidden state {@code h}. Along {@code c} the gradient is scaled only by {@code f}
 * (the "constant error carousel"), so it survives many steps when {@code f} is near 1.
 *
 * <h2>Formula</h2>
 * <pre>
 *   a  = x W_ih^T + b_ih + h W_hh^T + b_hh          (N, 4H): all four gates in one product each
 *   a_i, a_f, a_g, a_o = a[:, 0:H], a[:, H:2H], a[:, 2H:3H], a[:, 3H:4H]
 *   i = sigmoid(a_i)     f = sigmoid(a_f)     g = tanh(a_g)     o = sigmoid(a_o)
 *   c' = f * c + i * g                               (elementwise; f scales the OLD cell)
 *   h' = o * tanh(c')
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size      D  input features      H  hidden size
 *
 *   x          (N, D)      the input at this step; any floating-point type (every result keeps it)
 *   h, c       (N, H)      the previous hidden and cell state
 *   weightIh   (4H, D)     W_ih: the rows of i, f, g, o stacked in that order (PyTorch's weight_ih_l0)
 *   weightHh   (4H, H)     W_hh, stacked the same way (weight_hh_l0)
 *   biasIh     (4H)        b_ih (bias_ih_l0)       biasHh (4H)   b_hh (bias_hh_l0)
 *   h', c'     (N, H)      the next hidden and cell state
 * </pre>
 *
 * <h2>The convention</h2>
 * As {@code torch.nn.LSTMCell} and {@code torch.nn.LSTM}: weights are stored (4H, in) and applied
 * as {@code x W^T}; the gates are stacked <b>i, f, g, o</b>; there are two biases, {@code b_ih} and
 * {@code b_hh}, that are simply added (two biases give the same function as one, but they are what
 * a PyTorch state dict holds). Tutorials and other libraries differ: some stack i, f, o, g, and
 * TensorFlow's {@code LSTMCell} uses i, g ("j"), f, o with one bias; loading weights across them
 * means permuting the blocks. The inputs must not change; return new arrays.
 *
 * <h2>Backward</h2>
 * Given the upstream gradients {@code dh'} and {@code dc'} (the loss reaches {@code c'} directly,
 * from the next step, and through {@code h'}):
 * <pre>
 *   dc_total = dc' + dh' * o * (1 - tanh(c')^2)      the path through h' counts too
 *   do = dh' * tanh(c')      di = dc_total * g      dg = dc_total * i      df = dc_total * c
 *   dc = dc_total * f                                  the gradient to the previous cell
 *   da = [di * i(1 - i), df * f(1 - f), dg * (1 - g^2), do * o(1 - o)]     (N, 4H), same order as a
 *   dx = da W_ih    dh = da W_hh    dW_ih = da^T x    dW_hh = da^T h    db_ih = db_hh = sum of da over the batch
 * </pre>
 * The forward returns a {@link Cache} with what the backward needs; the check never looks inside
 * it: only your backward reads it.
 *
 * <h2>What interviewers ask</h2>
 * "Write the LSTM equations" (above). "Why does an LSTM help with vanishing gradients?" (the cell
 * is updated additively, so dc = dc' * f: no squashing nonlinearity and no weight matrix on that
 * path). "How many parameters?" ({@code 4H(D + H) + 8H} in PyTorch with its two biases,
 * {@code 4H(D + H + 1)} with one). "LSTM or GRU?" (a GRU has 3 gates and no separate cell: fewer
 * parameters, often similar accuracy). "Why initialise the forget-gate bias to 1?" (so that
 * {@code f} starts near 1 and gradients flow through the cell early in training; Jozefowicz et
 * al., 2015). "What is the cost of a step?" ({@code 2N(D + H)4H} FLOPs in the two products, plus
 * O(NH) elementwise).
 *
 * <h2>Hint: vectorised ND4J</h2>
 * <pre>
 *   x.mmul(weightIh.transpose())                      (N, 4H)
 *   a.addiRowVector(biasIh)                           adds a (4H) vector to every row
 *   a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden))     the first H columns (a view: dup() it)
 *   Transforms.sigmoid(a, true)   Transforms.tanh(a, true)          (true: a copy)
 *   Nd4j.hstack(di, df, dg, do)                       (N, 4H)
 * </pre>
 * No loops are needed. Arrays of one data type only: the inputs share {@code x}'s data type.
 *
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.nn.LSTM.html">PyTorch,
 *      torch.nn.LSTM (the equations and the weight layout)</a>
 * @see <a href="https://colah.github.io/posts/2015-08-Understanding-LSTMs/">Christopher Olah,
 *      Understanding LSTM networks (2015)</a>
 * @see <a href="https://www.bioinf.jku.at/publications/older/2604.pdf">Hochreiter and Schmidhuber,
 *      Long short-term memory (1997)</a>
 */
public final class LstmStep {

    private LstmStep() {
    }

    /**
     * What the backward pass needs from the forward pass.
     *
     * @param x        the input, (N, D)
     * @param h        the previous hidden state, (N, H)
     * @param c        the previous cell state, (N, H)
     * @param i        the input gate, (N, H)
     * @param f        the forget gate, (N, H)
     * @param g        the candidate cell, (N, H)
     * @param o        the output gate, (N, H)
     * @param tanhC    {@code tanh(c')}, (N, H)
     * @param weightIh W_ih, (4H, D)
     * @param weightHh W_hh, (4H, H)
     */
    public record Cache(INDArray x, INDArray h, INDArray c, INDArray i, INDArray f, INDArray g, INDArray o,
                        INDArray tanhC, INDArray weightIh, INDArray weightHh) {
    }

    /**
     * The forward pass's results.
     *
     * @param h     the next hidden state h', (N, H)
     * @param c     the next cell state c', (N, H)
     * @param cache what {@link #backward} needs
     */
    public record StepResult(INDArray h, INDArray c, Cache cache) {
    }

    /**
     * The gradients of the loss, each the shape of what it is the gradient of.
     *
     * @param dx        dL/dx, (N, D)
     * @param dh        dL/dh for the previous hidden state, (N, H)
     * @param dc        dL/dc for the previous cell state, (N, H)
     * @param dWeightIh dL/dW_ih, (4H, D)
     * @param dWeightHh dL/dW_hh, (4H, H)
     * @param dBiasIh   dL/db_ih, (4H)
     * @param dBiasHh   dL/db_hh, (4H)
     */
    public record Gradients(INDArray dx, INDArray dh, INDArray dc, INDArray dWeightIh, INDArray dWeightHh,
                            INDArray dBiasIh, INDArray dBiasHh) {
    }

    /**
     * One LSTM step: the next hidden and cell state.
     *
     * @param x        input of shape (N, D); not modified
     * @param h        previous hidden state, (N, H); not modified
     * @param c        previous cell state, (N, H); not modified
     * @param weightIh W_ih, (4H, D), gates stacked i, f, g, o; not modified
     * @param weightHh W_hh, (4H, H), stacked the same way; not modified
     * @param biasIh   b_ih, (4H); not modified
     * @param biasHh   b_hh, (4H); not modified
     * @return h' and c' (N, H), new arrays in the data type of {@code x}, and the cache
     * @throws IllegalArgumentException if a shape does not match the table above (c not the shape
     *                                  of h, a weight or bias without 4H rows, a weight whose
     *                                  columns are not D or H, x and h with different N)
     */
    public static StepResult forward(INDArray x, INDArray h, INDArray c, INDArray weightIh, INDArray weightHh,
                                     INDArray biasIh, INDArray biasHh) {
        long hidden = h.size(1);
        requireShape("h", h, x.size(0), hidden);
        requireShape("c", c, x.size(0), hidden);
        requireShape("weightIh", weightIh, 4 * hidden, x.size(1));
        requireShape("weightHh", weightHh, 4 * hidden, hidden);
        requireShape("biasIh", biasIh, 4 * hidden);
        requireShape("biasHh", biasHh, 4 * hidden);
        INDArray a = x.mmul(weightIh.transpose()).addi(h.mmul(weightHh.transpose()))
                .addiRowVector(biasIh).addiRowVector(biasHh);
        INDArray i = Transforms.sigmoid(block(a, 0, hidden), false);
        INDArray f = Transforms.sigmoid(block(a, 1, hidden), false);
        INDArray g = Transforms.tanh(block(a, 2, hidden), false);
        INDArray o = Transforms.sigmoid(block(a, 3, hidden), false);
        INDArray cNext = f.mul(c).addi(i.mul(g));
        INDArray tanhC = Transforms.tanh(cNext, true);
        INDArray hNext = o.mul(tanhC);
        return new StepResult(hNext, cNext, new Cache(x, h, c, i, f, g, o, tanhC, weightIh, weightHh));
    }

    /**
     * The backward pass of {@link #forward}.
     *
     * @param dhNext upstream gradient dL/dh', (N, H); not modified
     * @param dcNext upstream gradient dL/dc' from the next step, (N, H); not modified
     * @param cache  the cache returned by the forward pass
     * @return the seven gradients, new arrays in the data type of {@code dhNext}
     */
    public static Gradients backward(INDArray dhNext, INDArray dcNext, Cache cache) {
        INDArray i = cache.i();
        INDArray f = cache.f();
        INDArray g = cache.g();
        INDArray o = cache.o();
        INDArray tanhC = cache.tanhC();
        // c' reaches the loss directly (dc') and through h' = o * tanh(c').
        INDArray dcTotal = dhNext.mul(o).muli(tanhC.mul(tanhC).rsubi(1)).addi(dcNext);
        INDArray dai = dcTotal.mul(g).muli(i.mul(i.rsub(1)));
        INDArray daf = dcTotal.mul(cache.c()).muli(f.mul(f.rsub(1)));
        INDArray dag = dcTotal.mul(i).muli(g.mul(g).rsubi(1));
        INDArray dao = dhNext.mul(tanhC).muli(o.mul(o.rsub(1)));
        INDArray da = Nd4j.hstack(dai, daf, dag, dao);
        INDArray dx = da.mmul(cache.weightIh());
        INDArray dh = da.mmul(cache.weightHh());
        INDArray dc = dcTotal.mul(f);
        INDArray dWeightIh = da.transpose().mmul(cache.x());
        INDArray dWeightHh = da.transpose().mmul(cache.h());
        INDArray db = da.sum(0);
        return new Gradients(dx, dh, dc, dWeightIh, dWeightHh, db, db.dup());
    }

    // Gate k (0 = i, 1 = f, 2 = g, 3 = o) of the stacked pre-activations, (N, H): a copy.
    private static INDArray block(INDArray a, int k, long hidden) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(k * hidden, (k + 1) * hidden)).dup();
    }

    private static void requireShape(String name, INDArray array, long... shape) {
        if (!Arrays.equals(array.shape(), shape)) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(array.shape())
                    + ", expected " + Arrays.toString(shape));
        }
    }
}
