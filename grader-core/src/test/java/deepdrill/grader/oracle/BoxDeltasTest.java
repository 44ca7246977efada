package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link BoxDeltas} on a reference box (0, 0, 4, 2), centre (2, 1), size 4 x 2, against a target
 * (1, 2, 9, 4), centre (5, 3), size 8 x 2: dx = 3 / 4, dy = 2 / 2, dw = log 2, dh = 0.
 */
class BoxDeltasTest {

    private static final double[][] REFERENCE = {{0, 0, 4, 2}};
    private static final double[][] TARGET = {{1, 2, 9, 4}};

    @Test
    void centreSize() {
        try (NDManager m = TorchOracle.newManager()) {
            check(BoxDeltas.centreSize(m.create(TARGET)), 5, 3, 8, 2);
        }
    }

    @Test
    void encodeWithAndWithoutWeights() {
        try (NDManager m = TorchOracle.newManager()) {
            check(BoxDeltas.encode(m.create(REFERENCE), m.create(TARGET), new double[] {1, 1, 1, 1}), 0.75, 1,
                    Math.log(2), 0);
            check(BoxDeltas.encode(m.create(REFERENCE), m.create(TARGET), new double[] {10, 10, 5, 5}), 7.5, 10,
                    5 * Math.log(2), 0);
        }
    }

    @Test
    void decodeInvertsEncode() {
        try (NDManager m = TorchOracle.newManager()) {
            NDArray deltas = m.create(new double[][] {{7.5, 10, 5 * Math.log(2), 0}});
            check(BoxDeltas.decode(deltas, m.create(REFERENCE), new double[] {10, 10, 5, 5}, Math.log(1000.0 / 16)),
                    1, 2, 9, 4);
        }
    }

    @Test
    void decodeClampsTheSizeDeltas() {
        try (NDManager m = TorchOracle.newManager()) {
            // dw / ww = 100 is clamped to log(4): the width grows 4 times to 16 around the centre 2
            NDArray deltas = m.create(new double[][] {{0, 0, 100, 0}});
            check(BoxDeltas.decode(deltas, m.create(REFERENCE), new double[] {1, 1, 1, 1}, Math.log(4)), -6, 0, 10, 2);
        }
    }

    private static void check(NDArray actual, double... expected) {
        Compare.assertClose("row", Nd4j.create(expected, new long[] {1, 4}, DataType.DOUBLE),
                TorchOracle.toNd4j(actual));
    }
}
