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
        // TODO: validate, then (H / P) * (W / P).
        throw new UnsupportedOperationException("Not implemented yet: VitPatchEmbed.patchCount");
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
        // TODO: for patch l = r * (W/P) + c, copy x[n, ch, r*P + i, c*P + j] to out[n, l, ch*P*P + i*P + j].
        throw new UnsupportedOperationException("Not implemented yet: VitPatchEmbed.patchify");
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
        // TODO: validate the shapes; slot 0 is cls + pos[0], slot 1 + l is patch l . w + b + pos[1 + l].
        throw new UnsupportedOperationException("Not implemented yet: VitPatchEmbed.embed");
    }
}
