package deepdrill.grader.checks.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What any wrong tensor answer is recognised as, when no check-specific mistake matched. */
class GenericMistakesTest {

    private static INDArray array(long[] shape, double... values) {
        return Nd4j.create(values, shape, DataType.DOUBLE);
    }

    private static String message(INDArray expected, INDArray actual) {
        return assertThrows(AssertionError.class, () -> Compare.assertClose("out", expected, actual)).getMessage();
    }

    @Test
    void heightAndWidthSwappedInTheShape() {
        INDArray expected = Nd4j.zeros(DataType.DOUBLE, 1, 2, 3, 5);
        String m = message(expected, Nd4j.zeros(DataType.DOUBLE, 1, 2, 5, 3));
        assertTrue(m.startsWith("Looks like you built the output with its last two axes (height and width) swapped: "
                + "(1, 2, 5, 3) instead of (1, 2, 3, 5)"), m);
        assertTrue(m.contains("out: wrong shape"), "the first mismatch still follows: " + m);
    }

    @Test
    void aTransposedSquareOutput() {
        String m = message(array(new long[] {1, 2, 2}, 1, 2, 3, 4), array(new long[] {1, 2, 2}, 1, 3, 2, 4));
        assertTrue(m.startsWith("Looks like you swapped height and width"), m);
    }

    @Test
    void integerDivision() {
        String m = message(array(new long[] {3}, 2.5, -1.5, 4), array(new long[] {3}, 2, -1, 4));
        assertTrue(m.startsWith("Looks like you used integer division"), m);
    }

    @Test
    void anOutputNeverFilled() {
        String m = message(array(new long[] {2}, 1, 2), array(new long[] {2}, 0, 0));
        assertTrue(m.startsWith("Looks like you returned an output of the right shape that was never filled"), m);
    }

    @Test
    void nanWhereTheAnswerIsFinite() {
        String m = message(array(new long[] {2}, 1, 2), array(new long[] {2}, 1, Double.NaN));
        assertTrue(m.startsWith("Looks like you produced NaN where the answer is finite"), m);
    }

    @Test
    void aConstantFactorOrOffsetSaysWhatItIs() {
        String factor = message(array(new long[] {3}, 1, -2, 4), array(new long[] {3}, 3, -6, 12));
        assertTrue(factor.startsWith("Looks like you are off by a constant factor: every value is 3.00000 times"), factor);
        String sign = message(array(new long[] {2}, 1, -2), array(new long[] {2}, -1, 2));
        assertTrue(sign.contains("-1.00000 times the expected one (a sign flipped)"), sign);
        String offset = message(array(new long[] {3}, 1, -2, 4), array(new long[] {3}, 1.5, -1.5, 4.5));
        assertTrue(offset.startsWith("Looks like you are off by a constant: every value is the expected one plus 0.500000"),
                offset);
    }

    @Test
    void aSpecificMistakeComesFirstAndPlainWrongValuesStayPlain() {
        String m = assertThrows(AssertionError.class, () -> Compare.assertClose("out", array(new long[] {2}, 1, 2),
                array(new long[] {2}, 2, 4), new Mistake<>("doubled everything.", () -> array(new long[] {2}, 2, 4))))
                .getMessage();
        assertTrue(m.startsWith("Looks like you doubled everything."), m);
        String plain = message(array(new long[] {3}, 1, 2, 3), array(new long[] {3}, 1, 5, 3));
        assertEquals("out: 1 of 3 values differ", plain.substring(0, plain.indexOf(';')));
    }
}
