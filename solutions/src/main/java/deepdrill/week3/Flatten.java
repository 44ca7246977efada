package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Flatten, forward and backward: the bridge from convolutional feature maps to a fully connected
 * layer.
 *
 * <h2>The idea</h2>
 * A linear layer wants one vector per example; a convolution produces {@code C} maps of
 * {@code H x W}. Flatten lays each example's {@code C * H * W} values out in one row, in a fixed
 * order, and the backward pass puts the gradient of each value back where the value came from.
 * It has no parameters and changes no value: only the shape.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size        C  channels        H, W  height and width
 *
 *   forward:   x (N, C, H, W)  ->  out (N, C * H * W)
 *              out[n, (c * H + h) * W + w] = x[n, c, h, w]
 *
 *   backward:  dout (N, C * H * W), inputShape {N, C, H, W}  ->  dx (N, C, H, W)
 *              dx[n, c, h, w] = dout[n, (c * H + h) * W + w]
 * </pre>
 *
 * <h2>The convention: C order, batch axis kept</h2>
 * The order is row-major ("C order"): the last axis varies fastest, so a row holds channel 0's
 * first image row, then its second row, ..., then channel 1. It is PyTorch's
 * {@code x.view(N, -1)} (or {@code torch.flatten(x, 1)}) on an NCHW tensor. Two other orders are
 * common and silently wrong here: column-major ("Fortran order", MATLAB's and NumPy's
 * {@code order='F'}, where the first axis varies fastest) and the channels-last order that
 * flattening an NHWC tensor (TensorFlow's layout) gives, {@code (h * W + w) * C + c}. The batch
 * axis is never flattened: the result has N rows. A model trained with one order and run with
 * another still runs, with garbage outputs, which is why porting weights between frameworks makes
 * interviewers ask about it.
 *
 * <h2>What interviewers ask</h2>
 * "What does flatten do to the gradient?" (the inverse reshape: nothing else). "How many weights
 * has the linear layer after it?" ({@code C * H * W * outFeatures + outFeatures}: flatten is where
 * the parameter count of old CNNs like VGG exploded). "Why does {@code view} fail after a
 * transpose in PyTorch?" (the data is no longer contiguous in C order; {@code reshape} copies).
 * "Flatten or global average pooling?" (the global-avg-pool exercise).
 *
 * <h2>Hint</h2>
 * ND4J's {@code reshape(char order, long... newShape)} does it with {@code order = 'c'}; the result
 * may share memory with its input, as PyTorch's {@code view} does, which is fine because neither
 * is modified afterwards. Say the order explicitly rather than relying on a default.
 *
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.flatten.html">PyTorch,
 *      torch.flatten</a>
 * @see <a href="https://en.wikipedia.org/wiki/Row-_and_column-major_order">Row- and column-major
 *      order</a>
 */
public final class Flatten {

    private Flatten() {
    }

    /**
     * Flattens every example of a batch into one row, in C order.
     *
     * @param x input of shape (N, C, H, W); not modified
     * @return an array of shape (N, C * H * W) with the data type of {@code x} (it may share memory
     *         with {@code x})
     */
    public static INDArray forward(INDArray x) {
        long n = x.size(0);
        return x.reshape('c', n, x.length() / n);
    }

    /**
     * Backpropagates through {@link #forward}: puts every gradient back at the position its value
     * came from.
     *
     * @param dout       upstream gradient of shape (N, C * H * W); not modified
     * @param inputShape the shape of the forward pass's input, {N, C, H, W}; not modified
     * @return dx, an array of shape {@code inputShape} with the data type of {@code dout} (it may
     *         share memory with {@code dout})
     */
    public static INDArray backward(INDArray dout, long[] inputShape) {
        return dout.reshape('c', inputShape);
    }
}
