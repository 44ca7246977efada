package deepdrill.week3;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
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
 * least one window fits. The batch may be empty ({@code N = 0}, as a detector's head gets when no
 * region survives): the result is then an empty {@code (0, F, H', W')} array, as in PyTorch. ND4J
 * cannot read an empty array's data ({@code x.data()} fails), so return before reading it.
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
        if (N == 0) {
            return Nd4j.create(x.dataType(), 0, F, outH, outW);
        }
        Windows windows = new Windows(C, H, W, HH, WW, outH, outW, stride, padding, dilation);
        int taps = windows.taps();
        int pixels = outH * outW;

        // float32 stays float32 all the way (half the memory traffic, a GEMM twice as fast);
        // everything else is computed in float64.
        DataType type = x.dataType() == DataType.FLOAT ? DataType.FLOAT : DataType.DOUBLE;
        Values input = new Values(contiguous(x.castTo(type)));
        // Only plain copies and the GEMM below touch ND4J: its other ops run on an OpenMP thread pool
        // whose threads keep spinning after each op, and on a small machine they slow the GEMM that
        // follows by a factor of 2 to 4, more than the ops themselves cost.
        INDArray kernels = kernelMatrix(w, b, type, windows);
        // im2col, laid out as rows ("im2row"): one image's windows, one per output pixel, each
        // ending in a 1 for the bias. Taps in the padding are never written: every image writes the
        // same positions, so they keep the 0 they start with.
        INDArray rows = Nd4j.createUninitialized(type, new long[] {pixels, taps + 1}, 'c');
        Values rowValues = new Values(rows);
        rowValues.clearWindows(pixels, taps + 1);
        // (pixels, F) in column-major order is (F, pixels) in row-major order: one image of the
        // output, NCHW, ready to be copied as one block. BLAS is column-major, so this is also the
        // layout it writes fastest.
        INDArray product = Nd4j.createUninitialized(type, new long[] {pixels, F}, 'f');
        INDArray out = Nd4j.createUninitialized(type, N, F, outH, outW);
        Values outValues = new Values(out);
        Values productValues = new Values(product);

        Object plane = type == DataType.FLOAT ? new float[C * H * W] : new double[C * H * W];
        Object image = type == DataType.FLOAT ? new float[C * H * W] : new double[C * H * W];
        for (int n = 0; n < N; n++) {
            input.get(n * C * H * W, plane);
            channelsLast(plane, C, H * W, image);
            windows.im2row(image, rowValues);
            rows.mmuli(kernels, product);
            outValues.put(n * F * pixels, productValues, F * pixels);
        }
        // Scratch arrays go back now rather than when the garbage collector finds them: the next
        // call then reuses warm memory instead of faulting in fresh pages.
        kernels.close();
        rows.close();
        product.close();
        return out.castTo(x.dataType());
    }

    // The weights as a (taps + 1, F) column-major matrix: row (kh, kw, c) holds every filter's weight
    // for that tap, the last row the biases, which meet the column of ones in the windows.
    private static INDArray kernelMatrix(INDArray w, INDArray b, DataType type, Windows windows) {
        int F = (int) w.size(0);
        int C = windows.C();
        int HH = windows.HH();
        int WW = windows.WW();
        int width = windows.taps() + 1;
        Values weights = new Values(contiguous(w.castTo(type)));
        Values biases = new Values(contiguous(b.castTo(type)));
        INDArray kernels = Nd4j.createUninitialized(type, new long[] {width, F}, 'f');
        Values to = new Values(kernels);
        for (int f = 0; f < F; f++) {
            for (int c = 0; c < C; c++) {
                for (int kh = 0; kh < HH; kh++) {
                    for (int kw = 0; kw < WW; kw++) {
                        to.copy(f * width + (kh * WW + kw) * C + c, weights, ((f * C + c) * HH + kh) * WW + kw);
                    }
                }
            }
            to.copy(f * width + width - 1, biases, f);
        }
        return kernels;
    }

    private static INDArray contiguous(INDArray x) {
        return x.isView() || x.ordering() != 'c' || x.data().length() != x.length() ? x.dup('c') : x;
    }

    // (C, H * W) -> (H * W, C) for one image, so that a window's taps across channels are
    // contiguous. Blocked over pixels so that the writes stay in the L1 cache.
    private static void channelsLast(Object plane, int C, int HW, Object image) {
        if (plane instanceof float[] from) {
            float[] to = (float[]) image;
            for (int q0 = 0; q0 < HW; q0 += 32) {
                for (int q = q0; q < Math.min(HW, q0 + 32); q++) {
                    for (int c = 0; c < C; c++) {
                        to[q * C + c] = from[c * HW + q];
                    }
                }
            }
        } else {
            double[] from = (double[]) plane;
            double[] to = (double[]) image;
            for (int q0 = 0; q0 < HW; q0 += 32) {
                for (int q = q0; q < Math.min(HW, q0 + 32); q++) {
                    for (int c = 0; c < C; c++) {
                        to[q * C + c] = from[c * HW + q];
                    }
                }
            }
        }
    }

    // The windows of one channels-last image. Row p = (i, j) of the im2row matrix holds the taps
    // in (kh, kw, c) order, so with dilation 1 the taps of one kernel row, all WW * C of them, are
    // one contiguous run of the input: one bulk copy instead of WW * C single values.
    private record Windows(int C, int H, int W, int HH, int WW, int outH, int outW,
                           int stride, int padding, int dilation) {

        int taps() {
            return HH * WW * C;
        }

        void im2row(Object image, Values rows) {
            int width = taps() + 1;
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    int column = j * stride - padding;   // the input column of the window's tap kw = 0
                    // The taps kw whose column falls inside the input: 0 <= column + kw * d < W.
                    int first = Math.max(0, -Math.floorDiv(column, dilation));
                    int last = Math.min(WW - 1, Math.floorDiv(W - 1 - column, dilation));
                    int start = (i * outW + j) * width;
                    for (int kh = 0; kh < HH; kh++) {
                        int row = i * stride - padding + kh * dilation;
                        if (row < 0 || row >= H || first > last) {
                            continue;
                        }
                        int from = (row * W + column) * C;
                        int to = start + kh * WW * C;
                        if (dilation == 1) {
                            rows.put(to + first * C, image, from + first * C, (last - first + 1) * C);
                        } else {
                            for (int kw = first; kw <= last; kw++) {
                                rows.put(to + kw * C, image, from + kw * dilation * C, C);
                            }
                        }
                    }
                }
            }
        }
    }

    // An array's native memory, read and written in bulk: element by element, through getDouble or
    // putScalar, the copies would cost more than the whole convolution.
    private record Values(FloatBuffer floats, DoubleBuffer doubles) {

        Values(INDArray a) {
            this(a.dataType() == DataType.FLOAT ? a.data().asNioFloat() : null,
                    a.dataType() == DataType.FLOAT ? null : a.data().asNioDouble());
        }

        void get(int from, Object to) {
            if (floats != null) {
                floats.get(from, (float[]) to);
            } else {
                doubles.get(from, (double[]) to);
            }
        }

        void put(int at, Object from, int offset, int length) {
            if (floats != null) {
                floats.put(at, (float[]) from, offset, length);
            } else {
                doubles.put(at, (double[]) from, offset, length);
            }
        }

        void put(int at, Values from, int length) {
            if (floats != null) {
                floats.put(at, from.floats, 0, length);
            } else {
                doubles.put(at, from.doubles, 0, length);
            }
        }

        void copy(int at, Values from, int index) {
            if (floats != null) {
                floats.put(at, from.floats.get(index));
            } else {
                doubles.put(at, from.doubles.get(index));
            }
        }

        // Every window row of the given width set to 0, 0, ..., 0, 1.
        void clearWindows(int count, int width) {
            if (floats != null) {
                float[] row = new float[width];
                row[width - 1] = 1;
                for (int p = 0; p < count; p++) {
                    floats.put(p * width, row);
                }
            } else {
                double[] row = new double[width];
                row[width - 1] = 1;
                for (int p = 0; p < count; p++) {
                    doubles.put(p * width, row);
                }
            }
        }
    }
}
