package deepdrill.week4;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A depthwise-separable convolution (MobileNet's building block): a depthwise conv, one
 * {@code K x K} filter per channel, followed by a pointwise (1x1) conv that mixes the channels.
 *
 * <h2>The idea</h2>
 * An ordinary conv does two jobs at once: it filters space (the {@code K x K} window) and mixes
 * channels (every filter reads all {@code C} channels). A depthwise-separable conv does them one
 * after the other. The depthwise step filters every channel on its own (a grouped conv with
 * {@code groups = C}: channel {@code c} of the output only ever sees channel {@code c} of the
 * input); the pointwise step is a 1x1 conv, a per-pixel linear map from {@code C} to {@code F}
 * channels. No biases here (in MobileNet each step is followed by batch norm, which has its own
 * shift).
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size     C  input channels     H, W  input height and width
 *   F  output channels (pointwise filters)  K     kernel size (square)
 *   s  stride         p  padding (zeros on every side, depthwise step only)
 *
 *   x           (N, C, H, W)       input; any data type (the result keeps it)
 *   depthwiseW  (C, 1, K, K)       one K x K filter per channel (PyTorch's layout for groups = C)
 *   pointwiseW  (F, C, 1, 1)       the 1x1 conv
 *   d           (N, C, H', W')     the depthwise output
 *   out         (N, F, H', W')
 *
 *   H' = (H + 2p - K) / s + 1        W' = (W + 2p - K) / s + 1        (integer division: floor)
 *
 *   d[n, c, i, j]   = sum over kh, kw of  xpad[n, c, i * s + kh, j * s + kw] * depthwiseW[c, 0, kh, kw]
 *   out[n, f, i, j] = sum over c of       d[n, c, i, j] * pointwiseW[f, c, 0, 0]
 * </pre>
 * The convs are cross-correlations, as in PyTorch ({@code torch.nn.Conv2d(C, C, K, groups=C)} then
 * {@code torch.nn.Conv2d(C, F, 1)}, both with {@code bias=False}). Note the depthwise sum has no
 * "sum over c": that is the whole point.
 *
 * <h2>The cost saved</h2>
 * Per image, an ordinary {@code K x K} conv from {@code C} to {@code F} channels with an
 * {@code H' x W'} output and its separable replacement cost (in multiply-accumulates, MACs):
 * <pre>
 *   standard  = C * F * K * K * H' * W'
 *   separable = C * K * K * H' * W'  +  C * F * H' * W'       (depthwise + pointwise)
 *   separable / standard = 1 / F + 1 / K^2
 * </pre>
 * With {@code K = 3} and a few hundred channels that is 8 to 9 times fewer MACs (and as many
 * fewer weights: {@code C * K * K + C * F} instead of {@code C * F * K * K}).
 *
 * <h2>What interviewers ask</h2>
 * "Why is MobileNet cheap?" (this). "Derive the ratio" ({@code 1 / F + 1 / K^2}). "What is a
 * depthwise conv in PyTorch?" ({@code groups = in_channels}). "Is it also faster in wall time?"
 * (less than the MAC ratio suggests: a depthwise conv does little arithmetic per byte read, so it
 * is memory-bound). "What did MobileNetV2 add?" (inverted residuals with linear bottlenecks).
 *
 * <p>Reading the inputs once as flat arrays ({@code x.dup('c').data().asDouble()}) and writing a
 * flat {@code double[]} that you wrap with {@code Nd4j.create(data, shape, x.dataType())} at the
 * end is much faster than {@code getDouble}/{@code putScalar} per element.
 *
 * @see <a href="https://arxiv.org/abs/1704.04861">Howard et al., MobileNets: Efficient
 *      Convolutional Neural Networks for Mobile Vision Applications (2017), section 3.1</a>
 * @see <a href="https://docs.pytorch.org/docs/stable/generated/torch.nn.Conv2d.html">PyTorch,
 *      torch.nn.Conv2d (groups)</a>
 */
public final class DepthwiseSeparable {

    private DepthwiseSeparable() {
    }

    /**
     * A depthwise conv (stride and padding as given) followed by a pointwise 1x1 conv, no biases.
     *
     * @param x          input of shape (N, C, H, W); not modified
     * @param depthwiseW depthwise weights of shape (C, 1, K, K); not modified
     * @param pointwiseW pointwise weights of shape (F, C, 1, 1); not modified
     * @param stride     step of the depthwise windows, at least 1
     * @param padding    zeros added on every side before the depthwise step, at least 0
     * @return a new array of shape (N, F, H', W') with the data type of {@code x}
     */
    public static INDArray forward(INDArray x, INDArray depthwiseW, INDArray pointwiseW, int stride, int padding) {
        INDArray d = depthwise(x, depthwiseW, stride, padding);
        return pointwise(d, pointwiseW);
    }

    /**
     * The MACs of an ordinary {@code K x K} conv from {@code c} to {@code f} channels, per image.
     *
     * @param c    input channels C, at least 1
     * @param f    output channels F, at least 1
     * @param k    kernel size K, at least 1
     * @param outH the output's height H', at least 1
     * @param outW the output's width W', at least 1
     * @return {@code C * F * K * K * H' * W'}, as a long
     */
    public static long standardMacs(int c, int f, int k, int outH, int outW) {
        return (long) c * f * k * k * outH * outW;
    }

    /**
     * The MACs of the depthwise-separable replacement (depthwise {@code K x K}, then pointwise), per
     * image.
     *
     * @param c    input channels C, at least 1
     * @param f    output channels F, at least 1
     * @param k    kernel size K, at least 1
     * @param outH the output's height H', at least 1
     * @param outW the output's width W', at least 1
     * @return {@code C * K * K * H' * W' + C * F * H' * W'}, as a long
     */
    public static long separableMacs(int c, int f, int k, int outH, int outW) {
        long positions = (long) outH * outW;
        long depthwise = (long) c * k * k * positions;
        long pointwise = (long) c * f * positions;
        return depthwise + pointwise;
    }

    /**
     * The separable conv's MACs as a fraction of the ordinary conv's.
     *
     * @param f output channels F, at least 1
     * @param k kernel size K, at least 1
     * @return {@code 1 / F + 1 / K^2}
     */
    public static double costRatio(int f, int k) {
        return 1.0 / f + 1.0 / ((double) k * k);
    }

    // (N, C, H, W) with (C, 1, K, K) filters, one per channel: (N, C, H', W').
    private static INDArray depthwise(INDArray x, INDArray w, int stride, int padding) {
        int N = (int) x.size(0);
        int C = (int) x.size(1);
        int H = (int) x.size(2);
        int W = (int) x.size(3);
        int K = (int) w.size(2);
        int outH = (H + 2 * padding - K) / stride + 1;
        int outW = (W + 2 * padding - K) / stride + 1;
        double[] xs = x.dup('c').data().asDouble();
        double[] ws = w.dup('c').data().asDouble();
        double[] out = new double[N * C * outH * outW];
        int o = 0;
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        double sum = 0;
                        for (int kh = 0; kh < K; kh++) {
                            int row = i * stride - padding + kh;
                            if (row < 0 || row >= H) {
                                continue;   // a padded zero adds nothing
                            }
                            for (int kw = 0; kw < K; kw++) {
                                int col = j * stride - padding + kw;
                                if (col >= 0 && col < W) {
                                    sum += xs[((n * C + c) * H + row) * W + col] * ws[(c * K + kh) * K + kw];
                                }
                            }
                        }
                        out[o++] = sum;
                    }
                }
            }
        }
        return Nd4j.create(out, new long[] {N, C, outH, outW}, x.dataType());
    }

    // (N, C, H, W) with (F, C, 1, 1) weights: (N, F, H, W), a matrix product per pixel.
    private static INDArray pointwise(INDArray d, INDArray w) {
        int N = (int) d.size(0);
        int C = (int) d.size(1);
        int HW = (int) (d.size(2) * d.size(3));
        int F = (int) w.size(0);
        double[] ds = d.dup('c').data().asDouble();
        double[] ws = w.dup('c').data().asDouble();
        double[] out = new double[N * F * HW];
        for (int n = 0; n < N; n++) {
            for (int f = 0; f < F; f++) {
                for (int c = 0; c < C; c++) {
                    double weight = ws[f * C + c];
                    int from = (n * C + c) * HW;
                    int to = (n * F + f) * HW;
                    for (int q = 0; q < HW; q++) {
                        out[to + q] += weight * ds[from + q];
                    }
                }
            }
        }
        return Nd4j.create(out, new long[] {N, F, d.size(2), d.size(3)}, d.dataType());
    }
}
