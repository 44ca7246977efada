package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.TransformerBlock;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code transformer-block} against the same pre-LN block computed with PyTorch's own
 * operations through DJL ({@code layer_norm} over the last axis, {@code matmul}, {@code softmax}
 * over the keys with masked scores at -inf, exact {@code gelu}), never with the learner's layers
 * or the model solution (Xiong et al. 2020, arXiv:2002.04745). Known mistakes are recognised by
 * computing the block with the mistake built in. The tanh-approximate GELU differs from the exact
 * one by up to about 3e-4 (near |x| = 2) before the second layer, far above the float64 tolerance
 * (1e-9 + 1e-7 |expected|), so the two are told apart in float64.
 *
 * <p>Covered: T = 1 (attention to itself only), batch 1, one head and several, d_h = 1, a padding
 * mask (and an example whose padded positions still get an output), d_ff smaller and larger than
 * d_model, a large eps, float32. Every parameter must come back unchanged, and the output must be
 * a new array.
 */
@ExerciseCheck
class TransformerBlockCheck {

    private static final String POST_LN = "built a post-LN block: this one is pre-LN, y = x + MHA(LN1(x)) and out = "
            + "y + MLP(LN2(y)); each sublayer reads a normalised copy and adds to the un-normalised stream (post-LN "
            + "is LN1(x + MHA(x)), LN2(y + MLP(y))).";
    private static final String RESIDUAL_FROM_LN = "added the residual around the wrong thing: the shortcut carries "
            + "the un-normalised input, y = x + MHA(LN1(x)) (and out = y + MLP(LN2(y))), not LN1(x) + MHA(LN1(x)).";
    private static final String NO_RESIDUAL = "left out a residual connection: y = x + MHA(LN1(x)) and out = y + "
            + "MLP(LN2(y)).";
    private static final String RELU = "used ReLU in the MLP: the block uses GELU, x * Phi(x).";
    private static final String TANH_GELU = "used the tanh approximation of GELU: this block uses the exact form "
            + "x * (1 + erf(x / sqrt 2)) / 2 (PyTorch's default approximate='none'); they differ by up to ~3e-4.";
    private static final String LN_OVER_TOKENS = "normalised over the wrong axis: layer norm normalises each position "
            + "(token) over its d_model features, the last axis, not each feature over the T positions.";
    private static final String SAME_LN = "used LN1's gamma and beta for both layer norms: the MLP reads "
            + "LN2(y) with gamma2 and beta2.";
    private static final String MASK_IGNORED = "ignored the padding mask: pass it to the attention, so no position "
            + "attends to a padded key.";
    private static final String NO_MLP_BIAS = "left a bias out of the MLP: MLP(z) = GELU(z W1 + b1) W2 + b2.";

    /** A mistake built into the oracle's block. */
    private enum Flaw { POST_LN, RESIDUAL_FROM_LN1, RESIDUAL_FROM_LN2, NO_RESIDUAL1, NO_RESIDUAL2, RELU, TANH_GELU,
        LN_OVER_TOKENS, SAME_LN, MASK_IGNORED, NO_B1, NO_B2 }

    /** The inputs of one call. */
    private record Block(INDArray x, TransformerBlock.Params p, int heads, INDArray mask, double eps) {
        @Override
        public String toString() {
            return "forward(x " + Nchw.shape(x) + (x.dataType() == DataType.DOUBLE ? "" : " " + x.dataType())
                    + ", params {d_ff " + p.w1().size(1) + "}, heads " + heads + ", mask "
                    + (mask == null ? "null" : Nchw.shape(mask) + " " + java.util.Arrays.toString(
                    mask.castTo(DataType.INT32).data().asInt())) + ", eps " + eps + ")";
        }
    }

