package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A 2-D transposed convolution from PyTorch's autograd. DJL's PyTorch engine has no
 * deconvolution operator, but a transposed convolution is by definition the gradient of a
 * convolution with respect to its input: with {@code y = conv2d(z, w)} for a weight
 * {@code w (C_in, C_out, HH, WW)} read as a convolution from {@code C_out} to {@code C_in}
 * channels, {@code dL/dz} at {@code dL/dy = x} is {@code conv_transpose2d(x, w)}. The input
 * {@code z} only fixes the output's size (the gradient of a linear map does not depend on where it
 * is taken), so it is a zero array of the transposed convolution's output size.
 */
public final class TransposedConvolution {

    private TransposedConvolution() {
    }

    /**
     * @param x             input (N, C_in, H, W)
     * @param w             weights (C_in, C_out, HH, WW), PyTorch's ConvTranspose2d layout
     * @param b             biases (C_out)
     * @param stride        stride on both axes
     * @param padding       padding on both axes
     * @param outputPadding extra rows and columns at the bottom and right, less than the stride
     * @return the output (N, C_out, (H - 1) * s - 2p + HH + op, (W - 1) * s - 2p + WW + op)
     */
    public static NDArray forward(NDArray x, NDArray w, NDArray b, int stride, int padding, int outputPadding) {
        long[] xs = x.getShape().getShape();
        long[] ws = w.getShape().getShape();
        long outH = (xs[2] - 1) * stride - 2L * padding + ws[2] + outputPadding;
        long outW = (xs[3] - 1) * stride - 2L * padding + ws[3] + outputPadding;
        NDArray z = x.getManager().zeros(new Shape(xs[0], ws[1], outH, outW), x.getDataType());
        NDArray noBias = x.getManager().zeros(new Shape(ws[0]), x.getDataType());
        NDArray dz = Autograd.gradients(in -> Conv2d.conv2d(in.singletonOrThrow(), w, noBias, new Shape(stride, stride),
                new Shape(padding, padding), new Shape(1, 1), 1).singletonOrThrow(), x, z)[0];
        return dz.add(b.reshape(1, ws[1], 1, 1));
    }
}
