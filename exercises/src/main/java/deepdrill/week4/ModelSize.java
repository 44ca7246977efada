package deepdrill.week4;

import java.util.List;

/**
 * How many parameters does a network have? The count, from a list of its layers, for classic
 * networks such as AlexNet, VGG-16 and ResNet-18.
 *
 * <h2>The idea</h2>
 * A network's size is the sum of the sizes of its layers' learnable arrays. Only three kinds of
 * layer own any: convolutions, fully connected (linear) layers and batch norms. ReLUs, pooling,
 * dropout and flattening have none, so the layer lists here leave them out.
 *
 * <h2>The three kinds, and their formulas</h2>
 * <pre>
 *   Conv(in, out, k, bias)     a k x k conv from `in` to `out` channels (no groups)
 *                              weight (out, in, k, k), bias (out):   out * in * k * k + (bias ? out : 0)
 *   Linear(in, out, bias)      weight (out, in), bias (out):           out * in + (bias ? out : 0)
 *   BatchNorm(channels)        gamma (channels), beta (channels):      2 * channels
 * </pre>
 * A batch norm also keeps a running mean and a running variance per channel, but they are
 * <em>buffers</em>, not parameters: they are not learned by gradient descent (PyTorch's
 * {@code model.parameters()} leaves them out, and so do the published counts). The stride, padding
 * and input size change the output size and the compute, never the parameter count.
 *
 * <h2>The published counts</h2>
 * <pre>
 *   AlexNet (torchvision's variant)   61,100,840    5 convs, 3 linear layers, all with biases
 *   VGG-16                           138,357,544    13 3x3 convs, 3 linear layers, all with biases
 *   ResNet-18                         11,689,512    convs without biases, each followed by a batch norm
 * </pre>
 * These are the numbers that torchvision's model documentation gives. Counting them yourself is a
 * classic interview question, and so is where they are: 102.8 million of VGG-16's 138 million sit in
 * its first linear layer ({@code 25088 -> 4096}, the flattened {@code 512 x 7 x 7} map), while most of
 * its compute is in the convs. ResNet-18's convs have no bias because the batch norm that follows
 * subtracts the mean anyway (its beta plays the bias's role).
 *
 * <h2>What interviewers ask</h2>
 * "How many parameters does this conv have?" (with the bias!). "Why is VGG so big, and what did
 * later networks do about it?" (global average pooling instead of a huge first linear layer, as in
 * ResNet: its classifier is one {@code 512 -> 1000} layer). "Are batch norm's running statistics
 * parameters?" (no: state, saved with the model but not trained). "How much memory do the weights
 * take?" (4 bytes each in float32: 61.1M parameters are about 244 MB).
 *
 * <p>Count in {@code long}: these three networks fit in an {@code int}, but a model with a few
 * billion parameters (a large language model, say) passes {@code Integer.MAX_VALUE}.
 *
 * @see <a href="https://docs.pytorch.org/vision/stable/models.html">torchvision, Models and
 *      pre-trained weights (the parameter counts: "Params" of each model)</a>
 * @see <a href="https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-convolutional-neural-networks">
 *      Krizhevsky, Sutskever and Hinton, ImageNet Classification with Deep Convolutional Neural
 *      Networks (NIPS 2012): AlexNet</a>
 * @see <a href="https://arxiv.org/abs/1409.1556">Simonyan and Zisserman, Very Deep Convolutional
 *      Networks for Large-Scale Image Recognition (2014): VGG</a>
 * @see <a href="https://arxiv.org/abs/1512.03385">He, Zhang, Ren and Sun, Deep Residual Learning for
 *      Image Recognition (2015): ResNet</a>
 */
public final class ModelSize {

    private ModelSize() {
    }

    /** A layer that owns parameters: one of {@link Conv}, {@link Linear} and {@link BatchNorm}. */
    public sealed interface Layer permits Conv, Linear, BatchNorm {
    }

    /**
     * A square {@code k x k} 2-D convolution from {@code in} to {@code out} channels, without groups.
     *
     * @param in   input channels, at least 1
     * @param out  output channels (filters), at least 1
     * @param k    kernel size, at least 1
     * @param bias whether it has a bias, one per output channel
     */
    public record Conv(int in, int out, int k, boolean bias) implements Layer {
    }

    /**
     * A fully connected layer from {@code in} to {@code out} features.
     *
     * @param in   inputs, at least 1
     * @param out  outputs, at least 1
     * @param bias whether it has a bias, one per output
     */
    public record Linear(int in, int out, boolean bias) implements Layer {
    }

    /**
     * A 2-D batch norm over {@code channels} channels (with its learnable scale gamma and shift beta).
     *
     * @param channels channels, at least 1
     */
    public record BatchNorm(int channels) implements Layer {
    }

    /**
     * The number of learnable parameters of a list of layers.
     *
     * @param layers the layers, in any order; not modified
     * @return the sum of the sizes of every layer's weights, biases, gammas and betas
     */
    public static long parameters(List<Layer> layers) {
        // TODO: add up each layer's count; `layer instanceof Conv c` tells the kinds apart and names the record.
        throw new UnsupportedOperationException("Not implemented yet: ModelSize.parameters");
    }
}