    @Test
    @DisplayName("a pre-LN encoder block: x + MHA(LN1(x)), then + MLP(LN2(...))")
    void block(NDManager manager, Random random) {
        check(manager, block(random, 2, 4, 8, 2, 16, null, 1e-5, DataType.DOUBLE));
        check(manager, block(random, 1, 5, 6, 3, 12, null, 1e-5, DataType.DOUBLE));   // batch 1
        check(manager, block(random, 2, 3, 4, 1, 8, null, 1e-5, DataType.DOUBLE));    // one head
        check(manager, block(random, 2, 3, 4, 4, 3, null, 1e-5, DataType.DOUBLE));    // d_h = 1, d_ff < d
        check(manager, block(random, 2, 4, 6, 2, 10, null, 0.5, DataType.DOUBLE));    // a large eps
    }

    @Test
    @DisplayName("T = 1 and batch 1: one position attends only to itself")
    void onePosition(NDManager manager, Random random) {
        check(manager, block(random, 3, 1, 8, 2, 16, null, 1e-5, DataType.DOUBLE));
        check(manager, block(random, 1, 1, 4, 2, 8, null, 1e-5, DataType.DOUBLE));
    }

    @Test
    @DisplayName("a padding mask: no position attends to a padded key")
    void paddingMask(NDManager manager, Random random) {
        check(manager, block(random, 2, 4, 8, 2, 16, Nd4j.create(new double[] {1, 1, 1, 0, 1, 0, 0, 0},
                new long[] {2, 4}, DataType.DOUBLE), 1e-5, DataType.DOUBLE));
        check(manager, block(random, 1, 5, 6, 3, 12, Nd4j.create(new double[] {1, 0, 1, 1, 0},
                new long[] {1, 5}, DataType.DOUBLE), 1e-5, DataType.DOUBLE));
    }

    @Test
    @DisplayName("a float32 input gives a float32 output")
    void float32(NDManager manager, Random random) {
        check(manager, block(random, 2, 4, 8, 2, 16, null, 1e-5, DataType.FLOAT));
    }

    private static void check(NDManager manager, Block b) {
        TransformerBlock.Params p = b.p();
        INDArray actual = Guarded.fresh(in -> TransformerBlock.forward(in.copy("x", b.x()),
                new TransformerBlock.Params(in.copy("wq", p.wq()), in.copy("wk", p.wk()), in.copy("wv", p.wv()),
                        in.copy("wo", p.wo()), in.copy("gamma1", p.gamma1()), in.copy("beta1", p.beta1()),
                        in.copy("w1", p.w1()), in.copy("b1", p.b1()), in.copy("w2", p.w2()), in.copy("b2", p.b2()),
                        in.copy("gamma2", p.gamma2()), in.copy("beta2", p.beta2())),
                b.heads(), in.copy("mask", b.mask()), b.eps()));
        DataType type = b.x().dataType();
        boolean tokens = b.x().size(1) > 1;
        Compare.assertClose("out of " + b, expected(manager, b, EnumSet.noneOf(Flaw.class)), actual,
                Tolerance.of(type),
                mistake(manager, b, POST_LN, EnumSet.of(Flaw.POST_LN)),
                mistake(manager, b, RESIDUAL_FROM_LN, EnumSet.of(Flaw.RESIDUAL_FROM_LN1, Flaw.RESIDUAL_FROM_LN2)),
                mistake(manager, b, RESIDUAL_FROM_LN, EnumSet.of(Flaw.RESIDUAL_FROM_LN1)),
                mistake(manager, b, RESIDUAL_FROM_LN, EnumSet.of(Flaw.RESIDUAL_FROM_LN2)),
                mistake(manager, b, NO_RESIDUAL, EnumSet.of(Flaw.NO_RESIDUAL1)),
                mistake(manager, b, NO_RESIDUAL, EnumSet.of(Flaw.NO_RESIDUAL2)),
                mistake(manager, b, RELU, EnumSet.of(Flaw.RELU)),
                type == DataType.DOUBLE ? mistake(manager, b, TANH_GELU, EnumSet.of(Flaw.TANH_GELU))
                        : new Mistake<>(TANH_GELU, () -> null),
                new Mistake<>(LN_OVER_TOKENS, () -> tokens ? expected(manager, b, EnumSet.of(Flaw.LN_OVER_TOKENS))
                        : null),
                mistake(manager, b, SAME_LN, EnumSet.of(Flaw.SAME_LN)),
                new Mistake<>(MASK_IGNORED, () -> b.mask() == null ? null
                        : expected(manager, b, EnumSet.of(Flaw.MASK_IGNORED))),
                mistake(manager, b, NO_MLP_BIAS, EnumSet.of(Flaw.NO_B1)),
                mistake(manager, b, NO_MLP_BIAS, EnumSet.of(Flaw.NO_B2)));
    }

