package deepdrill.week3;

/**
 * Conv arithmetic: how big is the output of a convolution (or pooling) layer?
 *
 * <h2>The formula</h2>
 * Along one spatial axis, with input size {@code in}, kernel size {@code k}, padding {@code p}
 * added on both sides, stride {@code s} and dilation {@code d}:
 * <pre>
 *   effective kernel  k' = d * (k - 1) + 1
 *   out = floor((in + 2p - k') / s) + 1
 * </pre>
 * The kernel's first position covers the first {@code k'} padded inputs; every further position
 * moves {@code s} steps; {@code floor} drops a last window that would hang over the edge. The
 * {@code + 1} counts the first position, and forgetting it is the classic slip.
 *
 * <h2>Impossible configurations</h2>
 * If the effective kernel is larger than the padded input ({@code k' > in + 2p}) not even one
 * window fits: a 12x12 kernel on a 10x10 input without padding has no output. Sizes, kernel,
 * stride and dilation below 1, or a negative padding, are nonsense too. All of these must throw an
 * {@link IllegalArgumentException} whose message says what is wrong; PyTorch refuses them as well.
 *
 * <h2>Large sizes</h2>
 * Every {@code int} argument is allowed, so {@code in + 2p} and {@code d * (k - 1) + 1} can pass
 * {@code Integer.MAX_VALUE} (an input of two billion with a padding of a hundred million) and wrap
 * around to a negative number: compute in {@code long}. An output that is itself larger than
 * {@code Integer.MAX_VALUE} cannot be returned, so it throws an {@link IllegalArgumentException}.
 *
 * <h2>"Same" padding</h2>
 * With stride 1, "same" padding keeps {@code out == in}, which needs a total padding of
 * {@code d * (k - 1)} per axis. For an odd kernel that splits evenly ({@code k = 3 -> 1 + 1}); for
 * an even kernel it cannot, and the convention (TensorFlow's, and PyTorch's {@code padding="same"})
 * puts the smaller half before and the extra pixel after: {@code before = floor(total / 2)},
 * {@code after = total - before}.
 *
 * <h2>What interviewers ask</h2>
 * "A 224x224 input goes through a 7x7 conv with stride 2 and padding 3: what size comes out?"
 * (112). "Why do most CNNs use odd kernels?" (symmetric same padding, a centre pixel). "How does
 * dilation grow the receptive field without adding weights?"
 *
 * @see <a href="https://arxiv.org/abs/1603.07285">Dumoulin and Visin, A guide to convolution
 *      arithmetic for deep learning (2016)</a>
 */
public final class ConvOutputSize {

    private ConvOutputSize() {
    }

    /**
     * The output size along one axis.
     *
     * @param inputSize  size of the input along this axis, at least 1
     * @param kernelSize kernel size, at least 1
     * @param padding    zeros added on each side, at least 0
     * @param stride     step between windows, at least 1
     * @param dilation   spacing between kernel taps (1 = an ordinary kernel), at least 1
     * @return {@code floor((inputSize + 2 * padding - dilation * (kernelSize - 1) - 1) / stride) + 1}
     * @throws IllegalArgumentException if an argument is out of range or no window fits
     */
    public static int outputSize(int inputSize, int kernelSize, int padding, int stride, int dilation) {
        if (inputSize < 1 || kernelSize < 1 || stride < 1 || dilation < 1) {
            throw new IllegalArgumentException("input size, kernel size, stride and dilation must be at least 1, got "
                    + inputSize + ", " + kernelSize + ", " + stride + ", " + dilation);
        }
        if (padding < 0) {
            throw new IllegalArgumentException("padding must not be negative, got " + padding);
        }
        // In long: in + 2p and d(k - 1) + 1 can pass Integer.MAX_VALUE for int arguments.
        long out = windows(inputSize + 2L * padding, (long) dilation * (kernelSize - 1) + 1, stride);
        if (out > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the output size " + out + " does not fit in an int");
        }
        return (int) out;
    }

    // How many windows of effectiveKernel inputs, stride apart, fit in paddedInput inputs.
    private static long windows(long paddedInput, long effectiveKernel, int stride) {
        if (effectiveKernel > paddedInput) {
            throw new IllegalArgumentException("the effective kernel (" + effectiveKernel
                    + ") is larger than the padded input (" + paddedInput + "): no window fits");
        }
        return (paddedInput - effectiveKernel) / stride + 1;
    }

    /**
     * The "same" padding for stride 1: the padding before and after that keeps the size unchanged.
     *
     * @param kernelSize kernel size, at least 1
     * @param dilation   dilation, at least 1
     * @return {@code {before, after}} with {@code before + after == dilation * (kernelSize - 1)} and
     *         {@code before == floor(total / 2)}
     * @throws IllegalArgumentException if an argument is below 1
     */
    public static int[] samePadding(int kernelSize, int dilation) {
        if (kernelSize < 1 || dilation < 1) {
            throw new IllegalArgumentException("kernel size and dilation must be at least 1, got "
                    + kernelSize + ", " + dilation);
        }
        int total = dilation * (kernelSize - 1);
        int before = total / 2;
        return new int[] {before, total - before};
    }
}
