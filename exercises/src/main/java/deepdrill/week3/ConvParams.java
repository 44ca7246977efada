package deepdrill.week3;

/**
 * How big and how expensive is a layer? Parameter and multiply-accumulate (MAC) counts of conv
 * and fully connected layers.
 *
 * <h2>Parameters of a conv layer</h2>
 * A conv layer with {@code C} input channels, {@code F} filters (output channels), a
 * {@code HH x WW} kernel and {@code g} groups splits the channels into {@code g} groups; each
 * filter sees only the {@code C / g} channels of its group. Its weight has shape
 * {@code (F, C / g, HH, WW)} (PyTorch's layout) and its bias, if any, shape {@code (F)}:
 * <pre>
 *   params = F * (C / g) * HH * WW  +  (bias ? F : 0)
 * </pre>
 * {@code g = 1} is an ordinary conv; {@code g = C} (with {@code F = C * m}) is a depthwise conv,
 * one small kernel per channel (MobileNet). Both {@code C} and {@code F} must be divisible by
 * {@code g}; otherwise the layer does not exist (PyTorch refuses it) and the methods here throw an
 * {@link IllegalArgumentException}. So do channels, kernel sizes or groups below 1.
 *
 * <h2>Multiply-accumulates of a conv layer</h2>
 * Each of the {@code F * H' * W'} output values (for an output of {@code H' x W'} pixels, per
 * image) is a dot product of one filter with a window of its group: {@code (C / g) * HH * WW}
 * multiplications, each added to a running sum, one MAC each:
 * <pre>
 *   MACs = F * H' * W' * (C / g) * HH * WW          (per image; the bias adds are not counted)
 * </pre>
 * This is the convention of most model-profiling tools (fvcore, ptflops, thop). One MAC is two
 * floating-point operations, so FLOPs are often quoted as {@code 2 * MACs}: always say which.
 *
 * <h2>A fully connected (linear) layer</h2>
 * With {@code in} inputs and {@code out} outputs, the weight is {@code (out, in)} and the bias
 * {@code (out)}:
 * <pre>
 *   params = in * out + (bias ? out : 0)           MACs = in * out   (per sample)
 * </pre>
 *
 * <h2>What interviewers ask</h2>
 * "How many parameters does a 3x3 conv from 64 to 128 channels have?" (73,856 with bias). "Why is
 * a depthwise-separable conv cheaper, and by how much?" (about {@code 1 / F + 1 / (HH * WW)} of
 * the MACs). "Where are most of VGG-16's parameters?" (in its first fully connected layer: 102.8M
 * of 138M). "Where is most of its compute?" (in the convs). Parameters and compute are different
 * costs: a conv's weights are shared across positions, so its MACs scale with the image size and
 * its parameters do not.
 *
 * <p>All counts are {@code long}: a large linear layer easily passes {@code Integer.MAX_VALUE}
 * MACs per batch, so compute in {@code long} from the start.
 *
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.nn.Conv2d.html">PyTorch,
 *      torch.nn.Conv2d (groups, weight shape)</a>
 * @see <a href="https://arxiv.org/abs/1704.04861">Howard et al., MobileNets (2017): the cost of
 *      depthwise-separable convs</a>
 */
public final class ConvParams {

    private ConvParams() {
    }

    /**
     * The number of parameters of a 2-D conv layer.
     *
     * @param inChannels  C, at least 1, divisible by {@code groups}
     * @param outChannels F, at least 1, divisible by {@code groups}
     * @param kernelH     HH, at least 1
     * @param kernelW     WW, at least 1
     * @param groups      g, at least 1 (1 = an ordinary conv, C = depthwise)
     * @param bias        whether the layer has a bias, one per output channel
     * @return {@code F * (C / g) * HH * WW + (bias ? F : 0)}
     * @throws IllegalArgumentException if an argument is below 1 or {@code g} does not divide C and F
     */
    public static long convParams(int inChannels, int outChannels, int kernelH, int kernelW, int groups,
                                  boolean bias) {
        // TODO: validate the arguments (groups must divide C and F), then count the weights and the bias.
        throw new UnsupportedOperationException("Not implemented yet: ConvParams.convParams");
    }

    /**
     * The multiply-accumulates of a 2-D conv layer for one image.
     *
     * @param inChannels  C, at least 1, divisible by {@code groups}
     * @param outChannels F, at least 1, divisible by {@code groups}
     * @param kernelH     HH, at least 1
     * @param kernelW     WW, at least 1
     * @param groups      g, at least 1
     * @param outH        H', the output's height, at least 1
     * @param outW        W', the output's width, at least 1
     * @return {@code F * H' * W' * (C / g) * HH * WW}
     * @throws IllegalArgumentException if an argument is below 1 or {@code g} does not divide C and F
     */
    public static long convMacs(int inChannels, int outChannels, int kernelH, int kernelW, int groups,
                                int outH, int outW) {
        // TODO: validate as in convParams; every output value costs (C / g) * HH * WW MACs.
        throw new UnsupportedOperationException("Not implemented yet: ConvParams.convMacs");
    }

    /**
     * The number of parameters of a fully connected layer.
     *
     * @param in   inputs, at least 1
     * @param out  outputs, at least 1
     * @param bias whether the layer has a bias, one per output
     * @return {@code in * out + (bias ? out : 0)}
     * @throws IllegalArgumentException if {@code in} or {@code out} is below 1
     */
    public static long linearParams(int in, int out, boolean bias) {
        // TODO: the weight (out, in) and the bias (out).
        throw new UnsupportedOperationException("Not implemented yet: ConvParams.linearParams");
    }

    /**
     * The multiply-accumulates of a fully connected layer for one sample.
     *
     * @param in  inputs, at least 1
     * @param out outputs, at least 1
     * @return {@code in * out}
     * @throws IllegalArgumentException if {@code in} or {@code out} is below 1
     */
    public static long linearMacs(int in, int out) {
        // TODO: one MAC per weight.
        throw new UnsupportedOperationException("Not implemented yet: ConvParams.linearMacs");
    }
}
