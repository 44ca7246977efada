package deepdrill.grader;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What happened to a task or an exercise, from best to worst.
 *
 * <p>The order is the precedence used to summarise an exercise from its tasks: an exercise is as
 * bad as its worst task, except that an exercise with some passing and some unimplemented tasks is
 * {@link #NOT_IMPLEMENTED} (work in progress), not failed.
 */
public enum Status {
    PASSED("passed"),
    NOT_IMPLEMENTED("not implemented yet"),
    FAILED("failed"),
    ERROR("error"),
    TIMEOUT("timed out"),
    CRASHED("crashed"),
    /** The exercise's file does not compile, so none of its checks ran (the other exercises still do). */
    COMPILE_ERROR("does not compile");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    /** The name used in JSON, JUnit XML and the progress file: {@code passed}, {@code not_implemented}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status as a learner reads it: {@code not implemented yet}, {@code timed out}, ... */
    public String label() {
        return label;
    }

    /** The status of a wire name, or empty for a name that is none (a damaged progress file, say). */
    public static Optional<Status> parse(String wireName) {
        for (Status s : values()) {
            if (s.wireName().equals(wireName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The status of a wire name that must be one. */
    public static Status fromWireName(String wireName) {
        return parse(wireName).orElseThrow(() -> new IllegalArgumentException("not a status: " + wireName));
    }

    /** The status of an exercise whose tasks ended with the given statuses. */
    public static Status summarise(List<Status> tasks) {
        Status worst = PASSED;
        for (Status s : tasks) {
            if (s.ordinal() > worst.ordinal()) {
                worst = s;
            }
        }
        return worst;
    }
}
