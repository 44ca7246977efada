package deepdrill.grader.oracle;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward passes in plain Java and float64, the functions that {@code NumericalGradient} perturbs
 * in the backward checks. A numerical gradient evaluates its function twice per input element,
 * thousands of calls per task, and a call into PyTorch costs around a millisecond here, so these
 * run on flat arrays instead. They follow the exercises' conventions (cross-correlation, zero
 * padding, floor mode, padded zeros counted in the average, C-order flattening);
 * {@code PlainForwardTest} holds them to PyTorch's results.
 */
public final class PlainForward {

    private PlainForward() {
    }

    /**
     * Cross-correlation with zero padding and dilation 1.
     *
     * @param x (N, C, H, W)
     * @param w (F, C, HH, WW)
     * @param b (F)
     * @return (N, F, H', W'), H' = (H + 2p - HH) / s + 1
     */
    public static INDArray conv2d(INDArray x, INDArray w, INDArray b, int stride, int padding) {
        long[] xs = x.shape();
        long[] ws = w.shape();
        int n = (int) xs[0], c = (int) xs[1], h = (int) xs[2], wd = (int) xs[3];
        int f = (int) ws[0], kh = (int) ws[2], kw = (int) ws[3];
        int oh = (h + 2 * padding - kh) / stride + 1;
        int ow = (wd + 2 * padding - kw) / stride + 1;
        double[] in = flat(x);
        double[] k = flat(w);
        double[] bias = flat(b);
        double[] out = new double[n * f * oh * ow];
        for (int img = 0; img < n; img++) {
            for (int filter = 0; filter < f; filter++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = bias[filter];
                        for (int ch = 0; ch < c; ch++) {
                            for (int a = 0; a < kh; a++) {
                                for (int e = 0; e < kw; e++) {
                                    sum += at(in, img, ch, i * stride + a - padding, j * stride + e - padding, c, h, wd)
                                            * k[((filter * c + ch) * kh + a) * kw + e];
                                }
                            }
                        }
                        out[((img * f + filter) * oh + i) * ow + j] = sum;
                    }
                }
            }
        }
        return Nd4j.create(out, new long[] {n, f, oh, ow}, DataType.DOUBLE);
    }

    /** Max pooling without padding, floor mode: (N, C, H, W) to (N, C, (H - poolH) / s + 1, ...). */
    public static INDArray maxPool2d(INDArray x, int poolH, int poolW, int stride) {
        return pool(x, poolH, poolW, stride, 0, true);
    }

    /** Average pooling with zero padding that counts in the divisor (PyTorch's count_include_pad=True). */
    public static INDArray avgPool2d(INDArray x, int poolH, int poolW, int stride, int padding) {
        return pool(x, poolH, poolW, stride, padding, false);
    }

    /** The mean of every channel of every image: (N, C, H, W) to (N, C). */
    public static INDArray globalAvgPool(INDArray x) {
        long[] s = x.shape();
        int planes = (int) (s[0] * s[1]);
        int area = (int) (s[2] * s[3]);
        double[] in = flat(x);
        double[] out = new double[planes];
        for (int i = 0; i < in.length; i++) {
            out[i / area] += in[i] / area;
        }
        return Nd4j.create(out, new long[] {s[0], s[1]}, DataType.DOUBLE);
    }

    /** (N, C, H, W) to (N, C * H * W) in C order: the values keep their order in memory. */
    public static INDArray flatten(INDArray x) {
        long[] s = x.shape();
        return Nd4j.create(flat(x), new long[] {s[0], s[1] * s[2] * s[3]}, DataType.DOUBLE);
    }

    private static INDArray pool(INDArray x, int poolH, int poolW, int stride, int padding, boolean max) {
        long[] s = x.shape();
        int planes = (int) (s[0] * s[1]), h = (int) s[2], w = (int) s[3];
        int oh = (h + 2 * padding - poolH) / stride + 1;
        int ow = (w + 2 * padding - poolW) / stride + 1;
        double[] in = flat(x);
        double[] out = new double[planes * oh * ow];
        for (int plane = 0; plane < planes; plane++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int a = 0; a < poolH; a++) {
                        for (int e = 0; e < poolW; e++) {
                            double v = at(in, plane, 0, i * stride + a - padding, j * stride + e - padding, 1, h, w);
                            acc = max ? Math.max(acc, v) : acc + v;
                        }
                    }
                    out[(plane * oh + i) * ow + j] = max ? acc : acc / (poolH * poolW);
                }
            }
        }
        return Nd4j.create(out, new long[] {s[0], s[1], oh, ow}, DataType.DOUBLE);
    }

    /** x[n, c, row, col] of a flat C-order (N, C, H, W) array, 0 in the padding. */
    private static double at(double[] x, int n, int c, int row, int col, int channels, int h, int w) {
        if (row < 0 || row >= h || col < 0 || col >= w) {
            return 0;
        }
        return x[((n * channels + c) * h + row) * w + col];
    }

    /** The values in C order; without a copy through ND4J's ops when x already is a plain float64 array. */
    private static double[] flat(INDArray x) {
        if (x.dataType() == DataType.DOUBLE && x.ordering() == 'c' && !x.isView() && x.data().length() == x.length()) {
            return x.data().asDouble();
        }
        return x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }
}
