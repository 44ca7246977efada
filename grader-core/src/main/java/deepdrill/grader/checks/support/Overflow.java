package deepdrill.grader.checks.support;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Recognises the numerically unstable answer: NaN or an infinity where the expected value is
 * finite. That is what {@code exp(1000)} overflowing to {@code Infinity} turns into
 * ({@code Infinity / Infinity = NaN}, {@code log(0) = -Infinity}), and it deserves its own message
 * rather than a bare "expected 0.73, got NaN".
 */
public final class Overflow {

    private Overflow() {
    }

    /**
     * Fails, naming the mistake, where {@code actual} is NaN or infinite and {@code expected} is
     * finite. Arrays of different shapes are left to {@link Compare}.
     *
     * @param what      names the quantity and the case
     * @param diagnosis what the learner probably did, a sentence that starts with a verb in the past tense
     */
    public static void assertFinite(String what, INDArray expected, INDArray actual, String diagnosis) {
        if (actual == null || !Arrays.equals(expected.shape(), actual.shape())) {
            return;
        }
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < e.length; i++) {
            if (Double.isFinite(e[i]) && !Double.isFinite(a[i])) {
                throw new AssertionFailedError(String.format(Locale.ROOT,
                        "Looks like you %s%n%s: got %s at %s, expected %.10g", diagnosis, what, a[i],
                        index(i, expected.shape()), e[i]));
            }
        }
    }

    /** As {@link #assertFinite(String, INDArray, INDArray, String)}, for a number (a loss). */
    public static void assertFinite(String what, double expected, double actual, String diagnosis) {
        if (Double.isFinite(expected) && !Double.isFinite(actual)) {
            throw new AssertionFailedError(String.format(Locale.ROOT, "Looks like you %s%n%s: got %s, expected %.10g",
                    diagnosis, what, actual, expected));
        }
    }

    private static String index(int flat, long[] shape) {
        long[] idx = new long[shape.length];
        long rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = rest % shape[d];
            rest /= shape[d];
        }
        return Arrays.toString(idx);
    }
}
