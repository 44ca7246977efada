package deepdrill.week3;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Scaled dot-product attention, with a padding mask and a causal mask, and multi-head
 * self-attention built on it.
 *
 * <h2>The idea</h2>
 * Every query asks "which keys are like me?": its dot product with each key is a score, a softmax
 * over the keys turns the scores into weights that sum to 1, and the output is the weighted average
 * of the values. Unlike an RNN, every position sees every other in one step, and the whole thing is
 * three matrix products. It is the core of every transformer (BERT, GPT, ViT). Multi-head attention
 * runs {@code h} smaller attentions side by side on learned projections, so that different heads
 * can attend to different things, and mixes their outputs with one more projection.
 *
 * <h2>Formula</h2>
 * <pre>
 *   scores  = Q K^T / sqrt(d_k)                                  (N, Tq, Tk)
 *   scores[n, i, j] = -inf   where key j is masked for query i
 *   weights = softmax(scores) over the keys (the last axis)      (N, Tq, Tk)
 *   out     = weights V                                          (N, Tq, d_v)
 *
 *   multi-head (self-attention, x is query, key and value):
 *   Q = x Wq,  K = x Wk,  V = x Wv                               each (N, T, d_model)
 *   head j    = the columns j*d_h .. (j+1)*d_h - 1 of Q, K, V,  d_h = d_model / h
 *   o_j       = attention(Q_j, K_j, V_j)                         (N, T, d_h)
 *   out       = concat(o_0, ..., o_{h-1}) Wo                     (N, T, d_model)
 * </pre>
 * Why {@code sqrt(d_k)}: for queries and keys of unit-variance entries, {@code q . k} is a sum of
 * {@code d_k} products and has variance {@code d_k}; dividing by its standard deviation keeps the
 * scores near unit size, so the softmax does not saturate (near one-hot weights, vanishing
 * gradients) as {@code d_k} grows.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size     Tq  queries     Tk  keys (= values)     d_k  query/key size     d_v  value size
 *
 *   q        (N, Tq, d_k)     any floating data type (every result keeps q's)
 *   k        (N, Tk, d_k)
 *   v        (N, Tk, d_v)
 *   mask     (N, Tk), or null: the padding mask over the keys, 1 (or true) = a real token that may
 *            be attended to, 0 (or false) = padding; any data type, nonzero means "attend"
 *   causal   when true, query i sees only keys j &lt;= i
 *   weights  (N, Tq, Tk)      out  (N, Tq, d_v)
 *
 *   multi-head:  x (N, T, d_model);  Wq, Wk, Wv, Wo each (d_model, d_model);  h heads, h divides d_model
 * </pre>
 *
 * <h2>The convention</h2>
 * <ul>
 * <li>The mask marks the keys to <em>keep</em> (as Hugging Face's {@code attention_mask}). PyTorch's
 * {@code key_padding_mask} of {@code nn.MultiheadAttention} is the opposite: there {@code true}
 * means "ignore".</li>
 * <li>The causal mask is aligned top-left, as {@code torch.nn.functional.scaled_dot_product_attention}
 * with {@code is_causal=True}: query {@code i} sees keys {@code 0..i} even when {@code Tq != Tk}.
 * A position always sees itself.</li>
 * <li>A masked key gets a weight of exactly 0, and the weights of the keys left are renormalised
 * (they still sum to 1): mask the scores <em>before</em> the softmax.</li>
 * <li>A query whose every key is masked (a fully padded sequence, or a causal query whose keys are
 * all padding) has weights all 0 and an output of 0, not NaN (softmax over only {@code -inf} is
 * 0 / 0) and not the mean of the values (what a mask of {@code -1e9} instead of {@code -inf}
 * gives).</li>
 * <li>The softmax is numerically stable: subtract each row's maximum over its kept keys before
 * {@code exp}, so scores in the thousands neither overflow nor turn into NaN.</li>
 * <li>Multi-head: projections are {@code x W} with {@code W (d_model, d_model)} (inputs along the
 * rows, outputs along the columns; {@code nn.Linear} stores the transpose), no biases, and head
 * {@code j} owns the contiguous column block {@code j*d_h .. (j+1)*d_h - 1} of each projection, as
 * PyTorch's {@code view(N, T, h, d_h).transpose(1, 2)}. The mask and the causal flag apply to every
 * head.</li>
 * <li>Bad shapes are refused with {@link IllegalArgumentException}: ranks other than 3, batch sizes
 * that differ, {@code d_k} of q and k that differ, {@code Tk} of k and v that differ, a mask not
 * {@code (N, Tk)}, weights not {@code (d_model, d_model)}, {@code h} that does not divide
 * {@code d_model}.</li>
 * </ul>
 * The inputs must not change; every result is a new array.
 *
 * <h2>What interviewers ask</h2>
 * "Why divide by sqrt(d_k)?" (above: keeps the scores' variance at 1 so the softmax does not
 * saturate). "Why mask with -inf and not multiply the weights by 0 afterwards?" (zeroing after the
 * softmax leaves weights that no longer sum to 1). "Cost in time and memory?" (O(T^2 d) time and an
 * O(T^2) weight matrix per head: why long contexts are expensive, and what FlashAttention avoids
 * storing). "Why several heads?" (different subspaces and relations at the same cost: h heads of
 * d_model / h cost the same as one big one). "Self- versus cross-attention?" (keys and values from
 * the same sequence, or from the encoder's output). "Why the causal mask?" (a decoder must not see
 * the tokens it is asked to predict). "Why is attention permutation-equivariant, and what fixes
 * that?" (no notion of order: positional encodings).
 *
 * @see <a href="https://arxiv.org/abs/1706.03762">Vaswani et al., Attention is all you need (2017)</a>
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.scaled_dot_product_attention.html">PyTorch,
 *      torch.nn.functional.scaled_dot_product_attention</a>
 */
public final class Attention {

    private Attention() {
    }

    /**
     * The result of an attention: the output and the attention weights.
     *
     * @param out     (N, Tq, d_v)
     * @param weights (N, Tq, Tk); each row sums to 1, or is all 0 where every key is masked
     */
    public record Result(INDArray out, INDArray weights) {
    }

    /**
     * The four projections of multi-head attention, each (d_model, d_model), applied as {@code x W}.
     *
     * @param wq the query projection
     * @param wk the key projection
     * @param wv the value projection
     * @param wo the output projection, applied to the merged heads
     */
    public record Params(INDArray wq, INDArray wk, INDArray wv, INDArray wo) {
    }

    /**
     * Scaled dot-product attention {@code softmax(Q K^T / sqrt(d_k) + mask) V}.
     *
     * @param q      queries (N, Tq, d_k); not modified
     * @param k      keys (N, Tk, d_k); not modified
     * @param v      values (N, Tk, d_v); not modified
     * @param mask   (N, Tk), nonzero = attend to this key, 0 = padding; null for none; not modified
     * @param causal whether query i sees only keys j &lt;= i
     * @return the output (N, Tq, d_v) and the weights (N, Tq, Tk), new arrays in the data type of q
     * @throws IllegalArgumentException for shapes that do not fit together (see the convention)
     */
    public static Result scaledDotProduct(INDArray q, INDArray k, INDArray v, INDArray mask, boolean causal) {
        if (q.rank() != 3 || k.rank() != 3 || v.rank() != 3) {
            throw new IllegalArgumentException("q, k and v must have rank 3, got " + q.rank() + ", " + k.rank()
                    + " and " + v.rank());
        }
        long n = q.size(0);
        long tq = q.size(1);
        long tk = k.size(1);
        long dk = q.size(2);
        if (k.size(0) != n || v.size(0) != n || k.size(2) != dk || v.size(1) != tk) {
            throw new IllegalArgumentException("shapes do not fit: q (N, Tq, d_k), k (N, Tk, d_k), v (N, Tk, d_v)");
        }
        if (mask != null && (mask.rank() != 2 || mask.size(0) != n || mask.size(1) != tk)) {
            throw new IllegalArgumentException("the mask must be (N, Tk) = (" + n + ", " + tk + ")");
        }
        DataType type = q.dataType();
        INDArray out = Nd4j.create(type, n, tq, v.size(2));
        INDArray weights = Nd4j.create(type, n, tq, tk);
        for (int b = 0; b < n; b++) {
            // (Tq, Tk) scores of this example, scaled by 1 / sqrt(d_k).
            INDArray scores = q.slice(b).mmul(k.slice(b).castTo(type).transpose()).divi(Math.sqrt(dk));
            INDArray keep = keep(mask == null ? null : mask.slice(b), causal, tq, tk, type);
            INDArray w = maskedSoftmax(scores, keep);
            weights.slice(b).assign(w);
            out.slice(b).assign(w.mmul(v.slice(b).castTo(type)));
        }
        return new Result(out, weights);
    }

    /**
     * Multi-head self-attention of {@code x}: project, split into heads, attend, merge, project.
     *
     * @param x      (N, T, d_model); not modified
     * @param params Wq, Wk, Wv, Wo, each (d_model, d_model); not modified
     * @param heads  the number of heads h, which divides d_model
     * @param mask   (N, T), nonzero = attend to this key, 0 = padding; null for none; not modified
     * @param causal whether position i sees only positions j &lt;= i
     * @return a new (N, T, d_model) array in the data type of x
     * @throws IllegalArgumentException for shapes that do not fit, or h that does not divide d_model
     */
    public static INDArray multiHead(INDArray x, Params params, int heads, INDArray mask, boolean causal) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException("x must be (N, T, d_model), got rank " + x.rank());
        }
        long n = x.size(0);
        long t = x.size(1);
        long d = x.size(2);
        if (heads < 1 || d % heads != 0) {
            throw new IllegalArgumentException("the number of heads (" + heads + ") must divide d_model (" + d + ")");
        }
        for (INDArray w : new INDArray[] {params.wq(), params.wk(), params.wv(), params.wo()}) {
            if (w.rank() != 2 || w.size(0) != d || w.size(1) != d) {
                throw new IllegalArgumentException("every weight must be (d_model, d_model) = (" + d + ", " + d + ")");
            }
        }
        long dh = d / heads;
        INDArray q = splitHeads(project(x, params.wq()), heads);
        INDArray k = splitHeads(project(x, params.wk()), heads);
        INDArray v = splitHeads(project(x, params.wv()), heads);
        // The same padding mask for every head of an example: (N, T) -> (N * h, T).
        INDArray headMask = mask == null ? null : mask.reshape(n, 1, t).repeat(1, heads).reshape(n * heads, t);
        INDArray o = scaledDotProduct(q, k, v, headMask, causal).out();                // (N * h, T, d_h)
        INDArray merged = o.reshape(n, heads, t, dh).permute(0, 2, 1, 3).dup('c').reshape(n, t, d);
        return project(merged, params.wo());
    }

    // x W for x (N, T, D) and W (D, D): (N, T, D).
    private static INDArray project(INDArray x, INDArray w) {
        long n = x.size(0);
        long t = x.size(1);
        return x.reshape(n * t, x.size(2)).mmul(w.castTo(x.dataType())).reshape(n, t, w.size(1));
    }

    // (N, T, h * d_h) -> (N * h, T, d_h): head j is the column block j*d_h .. (j+1)*d_h - 1.
    private static INDArray splitHeads(INDArray x, int heads) {
        long n = x.size(0);
        long t = x.size(1);
        long dh = x.size(2) / heads;
        return x.reshape(n, t, heads, dh).permute(0, 2, 1, 3).dup('c').reshape(n * heads, t, dh);
    }

    // 1 where query i may attend to key j, else 0: (Tq, Tk).
    private static INDArray keep(INDArray padding, boolean causal, long tq, long tk, DataType type) {
        INDArray keep = Nd4j.ones(type, tq, tk);
        if (padding != null) {
            INDArray keys = padding.castTo(type).neq(0).castTo(type);                          // (Tk)
            keep.muliRowVector(keys);
        }
        if (causal) {
            for (int i = 0; i < tq; i++) {
                for (int j = i + 1; j < tk; j++) {
                    keep.putScalar(i, j, 0);
                }
            }
        }
        return keep;
    }

    // Softmax of every row of scores over the keys it keeps; a masked key gets exactly 0, and a row
    // that keeps nothing is all 0.
    private static INDArray maskedSoftmax(INDArray scores, INDArray keep) {
        // The row maximum over the kept keys only (a masked score may be the largest). Masked scores are
        // replaced by the lowest finite value of the type, so a row that keeps nothing has that as its "maximum".
        double lowest = scores.dataType() == DataType.DOUBLE ? -Double.MAX_VALUE : -Float.MAX_VALUE;
        INDArray kept = scores.mul(keep).addi(keep.rsub(1).muli(lowest));
        INDArray max = kept.max(1);
        // Kept scores minus their max are <= 0; the clamp at 0 only touches masked scores, whose
        // exp (then 1) the keep mask zeroes, so no exp ever overflows.
        INDArray e = Transforms.exp(Transforms.min(scores.subColumnVector(max), 0.0, false), false).muli(keep);
        // A row that keeps a key sums to at least 1 (its maximum gives exp(0)); a row that keeps
        // nothing sums to 0 and stays 0 when divided by 1.
        INDArray sum = Transforms.max(e.sum(1), 1.0, false);
        return e.diviColumnVector(sum);
    }
}
