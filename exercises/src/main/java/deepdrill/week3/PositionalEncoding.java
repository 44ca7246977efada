package deepdrill.week3;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Positional encodings: the fixed sinusoidal table of the original transformer, and rotary
 * embeddings (RoPE), which rotate queries and keys by an angle proportional to their position.
 *
 * <h2>The idea</h2>
 * Self-attention is permutation-equivariant: shuffle the tokens and the outputs shuffle with them,
 * so the model cannot tell "dog bites man" from "man bites dog" without being told where each token
 * is. Vaswani et al. add a fixed table {@code PE} of sines and cosines to the token embeddings,
 * one frequency per pair of features, from one turn per 2&pi; positions down to one per
 * 10000 &middot; 2&pi;. RoPE (Su et al., used by Llama, GPT-NeoX, PaLM) instead rotates each pair
 * of features of a query or key by the angle {@code pos * theta_i}; since rotations compose, the
 * score {@code q_m . k_n} after rotation depends on the positions only through {@code m - n}.
 *
 * <h2>Formula</h2>
 * <pre>
 *   theta_i = 10000^(-2i / d),  i = 0 .. d/2 - 1              (one frequency per pair)
 *
 *   sinusoidal:  PE[pos, 2i]   = sin(pos * theta_i) = sin(pos / 10000^(2i/d))
 *                PE[pos, 2i+1] = cos(pos * theta_i)
 *
 *   RoPE, at position pos, for each pair (x[2i], x[2i+1]):
 *                out[2i]   = x[2i] * cos(pos * theta_i) - x[2i+1] * sin(pos * theta_i)
 *                out[2i+1] = x[2i] * sin(pos * theta_i) + x[2i+1] * cos(pos * theta_i)
 *   (the pair, read as the complex number x[2i] + i x[2i+1], times e^(i pos theta_i))
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size    T  sequence length    d  features (even)    start  the first position
 *
 *   sinusoidal(start, T, d, type)  (T, d)     row t is position start + t, in the data type asked for
 *   x                              (N, T, d)  queries or keys (one head), in any floating data type
 *   rope(x, start)                 (N, T, d)  x[:, t] rotated for position start + t, x's data type
 * </pre>
 *
 * <h2>The convention</h2>
 * Both use <b>interleaved, adjacent pairs</b> {@code (2i, 2i+1)}, as in both papers: sine at the
 * even feature, cosine at the odd one, and RoPE rotating feature 2i with feature 2i+1. Libraries
 * differ here: tensor2tensor concatenates all sines then all cosines, and GPT-NeoX / Hugging Face
 * Llama rotate the half-split pairs {@code (i, i + d/2)} ({@code rotate_half}); both are valid
 * encodings if used consistently, but they are not this one, and the check names them as mistakes.
 * The angle {@code pos * theta_i} is computed in float64 and the result rounded once to the data
 * type (in float32, {@code pos * theta_i} for pos = 100000 is already off by about 0.004 radians).
 * An odd d is rejected (each frequency needs a pair), as are T &lt; 1, start &lt; 0 and an x that is
 * not (N, T, d); every rejection is an {@link IllegalArgumentException}. The input must not change;
 * return a new array.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>Why does a transformer need positional information at all? (attention is a weighted sum
 *       over a set: without it, permuting the tokens only permutes the outputs)</li>
 *   <li>Why sines and cosines of several frequencies? (PE[pos + k] is a fixed linear function, a
 *       rotation, of PE[pos] for every offset k, and the low frequencies give a unique code to
 *       positions far beyond the training length)</li>
 *   <li>Learned or fixed? (learned embeddings, as in BERT and ViT, do as well in range but cannot
 *       extrapolate past the table; fixed ones can)</li>
 *   <li>Why does RoPE give relative positions? (R(m)q . R(n)k = q . R(n - m)k since rotations are
 *       orthogonal and compose)</li>
 *   <li>Where is RoPE applied? (to queries and keys only, after their projections, in every layer;
 *       never to the values)</li>
 *   <li>Does RoPE change a vector's length? (no: it is a rotation, norms are kept)</li>
 * </ul>
 *
 * @see <a href="https://arxiv.org/abs/1706.03762">Vaswani et al., Attention Is All You Need (2017), section 3.5</a>
 * @see <a href="https://arxiv.org/abs/2104.09864">Su et al., RoFormer: Enhanced Transformer with Rotary Position Embedding (2021), section 3.4.2</a>
 */
public final class PositionalEncoding {

    private PositionalEncoding() {
    }

    /**
     * The sinusoidal table for positions {@code start .. start + length - 1}.
     *
     * @param start    the first position, at least 0
     * @param length   T, the number of positions, at least 1
     * @param d        the number of features, even and at least 2
     * @param dataType the data type of the result (float32 or float64)
     * @return a new (T, d) array: {@code PE[t, 2i] = sin((start + t) * theta_i)}, {@code PE[t, 2i+1] = cos(...)}
     * @throws IllegalArgumentException when d is odd or below 2, length is below 1 or start is negative
     */
    public static INDArray sinusoidal(int start, int length, int d, DataType dataType) {
        // TODO: one angle (start + t) * theta_i per (position, pair), in double; sin at 2i, cos at 2i + 1.
        throw new UnsupportedOperationException("Not implemented yet: PositionalEncoding.sinusoidal");
    }

    /**
     * Rotary position embedding of queries or keys: each adjacent pair {@code (2i, 2i+1)} of
     * {@code x[n, t]} rotated by the angle {@code (start + t) * theta_i}.
     *
     * @param x     queries or keys of shape (N, T, d), d even; not modified
     * @param start the position of {@code x[:, 0]}, at least 0
     * @return a new array of the shape and data type of {@code x}
     * @throws IllegalArgumentException when x is not of rank 3, its d is odd or start is negative
     */
    public static INDArray rope(INDArray x, int start) {
        // TODO: validate, then rotate each pair (x[2i], x[2i+1]) by (start + t) * theta_i; keep x's data type.
        throw new UnsupportedOperationException("Not implemented yet: PositionalEncoding.rope");
    }
}
