package deepdrill.week4;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dilated (atrous) convolution: a convolution whose kernel taps are spread {@code d} pixels
 * apart, the layer that DeepLab and WaveNet use to see far without downsampling.
 *
 * <h2>The idea</h2>
 * A 3x3 kernel with dilation 2 still has 9 weights, but they sit on a 5x5 grid with holes
 * ("à trous"): tap {@code (kh, kw)} reads the pixel {@code kh * d} rows and {@code kw * d}
 * columns from the window's corner. The window moves one pixel at a time, as in an ordinary
 * convolution; only the taps are spread. Stacking dilations 1, 2, 4, 8 grows the receptive field
 * exponentially with depth while the feature map keeps its full resolution, which is what dense
 * prediction (segmentation) needs.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size        C  input channels       H, W    input height and width
 *   F  filters           HH, WW                  kernel height and width
 *   d  dilation          p  padding (zeros on every side); the stride is 1
 *
 *   x    (N, C, H, W)          input; any data type (the result keeps it)
 *   w    (F, C, HH, WW)        filter weights
 *   b    (F)                   one bias per filter
 *   out  (N, F, H', W')
 *
 *   effective kernel size   K_h = d * (HH - 1) + 1,   K_w = d * (WW - 1) + 1
 *   H' = H + 2p - K_h + 1,   W' = W + 2p - K_w + 1
 *
 *   out[n, f, i, j] = b[f] + sum over c, kh, kw of xpad[n, c, i + kh * d, j + kw * d] * w[f, c, kh, kw]
 * </pre>
 * where {@code xpad} is {@code x} with {@code p} zeros on all four sides. The dilation multiplies
 * the tap offsets {@code kh} and {@code kw}, never the window position {@code i, j}: that would
 * be a stride. With {@code p = d * (k - 1) / 2} an odd kernel keeps the size ("same" padding).
 * Cross-correlation, as in every deep-learning library: the kernel is not flipped. You may assume
 * the shapes fit together and that at least one window fits.
 *
 * <h2>What interviewers ask</h2>
 * "What is the receptive field of a 3x3 conv with dilation 2?" (5x5: the effective kernel size).
 * "Why dilate instead of pooling?" (a larger context without losing resolution or adding
 * weights). "What can go wrong?" (gridding: with one dilation repeated, each output sees only a
 * sparse checkerboard of inputs; mixing dilation rates, as in hybrid dilated convolution, fixes
 * it). "Dilation vs stride?" (stride skips output positions; dilation skips input pixels inside
 * one window).
 *
 * <h2>Hint: fast data access</h2>
 * Read each input once as a flat array in C order ({@code (n, c, h, w)} of an
 * {@code (N, C, H, W)} array sits at {@code ((n * C + c) * H + h) * W + w}), fill a flat
 * {@code double[]} and wrap it at the end with
 * {@code Nd4j.create(out, new long[] {N, F, Hout, Wout}, x.dataType())}. Skip taps that fall into
 * the padding rather than building a padded copy.
 *
 * @see <a href="https://arxiv.org/abs/1511.07122">Yu and Koltun, Multi-scale context aggregation by
 *      dilated convolutions (ICLR 2016)</a>
 * @see <a href="https://arxiv.org/abs/1606.00915">Chen et al., DeepLab: semantic image segmentation
 *      with deep convolutional nets, atrous convolution, and fully connected CRFs (2017)</a>
 */
public final class DilatedConv {

    private DilatedConv() {
    }

    /**
     * How many input pixels one row (or column) of a dilated kernel spans.
     *
     * @param kernel   the number of taps, at least 1
     * @param dilation the spacing between taps, at least 1
     * @return {@code dilation * (kernel - 1) + 1}
     */
    public static int effectiveKernelSize(int kernel, int dilation) {
        return dilation * (kernel - 1) + 1;
    }

    /**
     * Convolves (cross-correlates) a batch with dilated filters, stride 1, and adds the biases.
     *
     * @param x        input of shape (N, C, H, W); not modified
     * @param w        weights of shape (F, C, HH, WW); not modified
     * @param b        biases of shape (F); not modified
     * @param dilation spacing between kernel taps (1 = an ordinary kernel), at least 1
     * @param padding  zeros added on every side, at least 0
     * @return a new array of shape (N, F, H', W') with the data type of {@code x}
     */
    public static INDArray forward(INDArray x, INDArray w, INDArray b, int dilation, int padding) {
        int N = (int) x.size(0);
        int C = (int) x.size(1);
        int H = (int) x.size(2);
        int W = (int) x.size(3);
        int F = (int) w.size(0);
        int HH = (int) w.size(2);
        int WW = (int) w.size(3);
        int outH = H + 2 * padding - effectiveKernelSize(HH, dilation) + 1;
        int outW = W + 2 * padding - effectiveKernelSize(WW, dilation) + 1;

        double[] xs = x.dup('c').data().asDouble();
        double[] ws = w.dup('c').data().asDouble();
        double[] bs = b.dup('c').data().asDouble();
        double[] out = new double[N * F * outH * outW];
        int o = 0;   // out is filled in C order, so its index just counts up
        for (int n = 0; n < N; n++) {
            for (int f = 0; f < F; f++) {
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        double sum = bs[f];
                        for (int c = 0; c < C; c++) {
                            for (int kh = 0; kh < HH; kh++) {
                                int row = i - padding + kh * dilation;
                                if (row < 0 || row >= H) {
                                    continue;   // a padded zero adds nothing
                                }
                                for (int kw = 0; kw < WW; kw++) {
                                    int col = j - padding + kw * dilation;
                                    if (col >= 0 && col < W) {
                                        sum += xs[((n * C + c) * H + row) * W + col]
                                                * ws[((f * C + c) * HH + kh) * WW + kw];
                                    }
                                }
                            }
                        }
                        out[o++] = sum;
                    }
                }
            }
        }
        return Nd4j.create(out, new long[] {N, F, outH, outW}, x.dataType());
    }
}