    private static Mistake<INDArray> mistake(NDManager manager, Block b, String diagnosis, EnumSet<Flaw> flaws) {
        return new Mistake<>(diagnosis, () -> expected(manager, b, flaws));
    }

    /** The block from PyTorch's operations, with the given mistakes built in, in x's data type. */
    private static INDArray expected(NDManager manager, Block b, EnumSet<Flaw> flaws) {
        TransformerBlock.Params p = b.p();
        NDArray x = TorchOracle.toTorch(manager, b.x());
        NDArray g1 = TorchOracle.toTorch(manager, p.gamma1());
        NDArray be1 = TorchOracle.toTorch(manager, p.beta1());
        NDArray g2 = flaws.contains(Flaw.SAME_LN) ? g1 : TorchOracle.toTorch(manager, p.gamma2());
        NDArray be2 = flaws.contains(Flaw.SAME_LN) ? be1 : TorchOracle.toTorch(manager, p.beta2());
        NDArray mask = b.mask() == null || flaws.contains(Flaw.MASK_IGNORED) ? null
                : TorchOracle.toTorch(manager, b.mask());
        NDArray out;
        if (flaws.contains(Flaw.POST_LN)) {
            NDArray y = layerNorm(x.add(mha(manager, x, b, mask)), g1, be1, b.eps(), flaws);
            out = layerNorm(y.add(mlp(manager, y, p, flaws)), g2, be2, b.eps(), flaws);
        } else {
            NDArray n1 = layerNorm(x, g1, be1, b.eps(), flaws);
            NDArray base1 = flaws.contains(Flaw.NO_RESIDUAL1) ? x.zerosLike()
                    : flaws.contains(Flaw.RESIDUAL_FROM_LN1) ? n1 : x;
            NDArray y = base1.add(mha(manager, n1, b, mask));
            NDArray n2 = layerNorm(y, g2, be2, b.eps(), flaws);
            NDArray base2 = flaws.contains(Flaw.NO_RESIDUAL2) ? y.zerosLike()
                    : flaws.contains(Flaw.RESIDUAL_FROM_LN2) ? n2 : y;
            out = base2.add(mlp(manager, n2, p, flaws));
        }
        return Nchw.expected(out, b.x().dataType());
    }

