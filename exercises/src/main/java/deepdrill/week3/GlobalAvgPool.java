package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Global average pooling, forward and backward: one number per channel, the mean of its map.
 *
 * <h2>The idea</h2>
 * Average pooling with a single window as large as the feature map: every channel of every image
 * becomes one value, its mean. Placed after the last convolution of a classifier, it turns the
 * {@code (N, C, H, W)} feature maps into an {@code (N, C)} matrix that a linear layer (or directly
 * a softmax) can use, whatever the input's height and width.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size        C  channels        H, W  height and width of the feature maps
 *
 *   forward:   x (N, C, H, W)  ->  out (N, C)
 *              out[n, c] = (1 / (H * W)) * sum over h, w of x[n, c, h, w]
 *
 *   backward:  dout (N, C), inputShape {N, C, H, W}  ->  dx (N, C, H, W)
 *              dx[n, c, h, w] = dout[n, c] / (H * W)          for every h, w
 * </pre>
 * Every pixel of a map contributes {@code 1 / (H * W)} of itself to the mean, so each receives that
 * fraction of the mean's gradient. The backward pass needs only the input's shape, not its values.
 * Both directions keep the data type of their array input ({@code x}, then {@code dout}). The
 * layout is NCHW (PyTorch's): the spatial axes are 2 and 3.
 *
 * <h2>What interviewers ask</h2>
 * "Why did Network in Network, GoogLeNet and ResNet replace the big fully connected layers with
 * global average pooling?" (far fewer parameters, less overfitting, any input size, and each
 * channel acts as a class-specific detector, which is what class activation maps visualise). "What
 * is its backward pass?" (above: spread evenly). "Global max pooling instead?" (the gradient goes
 * to one pixel per channel). "What does PyTorch call it?" ({@code AdaptiveAvgPool2d(1)}, or
 * {@code x.mean(dim=(2, 3))}).
 *
 * <h2>Hint</h2>
 * ND4J does both in one or two vectorised calls: {@code x.mean(2, 3)} averages over axes 2 and 3;
 * {@code a.reshape(N, C, 1, 1)} makes room for the spatial axes, and
 * {@code a.broadcast(N, C, H, W)} repeats the values along the axes of size 1. No loops needed.
 *
 * @see <a href="https://arxiv.org/abs/1312.4400">Lin, Chen and Yan, Network in network (2014),
 *      section 3.2, global average pooling</a>
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.nn.AdaptiveAvgPool2d.html">PyTorch,
 *      torch.nn.AdaptiveAvgPool2d</a>
 */
public final class GlobalAvgPool {

    private GlobalAvgPool() {
    }

    /**
     * Averages every channel of every image.
     *
     * @param x input of shape (N, C, H, W); not modified
     * @return a new array of shape (N, C) with the data type of {@code x}
     */
    public static INDArray forward(INDArray x) {
        // TODO: the mean over the spatial axes (2 and 3).
        throw new UnsupportedOperationException("Not implemented yet: GlobalAvgPool.forward");
    }

    /**
     * Backpropagates through {@link #forward}.
     *
     * @param dout       upstream gradient of shape (N, C); not modified
     * @param inputShape the shape of the forward pass's input, {N, C, H, W}; not modified
     * @return dx, a new array of shape {@code inputShape} with the data type of {@code dout}
     */
    public static INDArray backward(INDArray dout, long[] inputShape) {
        // TODO: every pixel of map (n, c) gets dout[n, c] / (H * W).
        throw new UnsupportedOperationException("Not implemented yet: GlobalAvgPool.backward");
    }
}
