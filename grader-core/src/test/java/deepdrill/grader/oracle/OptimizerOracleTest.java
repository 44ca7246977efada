package deepdrill.grader.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.oracle.OptimizerOracle.Step;
import deepdrill.grader.oracle.OptimizerOracle.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The optimiser oracle agrees with steps worked out by hand on one weight. */
class OptimizerOracleTest {

    private NDManager m;

    @BeforeEach
    void open() {
        m = TorchOracle.newManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    private NDArray of(double value) {
        return m.create(new double[] {value});
    }

    private static void assertValue(double expected, NDArray actual) {
        assertEquals(expected, actual.toDoubleArray()[0], 1e-12);
    }

    @Test
    void sgd() {
        // 1 - 0.1 * 0.5
        assertValue(0.95, OptimizerOracle.sgd(of(1), of(0.5), 0.1).params());
    }

    @Test
    void momentumAndNesterov() {
        // v' = 0.9 * 0.2 + 0.5 = 0.68; w' = 1 - 0.1 * 0.68
        Step plain = OptimizerOracle.momentum(of(1), of(0.5), of(0.2), 0.1, 0.9);
        assertValue(0.68, plain.state()[0]);
        assertValue(0.932, plain.params());
        // Nesterov looks ahead: w' = 1 - 0.1 * (0.5 + 0.9 * 0.68) = 1 - 0.1112
        Step nesterov = OptimizerOracle.nesterov(of(1), of(0.5), of(0.2), 0.1, 0.9);
        assertValue(0.68, nesterov.state()[0]);
        assertValue(0.8888, nesterov.params());
    }

    @Test
    void adaGrad() {
        // s' = 5 + 2^2 = 9; w' = 1 - 0.1 * 2 / (3 + 0)
        Step step = OptimizerOracle.adaGrad(of(1), of(2), of(5), 0.1, 0, Variant.RIGHT);
        assertValue(9, step.state()[0]);
        assertValue(1 - 0.2 / 3, step.params());
    }

    @Test
    void rmsProp() {
        // s' = 0.9 * 1 + 0.1 * 4 = 1.3; w' = 1 - 0.01 * 2 / (sqrt(1.3) + 0.5), and sqrt(1.3 + 0.5) inside
        Step step = OptimizerOracle.rmsProp(of(1), of(2), of(1), 0.01, 0.9, 0.5, Variant.RIGHT);
        assertValue(1.3, step.state()[0]);
        assertValue(1 - 0.02 / (1.140175425099138 + 0.5), step.params());
        Step inside = OptimizerOracle.rmsProp(of(1), of(2), of(1), 0.01, 0.9, 0.5, new Variant(true, true, false));
        assertValue(1 - 0.02 / 1.3416407864998738, inside.params());
    }

    @Test
    void adamTwoStepsWithBiasCorrection() {
        // Step 1 (t = 1): m = 0.05, v = 0.00025, m^ = 0.5, v^ = 0.25: w = 1 - 0.1 * 0.5 / (0.5 + 1e-8).
        Step first = OptimizerOracle.adam(of(1), of(0.5), of(0), of(0), 1, 0.1, 0.9, 0.999, 1e-8, 0, Variant.RIGHT);
        assertValue(0.05, first.state()[0]);
        assertValue(0.00025, first.state()[1]);
        assertValue(0.900000002, first.params());
        // Step 2 (t = 2), gradient -1: m = 0.045 - 0.1 = -0.055, v = 0.00024975 + 0.001 = 0.00124975,
        // m^ = -0.055 / 0.19, v^ = 0.00124975 / 0.001999.
        Step second = OptimizerOracle.adam(first.params(), of(-1), first.state()[0], first.state()[1], 2, 0.1, 0.9,
                0.999, 1e-8, 0, Variant.RIGHT);
        assertValue(-0.055, second.state()[0]);
        assertValue(0.00124975, second.state()[1]);
        assertValue(0.9366103542405653, second.params());
        // Without the correction the first step is 1 - 0.1 * 0.05 / (sqrt(0.00025) + 1e-8).
        Step uncorrected = OptimizerOracle.adam(of(1), of(0.5), of(0), of(0), 1, 0.1, 0.9, 0.999, 1e-8, 0,
                new Variant(false, false, false));
        assertValue(1 - 0.005 / (0.015811388300841896 + 1e-8), uncorrected.params());
    }

    @Test
    void adamWDecaysTheWeightsNotTheGradient() {
        // w * (1 - 0.1 * 0.1) = 1.98, then Adam's first step of size 0.1 * 0.5 / (0.5 + 1e-8).
        Step adamW = OptimizerOracle.adam(of(2), of(0.5), of(0), of(0), 1, 0.1, 0.9, 0.999, 1e-8, 0.1, Variant.RIGHT);
        assertValue(1.880000002, adamW.params());
        // Adam with L2: the gradient becomes 0.5 + 0.1 * 2 = 0.7, whose first step is again about lr.
        Step coupled = OptimizerOracle.adam(of(2), of(0.5), of(0), of(0), 1, 0.1, 0.9, 0.999, 1e-8, 0.1,
                new Variant(true, false, true));
        assertValue(2 - 0.1 * 0.7 / (0.7 + 1e-8), coupled.params());
        assertValue(0.07, coupled.state()[0]);
    }
}
