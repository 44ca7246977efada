package deepdrill.week4;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bilinear resizing of a batch of feature maps, the fixed (not learned) upsampling of
 * segmentation heads, FPNs and image pipelines ({@code F.interpolate(x, size, mode="bilinear")}).
 *
 * <h2>The idea</h2>
 * Each output pixel {@code (i, j)} is mapped back to a real-valued position {@code (sy, sx)} in
 * the input. It lies between four input pixels; its value is their average weighted by closeness:
 * first interpolate along the row at the two neighbouring rows, then between those two results.
 * Bilinear interpolation is separable: the row and column weights can be computed once per axis.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size    C  channels    H, W  input height and width    H', W'  output height and width
 *
 *   x    (N, C, H, W)      input; any data type (the result keeps it)
 *   out  (N, C, H', W')
 *
 *   sy = source(i, H, H')             sx = source(j, W, W')          (the two conventions below)
 *   y0 = floor(sy), y1 = min(y0 + 1, H - 1), ly = sy - y0           (likewise x0, x1, lx)
 *   out[n, c, i, j] = (1 - ly) * ((1 - lx) * x[n, c, y0, x0] + lx * x[n, c, y0, x1])
 *                   +      ly  * ((1 - lx) * x[n, c, y1, x0] + lx * x[n, c, y1, x1])
 * </pre>
 *
 * <h2>The two conventions: align_corners</h2>
 * <pre>
 *   alignCorners = true:   source(i, in, out) = i * (in - 1) / (out - 1)          (0 when out == 1)
 *   alignCorners = false:  source(i, in, out) = max((i + 0.5) * in / out - 0.5, 0)
 * </pre>
 * With {@code true} the centres of the corner pixels of input and output coincide, and the
 * pixels in between are spread evenly. With {@code false} (PyTorch's default, also OpenCV's and
 * TensorFlow 2's) pixels are unit squares and their centres sit at {@code i + 0.5}: output pixel
 * {@code i} covers the same fraction of the image as its source position. Near the border that
 * position falls before the first pixel centre ({@code -0.25} for a 2x upsampling) and is clamped
 * to 0; past the last centre, {@code y1} is clamped to {@code H - 1}. Compute the scale as a
 * {@code double}: {@code in / out} in integers is 0 when upsampling. When downsampling, only the
 * two nearest pixels on each axis are used (no anti-aliasing), as in PyTorch's default.
 *
 * <h2>What interviewers ask</h2>
 * "What does align_corners change?" (the mapping above; mixing them up shifts a segmentation mask
 * by up to half a pixel per scale, which hurts thin structures). "Bilinear upsampling or a
 * transposed convolution?" (bilinear is fixed and artifact-free; a transposed convolution learns,
 * but can make checkerboard patterns; a common recipe is resize then convolve). "How do you write
 * it as a convolution?" (a fixed transposed convolution with a triangle kernel). "Nearest vs
 * bilinear for masks?" (nearest for label maps: averaging class ids is meaningless).
 *
 * <h2>Hint: fast data access</h2>
 * Compute {@code y0, y1, ly} for every output row and {@code x0, x1, lx} for every output column
 * first, in small arrays; then loop over {@code n, c, i, j} reading the flat input
 * ({@code x.dup('c').data().asDouble()}, where {@code (n, c, h, w)} sits at
 * {@code ((n * C + c) * H + h) * W + w}) and filling a flat output, wrapped at the end with
 * {@code Nd4j.create(out, new long[] {N, C, outH, outW}, x.dataType())}.
 *
 * @see <a href="https://pytorch.org/docs/stable/generated/torch.nn.functional.interpolate.html">PyTorch,
 *      torch.nn.functional.interpolate</a>
 * @see <a href="https://distill.pub/2016/deconv-checkerboard/">Odena, Dumoulin and Olah,
 *      Deconvolution and checkerboard artifacts, Distill (2016)</a>
 */
public final class BilinearUpsample {

    private BilinearUpsample() {
    }

    /**
     * Resizes every channel of every image to {@code outH x outW} by bilinear interpolation.
     *
     * @param x            input of shape (N, C, H, W); not modified
     * @param outH         output height H', at least 1
     * @param outW         output width W', at least 1
     * @param alignCorners which convention maps output pixels to input positions (see above)
     * @return a new array of shape (N, C, outH, outW) with the data type of {@code x}
     */
    public static INDArray forward(INDArray x, int outH, int outW, boolean alignCorners) {
        // TODO: compute the source position of every output row and column, then blend the four neighbours.
        throw new UnsupportedOperationException("Not implemented yet: BilinearUpsample.forward");
    }
}
