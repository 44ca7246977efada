package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link BoxIou} on boxes worked out by hand: a = (0, 0, 2, 2) against an overlapping box, a box
 * touching its right edge, a distant box and itself.
 */
class BoxIouTest {

    private static final double[][] A = {{0, 0, 2, 2}};
    private static final double[][] B = {{1, 1, 3, 3}, {2, 0, 3, 2}, {5, 5, 6, 6}, {0, 0, 2, 2}};

    @Test
    void continuousIou() {
        // overlap 1 / (4 + 4 - 1); touching: no area in common; distant: 0; itself: 1
        check(BoxIou::iou, 1 / 7.0, 0, 0, 1);
    }

    @Test
    void pixelIouAddsOneToEverySide() {
        // sides 3: overlap (2 - 1 + 1)^2 = 4, union 9 + 9 - 4; touching: a 1 x 3 column in common, 3 / (9 + 6 - 3)
        check(BoxIou::pixelIou, 4 / 14.0, 3 / 12.0, 0, 1);
    }

    @Test
    void generalizedIou() {
        // enclosing boxes: 3 x 3 = 9 around a union of 7; 3 x 2 = 6 around 6; 6 x 6 = 36 around 5
        check(BoxIou::giou, 1 / 7.0 - 2 / 9.0, 0, -31 / 36.0, 1);
    }

    @Test
    void areaIsContinuous() {
        try (NDManager m = TorchOracle.newManager()) {
            INDArray area = TorchOracle.toNd4j(BoxIou.area(m.create(B)));
            Compare.assertClose("area", row(4, 2, 1, 4).reshape(4), area);
        }
    }

    private interface Pairwise {
        NDArray apply(NDArray a, NDArray b);
    }

    private static void check(Pairwise f, double... expected) {
        try (NDManager m = TorchOracle.newManager()) {
            INDArray actual = TorchOracle.toNd4j(f.apply(m.create(A), m.create(B)));
            Compare.assertClose("pairwise", row(expected), actual);
        }
    }

    private static INDArray row(double... values) {
        return Nd4j.create(values, new long[] {1, values.length}, DataType.DOUBLE);
    }
}
