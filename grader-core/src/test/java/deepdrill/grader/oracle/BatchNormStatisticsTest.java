package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.Tolerance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batch-norm statistics oracle against values worked out by hand, and the DJL momentum trap it
 * exists for. Columns of {@code x}: (1, 3, 6) with mean 10/3, squared deviations summing to 38/3;
 * (2, 4, 8) with mean 14/3, squared deviations summing to 56/3.
 */
class BatchNormStatisticsTest {

    private NDManager manager;
    private NDArray x;

    @BeforeEach
    void open() {
        manager = TorchOracle.newManager();
        x = manager.create(new double[] {1, 2, 3, 4, 6, 8}, new Shape(3, 2));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void meanAndBothVariancesOfABatch() {
        assertValues(new double[] {10.0 / 3, 14.0 / 3}, BatchNormStatistics.mean(x));
        assertValues(new double[] {38.0 / 9, 56.0 / 9}, BatchNormStatistics.variance(x, false));
        assertValues(new double[] {38.0 / 6, 56.0 / 6}, BatchNormStatistics.variance(x, true));
    }

    @Test
    void perChannelStatisticsOfAnNchwBatch() {
        // Channel 0 holds 1, 2, 3, 6 (mean 3, squared deviations 14); channel 1 holds 0, 0, 4, -4 (mean 0, 32).
        NDArray images = manager.create(new double[] {1, 2, 0, 0, 3, 6, 4, -4}, new Shape(2, 2, 1, 2));
        assertValues(new double[] {3, 0}, BatchNormStatistics.mean(images));
        assertValues(new double[] {14.0 / 4, 32.0 / 4}, BatchNormStatistics.variance(images, false));
        assertValues(new double[] {14.0 / 3, 32.0 / 3}, BatchNormStatistics.variance(images, true));
    }

    @Test
    void runningUpdateWeighsTheNewBatchByMomentum() {
        NDArray running = manager.create(new double[] {0, 1});
        NDArray batch = manager.create(new double[] {10, 11});
        assertValues(new double[] {1, 2}, BatchNormStatistics.runningUpdate(running, batch, 0.1));
    }

    @Test
    void normalizeBroadcastsAlongTheFeatureAxis() {
        double eps = 1e-5;
        NDArray out = BatchNormStatistics.normalize(x, BatchNormStatistics.mean(x), BatchNormStatistics.variance(x, false),
                manager.create(new double[] {2, 1}), manager.create(new double[] {0, -1}), eps);
        double s0 = Math.sqrt(38.0 / 9 + eps);
        double s1 = Math.sqrt(56.0 / 9 + eps);
        assertValues(new double[] {2 * (1 - 10.0 / 3) / s0, (2 - 14.0 / 3) / s1 - 1, 2 * (3 - 10.0 / 3) / s0,
                (4 - 14.0 / 3) / s1 - 1, 2 * (6 - 10.0 / 3) / s0, (8 - 14.0 / 3) / s1 - 1}, out.reshape(6));
    }

    /**
     * DJL's {@code BatchNorm.batchNorm} takes MXNet's momentum (the weight of the old running value):
     * given 0.1 it keeps 10% of the running mean. Given {@code 1 - m} it matches PyTorch's convention,
     * but only to float precision.
     */
    @Test
    void djlMomentumIsTheComplementAndOnlyFloatAccurate() {
        NDArray runningMean = manager.create(new double[] {0, 0});
        NDArray runningVar = manager.create(new double[] {1, 1});
        NDArray gamma = manager.create(new double[] {1, 1});
        NDArray beta = manager.create(new double[] {0, 0});
        BatchNorm.batchNorm(x, runningMean, runningVar, gamma, beta, 1, 0.1f, 1e-5f, true);
        assertValues(new double[] {0.9 * 10 / 3, 0.9 * 14 / 3}, runningMean, new Tolerance(1e-6, 1e-6));

        NDArray pytorchMean = manager.create(new double[] {0, 0});
        NDArray pytorchVar = manager.create(new double[] {1, 1});
        BatchNorm.batchNorm(x, pytorchMean, pytorchVar, gamma, beta, 1, 1 - 0.1f, 1e-5f, true);
        NDArray expectedMean = BatchNormStatistics.runningUpdate(manager.create(new double[] {0, 0}),
                BatchNormStatistics.mean(x), 0.1);
        NDArray expectedVar = BatchNormStatistics.runningUpdate(manager.create(new double[] {1, 1}),
                BatchNormStatistics.variance(x, true), 0.1);
        Compare.assertClose("DJL running mean, momentum 1 - m", TorchOracle.toNd4j(expectedMean),
                TorchOracle.toNd4j(pytorchMean), new Tolerance(1e-6, 1e-6));
        Compare.assertClose("DJL running variance, momentum 1 - m", TorchOracle.toNd4j(expectedVar),
                TorchOracle.toNd4j(pytorchVar), new Tolerance(1e-6, 1e-6));
    }

    private static void assertValues(double[] expected, NDArray actual) {
        assertValues(expected, actual, Tolerance.of(DataType.DOUBLE));
    }

    private static void assertValues(double[] expected, NDArray actual, Tolerance tolerance) {
        INDArray e = Nd4j.create(expected, new long[] {expected.length}, DataType.DOUBLE);
        Compare.assertClose("batch-norm statistics", e, TorchOracle.toNd4j(actual), tolerance);
    }
}
