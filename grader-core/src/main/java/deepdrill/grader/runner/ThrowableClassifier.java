package deepdrill.grader.runner;

import deepdrill.grader.LearnerCode;
import deepdrill.grader.Status;

/**
 * Turns what a check threw into a {@link Verdict}. Runs in the child JVM.
 *
 * <ul>
 *   <li>an {@code UnsupportedOperationException} whose message starts "Not implemented" anywhere in
 *       the cause chain is the untouched stub: {@link Status#NOT_IMPLEMENTED};
 *   <li>a {@link StackOverflowError} is {@link Status#CRASHED};
 *   <li>an {@link AssertionError} is the check's verdict: {@link Status#FAILED};
 *   <li>a missing class or method means the learner changed a signature the checks rely on;
 *   <li>anything else escaped from the learner's code: {@link Status#ERROR}, with the place it was
 *       thrown.
 * </ul>
 * (An {@code OutOfMemoryError} never gets here: the child runs with
 * {@code -XX:+ExitOnOutOfMemoryError} and the parent reports the exit.)
 */
final class ThrowableClassifier {

    private ThrowableClassifier() {
    }

    static Verdict classify(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (LearnerCode.isStubException(t)) {
                return new Verdict(Status.NOT_IMPLEMENTED, "not implemented yet");
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof StackOverflowError) {
                return new Verdict(Status.CRASHED,
                        "stack overflow" + where(t) + ": a recursion that never reaches its base case?");
            }
            if (t instanceof NoSuchMethodError || t instanceof NoClassDefFoundError
                    || t instanceof AbstractMethodError) {
                // The cause, when there is one, says why the class could not be loaded (not only that it was not).
                return new Verdict(Status.ERROR, t.getClass().getSimpleName() + ": " + t.getMessage()
                        + (t.getCause() == null ? "" : " (" + t.getCause() + ")")
                        + ". Keep the class names and method signatures of the stub; the checks call them.");
            }
        }
        if (thrown instanceof AssertionError) {
            return new Verdict(Status.FAILED, String.valueOf(thrown.getMessage()));
        }
        return new Verdict(Status.ERROR, describe(thrown));
    }

    private static String describe(Throwable t) {
        String text = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return text + where(t);
    }

    /** The learner's line that threw: the first frame in an exercise class ({@code deepdrill.*} outside the grader). */
    private static String where(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            String cls = frame.getClassName();
            if (LearnerCode.isExerciseClass(cls) && frame.getFileName() != null) {
                return " (at " + frame.getFileName() + ":" + frame.getLineNumber() + ")";
            }
        }
        return "";
    }
}
