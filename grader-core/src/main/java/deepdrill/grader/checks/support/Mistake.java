package deepdrill.grader.checks.support;

import java.util.function.Supplier;

/**
 * A known wrong answer: what the learner's answer would be if they made this mistake, computed by
 * the oracle with the mistake built in (a flipped kernel, a forgotten bias, the +1 left out of a
 * count, the kept boxes in index order, ...). It is only computed once the learner's answer is
 * already wrong, and the comparison that finds the learner's answer equal to it names the mistake.
 *
 * <p>One type for every kind of answer: arrays ({@link Compare}), counts ({@link CompareCount}),
 * index lists ({@link CompareIndices}), or any value a check compares itself ({@link #matching}).
 *
 * @param diagnosis what the learner probably did, as a sentence that follows "Looks like you " and
 *                  starts with a verb in the past tense ("flipped the kernel: ...")
 * @param answer    the answer that mistake gives; it may return null where the mistake makes no
 *                  difference for this case (stride 1 when the mistake ignores the stride)
 * @param <T>       the type of the answer
 */
public record Mistake<T>(String diagnosis, Supplier<T> answer) {

    /** The text that starts a failure message that names a mistake. */
    public static final String PREFIX = "Looks like you ";

    /** A mistake whose answer is a fixed value (a count, a standard deviation). */
    public static <T> Mistake<T> giving(String diagnosis, T answer) {
        return new Mistake<>(diagnosis, () -> answer);
    }

    /**
     * The first mistake whose answer {@code equal} accepts as the learner's, as the line that
     * starts a failure message ({@code "Looks like you ...\n"}), or "" when none matches.
     */
    @SafeVarargs
    public static <T> String matching(java.util.function.Predicate<T> equal, Mistake<T>... mistakes) {
        return matching(equal, java.util.List.of(mistakes));
    }

    /** As {@link #matching(java.util.function.Predicate, Mistake[])}, for a list built case by case. */
    public static <T> String matching(java.util.function.Predicate<T> equal, java.util.List<Mistake<T>> mistakes) {
        for (Mistake<T> mistake : mistakes) {
            T wrong = mistake.answer().get();
            if (wrong != null && equal.test(wrong)) {
                return PREFIX + mistake.diagnosis() + "\n";
            }
        }
        return "";
    }
}
