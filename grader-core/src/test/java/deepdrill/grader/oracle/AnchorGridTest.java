package deepdrill.grader.oracle;

import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** {@link AnchorGrid} on grids small enough to write out by hand. */
class AnchorGridTest {

    @Test
    void ratiosMakeTallAndWideBoxesOfTheSameArea() {
        // size 4 at cell (0, 0): r = 1 is 4 x 4; r = 4 is w = 2, h = 8 (tall); r = 0.25 is w = 8, h = 2 (wide)
        check(AnchorGrid.anchors(TorchOracle.newManager(), 1, 1, 16, new double[] {4}, new double[] {1, 4, 0.25}, 0),
                3, -2, -2, 2, 2, -1, -4, 1, 4, -4, -1, 4, 1);
    }

    @Test
    void cellsAreRowMajorAndRatioComesBeforeSize() {
        // H = 2, W = 1 (cells (0, 0) then (1, 0)), stride 10; ratio 1 with sizes 2 then 4
        check(AnchorGrid.anchors(TorchOracle.newManager(), 2, 1, 10, new double[] {2, 4}, new double[] {1}, 0),
                4, -1, -1, 1, 1, -2, -2, 2, 2, -1, 9, 1, 11, -2, 8, 2, 12);
        // H = 1, W = 2: the second cell moves along x; ratios 1 then 4 at size 2
        check(AnchorGrid.anchors(TorchOracle.newManager(), 1, 2, 10, new double[] {2}, new double[] {1, 4}, 0),
                4, -1, -1, 1, 1, -0.5, -2, 0.5, 2, 9, -1, 11, 1, 9.5, -2, 10.5, 2);
    }

    @Test
    void offsetMovesCentresToTheMiddleOfTheCell() {
        check(AnchorGrid.anchors(TorchOracle.newManager(), 1, 2, 8, new double[] {2}, new double[] {1}, 0.5),
                2, 3, 3, 5, 5, 11, 3, 13, 5);
    }

    private static void check(ai.djl.ndarray.NDArray actual, int rows, double... expected) {
        try (NDManager m = actual.getManager()) {
            Compare.assertClose("anchors", Nd4j.create(expected, new long[] {rows, 4}, DataType.DOUBLE),
                    TorchOracle.toNd4j(actual));
        }
    }
}
