package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * Gradients of max pooling (no padding, floor mode) under three rules for ties: PyTorch's, which
 * sends a window's gradient to its first maximum in row-major order, and two wrong answers that
 * a max-pool-backward check recognises, the last maximum and every maximum. Without ties the
 * three agree. {@code MaxPoolGradientsTest} holds them to a hand-worked example.
 */
public final class MaxPoolGradients {

    private MaxPoolGradients() {
    }

    /** PyTorch's gradient, by autograd through {@code max_pool2d}: the first maximum of each window. */
    public static NDArray firstMax(NDArray x, NDArray dout, int poolH, int poolW, int stride) {
        return Autograd.gradients(in -> maxPool(in.singletonOrThrow(), poolH, poolW, stride), dout, x)[0];
    }

    /**
     * The gradient sent to the last maximum of each window. Reversing both spatial axes of the
     * region the windows cover reverses the row-major order within every window and maps the
     * windows onto each other, so the last maximum becomes the first.
     */
    public static NDArray lastMax(NDArray x, NDArray dout, int poolH, int poolW, int stride) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        long coveredH = (dout.getShape().get(2) - 1) * stride + poolH;
        long coveredW = (dout.getShape().get(3) - 1) * stride + poolW;
        NDArray covered = x.get(new NDIndex(":, :, :{}, :{}", coveredH, coveredW));
        NDArray reversed = firstMax(covered.flip(2, 3), dout.flip(2, 3), poolH, poolW, stride).flip(2, 3);
        return reversed.pad(new Shape(0, w - coveredW, 0, h - coveredH), 0);
    }

    /** The gradient sent in full to every position that ties for the maximum of its window. */
    public static NDArray everyMax(NDArray x, NDArray dout, int poolH, int poolW, int stride) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDArray max = maxPool(x, poolH, poolW, stride);
        NDArray dx = x.zerosLike();
        for (long i = 0; i < dout.getShape().get(2); i++) {
            for (long j = 0; j < dout.getShape().get(3); j++) {
                long top = i * stride;
                long left = j * stride;
                NDIndex cell = new NDIndex(":, :, {}:{}, {}:{}", i, i + 1, j, j + 1);
                NDArray window = x.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + poolH, left, left + poolW));
                NDArray share = window.eq(max.get(cell)).toType(x.getDataType(), false).mul(dout.get(cell));
                dx = dx.add(share.pad(new Shape(left, w - left - poolW, top, h - top - poolH), 0));
            }
        }
        return dx;
    }

    private static NDArray maxPool(NDArray x, int poolH, int poolW, int stride) {
        return Pool.maxPool2d(x, new Shape(poolH, poolW), new Shape(stride, stride), new Shape(0, 0), false);
    }
}
