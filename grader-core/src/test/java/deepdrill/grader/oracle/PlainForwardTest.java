package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.Inputs;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The plain-Java forward passes that numerical gradients perturb: hand-worked values on a 3x3
 * image holding 1 to 9, then agreement with PyTorch on random inputs with stride, padding and
 * non-square shapes.
 */
class PlainForwardTest {

    private static final INDArray ONE_TO_NINE = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9},
            new long[] {1, 1, 3, 3}, DataType.DOUBLE);

    @Test
    void conv2dByHand() {
        // The kernel [[1, 0], [0, -1]] takes a pixel minus its lower-right neighbour.
        INDArray w = Nd4j.create(new double[] {1, 0, 0, -1}, new long[] {1, 1, 2, 2}, DataType.DOUBLE);
        INDArray b = Nd4j.create(new double[] {0.5}, new long[] {1}, DataType.DOUBLE);
        assertGrid(new double[] {-3.5, -3.5, -3.5, -3.5}, PlainForward.conv2d(ONE_TO_NINE, w, b, 1, 0));
        // Padding 1, stride 2: windows at rows and columns -1 and 1; (-1, -1) meets only x[0, 0].
        assertGrid(new double[] {-0.5, -2.5, -6.5, -3.5}, PlainForward.conv2d(ONE_TO_NINE, w, b, 2, 1));
    }

    @Test
    void poolingByHand() {
        assertGrid(new double[] {5, 6, 8, 9}, PlainForward.maxPool2d(ONE_TO_NINE, 2, 2, 1));
        // Padding 1, stride 2: every window divides by 4, padded zeros included.
        assertGrid(new double[] {0.25, 1.25, 2.75, 7}, PlainForward.avgPool2d(ONE_TO_NINE, 2, 2, 2, 1));
        Compare.assertClose("global average", Nd4j.create(new double[] {5}, new long[] {1, 1}, DataType.DOUBLE),
                PlainForward.globalAvgPool(ONE_TO_NINE));
    }

    @Test
    void flattenKeepsCOrder() {
        INDArray x = Nd4j.linspace(0, 11, 12, DataType.DOUBLE).reshape(2, 3, 2, 1);
        Compare.assertClose("flatten", Nd4j.linspace(0, 11, 12, DataType.DOUBLE).reshape(2, 6), PlainForward.flatten(x));
        // A transposed view: the values follow the logical indices, not the memory order.
        INDArray t = Nd4j.linspace(0, 5, 6, DataType.DOUBLE).reshape(1, 1, 2, 3).permute(0, 1, 3, 2);
        Compare.assertClose("flatten of a transposed view",
                Nd4j.create(new double[] {0, 3, 1, 4, 2, 5}, new long[] {1, 6}, DataType.DOUBLE), PlainForward.flatten(t));
    }

    @Test
    void agreesWithPytorch() {
        Random random = new Random(7);
        try (NDManager m = TorchOracle.newManager()) {
            int[][] cases = {{2, 3, 5, 4, 2, 3, 2, 1, 0}, {1, 2, 7, 6, 3, 3, 3, 2, 1}, {2, 1, 6, 7, 2, 2, 1, 3, 2}};
            for (int[] k : cases) {
                INDArray x = Inputs.normal(random, k[0], k[1], k[2], k[3]);
                INDArray w = Inputs.normal(random, k[4], k[1], k[5], k[6]);
                INDArray b = Inputs.normal(random, k[4]);
                int s = k[7];
                int p = k[8];
                NDArray tx = TorchOracle.toTorch(m, x);
                NDArray conv = ai.djl.nn.convolutional.Conv2d.conv2d(tx, TorchOracle.toTorch(m, w), TorchOracle.toTorch(m, b),
                        new Shape(s, s), new Shape(p, p), new Shape(1, 1), 1).singletonOrThrow();
                Compare.assertClose("conv2d", TorchOracle.toNd4j(conv), PlainForward.conv2d(x, w, b, s, p));
                NDArray max = Pool.maxPool2d(tx, new Shape(k[5], k[6]), new Shape(s, s), new Shape(0, 0), false);
                Compare.assertClose("maxPool2d", TorchOracle.toNd4j(max), PlainForward.maxPool2d(x, k[5], k[6], s));
                int padding = Math.min(p, Math.min(k[5], k[6]) / 2);
                NDArray avg = Pool.avgPool2d(tx, new Shape(k[5], k[6]), new Shape(s, s), new Shape(padding, padding),
                        false, true);
                Compare.assertClose("avgPool2d", TorchOracle.toNd4j(avg), PlainForward.avgPool2d(x, k[5], k[6], s, padding));
                Compare.assertClose("globalAvgPool", TorchOracle.toNd4j(tx.sum(new int[] {2, 3}).div(k[2] * k[3])),
                        PlainForward.globalAvgPool(x));
                Compare.assertClose("flatten", TorchOracle.toNd4j(tx.reshape(k[0], -1)), PlainForward.flatten(x));
            }
        }
    }

    private static void assertGrid(double[] expected, INDArray actual) {
        Compare.assertClose("output", Nd4j.create(expected, new long[] {1, 1, 2, 2}, DataType.DOUBLE), actual);
    }
}
