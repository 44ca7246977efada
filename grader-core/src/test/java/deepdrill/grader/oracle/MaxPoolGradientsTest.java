package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.checks.support.Compare;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The three tie rules of {@link MaxPoolGradients}, worked out by hand on a 3x3 image where every
 * 2x2 window (stride 1) ties: the first rule is also a check that PyTorch sends the gradient of
 * a tie to the first maximum in row-major order, the convention max-pool-backward documents.
 * A 4x5 image with stride 2 has a last row and column that no window reads.
 */
class MaxPoolGradientsTest {

    private NDManager m;

    @BeforeEach
    void open() {
        m = TorchOracle.newManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    // Windows (0,0) (0,1) (1,0) (1,1); their maxima are all 1: first (0,0) (0,1) (1,0) (1,1),
    // last (1,1) (1,2) (2,1) (2,2).
    private NDArray tiedX() {
        return m.create(new double[] {1, 1, 0, 1, 1, 1, 0, 1, 1}, new Shape(1, 1, 3, 3));
    }

    private NDArray tiedDout() {
        return m.create(new double[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
    }

    @Test
    void pytorchSendsATieToTheFirstMaximum() {
        assertGrid(new double[] {1, 2, 0, 3, 4, 0, 0, 0, 0}, 3, 3, MaxPoolGradients.firstMax(tiedX(), tiedDout(), 2, 2, 1));
    }

    @Test
    void lastMaximum() {
        assertGrid(new double[] {0, 0, 0, 0, 1, 2, 0, 3, 4}, 3, 3, MaxPoolGradients.lastMax(tiedX(), tiedDout(), 2, 2, 1));
    }

    @Test
    void everyMaximum() {
        // (0,1) wins windows (0,0) and (0,1); (1,1) wins all four; (1,2) wins (0,1) and (1,1); ...
        assertGrid(new double[] {1, 3, 0, 4, 10, 6, 0, 7, 4}, 3, 3, MaxPoolGradients.everyMax(tiedX(), tiedDout(), 2, 2, 1));
    }

    @Test
    void lastMaximumWithUncoveredRowsAndColumns() {
        // Windows 2x2 at stride 2 on a 4x5 image: columns 0-1 and 2-3; column 4 is never read.
        NDArray x = m.create(new double[] {
            5, 5, 2, 2, 9,
            5, 1, 2, 2, 9,
            0, 3, 7, 1, 9,
            3, 0, 7, 7, 9}, new Shape(1, 1, 4, 5));
        NDArray dout = m.create(new double[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        assertGrid(new double[] {
            0, 0, 0, 0, 0,
            1, 0, 0, 2, 0,
            0, 0, 0, 0, 0,
            3, 0, 0, 4, 0}, 4, 5, MaxPoolGradients.lastMax(x, dout, 2, 2, 2));
        assertGrid(new double[] {
            1, 0, 2, 0, 0,
            0, 0, 0, 0, 0,
            0, 3, 4, 0, 0,
            0, 0, 0, 0, 0}, 4, 5, MaxPoolGradients.firstMax(x, dout, 2, 2, 2));
    }

    private static void assertGrid(double[] expected, int h, int w, NDArray actual) {
        INDArray e = Nd4j.create(expected, new long[] {1, 1, h, w}, DataType.DOUBLE);
        Compare.assertClose("dx", e, TorchOracle.toNd4j(actual));
    }
}
