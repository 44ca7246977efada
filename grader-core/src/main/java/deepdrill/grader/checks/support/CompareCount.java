package deepdrill.grader.checks.support;

import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
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
     * @param mistakes diagnosis (a sentence after "Looks like you ") to the count that mistake gives;
     *                 tried in iteration order
     */
    public static void assertEqual(String call, String source, long expected, long actual,
                                   Map<String, LongSupplier> mistakes) {
        if (actual == expected) {
            return;
        }
        String diagnosis = "";
        for (Map.Entry<String, LongSupplier> mistake : mistakes.entrySet()) {
            if (mistake.getValue().getAsLong() == actual) {
                diagnosis = "Looks like you " + mistake.getKey() + "\n";
                break;
            }
        }
        throw new AssertionFailedError(String.format(Locale.ROOT, "%s%s: expected %,d (%s), got %,d", diagnosis, call,
                expected, source, actual));
    }
}
