package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backward pass of a 2-D average-pooling layer with zero padding: spread each upstream
 * gradient evenly over its window.
 *
 * <h2>The idea</h2>
 * Each output of {@link AvgPool2d} is {@code (1 / (poolH * poolW))} times the sum of its window, so
 * every input in the window has the same local derivative, {@code 1 / (poolH * poolW)}. The
 * gradient {@code dout[n, c, i, j]} is shared out equally over the window. With overlapping
 * windows ({@code stride < pool}) a pixel belongs to several windows and receives a share from
 * each: accumulate with {@code +=}, never overwrite.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size        C  channels        H, W  input height and width
 *   poolH, poolW         the window         s     stride        p  padding (zeros on every side)
 *
 *   dout (N, C, H', W')     upstream gradient, dL/dout
 *   x    (N, C, H, W)       the forward pass's input; only its shape and data type matter here
 *   dx   (N, C, H, W)       dL/dx, the shape of x, with the data type of x
 *
 *   H' = (H + 2p - poolH) / s + 1        W' = (W + 2p - poolW) / s + 1        (integer division: floor)
 *
 *   dxpad[n, c, i * s + a, j * s + b]  +=  dout[n, c, i, j] / (poolH * poolW)
 *                                          for every n, c, i, j, 0 <= a < poolH, 0 <= b < poolW
 * </pre>
 * and {@code dx} is {@code dxpad} without its border of {@code p} rows and columns: the shares that
 * land on padded zeros belong to no input and are dropped. Pixels that no window covers get 0.
 *
 * <h2>The convention: padded zeros count in the divisor</h2>
 * As in {@link AvgPool2d} and PyTorch's default {@code AvgPool2d(..., count_include_pad=True)}, the
 * forward pass divides every window by {@code poolH * poolW}, however many of its cells are
 * padding. So every share is {@code dout / (poolH * poolW)}, also at the border, where part of the
 * gradient is lost in the padding. (With {@code count_include_pad=False} a border window would
 * divide by its number of real pixels, and so would its backward pass.)
 *
 * <h2>What interviewers ask</h2>
 * "How does the gradient flow through average pooling?" (evenly, scaled by one over the window
 * size). "Max or average: which passes gradient to more inputs?" (average: every input gets some).
 * "Why does overlap matter in the backward pass?" (shares add up). "What is global average
 * pooling's backward?" (the same with one window per channel: the global-avg-pool exercise).
 *
 * <h2>Hint: fast data access</h2>
 * Read {@code dout} once as a flat array in C order, where {@code (n, c, h, w)} sits at index
 * {@code ((n * C + c) * H + h) * W + w}; accumulate into a flat {@code double[]} and wrap it at
 * the end:
 * <pre>
 *   double[] douts = dout.dup('c').data().asDouble();
 *   double[] dx = new double[N * C * H * W];          // starts at zero: ready for +=
 *   ...
 *   return Nd4j.create(dx, x.shape(), x.dataType());
 * </pre>
 * No padded copy is needed: add the share to the part of the window that lies inside {@code x}.
 *
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.nn.AvgPool2d.html">PyTorch,
 *      torch.nn.AvgPool2d</a>
 */
public final class AvgPool2dBackward {

    private AvgPool2dBackward() {
    }

    /**
     * Backpropagates through {@code AvgPool2d.forward(x, poolH, poolW, stride, padding)}.
     *
     * @param dout    upstream gradient of shape (N, C, H', W'); not modified
     * @param x       the forward pass's input, of shape (N, C, H, W); not modified
     * @param poolH   window height, at least 1
     * @param poolW   window width, at least 1
     * @param stride  step between windows, the same for height and width, at least 1
     * @param padding zeros added on every side, at least 0 and at most half the window
     * @return dx, a new array of shape (N, C, H, W) with the data type of {@code x}
     */
    public static INDArray backward(INDArray dout, INDArray x, int poolH, int poolW, int stride, int padding) {
        int N = (int) x.size(0);
        int C = (int) x.size(1);
        int H = (int) x.size(2);
        int W = (int) x.size(3);
        int outH = (int) dout.size(2);
        int outW = (int) dout.size(3);

        double[] douts = dout.dup('c').data().asDouble();
        double[] dx = new double[N * C * H * W];
        int o = 0;   // dout is read in C order, so its index just counts up
        for (int plane = 0; plane < N * C; plane++) {   // plane = n * C + c: one channel of one image
            int start = plane * H * W;
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    // The part of the window inside x; the rest lies in the padding.
                    int top = i * stride - padding;
                    int left = j * stride - padding;
                    int rowFrom = Math.max(top, 0);
                    int rowTo = Math.min(top + poolH, H);
                    int colFrom = Math.max(left, 0);
                    int colTo = Math.min(left + poolW, W);
                    double share = douts[o++] / (poolH * poolW);   // the padded zeros count (count_include_pad)
                    for (int row = rowFrom; row < rowTo; row++) {
                        for (int col = colFrom; col < colTo; col++) {
                            dx[start + row * W + col] += share;   // += : overlapping windows share pixels
                        }
                    }
                }
            }
        }
        return Nd4j.create(dx, x.shape(), x.dataType());
    }
}
