package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A check differentiates the same inputs several times (the right forward pass, then each known
 * mistake): every call must return its own gradient, not the sum of all calls so far, which is
 * what PyTorch's accumulating leaf gradients would give.
 */
class AutogradTest {

    @Test
    void repeatedCallsOnTheSameInputsDoNotAccumulate() {
        try (NDManager m = TorchOracle.newManager()) {
            NDArray x = m.create(new double[] {1, -2, 3});
            NDArray dout = m.create(new double[] {1, 0.5, -1});
            for (int call = 0; call < 3; call++) {
                NDArray grad = Autograd.gradients(in -> in.singletonOrThrow().mul(2), dout, x)[0];
                Compare.assertClose("gradient of 2x, call " + call,
                        Nd4j.create(new double[] {2, 1, -2}, new long[] {3}, DataType.DOUBLE), TorchOracle.toNd4j(grad));
            }
            Compare.assertClose("the input itself", Nd4j.create(new double[] {1, -2, 3}, new long[] {3}, DataType.DOUBLE),
                    TorchOracle.toNd4j(x));
        }
    }
}
