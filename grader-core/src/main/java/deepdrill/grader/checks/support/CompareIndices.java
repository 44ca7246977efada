package deepdrill.grader.checks.support;

import java.util.function.IntFunction;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * The comparison for lists of indices (the boxes that NMS keeps, say): exact, order included. The
 * message shows both lists and the first position where they differ, with the caller's explanation
 * of that position, and starts by naming a known mistake when the learner's list is the one that
 * mistake gives.
 */
public final class CompareIndices {

    /** Lists longer than this are cut in the message (after the first difference). */
    private static final int SHOWN = 40;

    private CompareIndices() {
    }

    /**
     * @param what     the call and the case, for example {@code "greedy(scene 2: N = 14 boxes, iouThreshold 0.5)"}
     * @param explain  a sentence about the first position where the lists differ (given that position)
     * @param mistakes known wrong answers, tried in order
     */
    @SafeVarargs
    public static void assertEqual(String what, int[] expected, int[] actual, IntFunction<String> explain,
                                   Mistake<int[]>... mistakes) {
        assertEqual(what, expected, actual, explain, List.of(mistakes));
    }

    /** As above, with the mistakes in a list (for checks that build it case by case). */
    public static void assertEqual(String what, int[] expected, int[] actual, IntFunction<String> explain,
                                   List<Mistake<int[]>> mistakes) {
        if (actual == null) {
            throw new AssertionFailedError(what + ": got null, expected the indices " + list(expected, 0)
                    + " (return an empty array when there are none)");
        }
        int p = firstDifference(expected, actual);
        if (p < 0) {
            return;
        }
        String diagnosis = Mistake.matching(wrong -> firstDifference(wrong, actual) < 0, mistakes);
        throw new AssertionFailedError(diagnosis + what + ": expected " + list(expected, p) + ", got " + list(actual, p)
                + "; first difference at position " + p + ": " + explain.apply(p));
    }

    /** The first position where the lists differ (one may end there), or -1 when they are equal. */
    public static int firstDifference(int[] expected, int[] actual) {
        int common = Math.min(expected.length, actual.length);
        for (int i = 0; i < common; i++) {
            if (expected[i] != actual[i]) {
                return i;
            }
        }
        return expected.length == actual.length ? -1 : common;
    }

    /** {@code [3, 0, 7] (3 indices)}, cut after position {@code upTo + 5} when long. */
    public static String list(int[] indices, int upTo) {
        int shown = Math.min(indices.length, Math.max(SHOWN, upTo + 5));
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shown; i++) {
            s.append(i == 0 ? "" : ", ").append(indices[i]);
        }
        if (shown < indices.length) {
            s.append(", ...");
        }
        return s.append("] (").append(indices.length).append(indices.length == 1 ? " index)" : " indices)").toString();
    }
}
