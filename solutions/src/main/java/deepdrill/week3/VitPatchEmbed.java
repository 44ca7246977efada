package deepdrill.week3;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ViT patch embedding: an image cut into non-overlapping P x P patches, each flattened and
 * projected to D features, with a class token prepended and learned position embeddings added.
 *
 * <h2>The idea</h2>
 * A transformer reads a sequence of vectors, so the Vision Transformer (Dosovitskiy et al.) turns
 * an image into one: L = (H/P)(W/P) patches, each a token of C*P*P pixel values mapped by one
 * shared linear layer to D features (for a 224 x 224 RGB image and P = 16, 196 tokens of 768
 * values). A learned class token, whose final state feeds the classifier, goes in front, and a
 * learned position embedding per slot tells the model where each patch came from.
 *
 * <h2>Formula</h2>
 * <pre>
 *   patch[n, l] = x[n, :, r*P : (r+1)*P, c*P : (c+1)*P] flattened,   l = r * (W/P) + c
 *   out[n, 0]     = cls + pos[0]
 *   out[n, 1 + l] = patch[n, l] . w + b + pos[1 + l]
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch    C  channels    H, W  height, width (both multiples of P)    P  patch size
 *   L = (H/P) * (W/P) patches    K = C*P*P values per patch    D  embedding size
 *
 *   x     (N, C, H, W)    the images, in any floating data type
 *   w     (K, D)          the projection; b (D) its bias
 *   cls   (D)             the class token
 *   pos   (1 + L, D)      the position embeddings: row 0 for the class token, row 1 + l for patch l
 *   patchify(x, P)        (N, L, K)
 *   embed(...)            (N, 1 + L, D), x's data type
 * </pre>
 *
 * <h2>The convention</h2>
 * Patches are numbered in raster order: left to right along a row of patches, rows top to bottom
 * ({@code l = r * (W/P) + c}). Each patch is flattened as (C, P, P) row-major: channel first, then
 * the row inside the patch, then the column ({@code k = ch * P * P + i * P + j}), which is what a
 * conv2d with kernel = stride = P and weight {@code w^T} reshaped to (D, C, P, P) computes (PyTorch's
 * and timm's {@code PatchEmbed}). Some code (einops' {@code (p1 p2 c)} in lucidrains' vit-pytorch,
 * NHWC images) flattens (P, P, C) instead: not this one. The class token is prepended (slot 0) and
 * the position embedding is added after it, so the class token gets {@code pos[0]} too. H or W not a
 * multiple of P, P below 1, and w, b, cls or pos of the wrong shape are rejected with an
 * {@link IllegalArgumentException}. The inputs must not change; return new arrays.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>How many tokens for 224 x 224, P = 16? (14 * 14 = 196 patches, 197 with the class token)</li>
 *   <li>How many parameters in the patch projection for RGB, P = 16, D = 768? (3*16*16*768 + 768 =
 *       590,592)</li>
 *   <li>How is it implemented in practice? (a conv2d with kernel = stride = P and D filters, then a
 *       flatten of the spatial axes and a transpose)</li>
 *   <li>What if the image at test time is larger? (more patches than position embeddings: the
 *       embeddings are interpolated in 2-D, as in the paper's fine-tuning at higher resolution)</li>
 *   <li>What does the cost of attention depend on? (the square of the token count: halving P
 *       multiplies the attention cost by 16)</li>
 *   <li>Why a class token, not a mean of the patch tokens? (BERT's habit; global average pooling
 *       works about as well, the paper reports)</li>
 * </ul>
 *
 * @see <a href="https://arxiv.org/abs/2010.11929">Dosovitskiy et al., An Image is Worth 16x16 Words (2021), section 3.1</a>
 */
public final class VitPatchEmbed {

    private VitPatchEmbed() {
    }

    /**
     * The number of patches L of an H x W image cut into P x P patches.
     *
     * @return (H / P) * (W / P)
     * @throws IllegalArgumentException when P is below 1, or H or W is below 1 or not a multiple of P
     */
    public static long patchCount(int height, int width, int patch) {
        if (patch < 1) {
            throw new IllegalArgumentException("the patch size P must be at least 1, got " + patch);
        }
        if (height < 1 || width < 1 || height % patch != 0 || width % patch != 0) {
            throw new IllegalArgumentException("H and W must be positive multiples of P = " + patch + ", got H = "
                    + height + ", W = " + width);
        }
        return (long) (height / patch) * (width / patch);
    }

    /**
     * The patches of every image, in raster order, each flattened as (C, P, P) row-major.
     *
     * @param x     images of shape (N, C, H, W), H and W multiples of {@code patch}; not modified
     * @param patch P, the patch size
     * @return a new (N, L, C*P*P) array of x's data type
     * @throws IllegalArgumentException when x is not of rank 4, or H or W is not a multiple of P
     */
    public static INDArray patchify(INDArray x, int patch) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("x must be (N, C, H, W), got rank " + x.rank());
        }
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int h = (int) x.size(2);
        int wd = (int) x.size(3);
        int count = (int) patchCount(h, wd, patch);
        int cols = wd / patch;
        int k = c * patch * patch;
        double[] v = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] out = new double[n * count * k];
        for (int b = 0; b < n; b++) {
            for (int l = 0; l < count; l++) {
                int top = (l / cols) * patch;
                int left = (l % cols) * patch;
                for (int ch = 0; ch < c; ch++) {
                    for (int i = 0; i < patch; i++) {
                        for (int j = 0; j < patch; j++) {
                            out[(b * count + l) * k + (ch * patch + i) * patch + j] =
                                    v[((b * c + ch) * h + top + i) * wd + left + j];
                        }
                    }
                }
            }
        }
        return Nd4j.create(out, new long[] {n, count, k}, DataType.DOUBLE).castTo(x.dataType());
    }

    /**
     * The token sequence of ViT's input: the class token, then the projected patches, each plus
     * its position embedding.
     *
     * @param x     images (N, C, H, W); not modified
     * @param patch P, the patch size
     * @param w     the projection (C*P*P, D); not modified
     * @param b     its bias (D); not modified
     * @param cls   the class token (D); not modified
     * @param pos   the position embeddings (1 + L, D); not modified
     * @return a new (N, 1 + L, D) array of x's data type
     * @throws IllegalArgumentException when a shape does not fit, or H or W is not a multiple of P
     */
    public static INDArray embed(INDArray x, int patch, INDArray w, INDArray b, INDArray cls, INDArray pos) {
        INDArray patches = patchify(x, patch);
        int n = (int) patches.size(0);
        int count = (int) patches.size(1);
        int k = (int) patches.size(2);
        if (w.rank() != 2 || w.size(0) != k) {
            throw new IllegalArgumentException("w must be (C*P*P, D) = (" + k + ", D), got rank " + w.rank());
        }
        int d = (int) w.size(1);
        if (b.rank() != 1 || b.length() != d || cls.rank() != 1 || cls.length() != d) {
            throw new IllegalArgumentException("b and cls must both be vectors of length D = " + d);
        }
        if (pos.rank() != 2 || pos.size(0) != 1 + count || pos.size(1) != d) {
            throw new IllegalArgumentException("pos must be (1 + L, D) = (" + (1 + count) + ", " + d + ")");
        }
        double[] pv = patches.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] wv = w.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] bv = b.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] cv = cls.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] posv = pos.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int tokens = 1 + count;
        double[] out = new double[n * tokens * d];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < d; j++) {
                out[s * tokens * d + j] = cv[j] + posv[j];
            }
            for (int l = 0; l < count; l++) {
                for (int j = 0; j < d; j++) {
                    double sum = bv[j];
                    for (int q = 0; q < k; q++) {
                        sum += pv[(s * count + l) * k + q] * wv[q * d + j];
                    }
                    out[(s * tokens + 1 + l) * d + j] = sum + posv[(1 + l) * d + j];
                }
            }
        }
        return Nd4j.create(out, new long[] {n, tokens, d}, DataType.DOUBLE).castTo(x.dataType());
    }
}
