package deepdrill.week4;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward pass of a 2-D transposed convolution (often, wrongly, called "deconvolution"), the
 * learned upsampling layer of segmentation decoders, GAN generators and U-Nets.
 *
 * <h2>The idea</h2>
 * A convolution gathers: each output pixel is a weighted sum of a window of inputs. A transposed
 * convolution scatters: each input pixel {@code x[n, c, i, j]} stamps a copy of its kernel, scaled
 * by its value, into the output, with its top-left corner at row {@code i * s - p} and column
 * {@code j * s - p}; where stamps overlap they add up. With stride {@code s > 1} the stamps are
 * {@code s} pixels apart, so the output is about {@code s} times larger than the input.
 *
 * <p>It is called "transposed" because it is exactly the transpose of the matrix of a convolution
 * with the same kernel, stride and padding: a transposed convolution is the gradient of that
 * convolution with respect to its input, evaluated at {@code dout = x}. That is how libraries
 * implement it, and how this exercise is checked (PyTorch's autograd through {@code conv2d}).
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size        C_in  input channels      C_out  output channels
 *   H, W    input height and width                 HH, WW kernel height and width
 *   s  stride            p  padding                op     output padding
 *
 *   x    (N, C_in, H, W)           input; any data type (the result keeps it)
 *   w    (C_in, C_out, HH, WW)     weights, in PyTorch's ConvTranspose2d layout: input channel first
 *   b    (C_out)                   one bias per output channel
 *   out  (N, C_out, H', W')
 *
 *   H' = (H - 1) * s - 2p + HH + op
 *   W' = (W - 1) * s - 2p + WW + op
 *
 *   out[n, o, i * s + kh - p, j * s + kw - p] += x[n, c, i, j] * w[c, o, kh, kw]
 *                                                for every n, c, o, i, j, kh, kw
 *   out[n, o, r, q] += b[o]                      once per output pixel
 * </pre>
 * Stamps that land outside {@code [0, H')} x {@code [0, W')} are dropped: the padding {@code p}
 * <em>removes</em> {@code p} rows and columns from each side of the full result (it undoes the
 * padding of the convolution this layer transposes). The output padding {@code op} adds
 * {@code op} rows and columns at the bottom and right only; it exists because a strided
 * convolution maps several input sizes to the same output size ({@code 7} and {@code 8} both give
 * {@code 4} with {@code k = 3, s = 2, p = 1}), and {@code op} picks which one to go back to. You
 * may assume {@code 0 <= op < s} and that the output size is at least 1.
 *
 * <h2>The convention: no flip</h2>
 * Written as a scatter, as above, the kernel is used as it is: {@code w[c, o, 0, 0]} lands at the
 * top-left of each stamp, as in PyTorch. The same layer can be written as a gather: insert
 * {@code s - 1} zeros between the input pixels, pad with {@code HH - 1 - p} zeros and run an
 * ordinary convolution; that convolution needs the kernel flipped and its two channel axes swapped.
 *
 * <h2>What interviewers ask</h2>
 * "What is the output size?" (the formula above, the inverse of the convolution's). "Why is it
 * called transposed?" (its matrix is the transpose of the convolution's; it is the convolution's
 * input gradient). "Is it a deconvolution?" (no: it does not invert the convolution, it only maps
 * back to the input's shape). "What are checkerboard artifacts?" When the kernel size is not a
 * multiple of the stride, stamps overlap unevenly, so some output pixels receive more
 * contributions than others and a grid pattern appears; the usual fix is to resize (nearest or
 * bilinear) and then convolve (Odena et al., 2016). "What does output_padding do?" (see above).
 *
 * <h2>Hint: fast data access</h2>
 * Read each input once as a flat array in C order ({@code (n, c, h, w)} of an
 * {@code (N, C, H, W)} array sits at {@code ((n * C + c) * H + h) * W + w}), accumulate into a
 * flat {@code double[]} and wrap it at the end:
 * <pre>
 *   double[] xs = x.dup('c').data().asDouble();      // likewise for w and b
 *   double[] out = new double[N * Cout * Hout * Wout];
 *   ...
 *   return Nd4j.create(out, new long[] {N, Cout, Hout, Wout}, x.dataType());
 * </pre>
 *
 * @see <a href="https://arxiv.org/abs/1603.07285">Dumoulin and Visin, A guide to convolution
 *      arithmetic for deep learning (2016)</a>
 * @see <a href="https://distill.pub/2016/deconv-checkerboard/">Odena, Dumoulin and Olah,
 *      Deconvolution and checkerboard artifacts, Distill (2016)</a>
 */
public final class ConvTranspose2d {

    private ConvTranspose2d() {
    }

    /**
     * The output size of a transposed convolution along one axis.
     *
     * @param in            input size (H or W), at least 1
     * @param kernel        kernel size (HH or WW), at least 1
     * @param stride        stride, at least 1
     * @param padding       rows or columns removed from each side, at least 0
     * @param outputPadding rows or columns added at the bottom or right, {@code 0 <= op < stride}
     * @return {@code (in - 1) * stride - 2 * padding + kernel + outputPadding}
     */
    public static int outputSize(int in, int kernel, int stride, int padding, int outputPadding) {
        return (in - 1) * stride - 2 * padding + kernel + outputPadding;
    }

    /**
     * Scatters every input pixel's weighted kernel into the output, then adds the biases.
     *
     * @param x             input of shape (N, C_in, H, W); not modified
     * @param w             weights of shape (C_in, C_out, HH, WW); not modified
     * @param b             biases of shape (C_out); not modified
     * @param stride        distance between the stamps of neighbouring input pixels, at least 1
     * @param padding       rows and columns cropped from each side of the full result, at least 0
     * @param outputPadding extra rows and columns at the bottom and right, {@code 0 <= op < stride}
     * @return a new array of shape (N, C_out, H', W') with the data type of {@code x}
     */
    public static INDArray forward(INDArray x, INDArray w, INDArray b, int stride, int padding, int outputPadding) {
        int N = (int) x.size(0);
        int Cin = (int) x.size(1);
        int H = (int) x.size(2);
        int W = (int) x.size(3);
        int Cout = (int) w.size(1);
        int HH = (int) w.size(2);
        int WW = (int) w.size(3);
        int outH = outputSize(H, HH, stride, padding, outputPadding);
        int outW = outputSize(W, WW, stride, padding, outputPadding);

        double[] xs = x.dup('c').data().asDouble();
        double[] ws = w.dup('c').data().asDouble();
        double[] bs = b.dup('c').data().asDouble();
        double[] out = new double[N * Cout * outH * outW];
        for (int n = 0; n < N; n++) {
            for (int o = 0; o < Cout; o++) {
                int plane = (n * Cout + o) * outH * outW;
                for (int c = 0; c < Cin; c++) {
                    for (int i = 0; i < H; i++) {
                        for (int j = 0; j < W; j++) {
                            double v = xs[((n * Cin + c) * H + i) * W + j];
                            for (int kh = 0; kh < HH; kh++) {
                                int row = i * stride + kh - padding;
                                if (row < 0 || row >= outH) {
                                    continue;   // cropped away by the padding
                                }
                                for (int kw = 0; kw < WW; kw++) {
                                    int col = j * stride + kw - padding;
                                    if (col >= 0 && col < outW) {
                                        out[plane + row * outW + col] += v * ws[((c * Cout + o) * HH + kh) * WW + kw];
                                    }
                                }
                            }
                        }
                    }
                }
                for (int k = plane; k < plane + outH * outW; k++) {
                    out[k] += bs[o];
                }
            }
        }
        return Nd4j.create(out, new long[] {N, Cout, outH, outW}, x.dataType());
    }
}
