package deepdrill.grader.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScalingFitTest {

    @Test
    void recoversThePowerOfAnExactPowerLaw() {
        double[] work = {1e3, 1e4, 1e5, 1e6};
        double[] linear = new double[4];
        double[] quadratic = new double[4];
        for (int i = 0; i < 4; i++) {
            linear[i] = 7 * work[i];
            quadratic[i] = 3e-4 * work[i] * work[i];
        }
        assertEquals(1.0, ScalingFit.exponent(work, linear), 1e-12);
        assertEquals(2.0, ScalingFit.exponent(work, quadratic), 1e-12);
    }

    @Test
    void fixedCostsGiveAnExponentBelowOne() {
        double[] work = {1e3, 1e4, 1e5, 1e6};
        double[] time = new double[4];
        for (int i = 0; i < 4; i++) {
            time[i] = 5e4 + work[i];   // a fixed 50 us overhead, then linear
        }
        double k = ScalingFit.exponent(work, time);
        assertTrue(k > 0.2 && k < 0.9, "k = " + k);
    }

    @Test
    void skipsMissingPointsAndNeedsTwo() {
        assertEquals(1.0, ScalingFit.exponent(new double[] {1, 2, 4}, new double[] {3, Double.NaN, 12}), 1e-12);
        assertTrue(Double.isNaN(ScalingFit.exponent(new double[] {1, 2}, new double[] {3, Double.NaN})));
    }
}
