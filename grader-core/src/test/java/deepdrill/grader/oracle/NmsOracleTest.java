package deepdrill.grader.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/**
 * {@link NmsOracle} on four boxes worked out by hand: A = (0, 0, 10, 10), B = (1, 1, 11, 11),
 * C = (20, 20, 30, 30), D = (26, 20, 36, 30). IoU(A, B) = 81 / 119 = 0.68, IoU(C, D) = 40 / 160 =
 * 0.25, every other pair 0.
 */
class NmsOracleTest {

    private static final double[][] BOXES = {{0, 0, 10, 10}, {1, 1, 11, 11}, {20, 20, 30, 30}, {26, 20, 36, 30}};
    private static final double[] SCORES = {0.9, 0.8, 0.85, 0.6};
    private static final double IOU_AB = 81 / 119.0;

    @Test
    void scoreOrderIsStable() {
        assertArrayEquals(new int[] {1, 3, 0, 2}, NmsOracle.scoreOrder(new double[] {0.5, 0.9, 0.5, 0.7}));
    }

    @Test
    void greedyKeepsWhatNoHigherBoxOverlapsAboveTheThreshold() {
        try (NDManager m = TorchOracle.newManager()) {
            NDArray iou = iou(m);
            // Order A, C, B, D: A suppresses B (0.68); D overlaps C by 0.25.
            assertArrayEquals(new int[] {0, 2, 3}, NmsOracle.greedy(iou, SCORES, 0.5));
            assertArrayEquals(new int[] {0, 2, 1, 3}, NmsOracle.greedy(iou, SCORES, 0.7));
            // An IoU equal to the threshold does not suppress; just below it does.
            assertArrayEquals(new int[] {0, 2, 3}, NmsOracle.greedy(iou, SCORES, 0.25));
            assertArrayEquals(new int[] {0, 2}, NmsOracle.greedy(iou, SCORES, 0.2));
            // Equal scores: index order, so A suppresses B and C keeps D at 0.5.
            assertArrayEquals(new int[] {0, 2, 3}, NmsOracle.greedy(iou, new double[] {0.5, 0.5, 0.5, 0.5}, 0.5));
            // Threshold 1 keeps everything, threshold 0 every box without overlap.
            assertArrayEquals(new int[] {0, 2, 1, 3}, NmsOracle.greedy(iou, SCORES, 1));
            assertArrayEquals(new int[] {0, 2}, NmsOracle.greedy(iou, SCORES, 0));
        }
    }

    @Test
    void batchedLetsOtherClassesOverlap() {
        try (NDManager m = TorchOracle.newManager()) {
            assertArrayEquals(new int[] {0, 2, 1, 3}, NmsOracle.batched(iou(m), SCORES, new int[] {0, 1, 0, 0}, 0.5));
            assertArrayEquals(new int[] {0, 2}, NmsOracle.batched(iou(m), SCORES, new int[] {4, 4, 7, 7}, 0.2));
        }
    }

    @Test
    void softLinear() {
        try (NDManager m = TorchOracle.newManager()) {
            NDArray w = NmsOracle.linearWeights(iou(m), 0.3);
            // A: B decays to 0.8 (1 - 81/119); C: D keeps 0.6 (0.25 <= 0.3); then D, then B.
            double b = 0.8 * (1 - IOU_AB);
            check(new int[] {0, 2, 3, 1}, new double[] {0.9, 0.85, 0.6, b}, NmsOracle.soft(w, SCORES, 0.001));
            // With a score threshold of 0.3, B (0.26) is dropped.
            check(new int[] {0, 2, 3}, new double[] {0.9, 0.85, 0.6}, NmsOracle.soft(w, SCORES, 0.3));
            // Visiting in the original order selects B (0.8 before the decay) before D.
            check(new int[] {0, 2, 1, 3}, new double[] {0.9, 0.85, b, 0.6},
                    NmsOracle.softWithoutReordering(w, SCORES, 0.001));
        }
    }

    @Test
    void softGaussian() {
        try (NDManager m = TorchOracle.newManager()) {
            NDArray w = NmsOracle.gaussianWeights(iou(m), 0.5);
            // B: 0.8 exp(-(81/119)^2 / 0.5) = 0.317; D: 0.6 exp(-0.25^2 / 0.5) = 0.530.
            check(new int[] {0, 2, 3, 1}, new double[] {0.9, 0.85, 0.6 * Math.exp(-0.125),
                    0.8 * Math.exp(-IOU_AB * IOU_AB / 0.5)}, NmsOracle.soft(w, SCORES, 0.001));
        }
    }

    private static NDArray iou(NDManager m) {
        NDArray boxes = m.create(BOXES);
        return BoxIou.iou(boxes, boxes);
    }

    private static void check(int[] indices, double[] scores, NmsOracle.Soft actual) {
        assertArrayEquals(indices, actual.indices());
        assertArrayEquals(scores, actual.scores(), 1e-12);
    }
}
