package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backward pass of a 2-D convolution layer: from the gradient of the loss with respect to the
 * output, the gradients with respect to the input, the weights and the biases.
 *
 * <h2>The idea</h2>
 * The forward pass ({@link Conv2d}) computes every output as a sum of products
 * {@code xpad[..] * w[..]} plus a bias. The chain rule sends the upstream gradient
 * {@code dout[n, f, i, j]} back along every one of those products: to the weight, multiplied by the
 * input value it met, and to the input value, multiplied by the weight. Every input pixel and
 * every weight takes part in many products (one per window that covers it), so their gradients
 * are <em>sums</em>: accumulate with {@code +=}, never overwrite.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size        C  input channels       H, W    input height and width
 *   F  filters           HH, WW                  kernel height and width
 *   s  stride            p  padding (zeros on every side)
 *
 *   dout (N, F, H', W')        upstream gradient, dL/dout
 *   x    (N, C, H, W)          the forward pass's input; any data type (the results keep it)
 *   w    (F, C, HH, WW)        the forward pass's weights
 *   dx   (N, C, H, W)          dL/dx, the shape of x
 *   dw   (F, C, HH, WW)        dL/dw, the shape of w
 *   db   (F)                   dL/db
 *
 *   H' = (H + 2p - HH) / s + 1        W' = (W + 2p - WW) / s + 1        (integer division: floor)
 * </pre>
 * The forward pass was the cross-correlation of {@link Conv2d#forward} with dilation 1:
 * <pre>
 *   out[n, f, i, j] = b[f] + sum over c, kh, kw of xpad[n, c, i * s + kh, j * s + kw] * w[f, c, kh, kw]
 * </pre>
 * so, summing over every output position (n, i, j) and, for dx, over every filter f:
 * <pre>
 *   db[f]              = sum over n, i, j of dout[n, f, i, j]
 *   dw[f, c, kh, kw]   = sum over n, i, j of dout[n, f, i, j] * xpad[n, c, i * s + kh, j * s + kw]
 *   dxpad[n, c, i * s + kh, j * s + kw]  +=  dout[n, f, i, j] * w[f, c, kh, kw]   (for every f, i, j, kh, kw)
 * </pre>
 * and {@code dx} is {@code dxpad} without its border of {@code p} rows and columns: gradients that
 * land in the padding belong to no input and are dropped. Pixels that no window reads (the last
 * rows or columns that floor drops, or the gaps when {@code s > HH}) get a gradient of 0.
 *
 * <h2>The convention</h2>
 * Cross-correlation, as in PyTorch's {@code conv2d} and {@link Conv2d}: the kernel is not flipped,
 * and {@code w[f, c, 0, 0]} meets the window's top-left pixel. In the loop form above nothing is
 * flipped either: each tap sends its gradient back to exactly the pixel and the weight it used.
 *
 * <h2>What interviewers ask</h2>
 * "Derive the conv backward pass" (the three formulas above; start from one output element).
 * "What is dw as an operation?" (a cross-correlation of the input with dout). "And dx?" (a 'full'
 * convolution of dout, with zeros inserted between its values when {@code s > 1}, with the kernel
 * rotated by 180 degrees: a transposed convolution, which is why 'deconvolution' layers are conv
 * backward passes). "Why does db sum over the batch and the positions?" (the same bias is added
 * everywhere). "Check your shapes" (each gradient has the shape of what it differentiates).
 *
 * <h2>Hint: fast data access</h2>
 * Read each input once as a flat array in C order, where {@code (n, c, h, w)} of an
 * {@code (N, C, H, W)} array sits at index {@code ((n * C + c) * H + h) * W + w}; accumulate into
 * flat {@code double[]} arrays and wrap them at the end:
 * <pre>
 *   double[] xs = x.dup('c').data().asDouble();      // likewise for w and dout
 *   double[] dx = new double[N * C * H * W];          // starts at zero: ready for +=
 *   ...
 *   return new Gradients(Nd4j.create(dx, x.shape(), x.dataType()), ...);
 * </pre>
 * One loop nest over (n, f, i, j, c, kh, kw), the same as the forward pass, fills dx and dw
 * together; skip taps that fall into the padding. {@code db} is a one-liner with ND4J's
 * {@code sum(int... dimensions)}.
 *
 * @see <a href="https://cs231n.github.io/convolutional-networks/#conv">CS231n notes, Convolutional
 *      layer</a>
 * @see <a href="https://arxiv.org/abs/1603.07285">Dumoulin and Visin, A guide to convolution
 *      arithmetic for deep learning (2016), on transposed convolution</a>
 */
public final class Conv2dBackward {

    private Conv2dBackward() {
    }

    /**
     * The three gradients of a convolution layer.
     *
     * @param dx dL/dx, the shape of {@code x}
     * @param dw dL/dw, the shape of {@code w}
     * @param db dL/db, of shape (F)
     */
    public record Gradients(INDArray dx, INDArray dw, INDArray db) {
    }

    /**
     * Backpropagates through {@code Conv2d.forward(x, w, b, stride, padding, 1)}.
     *
     * @param dout    upstream gradient of shape (N, F, H', W'); not modified
     * @param x       the forward pass's input, of shape (N, C, H, W); not modified
     * @param w       the forward pass's weights, of shape (F, C, HH, WW); not modified
     * @param stride  step between windows, the same for height and width, at least 1
     * @param padding zeros added on every side, at least 0
     * @return dx (N, C, H, W), dw (F, C, HH, WW) and db (F), new arrays with the data type of {@code x}
     */
    public static Gradients backward(INDArray dout, INDArray x, INDArray w, int stride, int padding) {
        int N = (int) x.size(0);
        int C = (int) x.size(1);
        int H = (int) x.size(2);
        int W = (int) x.size(3);
        int F = (int) w.size(0);
        int HH = (int) w.size(2);
        int WW = (int) w.size(3);
        int outH = (int) dout.size(2);
        int outW = (int) dout.size(3);

        double[] xs = x.dup('c').data().asDouble();
        double[] ws = w.dup('c').data().asDouble();
        double[] douts = dout.dup('c').data().asDouble();
        double[] dxs = new double[xs.length];
        double[] dws = new double[ws.length];
        int o = 0;   // dout is read in C order, so its index just counts up
        for (int n = 0; n < N; n++) {
            for (int f = 0; f < F; f++) {
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        double g = douts[o++];
                        // The window's top-left tap in x (negative while it is in the padding).
                        int top = i * stride - padding;
                        int left = j * stride - padding;
                        for (int c = 0; c < C; c++) {
                            for (int kh = 0; kh < HH; kh++) {
                                int row = top + kh;
                                if (row < 0 || row >= H) {
                                    continue;   // a padded zero: no weight gradient, no input to send to
                                }
                                for (int kw = 0; kw < WW; kw++) {
                                    int col = left + kw;
                                    if (col >= 0 && col < W) {
                                        int xi = ((n * C + c) * H + row) * W + col;
                                        int wi = ((f * C + c) * HH + kh) * WW + kw;
                                        dws[wi] += g * xs[xi];
                                        dxs[xi] += g * ws[wi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // The bias was added to every output of its filter: its gradient sums dout over n, i and j.
        INDArray db = dout.castTo(x.dataType()).sum(0, 2, 3);
        return new Gradients(Nd4j.create(dxs, x.shape(), x.dataType()), Nd4j.create(dws, w.shape(), x.dataType()), db);
    }
}
