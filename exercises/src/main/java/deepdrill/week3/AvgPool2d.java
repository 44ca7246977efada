package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward pass of a 2-D average-pooling layer, with zero padding.
 *
 * <h2>The idea</h2>
 * Slide a {@code poolH x poolW} window over each channel of each image, {@code stride} pixels at a
 * time, and output the mean of the values under it. Like max pooling it downsamples and has no
 * weights, but every pixel contributes, which smooths rather than picks.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size        C  channels        H, W  input height and width
 *   poolH, poolW         the window         s     stride        p  padding (zeros on every side)
 *
 *   x    (N, C, H, W)      input; any data type (the result keeps it)
 *   out  (N, C, H', W')
 *
 *   H' = (H + 2p - poolH) / s + 1        W' = (W + 2p - poolW) / s + 1        (integer division: floor)
 *
 *   out[n, c, i, j] = (1 / (poolH * poolW)) * sum over 0 <= a < poolH, 0 <= b < poolW of
 *                     xpad[n, c, i * s + a, j * s + b]
 * </pre>
 * where {@code xpad} is {@code x} with {@code p} zeros on all four sides ({@code xpad[.., r, q] =
 * x[.., r - p, q - p]}, and 0 outside {@code x}). Floor mode: a window that would hang over the
 * padded edge is dropped. You may assume {@code p <= poolH / 2} and {@code p <= poolW / 2} (PyTorch
 * refuses more padding than half the window). The batch may be empty ({@code N = 0}): the result
 * is then an empty {@code (0, C, H', W')} array, as in PyTorch (ND4J cannot read an empty array's data).
 *
 * <h2>The convention: padded zeros count in the divisor</h2>
 * A window that overlaps the padding holds fewer real pixels than {@code poolH * poolW}. This
 * exercise follows PyTorch's default, {@code AvgPool2d(..., count_include_pad=True)}: the padded
 * zeros count, so the divisor is always {@code poolH * poolW}, and outputs near the border come out
 * smaller (darker) than the pixels they average. With {@code count_include_pad=False} (and in
 * TensorFlow's average pooling with {@code padding="SAME"}) the divisor is the number of real
 * pixels in the window, and a constant image stays constant. The two agree away from the border
 * and differ at it, so porting a model between conventions changes its border outputs: always say
 * which one you use.
 *
 * <h2>What interviewers ask</h2>
 * "Max or average pooling, and when?" "What does global average pooling replace in modern
 * classifiers?" (the big fully connected layers: one value per channel, then a linear layer).
 * "How does the gradient flow back through an average?" (spread evenly over the window: the
 * avg-pool-backward exercise). And the border question above.
 *
 * <h2>Hint: fast data access</h2>
 * Read the data once as a flat array in C order, where {@code (n, c, h, w)} sits at index
 * {@code ((n * C + c) * H + h) * W + w}; fill a flat {@code double[]} for the result and wrap it at
 * the end:
 * <pre>
 *   double[] xs = x.dup('c').data().asDouble();
 *   double[] out = new double[N * C * Hout * Wout];   // Hout = H', Wout = W'
 *   ...
 *   return Nd4j.create(out, new long[] {N, C, Hout, Wout}, x.dataType());
 * </pre>
 * Calling {@code getDouble}/{@code putScalar} per element works too, but is about 45 times slower.
 * The model solution, which {@code ./grader bench} times, goes further: one channel at a time,
 * copied in bulk between native memory and two small arrays that stay in the cache
 * ({@code x.data().asNioFloat().get(offset, plane)} for float32), with no whole-batch conversion.
 * There is no need to build the padded copy: sum the part of the window that lies inside
 * {@code x}.
 *
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.nn.AvgPool2d.html">PyTorch,
 *      torch.nn.AvgPool2d</a>
 */
public final class AvgPool2d {

    private AvgPool2d() {
    }

    /**
     * Average-pools every channel of every image, counting padded zeros in the divisor.
     *
     * @param x       input of shape (N, C, H, W); not modified
     * @param poolH   window height, at least 1
     * @param poolW   window width, at least 1
     * @param stride  step between windows, the same for height and width, at least 1
     * @param padding zeros added on every side, at least 0 and at most half the window
     * @return a new array of shape (N, C, H', W') with the data type of {@code x}
     */
    public static INDArray forward(INDArray x, int poolH, int poolW, int stride, int padding) {
        // TODO: compute H' and W', then sum the part of each window inside x and divide by poolH * poolW.
        throw new UnsupportedOperationException("Not implemented yet: AvgPool2d.forward");
    }
}
