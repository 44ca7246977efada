package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.checks.support.Compare;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link BoxConversion} on boxes worked out by hand: (10, 20, 30, 60) is 20 wide and 40 high with
 * its centre at (20, 40); a zero-size box at (3, 7); an empty (0, 4) array.
 */
class BoxConversionTest {

    private static final double[] XYXY = {10, 20, 30, 60, 3, 7, 3, 7};
    private static final double[] CXCYWH = {20, 40, 20, 40, 3, 7, 0, 0};
    private static final double[] XYWH = {10, 20, 20, 40, 3, 7, 0, 0};

    @Test
    void cornersToCentreAndBack() {
        check(BoxConversion::xyxyToCxcywh, XYXY, CXCYWH);
        check(BoxConversion::cxcywhToXyxy, CXCYWH, XYXY);
    }

    @Test
    void cornersToTopLeftAndBack() {
        check(BoxConversion::xyxyToXywh, XYXY, XYWH);
        check(BoxConversion::xywhToXyxy, XYWH, XYXY);
    }

    @Test
    void emptyStaysEmpty() {
        try (NDManager m = TorchOracle.newManager()) {
            NDArray empty = m.create(new double[0], new Shape(0, 4));
            for (UnaryOperator<NDArray> f : List.<UnaryOperator<NDArray>>of(BoxConversion::xyxyToCxcywh,
                    BoxConversion::cxcywhToXyxy, BoxConversion::xyxyToXywh, BoxConversion::xywhToXyxy)) {
                Compare.assertClose("empty", boxes(), TorchOracle.toNd4j(f.apply(empty)));
            }
        }
    }

    private static void check(UnaryOperator<NDArray> f, double[] in, double[] expected) {
        try (NDManager m = TorchOracle.newManager()) {
            INDArray actual = TorchOracle.toNd4j(f.apply(TorchOracle.toTorch(m, boxes(in))));
            Compare.assertClose("conversion", boxes(expected), actual);
        }
    }

    private static INDArray boxes(double... values) {
        return Nd4j.create(values, new long[] {values.length / 4, 4}, DataType.DOUBLE);
    }
}
