package deepdrill.grader.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The loss oracles against values worked out by hand (and with Python's math module). */
class LossOraclesTest {

    private static final double EPS = 1e-12;

    @Test
    void softmaxCrossEntropy() {
        try (NDManager m = TorchOracle.newManager()) {
            // Row 0: logits (1, 2, 3), label 2: -log(e^3 / (e + e^2 + e^3)) = log(1 + e^-1 + e^-2) = 0.40760596444438
            // Row 1: logits (0, 0, 0), label 0: log 3.
            NDArray logits = m.create(new double[] {1, 2, 3, 0, 0, 0}, new Shape(2, 3));
            NDArray loss = LossOracles.softmaxCrossEntropy(logits, LossOracles.oneHot(m, new int[] {2, 0}, 3));
            assertEquals((0.40760596444438 + Math.log(3)) / 2, loss.getDouble(), 1e-12);
        }
    }

    @Test
    void softmaxCrossEntropyIsStableAtMagnitude1000() {
        try (NDManager m = TorchOracle.newManager()) {
            // Logits (1000, 0) with label 1: -log softmax = 1000 + log(1 + e^-1000) = 1000.
            NDArray logits = m.create(new double[] {1000, 0}, new Shape(1, 2));
            assertEquals(1000, LossOracles.softmaxCrossEntropy(logits, LossOracles.oneHot(m, new int[] {1}, 2))
                    .getDouble(), EPS);
        }
    }

    @Test
    void binaryCrossEntropyWithLogits() {
        try (NDManager m = TorchOracle.newManager()) {
            // z = 0, y = 1: log 2. z = 2, y = 0: log(1 + e^2) = 2.12692801104297. z = -1000, y = 1: 1000.
            NDArray z = m.create(new double[] {0, 2, -1000});
            NDArray y = m.create(new double[] {1, 0, 1});
            assertEquals((Math.log(2) + 2.12692801104297 + 1000) / 3,
                    LossOracles.binaryCrossEntropyWithLogits(z, y).getDouble(), 1e-12);
        }
    }

    @Test
    void meanSquaredError() {
        try (NDManager m = TorchOracle.newManager()) {
            NDArray p = m.create(new double[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray y = m.create(new double[] {0, 2, 5, 4}, new Shape(2, 2));
            assertEquals((1 + 0 + 4 + 0) / 4.0, LossOracles.meanSquaredError(p, y).getDouble(), EPS);
        }
    }

    @Test
    void multiclassHinge() {
        try (NDManager m = TorchOracle.newManager()) {
            // CS231n's example: scores (3.2, 5.1, -1.7), label 0: max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = 2.9.
            // Scores (1.3, 4.9, 2.0), label 1: 0. Scores (2.2, 2.5, -3.1), label 2: 6.3 + 6.6 = 12.9. Mean 5.27.
            NDArray scores = m.create(new double[] {3.2, 5.1, -1.7, 1.3, 4.9, 2.0, 2.2, 2.5, -3.1}, new Shape(3, 3));
            NDArray loss = LossOracles.multiclassHinge(scores, LossOracles.oneHot(m, new int[] {0, 1, 2}, 3));
            assertEquals((2.9 + 0 + 12.9) / 3, loss.getDouble(), 1e-12);
        }
    }
}
