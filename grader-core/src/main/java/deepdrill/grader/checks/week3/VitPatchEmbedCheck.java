package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.VitPatchEmbed;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code vit-patch-embed} against PyTorch through DJL by two routes: the patches by
 * {@code reshape(N, C, H/P, P, W/P, P)}, {@code permute(0, 2, 4, 1, 3, 5)} and a reshape to
 * (N, L, C*P*P); the embedding independently of that, by a {@code conv2d} with kernel = stride = P
 * whose weight is w^T reshaped to (D, C, P, P) (what timm's PatchEmbed does), flattened and
 * transposed to (N, L, D), then the class token concatenated in front and pos added. The patch
 * count is the closed form (H/P)(W/P), with 224 x 224, P = 16 giving 196 as a hand value.
 *
 * <p>Covered: a non-square image (H != W, and H/P != W/P, so a swapped raster order shows), one
 * patch (P = H = W), P = 1 (every pixel a patch), C = 1, batch 1; a fresh result every time (never
 * an input or a view of it); float32 kept; rejected arguments: H or W not a multiple of P, P = 0,
 * x not of rank 4, w with the wrong number of rows, pos with the wrong number of rows, b of the
 * wrong length. Not covered: NaN and infinities (a sum over the patch spreads them; nothing to
 * convene), empty arrays.
 */
@ExerciseCheck
class VitPatchEmbedCheck {

    private static final String P_P_C = "flattened each patch as (P, P, C), channel last: this exercise flattens "
            + "(C, P, P) row-major, k = ch * P * P + i * P + j, as a conv2d weight (D, C, P, P) does.";
    private static final String COLUMN_ORDER = "numbered the patches column by column (H and W swapped in the "
            + "raster order): patch l = r * (W/P) + c runs along a row of patches first, rows top to bottom.";
    private static final String APPENDED = "appended the class token at the end: it is prepended, slot 0, and "
            + "the patches follow in slots 1 .. L.";
    private static final String POS_BEFORE_CLS = "added the position embedding before prepending the class token: "
            + "the patches got pos[0 .. L-1] and the class token none; prepend first, then add all 1 + L rows, so "
            + "the class token gets pos[0] and patch l gets pos[1 + l].";
    private static final String CLS_NO_POS = "left the position embedding off the class token: slot 0 is cls + "
            + "pos[0].";
    private static final String NO_BIAS = "left out the bias b of the projection.";
    private static final String P_NOT_SQUARED = "divided H * W by P instead of by P * P: a patch covers P * P pixels.";

    @Test
    @DisplayName("patch count: (H / P) * (W / P), non-multiples rejected")
    void patchCount(NDManager manager, Random random) {
        checkCount(224, 224, 16);     // the paper's ViT-B/16: 196 patches, a hand value
        if (VitPatchEmbed.patchCount(224, 224, 16) != 196) {
            throw new AssertionFailedError("patchCount(224, 224, 16): expected 196 (14 * 14), got "
                    + VitPatchEmbed.patchCount(224, 224, 16));
        }
        checkCount(32, 48, 8);
        checkCount(7, 7, 7);          // one patch
        checkCount(5, 3, 1);          // P = 1: every pixel
        int p = Inputs.between(random, 2, 6);
        checkCount(p * Inputs.between(random, 1, 9), p * Inputs.between(random, 1, 9), p);
        String advice = "check that P >= 1 and that H and W are multiples of P before dividing";
        Rejection.expectRejected("patchCount(30, 32, 16) (H not a multiple of P)", advice,
                () -> VitPatchEmbed.patchCount(30, 32, 16));
        Rejection.expectRejected("patchCount(32, 30, 16) (W not a multiple of P)", advice,
                () -> VitPatchEmbed.patchCount(32, 30, 16));
        Rejection.expectRejected("patchCount(32, 32, 0) (P = 0)", advice, () -> VitPatchEmbed.patchCount(32, 32, 0));
    }

    @Test
    @DisplayName("patchify: raster order, each patch flattened (C, P, P)")
    void patchify(NDManager manager, Random random) {
        checkPatchify(manager, Inputs.normal(random, 2, 3, 4, 4), 2);
        checkPatchify(manager, Inputs.normal(random, 1, 2, 6, 9), 3);   // non-square: 2 x 3 patches
        checkPatchify(manager, Inputs.normal(random, 2, 1, 8, 4), 4);   // C = 1, a 2 x 1 grid
        checkPatchify(manager, Inputs.normal(random, 1, 3, 5, 5), 5);   // one patch
        checkPatchify(manager, Inputs.normal(random, 1, 2, 2, 3), 1);   // P = 1
    }

    @Test
    @DisplayName("embed: class token first, projected patches, position embeddings added")
    void embed(NDManager manager, Random random) {
        checkEmbed(manager, random, 2, 3, 4, 4, 2, 5);
        checkEmbed(manager, random, 1, 2, 6, 9, 3, 4);    // non-square, batch 1
        checkEmbed(manager, random, 3, 1, 8, 4, 4, 3);    // C = 1
        checkEmbed(manager, random, 2, 3, 5, 5, 5, 6);    // one patch: two tokens
        int p = Inputs.between(random, 1, 3);
        checkEmbed(manager, random, Inputs.between(random, 1, 3), Inputs.between(random, 1, 3),
                p * Inputs.between(random, 1, 4), p * Inputs.between(random, 1, 4), p, Inputs.between(random, 1, 6));
    }

    @Test
    @DisplayName("float32 images give float32 patches and tokens")
    void float32(NDManager manager, Random random) {
        checkPatchify(manager, Inputs.normal(random, 2, 3, 4, 6).castTo(DataType.FLOAT), 2);
        INDArray x = Inputs.normal(random, 2, 2, 6, 4).castTo(DataType.FLOAT);
        checkEmbed(manager, x, 2, Inputs.normal(random, 8, 5).castTo(DataType.FLOAT),
                Inputs.normal(random, 5).castTo(DataType.FLOAT), Inputs.normal(random, 5).castTo(DataType.FLOAT),
                Inputs.normal(random, 7, 5).castTo(DataType.FLOAT));
    }

    @Test
    @DisplayName("H or W not a multiple of P, and shapes that do not fit, are rejected")
    void rejectsBadArguments(NDManager manager, Random random) {
        String advice = "check x's rank, that H and W are multiples of P, and the shapes of w, b, cls and pos first";
        INDArray tall = Inputs.normal(random, 1, 2, 6, 8);
        Rejection.expectRejected("patchify(x (1, 2, 6, 8), 4) (H not a multiple of P)", advice,
                () -> Guarded.call(in -> VitPatchEmbed.patchify(in.copy("x", tall), 4)));
        INDArray wide = Inputs.normal(random, 1, 2, 8, 6);
        Rejection.expectRejected("patchify(x (1, 2, 8, 6), 4) (W not a multiple of P)", advice,
                () -> Guarded.call(in -> VitPatchEmbed.patchify(in.copy("x", wide), 4)));
        INDArray flat = Inputs.normal(random, 2, 8, 8);
        Rejection.expectRejected("patchify(x (2, 8, 8), 4) (rank 3)", advice,
                () -> Guarded.call(in -> VitPatchEmbed.patchify(in.copy("x", flat), 4)));
        INDArray x = Inputs.normal(random, 1, 2, 4, 4);
        INDArray w = Inputs.normal(random, 8, 3);
        INDArray b = Inputs.normal(random, 3);
        INDArray cls = Inputs.normal(random, 3);
        INDArray pos = Inputs.normal(random, 5, 3);
        Rejection.expectRejected("embed(x (1, 2, 4, 4), 2, w (9, 3), ...) (w needs C*P*P = 8 rows)", advice,
                () -> Guarded.call(in -> VitPatchEmbed.embed(in.copy("x", x), 2, in.copy("w", Inputs.normal(random, 9, 3)),
                        in.copy("b", b), in.copy("cls", cls), in.copy("pos", pos))));
        Rejection.expectRejected("embed(x (1, 2, 4, 4), 2, ..., pos (4, 3)) (pos needs 1 + L = 5 rows)", advice,
                () -> Guarded.call(in -> VitPatchEmbed.embed(in.copy("x", x), 2, in.copy("w", w), in.copy("b", b),
                        in.copy("cls", cls), in.copy("pos", Inputs.normal(random, 4, 3)))));
        Rejection.expectRejected("embed(x (1, 2, 4, 4), 2, ..., b (4), ...) (b needs D = 3 values)", advice,
                () -> Guarded.call(in -> VitPatchEmbed.embed(in.copy("x", x), 2, in.copy("w", w),
                        in.copy("b", Inputs.normal(random, 4)), in.copy("cls", cls), in.copy("pos", pos))));
    }

    private static void checkCount(int h, int w, int p) {
        long actual = VitPatchEmbed.patchCount(h, w, p);
        long expected = (long) (h / p) * (w / p);
        if (actual != expected) {
            String diagnosis = Mistake.matching(wrong -> wrong == actual,
                    Mistake.giving(P_NOT_SQUARED, (long) h * w / p));
            throw new AssertionFailedError(diagnosis + "patchCount(" + h + ", " + w + ", " + p + "): expected "
                    + expected + " (" + (h / p) + " * " + (w / p) + "), got " + actual);
        }
    }

    private static void checkPatchify(NDManager manager, INDArray x, int p) {
        INDArray actual = Guarded.fresh(in -> VitPatchEmbed.patchify(in.copy("x", x), p));
        NDArray tx = TorchOracle.toTorch(manager, x);
        DataType type = x.dataType();
        Compare.assertClose("patchify(x " + Nchw.shape(x) + (type == DataType.DOUBLE ? "" : " " + type) + ", " + p + ")",
                Nchw.expected(patches(tx, p, 0, 2, 4, 1, 3, 5), type), actual,
                new Mistake<>(P_P_C, () -> Nchw.expected(patches(tx, p, 0, 2, 4, 3, 5, 1), type)),
                new Mistake<>(COLUMN_ORDER, () -> Nchw.expected(patches(tx, p, 0, 4, 2, 1, 3, 5), type)));
    }

    private static void checkEmbed(NDManager manager, Random random, int n, int c, int h, int w, int p, int d) {
        int k = c * p * p;
        long count = (long) (h / p) * (w / p);
        checkEmbed(manager, Inputs.normal(random, n, c, h, w), p, Inputs.normal(random, k, d), Inputs.normal(random, d),
                Inputs.normal(random, d), Inputs.normal(random, 1 + count, d));
    }

    private static void checkEmbed(NDManager manager, INDArray x, int p, INDArray w, INDArray b, INDArray cls, INDArray pos) {
        INDArray actual = Guarded.fresh(in -> VitPatchEmbed.embed(in.copy("x", x), p, in.copy("w", w), in.copy("b", b),
                in.copy("cls", cls), in.copy("pos", pos)));
        DataType type = x.dataType();
        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tw = TorchOracle.toTorch(manager, w);
        NDArray tb = TorchOracle.toTorch(manager, b);
        NDArray tcls = TorchOracle.toTorch(manager, cls);
        NDArray tpos = TorchOracle.toTorch(manager, pos);
        long n = x.size(0);
        long d = w.size(1);
        long count = pos.size(0) - 1;
        NDArray projected = convProjection(tx, tw, tb, p);
        NDArray clsRow = tcls.reshape(1, 1, d).broadcast(new Shape(n, 1, d));
        NDArray expected = NDArrays.concat(new NDList(clsRow, projected), 1).add(tpos);
        String what = "embed(x " + Nchw.shape(x) + (type == DataType.DOUBLE ? "" : " " + type) + ", " + p + ", w "
                + Nchw.shape(w) + ", b, cls, pos " + Nchw.shape(pos) + ")";
        Compare.assertClose(what, Nchw.expected(expected, type), actual,
                new Mistake<>(APPENDED, () -> Nchw.expected(
                        NDArrays.concat(new NDList(projected, clsRow), 1).add(tpos), type)),
                new Mistake<>(POS_BEFORE_CLS, () -> Nchw.expected(NDArrays.concat(new NDList(clsRow,
                        projected.add(tpos.get(new NDIndex(":{}", count)))), 1), type)),
                new Mistake<>(CLS_NO_POS, () -> Nchw.expected(NDArrays.concat(new NDList(clsRow,
                        projected.add(tpos.get(new NDIndex("1:")))), 1), type)),
                new Mistake<>(NO_BIAS, () -> Nchw.expected(expected.sub(concatZeroFirst(tb, count, d)), type)),
                new Mistake<>(P_P_C, () -> Nchw.expected(NDArrays.concat(new NDList(clsRow,
                        patches(tx, p, 0, 2, 4, 3, 5, 1).matMul(tw).add(tb)), 1).add(tpos), type)),
                new Mistake<>(COLUMN_ORDER, () -> Nchw.expected(NDArrays.concat(new NDList(clsRow,
                        patches(tx, p, 0, 4, 2, 1, 3, 5).matMul(tw).add(tb)), 1).add(tpos), type)));
    }

    /** The projection by the independent route: conv2d, kernel = stride = P, weight w^T as (D, C, P, P). */
    private static NDArray convProjection(NDArray x, NDArray w, NDArray b, int p) {
        long[] s = x.getShape().getShape();
        long d = w.getShape().get(1);
        NDArray weight = w.transpose().reshape(d, s[1], p, p);
        NDArray out = Conv2d.conv2d(x, weight, b, new Shape(p, p), new Shape(0, 0), new Shape(1, 1), 1).head();
        return out.reshape(s[0], d, -1).transpose(0, 2, 1);
    }

    /** The bias as the (1, 1 + L, D) term it adds: 0 in slot 0, b in every patch slot. */
    private static NDArray concatZeroFirst(NDArray b, long count, long d) {
        NDArray zero = b.zerosLike().reshape(1, 1, d);
        return NDArrays.concat(new NDList(zero, b.reshape(1, 1, d).broadcast(new Shape(1, count, d))), 1);
    }

    /**
     * The patches (N, L, K) by reshape and permute: x viewed as (N, C, H/P, P, W/P, P) (axes 0..5:
     * n, ch, r, i, c, j), permuted by {@code axes}, and the first three of them merged into L and
     * the last three into K. (0, 2, 4, 1, 3, 5) is the exercise's order.
     */
    private static NDArray patches(NDArray x, int p, int... axes) {
        long[] s = x.getShape().getShape();
        NDArray grid = x.reshape(s[0], s[1], s[2] / p, p, s[3] / p, p).transpose(axes);
        return grid.reshape(s[0], (s[2] / p) * (s[3] / p), s[1] * p * p);
    }
}
