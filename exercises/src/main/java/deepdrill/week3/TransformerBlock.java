package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The forward pass of a pre-LN transformer encoder block, built from your own {@link Attention}
 * and {@link LayerNorm}.
 *
 * <h2>The idea</h2>
 * A transformer layer alternates two sublayers, each wrapped in a residual connection: multi-head
 * self-attention, which mixes information across positions, and a position-wise MLP, which
 * transforms each position on its own. In the pre-LN arrangement (GPT-2, ViT, most models since)
 * each sublayer reads a layer-normalised copy of the residual stream and adds its result back to
 * the un-normalised stream, so the identity path from input to output is never normalised: deep
 * stacks train without the learning-rate warm-up that the original post-LN block needs.
 *
 * <h2>The block</h2>
 * <pre>
 *   y   = x + MHA(LN1(x))                       MHA: Attention.multiHead, self-attention, not causal
 *   out = y + MLP(LN2(y))                       MLP(z) = GELU(z W1 + b1) W2 + b2
 *
 *   LN1, LN2  layer norm of every position (token) over its d_model features, with eps
 *   GELU      the exact form x * Phi(x) = x * (1 + erf(x / sqrt 2)) / 2 (PyTorch's default,
 *             approximate='none'), not the tanh approximation
 * </pre>
 * The original transformer is post-LN: {@code y = LN1(x + MHA(x))}, {@code out = LN2(y + MLP(y))}.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size     T  positions     d  d_model     h  heads (h divides d)     f  d_ff, the MLP's width
 *
 *   x               (N, T, d)     any floating data type (the result keeps it)
 *   wq, wk, wv, wo  (d, d)        as in Attention.multiHead: x W, heads as contiguous column blocks
 *   gamma1, beta1   (d)           LN1          gamma2, beta2  (d)   LN2
 *   w1 (d, f), b1 (f)             the MLP's first layer, z W1 + b1
 *   w2 (f, d), b2 (d)             its second layer
 *   mask            (N, T) or null: the padding mask of Attention (nonzero = a real token)
 *   out             (N, T, d)
 * </pre>
 *
 * <h2>Use your own layers</h2>
 * Call {@link LayerNorm#forward} (it takes (N, D): reshape (N, T, d) to (N * T, d), since every
 * position is normalised on its own), {@link Attention#multiHead} with {@code causal = false}, and
 * {@link Activations#gelu}. The check computes the same block with PyTorch's own operations, so a
 * mistake in one of your layers shows here too: pass {@code attention}, {@code layernorm} and
 * {@code activations} first. A padded position's output is still computed (it attends to the real
 * tokens); only the keys are masked. The inputs must not change; return a new array.
 *
 * <h2>What interviewers ask</h2>
 * "Pre-LN or post-LN, and why?" (pre-LN keeps an un-normalised identity path, so gradients reach
 * the early layers at any depth and no warm-up is needed; post-LN can reach slightly better results
 * when it trains). "Why a residual around each sublayer?" (gradient flow, and each sublayer only
 * adds a correction to the stream). "How many parameters?" (4 d^2 for attention, 2 d f + f + d for
 * the MLP, 4 d for the norms; with f = 4 d about 12 d^2 per layer). "Why GELU?" (a smooth ReLU
 * that BERT and GPT use). "Where do the FLOPs go?" (the MLP and projections are O(T d^2), the
 * attention scores O(T^2 d): the MLP dominates until T exceeds a few d).
 *
 * @see <a href="https://arxiv.org/abs/2002.04745">Xiong et al., On layer normalization in the
 *      transformer architecture (2020)</a>
 * @see <a href="https://arxiv.org/abs/1706.03762">Vaswani et al., Attention is all you need (2017)</a>
 */
public final class TransformerBlock {

    private TransformerBlock() {
    }

    /**
     * The block's parameters.
     *
     * @param wq     query projection (d, d)
     * @param wk     key projection (d, d)
     * @param wv     value projection (d, d)
     * @param wo     output projection (d, d)
     * @param gamma1 LN1's scale (d)
     * @param beta1  LN1's shift (d)
     * @param w1     the MLP's first weight (d, f)
     * @param b1     its bias (f)
     * @param w2     the MLP's second weight (f, d)
     * @param b2     its bias (d)
     * @param gamma2 LN2's scale (d)
     * @param beta2  LN2's shift (d)
     */
    public record Params(INDArray wq, INDArray wk, INDArray wv, INDArray wo, INDArray gamma1, INDArray beta1,
                         INDArray w1, INDArray b1, INDArray w2, INDArray b2, INDArray gamma2, INDArray beta2) {
    }

    /**
     * The pre-LN encoder block: {@code y = x + MHA(LN1(x))}, {@code out = y + MLP(LN2(y))}.
     *
     * @param x      input (N, T, d); not modified
     * @param params the weights; not modified
     * @param heads  the number of attention heads, which divides d
     * @param mask   the padding mask (N, T), nonzero = a real token; null for none; not modified
     * @param eps    both layer norms' eps
     * @return a new (N, T, d) array, in the data type of {@code x}
     */
    public static INDArray forward(INDArray x, Params params, int heads, INDArray mask, double eps) {
        // TODO: y = x + Attention.multiHead(LN1(x), ...); out = y + MLP(LN2(y)), with LayerNorm.forward on
        // (N * T, d) rows and Activations.gelu between the MLP's two layers.
        throw new UnsupportedOperationException("Not implemented yet: TransformerBlock.forward");
    }
}