    /** layer_norm over the last axis (d_model), or over the positions for the LN_OVER_TOKENS mistake. */
    private static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, double eps, EnumSet<Flaw> flaws) {
        if (flaws.contains(Flaw.LN_OVER_TOKENS)) {
            NDArray centred = x.sub(x.mean(new int[] {1}, true));
            NDArray var = centred.mul(centred).mean(new int[] {1}, true);
            return centred.div(var.add(eps).sqrt()).mul(gamma).add(beta);
        }
        long d = x.getShape().get(2);
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(d), gamma, beta, (float) eps).singletonOrThrow();
    }

    /** Multi-head self-attention: heads as contiguous column blocks, masked keys at -inf, their weights 0. */
    private static NDArray mha(NDManager manager, NDArray x, Block b, NDArray mask) {
        TransformerBlock.Params p = b.p();
        long n = x.getShape().get(0);
        long t = x.getShape().get(1);
        long d = x.getShape().get(2);
        int h = b.heads();
        long dh = d / h;
        NDArray q = heads(x.matMul(TorchOracle.toTorch(manager, p.wq())), n, t, h, dh);
        NDArray k = heads(x.matMul(TorchOracle.toTorch(manager, p.wk())), n, t, h, dh);
        NDArray v = heads(x.matMul(TorchOracle.toTorch(manager, p.wv())), n, t, h, dh);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(Math.sqrt(dh));            // (N, h, T, T)
        NDArray weights;
        if (mask == null) {
            weights = scores.softmax(-1);
        } else {
            NDArray keep = mask.neq(0).reshape(n, 1, 1, t).broadcast(scores.getShape());
            NDArray minusInf = manager.full(scores.getShape(), Float.NEGATIVE_INFINITY, scores.getDataType());
            weights = NDArrays.where(keep, NDArrays.where(keep, scores, minusInf).softmax(-1), scores.zerosLike());
        }
        NDArray o = weights.matMul(v).transpose(0, 2, 1, 3).reshape(n, t, d);
        return o.matMul(TorchOracle.toTorch(manager, p.wo()));
    }

    private static NDArray heads(NDArray y, long n, long t, int h, long dh) {
        return y.reshape(n, t, h, dh).transpose(0, 2, 1, 3);
    }

    /** GELU(z W1 + b1) W2 + b2, with PyTorch's exact gelu (or a mistaken activation or bias). */
    private static NDArray mlp(NDManager manager, NDArray z, TransformerBlock.Params p, EnumSet<Flaw> flaws) {
        NDArray pre = z.matMul(TorchOracle.toTorch(manager, p.w1()));
        if (!flaws.contains(Flaw.NO_B1)) {
            pre = pre.add(TorchOracle.toTorch(manager, p.b1()));
        }
        NDArray hidden;
        if (flaws.contains(Flaw.RELU)) {
            hidden = Activation.relu(pre);
        } else if (flaws.contains(Flaw.TANH_GELU)) {
            // 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
            hidden = pre.mul(pre.add(pre.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI)).tanh().add(1)).mul(0.5);
        } else {
            hidden = Activation.gelu(pre);
        }
        NDArray out = hidden.matMul(TorchOracle.toTorch(manager, p.w2()));
        return flaws.contains(Flaw.NO_B2) ? out : out.add(TorchOracle.toTorch(manager, p.b2()));
    }

    /** A random block; weights scaled so that every sublayer contributes on the order of the input. */
    private static Block block(Random random, int n, int t, int d, int heads, int f, INDArray mask, double eps,
                               DataType type) {
        double s = 1.5 / Math.sqrt(d);
        TransformerBlock.Params p = new TransformerBlock.Params(
                Inputs.normal(random, d, d).muli(s).castTo(type), Inputs.normal(random, d, d).muli(s).castTo(type),
                Inputs.normal(random, d, d).muli(s).castTo(type), Inputs.normal(random, d, d).muli(s).castTo(type),
                Inputs.normal(random, d).muli(0.5).addi(1).castTo(type), Inputs.normal(random, d).muli(0.5).castTo(type),
                Inputs.normal(random, d, f).muli(s).castTo(type), Inputs.normal(random, f).muli(0.5).castTo(type),
                Inputs.normal(random, f, d).muli(1.5 / Math.sqrt(f)).castTo(type),
                Inputs.normal(random, d).muli(0.5).castTo(type),
                Inputs.normal(random, d).muli(0.5).addi(1).castTo(type), Inputs.normal(random, d).muli(0.5).castTo(type));
        INDArray x = Inputs.normal(random, n, t, d).muli(2).addi(0.5).castTo(type);
        return new Block(x, p, heads, mask, eps);
    }
}
