package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.Attention;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code attention} against PyTorch's operations through DJL: batched {@code matmul},
 * {@code softmax} over the last axis of scores filled with {@code -inf} where masked, then
 * {@code where} to set masked weights (and the NaN rows of fully masked queries) to 0. The keep
 * mask (padding and top-left causal) is built here element by element from the definition, and
 * multi-head attention with DJL's {@code reshape} and {@code transpose}; the model solution is
 * never called. Known mistakes are recognised by computing the oracle with the mistake built in.
 *
 * <p>Covered: Tq != Tk (both ways), batch 1, a single query and a single key, d_k = 1 and d_v != d_k;
 * padding masks as 0/1 doubles and as booleans, a mask that blocks all but one key (the output is
 * that key's value), an example whose every key is padding (weights and output 0), causal masks
 * with Tq == Tk, Tq &lt; Tk and Tq &gt; Tk, causal together with padding (a query that sees only
 * padding); scores near 1e3 (exp overflows without the max subtracted) and a masked key holding the
 * largest score; multi-head with 1, 2 and 4 heads, T = 1, d_h = 1, a mask and a causal mask; float32
 * for both calls; shapes that do not fit and a head count that does not divide d_model, rejected
 * with IllegalArgumentException. The inputs must come back unchanged, and the results must be new
 * arrays.
 */
@ExerciseCheck
class AttentionCheck {

    private static final String NO_SCALE = "forgot the 1 / sqrt(d_k): scores = Q K^T / sqrt(d_k), which keeps them "
            + "near unit size so the softmax does not saturate.";
    private static final String SCALE_BY_DK = "divided the scores by d_k instead of sqrt(d_k): scores = Q K^T / "
            + "sqrt(d_k) (q . k has variance d_k, so its standard deviation is sqrt(d_k)).";
    private static final String MASK_AFTER = "applied the mask after the softmax: zeroing the weights of masked keys "
            + "leaves rows that no longer sum to 1. Set the masked scores to -inf (or leave them out) before the "
            + "softmax, so the kept keys are renormalised.";
    private static final String CAUSAL_STRICT = "made the causal mask off by one: query i sees keys j <= i, itself "
            + "included (you masked j >= i, so position 0 sees nothing).";
    private static final String CAUSAL_LOOSE = "made the causal mask off by one: query i sees keys j <= i, not "
            + "j <= i + 1 (you let each position see the next one).";
    private static final String CAUSAL_TRANSPOSED = "transposed the causal mask: query i sees the keys j <= i "
            + "(the lower triangle of the (Tq, Tk) weights), not j >= i.";
    private static final String WRONG_AXIS = "took the softmax over the wrong axis: each query's weights run over "
            + "the keys (the last axis of (N, Tq, Tk)) and sum to 1 there, not over the queries.";
    private static final String INVERTED_MASK = "read the padding mask inverted: here 1 (true) marks a real token to "
            + "attend to and 0 a padded one (PyTorch's key_padding_mask is the opposite; this exercise follows "
            + "Hugging Face's attention_mask).";
    private static final String NAN_BLOCKED = "left NaN in a query whose every key is masked (softmax over only "
            + "-inf is 0 / 0): the convention is weights 0 and an output of 0 there.";
    private static final String FINITE_FILL = "masked with a large finite number (say -1e9) instead of leaving the "
            + "keys out: a query whose every key is masked then gets the softmax of its unmasked scores. The "
            + "convention is weights 0 and an output of 0 there.";
    private static final String UNSTABLE = "computed exp(score) without subtracting the row's maximum first: scores "
            + "near 1e3 overflow exp to infinity, and inf / inf is NaN. softmax(s) = softmax(s - max(s)).";
    private static final String MAX_OVER_ALL = "subtracted the maximum over all the keys, masked ones included: when "
            + "a masked key holds the largest score, every kept exp underflows to 0. Take the maximum over the kept "
            + "keys only.";
    private static final String NO_OUTPUT_PROJECTION = "left out the output projection: out = concat(heads) Wo.";
    private static final String SPLIT_NO_TRANSPOSE = "split the heads with a reshape alone: (N, T, d_model) -> "
            + "(N, h, T, d_h) without a transpose mixes positions and features. Reshape to (N, T, h, d_h), then "
            + "permute to (N, h, T, d_h), and undo both when merging.";
    private static final String INTERLEAVED = "split the heads along the wrong axis: head j owns the contiguous "
            + "column block j*d_h .. (j+1)*d_h - 1, so reshape (N, T, d_model) to (N, T, h, d_h), not (N, T, d_h, h).";
    private static final String NO_SPLIT = "ran one attention over all of d_model instead of h heads of d_h = "
            + "d_model / h each (with the scale 1 / sqrt(d_h)).";

    /** A mistake built into the oracle. */
    private enum Flaw { NO_SCALE, SCALE_BY_DK, MASK_AFTER, CAUSAL_STRICT, CAUSAL_LOOSE, CAUSAL_TRANSPOSED, WRONG_AXIS,
        INVERTED_MASK, NAN_BLOCKED, FINITE_FILL, UNSTABLE, MAX_OVER_ALL, NO_OUTPUT_PROJECTION, SPLIT_NO_TRANSPOSE,
        SPLIT_INTERLEAVED, MERGE_NO_TRANSPOSE, MERGE_INTERLEAVED, NO_SPLIT }

    /** The diagnoses of the flaws of scaled dot-product attention, in the order they are tried. */
    private static final List<Flaw> ATTENTION_FLAWS = List.of(Flaw.NO_SCALE, Flaw.SCALE_BY_DK, Flaw.MASK_AFTER,
            Flaw.CAUSAL_STRICT, Flaw.CAUSAL_LOOSE, Flaw.CAUSAL_TRANSPOSED, Flaw.WRONG_AXIS, Flaw.INVERTED_MASK,
            Flaw.NAN_BLOCKED, Flaw.FINITE_FILL, Flaw.UNSTABLE, Flaw.MAX_OVER_ALL);

    /** The inputs of one scaledDotProduct call; {@code mask} may be null. */
    private record Sdpa(INDArray q, INDArray k, INDArray v, INDArray mask, boolean causal) {
        @Override
        public String toString() {
            return "scaledDotProduct(q " + Nchw.shape(q) + (q.dataType() == DataType.DOUBLE ? "" : " " + q.dataType())
                    + ", k " + Nchw.shape(k) + ", v " + Nchw.shape(v) + ", mask " + maskText(mask) + ", causal "
                    + causal + ")";
        }
    }

    /** The inputs of one multiHead call. */
    private record Mha(INDArray x, INDArray wq, INDArray wk, INDArray wv, INDArray wo, int heads, INDArray mask,
                       boolean causal) {
        @Override
        public String toString() {
            return "multiHead(x " + Nchw.shape(x) + (x.dataType() == DataType.DOUBLE ? "" : " " + x.dataType())
                    + ", params {each (" + x.size(2) + ", " + x.size(2) + ")}, heads " + heads + ", mask "
                    + maskText(mask) + ", causal " + causal + ")";
        }
    }

    @Test
    @DisplayName("scaled dot-product attention without a mask: Tq != Tk, batch 1, d_k = 1")
    void noMask(NDManager manager, Random random) {
        checkSdpa(manager, sdpa(random, 2, 3, 3, 4, 4, null, false, DataType.DOUBLE));
        checkSdpa(manager, sdpa(random, 2, 3, 5, 4, 2, null, false, DataType.DOUBLE));   // Tq < Tk, d_v != d_k
        checkSdpa(manager, sdpa(random, 1, 6, 2, 8, 3, null, false, DataType.DOUBLE));   // batch 1, Tq > Tk
        checkSdpa(manager, sdpa(random, 3, 4, 4, 1, 2, null, false, DataType.DOUBLE));   // d_k = 1
        checkSdpa(manager, sdpa(random, 2, 1, 1, 3, 3, null, false, DataType.DOUBLE));   // one query, one key
        checkSdpa(manager, sdpa(random, Inputs.between(random, 1, 3), Inputs.between(random, 1, 5),
                Inputs.between(random, 1, 5), Inputs.between(random, 2, 9), Inputs.between(random, 1, 4), null, false,
                DataType.DOUBLE));
    }

    @Test
    @DisplayName("a padding mask: masked keys get weight 0, a fully padded example gives 0")
    void paddingMask(NDManager manager, Random random) {
        checkSdpa(manager, sdpa(random, 2, 3, 5, 4, 3, mask(new int[][] {{1, 1, 1, 0, 0}, {1, 1, 1, 1, 0}}), false,
                DataType.DOUBLE));
        // A boolean mask, and one that keeps a single key: every output row is that key's value.
        checkSdpa(manager, sdpa(random, 2, 4, 4, 4, 2, boolMask(new int[][] {{1, 0, 1, 1}, {0, 0, 1, 0}}), false,
                DataType.DOUBLE));
        // The second example is all padding: its weights and output are 0.
        checkSdpa(manager, sdpa(random, 2, 3, 3, 2, 2, mask(new int[][] {{0, 1, 1}, {0, 0, 0}}), false,
                DataType.DOUBLE));
        checkSdpa(manager, sdpa(random, 1, 2, 4, 1, 3, mask(new int[][] {{0, 0, 0, 0}}), false, DataType.DOUBLE));
        checkSdpa(manager, sdpa(random, 3, 4, 6, 5, 4, randomMask(random, 3, 6), false, DataType.DOUBLE));
    }

    @Test
    @DisplayName("a causal mask: query i sees keys 0..i (itself included), also with padding")
    void causalMask(NDManager manager, Random random) {
        checkSdpa(manager, sdpa(random, 2, 4, 4, 3, 3, null, true, DataType.DOUBLE));
        checkSdpa(manager, sdpa(random, 1, 5, 5, 2, 4, null, true, DataType.DOUBLE));    // batch 1
        checkSdpa(manager, sdpa(random, 2, 3, 5, 4, 2, null, true, DataType.DOUBLE));    // Tq < Tk: top-left
        checkSdpa(manager, sdpa(random, 2, 5, 3, 4, 2, null, true, DataType.DOUBLE));    // Tq > Tk
        // Key 0 padded in the first example: query 0 sees only padding, so its row is 0.
        checkSdpa(manager, sdpa(random, 2, 4, 4, 3, 3, mask(new int[][] {{0, 1, 1, 1}, {1, 1, 1, 0}}), true,
                DataType.DOUBLE));
        checkSdpa(manager, sdpa(random, 1, 1, 1, 2, 2, null, true, DataType.DOUBLE));    // one position
    }

    @Test
    @DisplayName("a stable softmax: scores near 1e3, and a masked key with the largest score")
    void stableSoftmax(NDManager manager, Random random) {
        // Scores of several hundred to a few thousand: exp overflows float64 beyond 709.
        Sdpa big = sdpa(random, 2, 3, 4, 4, 3, null, false, DataType.DOUBLE);
        checkSdpa(manager, new Sdpa(big.q().mul(40), big.k().mul(40), big.v(), null, false));
        // The masked key 0 holds a score near 1e3 above the kept ones.
        INDArray q = Nd4j.create(new double[] {1, 0, 0, 1, 1, 1}, new long[] {1, 3, 2}, DataType.DOUBLE).muli(30);
        INDArray k = Nd4j.create(new double[] {50, 50, 0.5, -0.25, 0.1, 0.3, -0.4, 0.2}, new long[] {1, 4, 2},
                DataType.DOUBLE);
        checkSdpa(manager, new Sdpa(q, k, Inputs.normal(random, 1, 4, 3), mask(new int[][] {{0, 1, 1, 1}}), false));
        Sdpa huge = sdpa(random, 1, 2, 5, 3, 2, randomMask(random, 1, 5), true, DataType.DOUBLE);
        checkSdpa(manager, new Sdpa(huge.q().mul(60), huge.k().mul(60), huge.v(), huge.mask(), true));
    }

    @Test
    @DisplayName("multi-head self-attention: project, split into heads, attend, merge, project")
    void multiHead(NDManager manager, Random random) {
        checkMha(manager, mha(random, 2, 4, 8, 2, null, false, DataType.DOUBLE));
        checkMha(manager, mha(random, 1, 5, 8, 4, null, false, DataType.DOUBLE));        // batch 1, d_h = 2
        checkMha(manager, mha(random, 2, 3, 6, 1, null, false, DataType.DOUBLE));        // one head
        checkMha(manager, mha(random, 2, 1, 4, 2, null, false, DataType.DOUBLE));        // T = 1
        checkMha(manager, mha(random, 2, 3, 3, 3, null, false, DataType.DOUBLE));        // d_h = 1
        checkMha(manager, mha(random, 2, 4, 8, 2, mask(new int[][] {{1, 1, 1, 0}, {1, 0, 0, 0}}), false,
                DataType.DOUBLE));
        checkMha(manager, mha(random, 2, 5, 8, 4, null, true, DataType.DOUBLE));
        checkMha(manager, mha(random, 2, 4, 6, 2, mask(new int[][] {{0, 1, 1, 1}, {1, 1, 1, 1}}), true,
                DataType.DOUBLE));
    }

    @Test
    @DisplayName("float32 inputs give float32 outputs and weights")
    void float32(NDManager manager, Random random) {
        checkSdpa(manager, sdpa(random, 2, 3, 4, 4, 3, mask(new int[][] {{1, 1, 0, 1}, {1, 0, 0, 0}}), true,
                DataType.FLOAT));
        checkMha(manager, mha(random, 2, 4, 8, 2, mask(new int[][] {{1, 1, 1, 0}, {1, 1, 1, 1}}), false,
                DataType.FLOAT));
    }

    @Test
    @DisplayName("shapes that do not fit, and heads that do not divide d_model, throw IllegalArgumentException")
    void rejectsBadShapes(Random random) {
        String advice = "check the shapes before using them";
        rejectSdpa(new Sdpa(Inputs.normal(random, 2, 3, 4), Inputs.normal(random, 2, 5, 3), Inputs.normal(random, 2, 5, 2),
                null, false), "d_k of q and k differ: " + advice);
        rejectSdpa(new Sdpa(Inputs.normal(random, 2, 3, 4), Inputs.normal(random, 2, 5, 4), Inputs.normal(random, 2, 4, 2),
                null, false), "k has 5 keys and v 4 values: " + advice);
        rejectSdpa(new Sdpa(Inputs.normal(random, 2, 3, 4), Inputs.normal(random, 1, 5, 4), Inputs.normal(random, 1, 5, 2),
                null, false), "the batch sizes differ: " + advice);
        rejectSdpa(new Sdpa(Inputs.normal(random, 2, 3, 4), Inputs.normal(random, 2, 5, 4), Inputs.normal(random, 2, 5, 2),
                Nd4j.ones(DataType.DOUBLE, 2, 3), false), "the mask must be (N, Tk) = (2, 5), not (N, Tq): " + advice);
        rejectSdpa(new Sdpa(Inputs.normal(random, 3, 4), Inputs.normal(random, 5, 4), Inputs.normal(random, 5, 2),
                null, false), "q, k and v must be (N, T, d) arrays of rank 3: " + advice);
        Mha bad = mha(random, 2, 3, 8, 3, null, false, DataType.DOUBLE);
        rejectMha(bad, "3 heads do not divide d_model 8: check that d_model % heads == 0");
        Mha ok = mha(random, 2, 3, 8, 2, null, false, DataType.DOUBLE);
        rejectMha(new Mha(ok.x(), ok.wq(), Inputs.normal(random, 8, 6), ok.wv(), ok.wo(), 2, null, false),
                "Wk is (8, 6), not (d_model, d_model): " + advice);
    }

    private static void rejectSdpa(Sdpa s, String advice) {
        Rejection.expectRejected(s.toString(), advice, () -> Guarded.call(in -> Attention.scaledDotProduct(
                in.copy("q", s.q()), in.copy("k", s.k()), in.copy("v", s.v()), in.copy("mask", s.mask()),
                s.causal())).out());
    }

    private static void rejectMha(Mha m, String advice) {
        Rejection.expectRejected(m.toString(), advice, () -> callMha(m));
    }

    // ---- scaled dot-product attention ----

    private static void checkSdpa(NDManager manager, Sdpa s) {
        Attention.Result r = Guarded.fresh(in -> Attention.scaledDotProduct(in.copy("q", s.q()), in.copy("k", s.k()),
                in.copy("v", s.v()), in.copy("mask", s.mask()), s.causal()));
        DataType type = s.q().dataType();
        NDArray[] want = attention(manager, s, EnumSet.noneOf(Flaw.class));
        Tolerance tol = Tolerance.of(type);
        Compare.assertClose("weights of " + s, Nchw.expected(want[1], type), r == null ? null : r.weights(), tol,
                sdpaMistakes(manager, s, 1));
        Compare.assertClose("out of " + s, Nchw.expected(want[0], type), r == null ? null : r.out(), tol,
                sdpaMistakes(manager, s, 0));
    }

    /** The attention mistakes that change this case's answer ({@code which}: 0 the output, 1 the weights). */
    private static List<Mistake<INDArray>> sdpaMistakes(NDManager manager, Sdpa s, int which) {
        List<Mistake<INDArray>> mistakes = new ArrayList<>();
        DataType type = s.q().dataType();
        for (Flaw flaw : ATTENTION_FLAWS) {
            mistakes.add(new Mistake<>(diagnosis(flaw), () -> applies(flaw, s.q().size(2), s.mask() != null,
                    s.causal()) ? Nchw.expected(attention(manager, s, EnumSet.of(flaw))[which], type) : null));
        }
        return mistakes;
    }

    /** Whether a flaw can change the answer of a case with these settings (d_k = 1 hides the scale). */
    private static boolean applies(Flaw flaw, long dk, boolean masked, boolean causal) {
        return switch (flaw) {
            case NO_SCALE, SCALE_BY_DK -> dk > 1;
            case CAUSAL_STRICT, CAUSAL_LOOSE, CAUSAL_TRANSPOSED -> causal;
            case INVERTED_MASK -> masked;
            case MASK_AFTER, NAN_BLOCKED, FINITE_FILL, MAX_OVER_ALL -> masked || causal;
            default -> true;
        };
    }

    /**
     * The oracle: {out (N, Tq, d_v), weights (N, Tq, Tk)} in float64, with the given flaws built in.
     * Masked scores are -inf before PyTorch's softmax; masked weights, and the NaN of a query with no
     * key left, are then set to 0.
     */
    private static NDArray[] attention(NDManager manager, Sdpa s, EnumSet<Flaw> flaws) {
        NDArray q = TorchOracle.toTorch(manager, s.q());
        NDArray k = TorchOracle.toTorch(manager, s.k());
        NDArray v = TorchOracle.toTorch(manager, s.v());
        long dk = s.q().size(2);
        double scale = flaws.contains(Flaw.NO_SCALE) ? 1 : flaws.contains(Flaw.SCALE_BY_DK) ? dk : Math.sqrt(dk);
        NDArray scores = q.matMul(k.transpose(0, 2, 1)).div(scale);
        NDArray keep = keepMask(manager, s, flaws);
        NDArray minusInf = manager.full(scores.getShape(), Float.NEGATIVE_INFINITY, scores.getDataType());
        NDArray zeros = scores.zerosLike();
        NDArray weights;
        if (flaws.contains(Flaw.MASK_AFTER)) {
            weights = NDArrays.where(keep, scores.softmax(-1), zeros);
        } else if (flaws.contains(Flaw.WRONG_AXIS)) {
            weights = NDArrays.where(keep, NDArrays.where(keep, scores, minusInf).softmax(1), zeros);
        } else if (flaws.contains(Flaw.FINITE_FILL)) {
            // -1e9 added to the masked scores: a row with nothing kept is the softmax of its raw scores.
            NDArray anyKept = keep.toType(scores.getDataType(), false).sum(new int[] {2}, true).gt(0)
                    .broadcast(scores.getShape());
            weights = NDArrays.where(anyKept, NDArrays.where(keep, NDArrays.where(keep, scores, minusInf).softmax(-1),
                    zeros), scores.softmax(-1));
        } else if (flaws.contains(Flaw.UNSTABLE) || flaws.contains(Flaw.MAX_OVER_ALL)) {
            NDArray shift = flaws.contains(Flaw.UNSTABLE) ? zeros : scores.sub(scores.max(new int[] {2}, true));
            NDArray e = NDArrays.where(keep, shift.exp(), zeros);
            weights = e.div(e.sum(new int[] {2}, true));
        } else {
            weights = NDArrays.where(keep, scores, minusInf).softmax(-1);
            if (!flaws.contains(Flaw.NAN_BLOCKED)) {
                weights = NDArrays.where(keep, weights, zeros);
            }
        }
        return new NDArray[] {weights.matMul(v), weights};
    }

    /** Where query i may attend to key j, (N, Tq, Tk), from the definitions (or with a flaw built in). */
    private static NDArray keepMask(NDManager manager, Sdpa s, EnumSet<Flaw> flaws) {
        int n = (int) s.q().size(0);
        int tq = (int) s.q().size(1);
        int tk = (int) s.k().size(1);
        boolean[] keep = new boolean[n * tq * tk];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < tq; i++) {
                for (int j = 0; j < tk; j++) {
                    boolean key = s.mask() == null || (s.mask().getDouble(b, j) != 0) != flaws.contains(Flaw.INVERTED_MASK);
                    boolean seen = !s.causal() || (flaws.contains(Flaw.CAUSAL_STRICT) ? j < i
                            : flaws.contains(Flaw.CAUSAL_LOOSE) ? j <= i + 1
                            : flaws.contains(Flaw.CAUSAL_TRANSPOSED) ? j >= i : j <= i);
                    keep[(b * tq + i) * tk + j] = key && seen;
                }
            }
        }
        return manager.create(keep, new Shape(n, tq, tk));
    }

    // ---- multi-head attention ----

    private static void checkMha(NDManager manager, Mha m) {
        INDArray actual = callMha(m);
        DataType type = m.x().dataType();
        List<Mistake<INDArray>> mistakes = new ArrayList<>();
        mistakes.add(mhaMistake(manager, m, NO_OUTPUT_PROJECTION, EnumSet.of(Flaw.NO_OUTPUT_PROJECTION)));
        // A wrong split in the split, in the merge, or in both.
        for (Flaw[] wrong : new Flaw[][] {{Flaw.SPLIT_NO_TRANSPOSE, Flaw.MERGE_NO_TRANSPOSE},
                {Flaw.SPLIT_INTERLEAVED, Flaw.MERGE_INTERLEAVED}}) {
            String diagnosis = wrong[0] == Flaw.SPLIT_NO_TRANSPOSE ? SPLIT_NO_TRANSPOSE : INTERLEAVED;
            mistakes.add(mhaMistake(manager, m, diagnosis, EnumSet.of(wrong[0], wrong[1])));
            mistakes.add(mhaMistake(manager, m, diagnosis, EnumSet.of(wrong[0])));
            mistakes.add(mhaMistake(manager, m, diagnosis, EnumSet.of(wrong[1])));
        }
        mistakes.add(mhaMistake(manager, m, NO_SPLIT, EnumSet.of(Flaw.NO_SPLIT)));
        for (Flaw flaw : ATTENTION_FLAWS) {
            mistakes.add(new Mistake<>(diagnosis(flaw), () -> applies(flaw, m.x().size(2) / m.heads(), m.mask() != null,
                    m.causal()) ? Nchw.expected(multiHead(manager, m, EnumSet.of(flaw)), type) : null));
        }
        Compare.assertClose("out of " + m, Nchw.expected(multiHead(manager, m, EnumSet.noneOf(Flaw.class)), type),
                actual, Tolerance.of(type), mistakes);
    }

    /** A multi-head mistake; null where one head makes the split irrelevant. */
    private static Mistake<INDArray> mhaMistake(NDManager manager, Mha m, String diagnosis, EnumSet<Flaw> flaws) {
        boolean splitOnly = !flaws.contains(Flaw.NO_OUTPUT_PROJECTION);
        return new Mistake<>(diagnosis, () -> m.heads() == 1 && splitOnly ? null
                : Nchw.expected(multiHead(manager, m, flaws), m.x().dataType()));
    }

    private static INDArray callMha(Mha m) {
        return Guarded.fresh(in -> Attention.multiHead(in.copy("x", m.x()), new Attention.Params(in.copy("wq", m.wq()),
                in.copy("wk", m.wk()), in.copy("wv", m.wv()), in.copy("wo", m.wo())), m.heads(), in.copy("mask", m.mask()),
                m.causal()));
    }

    /** Multi-head self-attention from DJL's matMul, reshape and transpose, with the given flaws built in. */
    private static NDArray multiHead(NDManager manager, Mha m, EnumSet<Flaw> flaws) {
        long n = m.x().size(0);
        long t = m.x().size(1);
        long d = m.x().size(2);
        int h = flaws.contains(Flaw.NO_SPLIT) ? 1 : m.heads();
        long dh = d / h;
        NDArray x = TorchOracle.toTorch(manager, m.x());
        NDArray q = split(x.matMul(TorchOracle.toTorch(manager, m.wq())), n, t, h, dh, flaws);
        NDArray k = split(x.matMul(TorchOracle.toTorch(manager, m.wk())), n, t, h, dh, flaws);
        NDArray v = split(x.matMul(TorchOracle.toTorch(manager, m.wv())), n, t, h, dh, flaws);
        INDArray headMask = null;
        if (m.mask() != null) {
            headMask = Nd4j.create(DataType.DOUBLE, n * h, t);
            for (int b = 0; b < n; b++) {
                for (int j = 0; j < h; j++) {
                    headMask.putRow(b * h + j, m.mask().getRow(b).castTo(DataType.DOUBLE));
                }
            }
        }
        Sdpa heads = new Sdpa(TorchOracle.toNd4j(q), TorchOracle.toNd4j(k), TorchOracle.toNd4j(v), headMask, m.causal());
        NDArray o = attention(manager, heads, flaws)[0].reshape(n, h, t, dh);
        NDArray merged;
        if (flaws.contains(Flaw.MERGE_NO_TRANSPOSE)) {
            merged = o.reshape(n, t, d);
        } else if (flaws.contains(Flaw.MERGE_INTERLEAVED)) {
            merged = o.transpose(0, 2, 3, 1).reshape(n, t, d);
        } else {
            merged = o.transpose(0, 2, 1, 3).reshape(n, t, d);
        }
        return flaws.contains(Flaw.NO_OUTPUT_PROJECTION) ? merged : merged.matMul(TorchOracle.toTorch(manager, m.wo()));
    }

    /** (N, T, h * d_h) to (N * h, T, d_h), head j the column block j*d_h .. (j+1)*d_h - 1 (or a flawed split). */
    private static NDArray split(NDArray y, long n, long t, int h, long dh, EnumSet<Flaw> flaws) {
        if (flaws.contains(Flaw.SPLIT_NO_TRANSPOSE)) {
            return y.reshape(n * h, t, dh);
        }
        if (flaws.contains(Flaw.SPLIT_INTERLEAVED)) {
            return y.reshape(n, t, dh, h).transpose(0, 3, 1, 2).reshape(n * h, t, dh);
        }
        return y.reshape(n, t, h, dh).transpose(0, 2, 1, 3).reshape(n * h, t, dh);
    }

    // ---- inputs ----

    private static String diagnosis(Flaw flaw) {
        return switch (flaw) {
            case NO_SCALE -> NO_SCALE;
            case SCALE_BY_DK -> SCALE_BY_DK;
            case MASK_AFTER -> MASK_AFTER;
            case CAUSAL_STRICT -> CAUSAL_STRICT;
            case CAUSAL_LOOSE -> CAUSAL_LOOSE;
            case CAUSAL_TRANSPOSED -> CAUSAL_TRANSPOSED;
            case WRONG_AXIS -> WRONG_AXIS;
            case INVERTED_MASK -> INVERTED_MASK;
            case NAN_BLOCKED -> NAN_BLOCKED;
            case FINITE_FILL -> FINITE_FILL;
            case UNSTABLE -> UNSTABLE;
            case MAX_OVER_ALL -> MAX_OVER_ALL;
            case NO_OUTPUT_PROJECTION -> NO_OUTPUT_PROJECTION;
            case SPLIT_NO_TRANSPOSE, MERGE_NO_TRANSPOSE -> SPLIT_NO_TRANSPOSE;
            case SPLIT_INTERLEAVED, MERGE_INTERLEAVED -> INTERLEAVED;
            case NO_SPLIT -> NO_SPLIT;
        };
    }

    private static Sdpa sdpa(Random random, int n, int tq, int tk, int dk, int dv, INDArray mask, boolean causal,
                             DataType type) {
        return new Sdpa(Inputs.normal(random, n, tq, dk).castTo(type), Inputs.normal(random, n, tk, dk).castTo(type),
                Inputs.normal(random, n, tk, dv).castTo(type), mask, causal);
    }

    private static Mha mha(Random random, int n, int t, int d, int heads, INDArray mask, boolean causal, DataType type) {
        double scale = 1 / Math.sqrt(d);
        return new Mha(Inputs.normal(random, n, t, d).castTo(type), weight(random, d, scale, type),
                weight(random, d, scale, type), weight(random, d, scale, type), weight(random, d, scale, type), heads,
                mask, causal);
    }

    /** A (d, d) weight scaled up a little, so that the scores spread and a wrong head split shows. */
    private static INDArray weight(Random random, int d, double scale, DataType type) {
        return Inputs.normal(random, d, d).muli(2 * scale).castTo(type);
    }

    /** A 0/1 float64 mask (N, Tk). */
    private static INDArray mask(int[][] rows) {
        double[] data = new double[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                data[i * rows[0].length + j] = rows[i][j];
            }
        }
        return Nd4j.create(data, new long[] {rows.length, rows[0].length}, DataType.DOUBLE);
    }

    private static INDArray boolMask(int[][] rows) {
        return mask(rows).castTo(DataType.BOOL);
    }

    /** A random 0/1 mask with at least one kept key per example. */
    private static INDArray randomMask(Random random, int n, int tk) {
        int[][] rows = new int[n][tk];
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < tk; j++) {
                rows[b][j] = random.nextInt(3) == 0 ? 0 : 1;
            }
            rows[b][random.nextInt(tk)] = 1;
        }
        return mask(rows);
    }

    private static String maskText(INDArray mask) {
        if (mask == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder(mask.dataType() == DataType.BOOL ? "BOOL " : "");
        s.append('[');
        for (int b = 0; b < mask.size(0); b++) {
            s.append(b == 0 ? "[" : ", [");
            for (int j = 0; j < mask.size(1); j++) {
                s.append(j == 0 ? "" : " ").append(mask.getDouble(b, j) != 0 ? 1 : 0);
            }
            s.append(']');
        }
        return s.append(']').toString();
    }
}
