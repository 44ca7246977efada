package deepdrill.week3;

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
        // TODO: compute H' and W', then loop over n, f, the output positions, c, kh and kw.
        throw new UnsupportedOperationException("Not implemented yet: Conv2d.forward");
    }
}
