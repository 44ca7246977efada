package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link SigmoidFocalLoss} on logits whose sigmoid is known: x = 0 (p = 1/2) and x = log 3
 * (p = 3/4), each as a positive and as a negative; and logits of magnitude 100, where the
 * answer is finite.
 */
class SigmoidFocalLossTest {

    private static final double[] LOGITS = {0, Math.log(3), 0, Math.log(3)};
    private static final double[] TARGETS = {1, 1, 0, 0};

    @Test
    void gammaZeroWithoutAlphaIsBinaryCrossEntropy() {
        // -log(1/2), -log(3/4), -log(1/2), -log(1/4)
        check(LOGITS, TARGETS, -1, 0, Math.log(2), Math.log(4 / 3.0), Math.log(2), Math.log(4));
    }

    @Test
    void modulatingFactorAndAlpha() {
        // alpha 0.25, gamma 2: positives 0.25 (1 - p)^2 (-log p), negatives 0.75 p^2 (-log(1 - p))
        check(LOGITS, TARGETS, 0.25, 2, 0.25 * 0.25 * Math.log(2), 0.25 / 16 * Math.log(4 / 3.0),
                0.75 * 0.25 * Math.log(2), 0.75 * 9 / 16 * Math.log(4));
    }

    @Test
    void largeLogitsStayFinite() {
        // a negative with x = 100 costs 100 (1 - alpha); a positive with x = -100 costs 100 alpha
        check(new double[] {100, -100, 100, -100}, TARGETS, 0.25, 0, 0, 25, 75, 0);
    }

    private static void check(double[] logits, double[] targets, double alpha, double gamma, double... expected) {
        try (NDManager m = TorchOracle.newManager()) {
            NDArray loss = SigmoidFocalLoss.perElement(m.create(logits), m.create(targets), alpha, gamma);
            Compare.assertClose("focal loss, alpha " + alpha + ", gamma " + gamma,
                    Nd4j.create(expected, new long[] {expected.length}, DataType.DOUBLE), TorchOracle.toNd4j(loss));
        }
    }
}
