package deepdrill.grader.oracle;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.Tolerance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The primitive bilinear oracle agrees with 2x2 -> 4x4 resizes worked out by hand, in both conventions. */
class BilinearResizeTest {

    private static INDArray resize(double[] x, long[] shape, int outH, int outW, boolean alignCorners) {
        try (NDManager m = TorchOracle.newManager()) {
            return TorchOracle.toNd4j(BilinearResize.forward(m.create(x, new Shape(shape)), outH, outW, alignCorners));
        }
    }

    /** Corners on corners: sources 0, 1/3, 2/3, 1, so the grid steps evenly from one corner to the other. */
    @Test
    void alignCornersKeepsTheCorners() {
        INDArray expected = Nd4j.create(new double[] {
                0, 1, 2, 3,
                2, 3, 4, 5,
                4, 5, 6, 7,
                6, 7, 8, 9}, new long[] {1, 1, 4, 4}, DataType.DOUBLE);
        Compare.assertClose("align corners", expected, resize(new double[] {0, 3, 6, 9}, new long[] {1, 1, 2, 2}, 4, 4, true));
    }

    /** Half-pixel centres: sources max(-0.25, 0) = 0, 0.25, 0.75, 1.25 (clamped to the last pixel). */
    @Test
    void halfPixelCentresClampAtTheBorder() {
        INDArray expected = Nd4j.create(new double[] {
                0, 1, 3, 4,
                2, 3, 5, 6,
                6, 7, 9, 10,
                8, 9, 11, 12}, new long[] {1, 1, 4, 4}, DataType.DOUBLE);
        Compare.assertClose("half pixel", expected, resize(new double[] {0, 4, 8, 12}, new long[] {1, 1, 2, 2}, 4, 4, false));
    }

    /** Downsampling 4 -> 2 with half-pixel centres samples at 0.5 and 2.5: the means of neighbours. */
    @Test
    void halfPixelDownsamplingAveragesNeighbours() {
        INDArray expected = Nd4j.create(new double[] {1.5, 5.5}, new long[] {1, 1, 1, 2}, DataType.DOUBLE);
        Compare.assertClose("4 -> 2", expected, resize(new double[] {1, 2, 5, 6}, new long[] {1, 1, 1, 4}, 1, 2, false));
    }

    /**
     * DJL's image resize (PyTorch's interpolate with align_corners=False) agrees when upsampling, to
     * float32 precision (it computes in float32). Downsampling it does not: there its result differs
     * from plain two-pixel bilinear sampling, which is why the checks do not use it.
     */
    @Test
    void halfPixelMatchesDjlImageResize() {
        try (NDManager m = TorchOracle.newManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(1, 2, 5, 7), ai.djl.ndarray.types.DataType.FLOAT64);
            NDArray ours = BilinearResize.forward(x, 9, 11, false);
            // NDImageUtils works on one HWC image, and takes the width before the height.
            NDArray djl = NDImageUtils.resize(x.get(0).transpose(1, 2, 0), 11, 9, Image.Interpolation.BILINEAR);
            Compare.assertClose("DJL resize", TorchOracle.toNd4j(djl.transpose(2, 0, 1).expandDims(0)),
                    TorchOracle.toNd4j(ours), Tolerance.of(DataType.FLOAT));
        }
    }
}
