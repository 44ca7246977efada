package deepdrill.grader.checks.support;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CompareTest {

    private static INDArray array(double... values) {
        return Nd4j.create(values, new long[] {2, values.length / 2}, DataType.DOUBLE);
    }

    @Test
    void equalArraysPass() {
        assertDoesNotThrow(() -> Compare.assertClose("out", array(1, 2, 3, 4), array(1, 2, 3, 4 + 1e-12)));
    }

    @Test
    void shapeIsCheckedBeforeValues() {
        AssertionError e = assertThrows(AssertionError.class, () -> Compare.assertClose("out", array(1, 2, 3, 4),
                Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {4, 1}, DataType.DOUBLE)));
        assertEquals("out: wrong shape: expected (2, 2), got (4, 1)", e.getMessage());
    }

    @Test
    void dataTypeMustBeKept() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Compare.assertClose("out", array(1, 2, 3, 4), array(1, 2, 3, 4).castTo(DataType.FLOAT)));
        assertTrue(e.getMessage().contains("wrong data type: expected DOUBLE, got FLOAT"), e.getMessage());
    }

    @Test
    void firstMismatchIsNamedWithBothValuesAndErrors() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Compare.assertClose("out", array(1, 2, 3, 4), array(1, 2, 3.5, 5)));
        assertEquals("out: 2 of 4 values differ; first at [1, 0]: expected 3.000000000, got 3.500000000 "
                + "(abs error 0.500, rel error 0.167; tolerance 1e-09 + 1e-07 * |expected|)", e.getMessage());
    }

    @Test
    void nanIsNeverCloseToANumber() {
        assertThrows(AssertionError.class, () -> Compare.assertClose("out", array(1, 2, 3, 4), array(1, 2, Double.NaN, 4)));
    }

    @Test
    void float32GetsAWiderTolerance() {
        INDArray expected = array(1, 2, 3, 4).castTo(DataType.FLOAT);
        assertDoesNotThrow(() -> Compare.assertClose("out", expected, array(1, 2, 3, 4.00001).castTo(DataType.FLOAT)));
        assertThrows(AssertionError.class,
                () -> Compare.assertClose("out", expected, array(1, 2, 3, 4.01).castTo(DataType.FLOAT)));
    }

    @Test
    void aKnownMistakeIsNamed() {
        AssertionError e = assertThrows(AssertionError.class, () -> Compare.assertClose("out", array(1, 2, 3, 4),
                array(0, 1, 2, 3),
                new Mistake<>("doubled everything.", () -> array(2, 4, 6, 8)),
                new Mistake<>("forgot the bias.", () -> array(0, 1, 2, 3))));
        assertTrue(e.getMessage().startsWith("Looks like you forgot the bias.\nout: 4 of 4 values differ"), e.getMessage());
    }
}
