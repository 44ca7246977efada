package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.checks.support.Compare;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The autograd transposed convolution agrees with stamps of the kernel worked out by hand. */
class TransposedConvolutionTest {

    private static final double[] X = {1, 2, 3, 4};
    private static final double[] W = {1, 10, 100, 1000};

    private static INDArray run(double[] x, long[] xShape, double[] w, long[] wShape, double bias, int stride,
                                int padding, int outputPadding) {
        try (NDManager m = TorchOracle.newManager()) {
            NDArray tx = m.create(x, new Shape(xShape));
            NDArray tw = m.create(w, new Shape(wShape));
            NDArray tb = m.create(new double[] {bias});
            return TorchOracle.toNd4j(TransposedConvolution.forward(tx, tw, tb, stride, padding, outputPadding));
        }
    }

    /** Stride 2 with a 2x2 kernel: the four stamps tile the 4x4 output without overlap. */
    @Test
    void strideEqualToTheKernelTilesTheStamps() {
        INDArray expected = Nd4j.create(new double[] {
                1, 10, 2, 20,
                100, 1000, 200, 2000,
                3, 30, 4, 40,
                300, 3000, 400, 4000}, new long[] {1, 1, 4, 4}, DataType.DOUBLE);
        Compare.assertClose("stride 2", expected, run(X, new long[] {1, 1, 2, 2}, W, new long[] {1, 1, 2, 2}, 0, 2, 0, 0));
    }

    /** Stride 1: the stamps overlap and add up; the bias is added once per pixel. */
    @Test
    void overlappingStampsAddUp() {
        INDArray expected = Nd4j.create(new double[] {
                1 + 0.5, 10 + 2 + 0.5, 20 + 0.5,
                100 + 3 + 0.5, 1000 + 200 + 30 + 4 + 0.5, 2000 + 40 + 0.5,
                300 + 0.5, 3000 + 400 + 0.5, 4000 + 0.5}, new long[] {1, 1, 3, 3}, DataType.DOUBLE);
        Compare.assertClose("stride 1, bias 0.5", expected,
                run(X, new long[] {1, 1, 2, 2}, W, new long[] {1, 1, 2, 2}, 0.5, 1, 0, 0));
    }

    /** Padding 1 crops a row and a column from each side; output padding 1 adds one back at the end and right. */
    @Test
    void paddingCropsAndOutputPaddingExtends() {
        INDArray cropped = Nd4j.create(new double[] {1000 + 200 + 30 + 4}, new long[] {1, 1, 1, 1}, DataType.DOUBLE);
        Compare.assertClose("stride 1, padding 1", cropped,
                run(X, new long[] {1, 1, 2, 2}, W, new long[] {1, 1, 2, 2}, 0, 1, 1, 0));
        INDArray extended = Nd4j.create(new double[] {
                1000, 200, 2000,
                30, 4, 40,
                3000, 400, 4000}, new long[] {1, 1, 3, 3}, DataType.DOUBLE);
        Compare.assertClose("stride 2, padding 1, output padding 1", extended,
                run(X, new long[] {1, 1, 2, 2}, W, new long[] {1, 1, 2, 2}, 0, 2, 1, 1));
    }
}
