package deepdrill.grader.checks.support;

import java.util.Arrays;
import java.util.Locale;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * The one comparison every check uses: shape first, then data type, then values within the
 * {@link Tolerance} of the data type. A failure names the first mismatching index, both values,
 * the absolute and relative error and the tolerance; when the learner's answer matches a known
 * {@link Mistake}, the message starts by naming it, and failing that, by naming what any tensor
 * answer can show ({@link GenericMistakes}: height and width swapped, integer division, ...).
 */
public final class Compare {

    private Compare() {
    }

    /**
     * @param what     names the quantity and the case, for example
     *                 {@code "output for x (2, 3, 7, 5), stride 2"}
     * @param expected the oracle's answer
     * @param actual   the learner's answer
     * @param mistakes known wrong answers to recognise, tried in order
     */
    @SafeVarargs
    public static void assertClose(String what, INDArray expected, INDArray actual, Mistake<INDArray>... mistakes) {
        assertClose(what, expected, actual, Tolerance.of(expected.dataType()), mistakes);
    }

    /**
     * As {@link #assertClose(String, INDArray, INDArray, Mistake[])}, with an explicit tolerance: for
     * comparisons with a numerical gradient, say, which is only accurate to about 1e-7.
     */
    @SafeVarargs
    public static void assertClose(String what, INDArray expected, INDArray actual, Tolerance tolerance,
                                   Mistake<INDArray>... mistakes) {
        assertClose(what, expected, actual, tolerance, List.of(mistakes));
    }

    /** As above, with the mistakes in a list (for checks that build it case by case). */
    public static void assertClose(String what, INDArray expected, INDArray actual, Tolerance tolerance,
                                   List<Mistake<INDArray>> mistakes) {
        String problem = problem(expected, actual, tolerance);
        if (problem == null) {
            return;
        }
        String diagnosis = Mistake.matching(wrong -> problem(wrong, actual, tolerance) == null, mistakes);
        if (diagnosis.isEmpty()) {
            diagnosis = GenericMistakes.diagnose(expected, actual, tolerance);
        }
        throw new AssertionFailedError(diagnosis + what + ": " + problem);
    }

    /** A float64 array of shape (1) holding {@code value}: how checks compare a scalar answer with {@link #assertClose}. */
    public static INDArray scalar(double value) {
        return Nd4j.create(new double[] {value}, new long[] {1}, DataType.DOUBLE);
    }

    /** A float64 vector of {@code values}, or null for a null answer (reported as such by {@link #assertClose}). */
    public static INDArray vector(double[] values) {
        return values == null ? null : Nd4j.create(values, new long[] {values.length}, DataType.DOUBLE);
    }

    /** Null when {@code actual} matches {@code expected}; otherwise what is wrong, in one line. */
    static String problem(INDArray expected, INDArray actual) {
        return problem(expected, actual, Tolerance.of(expected.dataType()));
    }

    private static String problem(INDArray expected, INDArray actual, Tolerance tolerance) {
        if (actual == null) {
            return "got null, expected an array of shape " + shape(expected.shape());
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            return "wrong shape: expected " + shape(expected.shape()) + ", got " + shape(actual.shape());
        }
        if (expected.dataType() != actual.dataType()) {
            return "wrong data type: expected " + expected.dataType() + ", got " + actual.dataType();
        }
        double[] e = expected.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        int first = -1;
        int wrong = 0;
        for (int i = 0; i < e.length; i++) {
            if (!tolerance.accepts(e[i], a[i])) {
                wrong++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (wrong == 0) {
            return null;
        }
        double abs = Math.abs(a[first] - e[first]);
        double rel = e[first] == 0 ? Double.POSITIVE_INFINITY : abs / Math.abs(e[first]);
        return String.format(Locale.ROOT,
                "%d of %d values differ; first at %s: expected %.10g, got %.10g (abs error %.3g, rel error %.3g; "
                        + "tolerance %.0e + %.0e * |expected|)",
                wrong, e.length, index(first, expected.shape()), e[first], a[first], abs, rel,
                tolerance.abs(), tolerance.rel());
    }

    /** A shape as the learner writes it: {@code (2, 3, 5, 5)}. */
    public static String shape(long[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(")").toString();
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
