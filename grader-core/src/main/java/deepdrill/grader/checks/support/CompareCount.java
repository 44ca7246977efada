package deepdrill.grader.checks.support;

import java.util.Locale;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * The comparison for counts (parameters, multiply-accumulates): exact, with the source of the
 * expected number in the message and a named mistake when the learner's count equals a known
 * wrong one.
 */
public final class CompareCount {

    private CompareCount() {
    }

    /**
     * @param call     the learner's call, as they would write it
     * @param source   where the expected count comes from ("the parameters of DJL's Conv2d")
     * @param mistakes known wrong counts, tried in order
     */
    public static void assertEqual(String call, String source, long expected, long actual,
                                   List<Mistake<Long>> mistakes) {
        if (actual == expected) {
            return;
        }
        String diagnosis = Mistake.matching(wrong -> wrong == actual, mistakes);
        throw new AssertionFailedError(String.format(Locale.ROOT, "%s%s: expected %,d (%s), got %,d", diagnosis, call,
                expected, source, actual));
    }
}
