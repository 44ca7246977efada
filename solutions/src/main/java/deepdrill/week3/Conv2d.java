package deepdrill.week3;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward pass of a 2-D convolution layer: first as plain loops, then fast.
 *
 * <h2>The idea</h2>
 * Each of {@code F} filters is a small {@code (C, HH, WW)} block of weights. It slides over the
 * (zero-padded) input; at every position it multiplies the {@code C * HH * WW} input values under
 * it with its weights, sums them and adds its bias. One filter gives one output channel, a map of
 * how strongly its pattern appears at each place.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size        C  input channels       H, W    input height and width
 *   F  filters           HH, WW                  kernel height and width
 *   s  stride            p  padding (zeros on every side)    d  dilation
 *
 *   x    (N, C, H, W)          input; any data type (the result keeps it)
 *   w    (F, C, HH, WW)        filter weights
 *   b    (F)                   one bias per filter
 *   out  (N, F, H', W')
 *
 *   H' = (H + 2p - d * (HH - 1) - 1) / s + 1        (integer division: floor)
 *   W' = (W + 2p - d * (WW - 1) - 1) / s + 1
 *
 *   out[n, f, i, j] = b[f] + sum over c, kh, kw of
 *                     xpad[n, c, i * s + kh * d, j * s + kw * d] * w[f, c, kh, kw]
 * </pre>
 * where {@code xpad} is {@code x} with {@code p} zeros added on all four sides (so
 * {@code xpad[.., r, q] = x[.., r - p, q - p]}, and 0 outside {@code x}). The stride moves the
 * window; the dilation spreads the kernel's taps {@code d} pixels apart, so a 3x3 kernel with
 * {@code d = 2} covers a 5x5 area with 9 weights. You may assume the shapes fit together and that at
 * least one window fits.
 *
 * <h2>The convention: cross-correlation</h2>
 * What deep-learning libraries call "convolution" is, strictly, cross-correlation: the kernel is
 * <em>not</em> flipped ({@code w[f, c, 0, 0]} meets the window's top-left pixel). Mathematical
 * convolution flips it first. Since the weights are learned, the two are equally expressive, and
 * PyTorch, TensorFlow and this exercise all use cross-correlation.
 *
 * <h2>What interviewers ask</h2>
 * "Write a naive conv forward" (this exercise; state the output size first). "How many
 * multiply-adds is that?" ({@code N * F * H' * W' * C * HH * WW}). "How do libraries make it fast?"
 * (im2col + one big matrix multiply, Winograd, FFT). "Convolution or cross-correlation?" (see
 * above). "What does a 1x1 convolution do?" (mixes channels per pixel). "Why dilate?" (a larger
 * receptive field with the same number of weights).
 *
 * <h2>Hint: fast data access</h2>
 * Read each input once as a flat array in C order, where {@code (n, c, h, w)} of an
 * {@code (N, C, H, W)} array sits at index {@code ((n * C + c) * H + h) * W + w}; fill a flat
 * {@code double[]} for the result and wrap it at the end:
 * <pre>
 *   double[] xs = x.dup('c').data().asDouble();      // likewise for w and b
 *   double[] out = new double[N * F * Hout * Wout];   // Hout = H', Wout = W'
 *   ...
 *   return Nd4j.create(out, new long[] {N, F, Hout, Wout}, x.dataType());
 * </pre>
 * Calling {@code getDouble}/{@code putScalar} per element works too, but is about 45 times slower,
 * and a conv makes a lot of element accesses. Skip taps that fall into the padding rather than
 * building the padded copy: they would only add zeros.
 *
 * <h2>Then make it fast: im2col</h2>
 * Loops run at about 0.5 GFLOP/s; a matrix multiply on the same machine at 100 or more. im2col
 * turns the convolution into one matrix multiply: lay every window out as a column of
 * {@code C * HH * WW} values, one column per output pixel of every image, giving a
 * {@code (C * HH * WW, N * H' * W')} matrix; then {@code w.reshape(F, C * HH * WW)} times it is
 * {@code (F, N * H' * W')}, the output up to a reshape, a transpose of the first two axes and the
 * bias. The copy costs memory ({@code HH * WW} times the input) but the multiply runs at the BLAS
 * library's speed. {@code ./grader bench conv2d-forward} times your version against the model
 * solution (im2col) and PyTorch. Build the column matrix in a flat array of the input's own type
 * ({@code data().asFloat()} for float32), then one {@code mmul}.
 *
 * @see <a href="https://cs231n.github.io/convolutional-networks/#conv">CS231n notes, Convolutional
 *      layer</a>
 * @see <a href="https://arxiv.org/abs/1511.07122">Yu and Koltun, Multi-scale context aggregation by
 *      dilated convolutions (2016)</a>
 */
public final class Conv2d {

    private Conv2d() {
    }

    /**
     * Convolves (cross-correlates) a batch with a bank of filters and adds the biases.
     *
     * @param x        input of shape (N, C, H, W); not modified
     * @param w        weights of shape (F, C, HH, WW); not modified
     * @param b        biases of shape (F); not modified
     * @param stride   step between windows, the same for height and width, at least 1
     * @param padding  zeros added on every side, at least 0
     * @param dilation spacing between kernel taps (1 = an ordinary kernel), at least 1
     * @return a new array of shape (N, F, H', W') with the data type of {@code x}
     */
    public static INDArray forward(INDArray x, INDArray w, INDArray b, int stride, int padding, int dilation) {
        int N = (int) x.size(0);
        int C = (int) x.size(1);
        int H = (int) x.size(2);
        int W = (int) x.size(3);
        int F = (int) w.size(0);
        int HH = (int) w.size(2);
        int WW = (int) w.size(3);
        int outH = (H + 2 * padding - dilation * (HH - 1) - 1) / stride + 1;
        int outW = (W + 2 * padding - dilation * (WW - 1) - 1) / stride + 1;
        int rows = C * HH * WW;
        int pixels = outH * outW;
        Windows windows = new Windows(C, H, W, HH, WW, outH, outW, stride, padding, dilation);

        // float32 stays float32 all the way (half the memory traffic, a GEMM twice as fast);
        // everything else is computed in float64.
        DataType type = x.dataType() == DataType.FLOAT ? DataType.FLOAT : DataType.DOUBLE;
        Object xs = flat(x, type);
        // The bias rides along in the product: a last column of biases in the kernel matrix and a
        // last row of ones under the columns, (F, rows + 1) times (rows + 1, H' * W').
        INDArray kernels = Nd4j.concat(1, w.castTo(type).reshape('c', F, rows), b.castTo(type).reshape(F, 1));
        Object cols = type == DataType.FLOAT ? new float[(rows + 1) * pixels] : new double[(rows + 1) * pixels];
        Windows.fillOnes(cols, rows * pixels, pixels);
        INDArray columns = Nd4j.createUninitialized(type, rows + 1, pixels);
        // BLAS is column-major: a product written into a column-major ('f') array is its native
        // layout and runs two to three times as fast here as one written into a row-major slice.
        INDArray product = Nd4j.createUninitialized(type, new long[] {F, pixels}, 'f');
        INDArray out = Nd4j.createUninitialized(type, N, F, pixels);
        // One image at a time: its column matrix is HH * WW times the image, the whole batch's
        // would be that times N.
        for (int n = 0; n < N; n++) {
            windows.im2col(xs, n, cols);
            if (type == DataType.FLOAT) {
                columns.data().asNioFloat().put((float[]) cols);
            } else {
                columns.data().asNioDouble().put((double[]) cols);
            }
            kernels.mmuli(columns, product);
            out.get(point(n), all(), all()).assign(product);
        }
        return out.reshape('c', N, F, outH, outW).castTo(x.dataType());
    }

    // The array's values in C order as a float[] (float32) or double[] (anything else), read in
    // bulk: per-element getDouble would cost more than the whole convolution.
    private static Object flat(INDArray x, DataType type) {
        INDArray c = x.castTo(type);
        if (c.isView() || c.ordering() != 'c' || c.data().length() != c.length()) {
            c = c.dup('c');
        }
        if (type == DataType.FLOAT) {
            float[] values = new float[(int) c.length()];
            c.data().asNioFloat().get(values);
            return values;
        }
        double[] values = new double[(int) c.length()];
        c.data().asNioDouble().get(values);
        return values;
    }

    // im2col for one image: the column matrix (C * HH * WW, H' * W') whose row (c, kh, kw) holds,
    // for every output pixel (i, j), the input value under that tap of the window. A row of taps
    // reads the input row with a step of `stride`, so with stride 1 it is one System.arraycopy
    // (which works on float[] and double[] alike). Taps in the padding are never written: every
    // image writes the same positions, so they stay 0 from the array's creation.
    private record Windows(int C, int H, int W, int HH, int WW, int outH, int outW,
                           int stride, int padding, int dilation) {

        void im2col(Object x, int n, Object cols) {
            int o = 0;   // the start of the current output row in cols
            for (int c = 0; c < C; c++) {
                int plane = (n * C + c) * H * W;
                for (int kh = 0; kh < HH; kh++) {
                    for (int kw = 0; kw < WW; kw++) {
                        // The output columns j whose tap falls inside the input: 0 <= j*s - p + kw*d < W.
                        int offset = kw * dilation - padding;
                        int first = Math.max(0, ceilDiv(-offset, stride));
                        int last = Math.min(outW - 1, floorDiv(W - 1 - offset, stride));
                        for (int i = 0; i < outH; i++, o += outW) {
                            int row = i * stride - padding + kh * dilation;
                            if (row < 0 || row >= H || first > last) {
                                continue;
                            }
                            int from = plane + row * W + first * stride + offset;
                            if (stride == 1) {
                                System.arraycopy(x, from, cols, o + first, last - first + 1);
                            } else {
                                for (int j = first; j <= last; j++) {
                                    System.arraycopy(x, from + (j - first) * stride, cols, o + j, 1);
                                }
                            }
                        }
                    }
                }
            }
        }

        static void fillOnes(Object cols, int from, int count) {
            if (cols instanceof float[] f) {
                java.util.Arrays.fill(f, from, from + count, 1f);
            } else {
                java.util.Arrays.fill((double[]) cols, from, from + count, 1.0);
            }
        }

        private static int floorDiv(int a, int b) {
            return Math.floorDiv(a, b);
        }

        private static int ceilDiv(int a, int b) {
            return -Math.floorDiv(-a, b);
        }
    }
}
