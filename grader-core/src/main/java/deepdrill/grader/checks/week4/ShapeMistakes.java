package deepdrill.grader.checks.week4;

import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.Mistake;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Mistakes that show in the shape of an answer alone: an output axis sized from the other axis
 * (code written and tried on square inputs only), for layers whose values a mistaken size makes
 * meaningless to compare. Checked before the values, so that the learner reads the cause rather
 * than "wrong shape".
 */
final class ShapeMistakes {

    private ShapeMistakes() {
    }

    /**
     * Fails, naming the mistake, when {@code actual}'s shape differs from {@code expected} and equals
     * the shape one of {@code mistakes} gives; any other answer is left to {@link Compare}.
     */
    static void assertNone(String what, long[] expected, INDArray actual, List<Mistake<long[]>> mistakes) {
        if (actual == null || Arrays.equals(expected, actual.shape())) {
            return;
        }
        String diagnosis = Mistake.matching(shape -> Arrays.equals(shape, actual.shape()), mistakes);
        if (!diagnosis.isEmpty()) {
            throw new AssertionFailedError(diagnosis + what + ": wrong shape: expected " + Compare.shape(expected)
                    + ", got " + Compare.shape(actual.shape()));
        }
    }
}
