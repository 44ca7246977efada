package deepdrill.grader.checks.support;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mistakes that any tensor answer can show, recognised from the expected and the learner's answer
 * alone, for when no check-specific {@link Mistake} matched: height and width swapped (code written
 * for square inputs), integer division, an output never filled, NaN where the answer is finite,
 * and a constant factor or offset. Each diagnosis says what was seen, so that a learner reads more
 * than "values differ".
 */
final class GenericMistakes {

    private GenericMistakes() {
    }

    /** The "Looks like you ...\n" line for the first generic mistake {@code actual} shows, or "". */
    static String diagnose(INDArray expected, INDArray actual, Tolerance tolerance) {
        if (actual == null) {
            return "";
        }
        long[] e = expected.shape();
        long[] a = actual.shape();
        if (!Arrays.equals(e, a)) {
            return swappedAxes(e, a) ? Mistake.PREFIX + "built the output with its last two axes (height and width) "
                    + "swapped: " + Compare.shape(a) + " instead of " + Compare.shape(e) + ". Code written and tried on "
                    + "square inputs often uses the height where the width belongs.\n" : "";
        }
        if (expected.dataType() != actual.dataType() || expected.length() == 0) {
            return "";
        }
        double[] want = values(expected);
        double[] got = values(actual);
        if (e.length >= 2 && e[e.length - 1] == e[e.length - 2] && e[e.length - 1] > 1
                && matches(transposeLastTwo(want, e), got, tolerance)) {
            return Mistake.PREFIX + "swapped height and width: your output is the expected one transposed (row i, "
                    + "column j holds the value of row j, column i). Check which index runs over H and which over W.\n";
        }
        if (allZero(got) && !allZero(want)) {
            // A ratio in [0, 1) divided in integers is 0 everywhere too: then either reading may be right.
            return Mistake.PREFIX + (Arrays.stream(want).allMatch(v -> Math.abs(v) < 1)
                    ? "returned 0 everywhere: either the output was never filled, or an integer division truncated "
                    + "every value (all the expected values lie between -1 and 1). Divide in floating point, e.g. "
                    + "(double) a / b.\n"
                    : "returned an output of the right shape that was never filled: every value is 0.\n");
        }
        if (!allIntegers(want) && allIntegers(got)
                && (matches(rounded(want, true), got, tolerance) || matches(rounded(want, false), got, tolerance))) {
            return Mistake.PREFIX + "used integer division where a real division belongs: every value is the expected "
                    + "one rounded to a whole number. Divide in floating point, e.g. (double) a / b.\n";
        }
        if (nanWhereFinite(want, got)) {
            return Mistake.PREFIX + "produced NaN where the answer is finite: look for 0 / 0, log(0), inf - inf, or an "
                    + "exp that overflowed (subtract the maximum first).\n";
        }
        String factor = constantFactor(want, got, tolerance);
        if (factor != null) {
            return factor;
        }
        return constantOffset(want, got, tolerance);
    }

    private static boolean swappedAxes(long[] e, long[] a) {
        int n = e.length;
        if (n < 2 || a.length != n || e[n - 1] == e[n - 2]) {
            return false;
        }
        long[] swapped = e.clone();
        swapped[n - 1] = e[n - 2];
        swapped[n - 2] = e[n - 1];
        return Arrays.equals(swapped, a);
    }

    private static double[] values(INDArray x) {
        return x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static boolean matches(double[] want, double[] got, Tolerance tolerance) {
        for (int i = 0; i < want.length; i++) {
            if (!tolerance.accepts(want[i], got[i])) {
                return false;
            }
        }
        return true;
    }

    private static double[] transposeLastTwo(double[] v, long[] shape) {
        int side = (int) shape[shape.length - 1];
        int plane = side * side;
        double[] t = new double[v.length];
        for (int base = 0; base < v.length; base += plane) {
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    t[base + i * side + j] = v[base + j * side + i];
                }
            }
        }
        return t;
    }

    private static boolean allZero(double[] v) {
        return Arrays.stream(v).allMatch(x -> x == 0);
    }

    private static boolean nanWhereFinite(double[] want, double[] got) {
        for (int i = 0; i < want.length; i++) {
            if (Double.isNaN(got[i]) && Double.isFinite(want[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean allIntegers(double[] v) {
        return Arrays.stream(v).allMatch(x -> Double.isFinite(x) && x == Math.rint(x));
    }

    /** Each value rounded toward zero (Java's int division) or down (floor). */
    private static double[] rounded(double[] v, boolean towardZero) {
        return Arrays.stream(v).map(x -> towardZero ? (x < 0 ? Math.ceil(x) : Math.floor(x)) : Math.floor(x)).toArray();
    }

    private static String constantFactor(double[] want, double[] got, Tolerance tolerance) {
        int pivot = largest(want);
        if (pivot < 0 || want[pivot] == 0 || !Double.isFinite(got[pivot]) || got[pivot] == 0) {
            return null;
        }
        double k = got[pivot] / want[pivot];
        if (Math.abs(k - 1) < 1e-6 || want.length < 2) {
            return null;
        }
        double[] scaled = Arrays.stream(want).map(x -> x * k).toArray();
        if (!matches(scaled, got, tolerance)) {
            return null;
        }
        return Mistake.PREFIX + String.format(Locale.ROOT, "are off by a constant factor: every value is %.6g times the "
                + "expected one%s.%n", k, k == -1 ? " (a sign flipped)" : " (a mean taken or left out, a missing factor "
                + "of 2, a wrong normalisation?)");
    }

    private static String constantOffset(double[] want, double[] got, Tolerance tolerance) {
        if (want.length < 2 || !Double.isFinite(got[0]) || !Double.isFinite(want[0])) {
            return "";
        }
        double c = got[0] - want[0];
        if (c == 0) {
            return "";
        }
        double[] shifted = Arrays.stream(want).map(x -> x + c).toArray();
        if (!matches(shifted, got, tolerance)) {
            return "";
        }
        return Mistake.PREFIX + String.format(Locale.ROOT, "are off by a constant: every value is the expected one "
                + "%s %.6g (a term added twice, or one left out?).%n", c > 0 ? "plus" : "minus", Math.abs(c));
    }

    private static int largest(double[] v) {
        int best = -1;
        for (int i = 0; i < v.length; i++) {
            if (Double.isFinite(v[i]) && (best < 0 || Math.abs(v[i]) > Math.abs(v[best]))) {
                best = i;
            }
        }
        return best;
    }
}
