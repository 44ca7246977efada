package deepdrill.week4;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The forward pass of a squeeze-and-excitation (SE) block: a learned, input-dependent weight per
 * channel, by which the block rescales its input.
 *
 * <h2>The idea</h2>
 * A conv looks at a small window, so no single output value knows what the whole image contains.
 * An SE block lets the network recalibrate its channels from global context: it <em>squeezes</em>
 * every channel to one number (its average over the image), runs these {@code C} numbers through a
 * small bottleneck MLP that <em>excites</em> them into {@code C} gates between 0 and 1, and
 * multiplies every channel of the input by its gate. Channels that matter for this image are kept,
 * the others are damped. The block adds few parameters ({@code 2 C^2 / r}) and little compute.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size     C  channels     H, W  height and width
 *   r  reduction ratio, so the bottleneck has Cr = C / r hidden units
 *
 *   x    (N, C, H, W)   input; any data type (the result keeps it)
 *   w1   (C, Cr)        b1  (Cr)      the reducing layer
 *   w2   (Cr, C)        b2  (C)       the expanding layer
 *   out  (N, C, H, W)
 *
 *   s[n, c]          = (1 / (H * W)) * sum over h, w of x[n, c, h, w]     squeeze: (N, C)
 *   e                = sigmoid(relu(s w1 + b1) w2 + b2)                  excitation: (N, C)
 *   out[n, c, h, w]  = x[n, c, h, w] * e[n, c]                           scale
 * </pre>
 * {@code s w1} is a matrix product {@code (N, C) x (C, Cr)}, and the biases are added to every row.
 * The convention here is the row-vector one ({@code w1} is {@code (in, out)}); PyTorch's
 * {@code nn.Linear} stores the transposed {@code (out, in)} weight and computes {@code s W^T + b},
 * which is the same thing. {@code sigmoid(z) = 1 / (1 + exp(-z))}, element by element.
 *
 * <h2>Why a sigmoid, not a softmax</h2>
 * The gates are independent: several channels may all be important at once (all gates near 1).
 * A softmax over the channels would make them compete for a total of 1, so with 64 channels each
 * gate would be about 1/64 and the block would shrink its whole input.
 *
 * <h2>What interviewers ask</h2>
 * "What does an SE block do, and where does it go?" (after the convs of a residual branch, before
 * the addition). "Why average pooling for the squeeze?" (a cheap global descriptor of each channel;
 * CBAM later added a max-pooled one). "Why a bottleneck?" (fewer parameters: {@code r = 16} in the
 * paper). "Why sigmoid?" (see above). "How is it related to attention?" (it is channel attention:
 * the weights depend on the input).
 *
 * <h2>Hint: vectorised ops</h2>
 * Every step is a line or two of ND4J: {@code x.mean(2, 3)} averages over the two spatial axes,
 * {@code a.mmul(b)} multiplies matrices, {@code a.addRowVector(v)} adds {@code v} to every row,
 * {@code Transforms.relu(a, true)} and {@code Transforms.sigmoid(a, true)} work on a copy, and
 * {@code e.reshape(N, C, 1, 1).broadcast(N, C, H, W)} spreads one value per channel over the image.
 *
 * @see <a href="https://arxiv.org/abs/1709.01507">Hu, Shen and Sun, Squeeze-and-Excitation Networks
 *      (CVPR 2018)</a>
 */
public final class SeBlock {

    private SeBlock() {
    }

    /**
     * Squeezes, excites and rescales a batch.
     *
     * @param x  input of shape (N, C, H, W); not modified
     * @param w1 reducing weights of shape (C, Cr); not modified
     * @param b1 reducing biases of shape (Cr); not modified
     * @param w2 expanding weights of shape (Cr, C); not modified
     * @param b2 expanding biases of shape (C); not modified
     * @return a new array of shape (N, C, H, W) with the data type of {@code x}
     */
    public static INDArray forward(INDArray x, INDArray w1, INDArray b1, INDArray w2, INDArray b2) {
        long N = x.size(0);
        long C = x.size(1);
        long H = x.size(2);
        long W = x.size(3);
        INDArray s = x.mean(2, 3);
        INDArray hidden = Transforms.relu(s.mmul(w1).addiRowVector(b1), false);
        INDArray e = Transforms.sigmoid(hidden.mmul(w2).addiRowVector(b2), false);
        return x.mul(e.reshape(N, C, 1, 1).broadcast(N, C, H, W));
    }
}
