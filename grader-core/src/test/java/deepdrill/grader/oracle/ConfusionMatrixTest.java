package deepdrill.grader.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The device confusion matrix and its metrics agree with a 3-class example counted by hand.
 * Class 2 is in neither map; class 3 only in the prediction.
 */
class ConfusionMatrixTest {

    //                                 pixel:   0  1  2  3  4  5  6  7
    private static final int[] TARGET =       {0, 0, 0, 1, 1, 1, 1, 0};
    private static final int[] PREDICTED =    {0, 0, 1, 1, 1, 0, 3, 3};

    @Test
    void metricsMatchTheCountsByHand() {
        try (NDManager manager = TorchOracle.newManager()) {
            NDArray m = ConfusionMatrix.of(manager, PREDICTED, TARGET, 4);
            // Rows: true class; columns: predicted class.
            Compare.assertClose("confusion matrix", Nd4j.create(new double[] {
                    2, 1, 0, 1,
                    1, 2, 0, 1,
                    0, 0, 0, 0,
                    0, 0, 0, 0}, new long[] {4, 4}, DataType.DOUBLE), TorchOracle.toNd4j(m));
            assertEquals(4 / 8.0, ConfusionMatrix.pixelAccuracy(m), 1e-12);
            assertEquals(2 / 4.0, ConfusionMatrix.foregroundAccuracy(m), 1e-12);
            // Class 0: TP 2, FP 1, FN 2 -> 2 / 5. Class 1: TP 2, FP 1, FN 2 -> 2 / 5. Class 3: TP 0, FP 2 -> 0.
            Compare.assertClose("IoU", Nd4j.create(new double[] {0.4, 0.4, Double.NaN, 0}, new long[] {4}, DataType.DOUBLE),
                    TorchOracle.toNd4j(ConfusionMatrix.iou(m)));
            // Dice: 2 * 2 / (4 + 3) for classes 0 and 1.
            Compare.assertClose("Dice", Nd4j.create(new double[] {4 / 7.0, 4 / 7.0, Double.NaN, 0}, new long[] {4},
                    DataType.DOUBLE), TorchOracle.toNd4j(ConfusionMatrix.dice(m)));
            assertEquals(0.8 / 3, ConfusionMatrix.meanIou(m, false), 1e-12);
            assertEquals(0.8 / 4, ConfusionMatrix.meanIou(m, true), 1e-12);
        }
    }
}
