package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import deepdrill.grader.checks.support.Compare;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DJL's {@code Activation.gelu} is the exact GELU, {@code x * Phi(x)} with erf (PyTorch's default
 * {@code approximate='none'}), which the activations exercise states; its autograd gradient is
 * {@code Phi(x) + x * phi(x)}. Hand values from Python's {@code math.erf}.
 */
class ActivationOraclesTest {

    private final INDArray x = Nd4j.create(new double[] {-3, -1, -0.5, 0.5, 1, 2}, new long[] {6}, DataType.DOUBLE);

    @Test
    void geluIsTheExactErfForm() {
        INDArray byHand = Nd4j.create(new double[] {-0.00404969409489031, -0.15865525393145707, -0.15426876936299344,
                0.34573123063700656, 0.8413447460685429, 1.9544997361036416}, new long[] {6}, DataType.DOUBLE);
        try (NDManager m = TorchOracle.newManager()) {
            Compare.assertClose("gelu", byHand, TorchOracle.toNd4j(Activation.gelu(TorchOracle.toTorch(m, x))));
        }
    }

    @Test
    void geluGradientIsPhiPlusXTimesPhi() {
        INDArray byHand = Nd4j.create(new double[] {-0.011945647204183918, -0.08331547058768629, 0.13250487534383712,
                0.8674951246561629, 1.0833154705876864, 1.085231801078197}, new long[] {6}, DataType.DOUBLE);
        try (NDManager m = TorchOracle.newManager()) {
            NDArray tx = TorchOracle.toTorch(m, x);
            NDArray grad = Autograd.gradients(in -> Activation.gelu(in.singletonOrThrow()), tx.onesLike(), tx)[0];
            Compare.assertClose("gelu'", byHand, TorchOracle.toNd4j(grad));
        }
    }
}
