package deepdrill.week3;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Word2vec skip-gram with negative sampling: the loss of one (centre, context, negatives) triple
 * and its gradients with respect to the centre vector and the outside vectors.
 *
 * <h2>The idea</h2>
 * Skip-gram learns two vectors per word, v (as a centre word) and u (as a context word), so that
 * u_o . v_c is large when o appears near c. The full softmax over the vocabulary is too costly, so
 * negative sampling (Mikolov et al. 2013) turns it into K + 1 binary logistic problems: the true
 * context o should score high, and K words drawn from a noise distribution (unigram^0.75) low.
 *
 * <h2>Formula</h2>
 * <pre>
 *   s_o = u_o . v_c,   s_k = u_k . v_c,   sigma(z) = 1 / (1 + e^-z)
 *   loss        = -log sigma(s_o) - sum_k log sigma(-s_k)
 *   dloss/dv_c  = (sigma(s_o) - 1) u_o + sum_k sigma(s_k) u_k
 *   dloss/du_o  = (sigma(s_o) - 1) v_c
 *   dloss/du_k  = sigma(s_k) v_c, summed over every occurrence of k among the negatives
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   V  vocabulary size    d  vector size    K  number of negative samples
 *
 *   center     (d)      v_c, the centre word's vector
 *   context    int      o, the index of the true context word, 0 &lt;= o &lt; V
 *   negatives  int[K]   the sampled words' indices, 0 &lt;= k &lt; V; repeats allowed
 *   outside    (V, d)   U, one outside vector u_w per row
 *   result     loss (a double), dCenter (d), dOutside (V, d): rows other than o and the negatives 0
 * </pre>
 *
 * <h2>The convention</h2>
 * As in CS224n's assignment 2 ({@code negSamplingLossAndGradient}): a word drawn twice counts twice,
 * in the loss and in its gradient row, which accumulates; a negative equal to the context is allowed
 * (its row gets both terms). log sigma must be computed stably: {@code log sigma(z) = -(max(-z, 0) +
 * log(1 + e^-|z|))}, finite for every finite z (a dot product of 800 makes a naive
 * {@code log(1 / (1 + e^-z))} at -z give log 0 = -Infinity). An empty {@code negatives}, an index
 * outside [0, V) or shapes that do not fit are rejected with an {@link IllegalArgumentException}.
 * The gradients have the data type of {@code outside}; the inputs must not change.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>Why negative sampling? (the softmax's normaliser costs O(V) per pair; K + 1 sigmoids cost O(K))</li>
 *   <li>Why two vectors per word? (u_w . v_w for a word and itself would otherwise be pushed high, though
 *       a word rarely occurs in its own window; the two sets are usually averaged or v kept)</li>
 *   <li>Which noise distribution? (unigram counts to the power 3/4: frequent words less dominant)</li>
 *   <li>Skip-gram or CBOW? (skip-gram predicts the context from the centre, better for rare words;
 *       CBOW predicts the centre from the averaged context, faster)</li>
 *   <li>Why is the derivative of -log sigma(z) so simple? (it is sigma(z) - 1 = -sigma(-z))</li>
 * </ul>
 *
 * @see <a href="https://arxiv.org/abs/1310.4546">Mikolov et al., Distributed Representations of Words and Phrases and their Compositionality (2013)</a>
 */
public final class Word2vec {

    private Word2vec() {
    }

    /**
     * The loss of one skip-gram triple and its gradients.
     *
     * @param loss      -log sigma(u_o . v_c) - sum_k log sigma(-u_k . v_c)
     * @param dCenter   dloss/dv_c, (d)
     * @param dOutside  dloss/dU, (V, d)
     */
    public record Result(double loss, INDArray dCenter, INDArray dOutside) {
    }

    /**
     * Skip-gram with negative sampling for one (centre, context, negatives) triple.
     *
     * @param center    v_c (d); not modified
     * @param context   o, the true context word's row in {@code outside}
     * @param negatives the K sampled rows (K &gt;= 1, repeats allowed); not modified
     * @param outside   U (V, d); not modified
     * @return the loss and new gradient arrays, of {@code outside}'s data type
     * @throws IllegalArgumentException when negatives is empty, an index is outside [0, V), or the shapes do not fit
     */
    public static Result negativeSampling(INDArray center, int context, int[] negatives, INDArray outside) {
        // TODO: validate; s = u . v_c for the context and each negative; add each term's loss and gradients.
        throw new UnsupportedOperationException("Not implemented yet: Word2vec.negativeSampling");
    }
}
