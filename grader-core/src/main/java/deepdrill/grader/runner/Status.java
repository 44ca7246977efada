package deepdrill.grader.runner;

import java.util.List;
import java.util.Locale;

/**
 * What happened to a task or an exercise, from best to worst.
 *
 * <p>The order is the precedence used to summarise an exercise from its tasks: an exercise is as
 * bad as its worst task, except that an exercise with some passing and some unimplemented tasks is
 * {@link #NOT_IMPLEMENTED} (work in progress), not failed.
 */
public enum Status {
    PASSED,
    NOT_IMPLEMENTED,
    FAILED,
    ERROR,
    TIMEOUT,
    CRASHED;

    /** The name used in JSON and in the protocol: {@code passed}, {@code not_implemented}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Status fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
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
