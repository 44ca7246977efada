package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The forward pass of ResNet's basic residual block, in inference mode, built from your own layers.
 *
 * <h2>The idea</h2>
 * Instead of asking two conv layers to learn a mapping {@code H(x)}, a residual block lets them learn
 * the residual {@code F(x) = H(x) - x} and adds the input back through a shortcut. If the best
 * thing is to do nothing, the layers only have to output zeros; and the gradient flows back through
 * the addition unchanged, so networks of a hundred layers and more still train.
 *
 * <h2>The block</h2>
 * <pre>
 *   out = relu( bn2(conv2( relu(bn1(conv1(x))) )) + shortcut(x) )
 *
 *   conv1     3x3, C_in -> C_out, stride s, padding 1, no bias
 *   conv2     3x3, C_out -> C_out, stride 1, padding 1, no bias
 *   bn1, bn2  spatial batch norm in eval mode: per channel, with the given running statistics
 *   shortcut  identity, when s == 1 and C_in == C_out;
 *             otherwise the projection bnShortcut(convShortcut(x)): a 1x1 conv, C_in -> C_out,
 *             stride s, padding 0, no bias, then batch norm
 * </pre>
 * The final ReLU comes <em>after</em> the addition. The convs have no bias because the batch norm
 * that follows subtracts the mean anyway; its {@code beta} plays the bias's role.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   x            (N, C_in, H, W)          any data type (the result keeps it)
 *   w1           (C_out, C_in, 3, 3)      w2  (C_out, C_out, 3, 3)
 *   wShortcut    (C_out, C_in, 1, 1), or null for the identity shortcut
 *   every BnParams: gamma, beta, running mean and variance, each (C_out)
 *   out          (N, C_out, H', W'),      H' = (H - 1) / s + 1,  W' = (W - 1) / s + 1
 * </pre>
 * Both branches reach the same {@code H', W'}: a 3x3 kernel with padding 1 and a 1x1 kernel with
 * padding 0 both give {@code (H - 1) / s + 1} rows at stride {@code s}. The projection is present
 * ({@code wShortcut != null}) exactly when it is needed.
 *
 * <h2>Use your own layers</h2>
 * Call {@link Conv2d#forward} (with a zero bias and dilation 1) and
 * {@link BatchNorm#forwardSpatial} in eval mode ({@code train = false}; the momentum is then
 * unused) for every conv and batch norm, and write the ReLU yourself or with
 * {@code Transforms.relu}. The check computes the same block with PyTorch's own operations, so a
 * mistake in one of your layers shows here too: check {@code conv2d-forward} and {@code batchnorm}
 * first.
 *
 * <h2>What interviewers ask</h2>
 * "Why do residual connections help?" (the identity path carries the gradient; the layers only
 * learn a correction; deeper plain networks train worse, not just overfit). "What if the shapes
 * differ?" (the 1x1 projection with stride, or the paper's option A: subsample and zero-pad the
 * channels). "Where is the ReLU?" (after the addition here; the pre-activation ResNet moves BN and
 * ReLU before the convs). "What is a bottleneck block?" (1x1 reduce, 3x3, 1x1 expand, in ResNet-50
 * and deeper). "Why no conv bias before BN?" (above).
 *
 * @see <a href="https://arxiv.org/abs/1512.03385">He, Zhang, Ren and Sun, Deep residual learning for
 *      image recognition (2015)</a>
 * @see <a href="https://arxiv.org/abs/1603.05027">He et al., Identity mappings in deep residual networks
 *      (2016)</a>
 */
public final class ResnetBlock {

    private ResnetBlock() {
    }

    /** One batch norm's parameters: scale, shift and running statistics, each (C_out). */
    public record BnParams(INDArray gamma, INDArray beta, BatchNorm.RunningStats running) {
    }

    /**
     * The block's parameters.
     *
     * @param w1         conv1's weights, (C_out, C_in, 3, 3)
     * @param bn1        the batch norm after conv1
     * @param w2         conv2's weights, (C_out, C_out, 3, 3)
     * @param bn2        the batch norm after conv2
     * @param wShortcut  the projection's 1x1 weights, (C_out, C_in, 1, 1); null for the identity shortcut
     * @param bnShortcut the batch norm after the projection; null for the identity shortcut
     */
    public record Params(INDArray w1, BnParams bn1, INDArray w2, BnParams bn2, INDArray wShortcut,
                         BnParams bnShortcut) {
    }

    /**
     * The basic residual block's forward pass, with every batch norm in eval mode.
     *
     * @param x      input of shape (N, C_in, H, W); not modified
     * @param params the weights and batch-norm parameters; not modified
     * @param stride conv1's and the projection's stride, 1 or more
     * @param eps    the batch norms' eps
     * @return a new (N, C_out, H', W') array, in the data type of {@code x}
     */
    public static INDArray forward(INDArray x, Params params, int stride, double eps) {
        // TODO: conv1, bn1, relu, conv2, bn2, + shortcut (identity or projection), relu: your own layers.
        throw new UnsupportedOperationException("Not implemented yet: ResnetBlock.forward");
    }
}
