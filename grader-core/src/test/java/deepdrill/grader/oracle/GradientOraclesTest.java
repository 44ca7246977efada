package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.NumericalGradient;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Both gradient oracles agree with a gradient worked out by hand: d/dx sum(tanh(x) * x * dout). */
class GradientOraclesTest {

    private final INDArray x = Nd4j.create(new double[] {-1.5, -0.2, 0.0, 0.7, 2.0, 3.1}, new long[] {2, 3}, DataType.DOUBLE);
    private final INDArray dout = Nd4j.create(new double[] {1, -2, 0.5, 3, -1, 0.25}, new long[] {2, 3}, DataType.DOUBLE);

    /** d/dx (x tanh x) = tanh x + x (1 - tanh^2 x), times dout. */
    private INDArray byHand() {
        INDArray t = Transforms.tanh(x, true);
        return t.add(x.mul(t.mul(t).rsub(1.0))).mul(dout);
    }

    @Test
    void autogradMatchesTheHandDerivation() {
        try (NDManager m = TorchOracle.newManager()) {
            NDArray tx = TorchOracle.toTorch(m, x);
            NDArray grad = Autograd.gradients(in -> in.singletonOrThrow().tanh().mul(in.singletonOrThrow()),
                    TorchOracle.toTorch(m, dout), tx)[0];
            Compare.assertClose("autograd", byHand(), TorchOracle.toNd4j(grad));
            NDArray again = Autograd.gradients(in -> in.singletonOrThrow().tanh().mul(in.singletonOrThrow()),
                    TorchOracle.toTorch(m, dout), tx)[0];
            Compare.assertClose("autograd called twice on one input (no accumulation)", byHand(), TorchOracle.toNd4j(again));
        }
    }

    @Test
    void numericalGradientMatchesTheHandDerivation() {
        INDArray numeric = NumericalGradient.of(v -> Transforms.tanh(v, true).mul(v), x, dout);
        Compare.assertClose("numerical", byHand(), numeric, NumericalGradient.TOLERANCE);
    }
}
