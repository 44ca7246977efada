package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward pass of a 2-D max-pooling layer.
 *
 * <h2>The idea</h2>
 * Slide a {@code poolH x poolW} window over each channel of each image, {@code stride} pixels at a
 * time, and keep only the largest value under it. Pooling shrinks the feature maps (less compute
 * further on, a larger receptive field) and makes the answer insensitive to small shifts: the
 * maximum does not care where in the window the feature fired. It has no weights, and every
 * channel is pooled on its own.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size        C  channels        H, W  input height and width
 *   poolH, poolW         the window         s     stride (the same for both axes)
 *
 *   x    (N, C, H, W)      input; any data type (the result keeps it)
 *   out  (N, C, H', W')
 *
 *   H' = (H - poolH) / s + 1        W' = (W - poolW) / s + 1        (integer division: floor)
 *
 *   out[n, c, i, j] = max over 0 <= a < poolH, 0 <= b < poolW of  x[n, c, i * s + a, j * s + b]
 * </pre>
 * The convention is PyTorch's {@code MaxPool2d(kernel_size=(poolH, poolW), stride=s)} with no
 * padding and floor mode: a last window that would hang over the edge is dropped, so the last rows
 * or columns of {@code x} may not be looked at. You may assume the window fits ({@code poolH <= H},
 * {@code poolW <= W}). The batch may be empty ({@code N = 0}): the result is then an empty
 * {@code (0, C, H', W')} array, as in PyTorch (ND4J cannot read an empty array's data).
 *
 * <h2>Strides and windows</h2>
 * With {@code s == pool} (the classic 2x2, stride 2) the windows tile the image; with
 * {@code s < pool} they overlap (AlexNet used 3x3, stride 2), and a pixel can be the maximum of
 * several windows; with {@code s > pool} some pixels are skipped entirely. Start each maximum at
 * minus infinity or at the window's first value, never at 0 (nor at {@code Double.MIN_VALUE},
 * which is the smallest <em>positive</em> double): all values in a window can be negative, or
 * minus infinity. A NaN in a window makes its maximum NaN, as in PyTorch: {@code Math.max}
 * propagates NaN, while a comparison {@code v > max} is false for NaN and would skip it.
 *
 * <h2>What interviewers ask</h2>
 * "What does pooling buy you?" (downsampling, some translation invariance, no parameters). "How
 * many parameters does a max-pool layer have?" (none). "Max or average pooling?" "How does the
 * gradient flow back through a max?" (only to the position of the maximum: the max-pool-backward
 * exercise). "Why do modern networks often replace pooling with strided convolutions?"
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
 *
 * @see <a href="https://cs231n.github.io/convolutional-networks/#pool">CS231n notes, Pooling
 *      layer</a>
 */
public final class MaxPool2d {

    private MaxPool2d() {
    }

    /**
     * Max-pools every channel of every image.
     *
     * @param x      input of shape (N, C, H, W); not modified
     * @param poolH  window height, at least 1
     * @param poolW  window width, at least 1
     * @param stride step between windows, the same for height and width, at least 1
     * @return a new array of shape (N, C, (H - poolH) / stride + 1, (W - poolW) / stride + 1) with the
     *         data type of {@code x}
     */
    public static INDArray forward(INDArray x, int poolH, int poolW, int stride) {
        // TODO: compute H' and W', then take the maximum of each window of each (n, c) image.
        throw new UnsupportedOperationException("Not implemented yet: MaxPool2d.forward");
    }
}
