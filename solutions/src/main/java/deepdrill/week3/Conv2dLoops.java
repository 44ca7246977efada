package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The model solution's second variant of {@code conv2d-forward}: the same convolution as
 * {@link Conv2d#forward}, written as the plain loops a learner writes first (the formula in
 * {@link Conv2d}'s Javadoc, one multiply-add per tap, reading flat arrays). It is not an exercise;
 * {@code ./grader bench conv2d-forward} times it next to the im2col version to show what one
 * big matrix multiply buys (measured here: about 0.5 against 50 or more GFLOP/s).
 */
public final class Conv2dLoops {

    private Conv2dLoops() {
    }

    /**
     * Convolves (cross-correlates) a batch with a bank of filters and adds the biases, by loops.
     *
     * @param x        input of shape (N, C, H, W); not modified
     * @param w        weights of shape (F, C, HH, WW); not modified
     * @param b        biases of shape (F); not modified
     * @param stride   step between windows, the same for height and width, at least 1
     * @param padding  zeros added on every side, at least 0
     * @param dilation spacing between kernel taps (1 = an ordinary kernel), at least 1
     * @return a new array of shape (N, F, H', W') with the data type of {@code x}
     */
    public static INDArray forward(INDArray x, INDArray w, INDArray b, int stride, int padding, int dilation) {
        int N = (int) x.size(0);
        int C = (int) x.size(1);
        int H = (int) x.size(2);
        int W = (int) x.size(3);
        int F = (int) w.size(0);
        int HH = (int) w.size(2);
        int WW = (int) w.size(3);
        int outH = (H + 2 * padding - dilation * (HH - 1) - 1) / stride + 1;
        int outW = (W + 2 * padding - dilation * (WW - 1) - 1) / stride + 1;

        double[] xs = x.dup('c').data().asDouble();
        double[] ws = w.dup('c').data().asDouble();
        double[] bs = b.dup('c').data().asDouble();
        double[] out = new double[N * F * outH * outW];
        int o = 0;   // out is filled in C order, so its index just counts up
        for (int n = 0; n < N; n++) {
            for (int f = 0; f < F; f++) {
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        // The window's top-left tap in x (negative while it is in the padding).
                        int top = i * stride - padding;
                        int left = j * stride - padding;
                        double sum = bs[f];
                        for (int c = 0; c < C; c++) {
                            for (int kh = 0; kh < HH; kh++) {
                                int row = top + kh * dilation;
                                if (row < 0 || row >= H) {
                                    continue;   // a padded zero adds nothing
                                }
                                for (int kw = 0; kw < WW; kw++) {
                                    int col = left + kw * dilation;
                                    if (col >= 0 && col < W) {
                                        sum += xs[((n * C + c) * H + row) * W + col]
                                                * ws[((f * C + c) * HH + kh) * WW + kw];
                                    }
                                }
                            }
                        }
                        out[o++] = sum;
                    }
                }
            }
        }
        return Nd4j.create(out, new long[] {N, F, outH, outW}, x.dataType());
    }
}
