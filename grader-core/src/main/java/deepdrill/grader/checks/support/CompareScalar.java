package deepdrill.grader.checks.support;

import java.util.List;
import java.util.Locale;
import org.opentest4j.AssertionFailedError;

/** One number against its expected value, for the checks of exercises that return plain doubles. */
public final class CompareScalar {

    private CompareScalar() {
    }

    /**
     * Passes when {@code actual} is within {@code tolerance} of {@code expected}; otherwise fails
     * with the first matching mistake's diagnosis (if any), then both values and the tolerance.
     */
    public static void assertClose(String what, double expected, double actual, Tolerance tolerance,
            List<Mistake<Double>> mistakes) {
        if (tolerance.accepts(expected, actual)) {
            return;
        }
        String diagnosis = Mistake.matching(w -> tolerance.accepts(w, actual), mistakes);
        throw new AssertionFailedError(diagnosis + what + ": expected " + format(expected) + ", got " + format(actual)
                + String.format(Locale.ROOT, " (tolerance %.0e + %.0e * |expected|)", tolerance.abs(), tolerance.rel()));
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.12g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
