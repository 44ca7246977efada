package deepdrill.week3;

import java.util.List;

/**
 * Receptive field arithmetic: which input pixels can one output pixel of a stack of conv and
 * pooling layers see?
 *
 * <h2>The idea</h2>
 * One pixel deep in a CNN depends on a window of the input, its <em>receptive field</em>. Each
 * layer widens it: a 3x3 conv adds one pixel on each side of what the layer below saw, but the
 * layer below's pixels are {@code jump} input pixels apart, so the growth is measured in that
 * step. A stride multiplies the step (the jump) for every layer above it, which is why
 * downsampling early makes receptive fields grow fast.
 *
 * <h2>The recurrence (one spatial axis)</h2>
 * Start from the input itself: {@code r = 1} (a pixel sees itself), {@code j = 1} (neighbouring
 * pixels are one apart), {@code start = 0} (the centre of pixel 0's field is input pixel 0). Then,
 * for each layer in order, with kernel {@code k}, stride {@code s}, padding {@code p} and
 * dilation {@code d}:
 * <pre>
 *   k_eff     = d * (k - 1) + 1                         the span of the (dilated) kernel
 *   r_out     = r_in + (k_eff - 1) * j_in               the field grows by the kernel's span, in steps of j_in
 *   j_out     = j_in * s                                neighbouring outputs are s inputs of this layer apart
 *   start_out = start_in + ((k_eff - 1) / 2 - p) * j_in the centre of output 0's field (a real division)
 * </pre>
 * Note that {@code r_out} uses the jump <em>before</em> the layer ({@code j_in}); the layer's own
 * stride only matters to the layers above it.
 *
 * <h2>Symbols, inputs and outputs</h2>
 * <ul>
 *   <li>{@code layers}: the stack, input side first; each {@link Layer} is a conv or a pooling
 *       layer (pooling windows have the same geometry as a kernel of ones). An empty list is the
 *       input itself.
 *   <li>{@link Result#receptiveField()}: {@code r}, the width in input pixels of the field of one
 *       output pixel (the distance from its first to its last input pixel, plus one; with
 *       dilation the field can have holes, which still count).
 *   <li>{@link Result#jump()}: {@code j}, how many input pixels apart two neighbouring output
 *       pixels' fields are: the product of the strides.
 *   <li>{@link Result#start()}: the centre of the field of output pixel 0, in input pixel
 *       coordinates (pixel {@code i} sits at coordinate {@code i}). It is negative when the field
 *       hangs over the padding and ends in {@code .5} for even kernels. Output pixel {@code i}'s
 *       field is centred at {@code start + i * jump} and spans {@code r} pixels around it.
 * </ul>
 * The same numbers hold for each axis separately; this exercise computes one axis.
 *
 * <h2>What interviewers ask</h2>
 * "What is the receptive field of two stacked 3x3 convs? Of three?" (5 and 7: why VGG replaced
 * a 7x7 by three 3x3s, with fewer weights and more non-linearities). "How do you grow the
 * receptive field without downsampling?" (dilation: DeepLab, WaveNet). "What is the receptive
 * field of a ResNet-50's last layer, and is all of it used?" (the <em>effective</em> receptive
 * field is much smaller and roughly Gaussian: Luo et al., 2016).
 *
 * @see <a href="https://distill.pub/2019/computing-receptive-fields/">Araujo, Norris and Sim,
 *      Computing Receptive Fields of Convolutional Neural Networks, Distill (2019)</a>
 */
public final class ReceptiveField {

    private ReceptiveField() {
    }

    /**
     * One conv or pooling layer along one axis.
     *
     * @param kernel   kernel (or pooling window) size, at least 1
     * @param stride   step between windows, at least 1
     * @param padding  zeros added on each side, at least 0
     * @param dilation spacing between kernel taps (1 = an ordinary kernel), at least 1
     */
    public record Layer(int kernel, int stride, int padding, int dilation) {
    }

    /**
     * What one output pixel of the stack sees.
     *
     * @param receptiveField the width of the field in input pixels
     * @param jump           the distance in input pixels between neighbouring output pixels' fields
     * @param start          the centre of output pixel 0's field, in input pixel coordinates
     */
    public record Result(int receptiveField, int jump, double start) {
    }

    /**
     * The receptive field, jump and start of the last layer of a stack.
     *
     * @param layers the layers, input side first; not modified
     * @return the result of applying the recurrence above to every layer in order
     */
    public static Result of(List<Layer> layers) {
        // TODO: start from r = 1, j = 1, start = 0 and apply the recurrence to each layer in order.
        throw new UnsupportedOperationException("Not implemented yet: ReceptiveField.of");
    }
}
