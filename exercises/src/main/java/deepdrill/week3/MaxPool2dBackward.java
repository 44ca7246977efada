package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backward pass of a 2-D max-pooling layer: route each upstream gradient to the input that
 * won its window.
 *
 * <h2>The idea</h2>
 * Each output of {@link MaxPool2d} is one input value, the largest in its window; the others did
 * not affect it. So {@code dout[n, c, i, j]} flows back to that one position, the window's argmax,
 * and to nothing else in the window. With overlapping windows ({@code stride < pool}) a single
 * pixel can win several windows and then receives the <em>sum</em> of their gradients: accumulate
 * with {@code +=}, never overwrite.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size        C  channels        H, W  input height and width
 *   poolH, poolW         the window         s     stride (the same for both axes)
 *
 *   dout (N, C, H', W')     upstream gradient, dL/dout
 *   x    (N, C, H, W)       the forward pass's input; any data type (the result keeps it)
 *   dx   (N, C, H, W)       dL/dx, the shape of x
 *
 *   H' = (H - poolH) / s + 1        W' = (W - poolW) / s + 1        (integer division: floor)
 *
 *   (a, b) = argmax over 0 <= a < poolH, 0 <= b < poolW of x[n, c, i * s + a, j * s + b]
 *   dx[n, c, i * s + a, j * s + b]  +=  dout[n, c, i, j]          for every n, c, i, j
 * </pre>
 * Every other element of {@code dx} is 0, including the pixels that no window reads (the last
 * rows or columns that floor drops, or the gaps when {@code s > pool}). The forward pass is
 * PyTorch's {@code MaxPool2d(kernel_size=(poolH, poolW), stride=s)}: no padding, floor mode.
 *
 * <h2>The convention for ties</h2>
 * When several values in a window share the maximum, the whole gradient goes to the <em>first</em>
 * of them in row-major order within the window (smallest {@code a}, then smallest {@code b}). That
 * is what PyTorch does: its forward pass keeps the index of the first maximum it meets, and its
 * backward pass sends the gradient there. So scan the window in row-major order and replace the
 * running maximum only on a strictly larger value ({@code >}, not {@code >=}). Sending the gradient
 * to every tied maximum would count it several times; strictly speaking the max is not
 * differentiable at a tie, and any one of the tied positions is a valid subgradient.
 *
 * <p>A NaN counts as larger than any number, as in PyTorch, whose forward pass returns it as the
 * window's maximum: the gradient goes to the NaN ({@code v > max} is false for NaN, so test
 * {@code Double.isNaN(v)} too; with several NaNs PyTorch takes the last). A window of minus
 * infinities sends its gradient to its first pixel, like any tie.
 *
 * <h2>What interviewers ask</h2>
 * "How does the gradient flow through max pooling?" (only to the argmax: a gradient router, like
 * ReLU). "What does a framework store in the forward pass to make this fast?" (the argmax indices,
 * PyTorch's {@code return_indices=True}, also used by max-unpooling). "What happens when windows
 * overlap?" (gradients add up). "And on ties?" (see above). "How many parameters?" (none; the
 * backward still has work to do).
 *
 * <h2>Hint: fast data access</h2>
 * Read the data once as flat arrays in C order, where {@code (n, c, h, w)} sits at index
 * {@code ((n * C + c) * H + h) * W + w}; accumulate into a flat {@code double[]} and wrap it at the
 * end:
 * <pre>
 *   double[] xs = x.dup('c').data().asDouble();      // likewise for dout
 *   double[] dx = new double[N * C * H * W];          // starts at zero: ready for +=
 *   ...
 *   return Nd4j.create(dx, x.shape(), x.dataType());
 * </pre>
 * For each window, remember the flat index of its maximum while you scan it, then add the
 * window's {@code dout} at that index.
 *
 * @see <a href="https://cs231n.github.io/optimization-2/#patterns-in-backward-flow">CS231n notes,
 *      patterns in backward flow (the max gate routes the gradient)</a>
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.nn.MaxPool2d.html">PyTorch,
 *      torch.nn.MaxPool2d</a>
 */
public final class MaxPool2dBackward {

    private MaxPool2dBackward() {
    }

    /**
     * Backpropagates through {@code MaxPool2d.forward(x, poolH, poolW, stride)}.
     *
     * @param dout   upstream gradient of shape (N, C, H', W'); not modified
     * @param x      the forward pass's input, of shape (N, C, H, W); not modified
     * @param poolH  window height, at least 1
     * @param poolW  window width, at least 1
     * @param stride step between windows, the same for height and width, at least 1
     * @return dx, a new array of shape (N, C, H, W) with the data type of {@code x}
     */
    public static INDArray backward(INDArray dout, INDArray x, int poolH, int poolW, int stride) {
        // TODO: for each window of each (n, c) image, find the flat index of its first maximum (scan in
        // row-major order, replace only on a larger value) and add the window's dout there.
        throw new UnsupportedOperationException("Not implemented yet: MaxPool2dBackward.backward");
    }
}
