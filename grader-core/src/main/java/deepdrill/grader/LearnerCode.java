package deepdrill.grader;

import java.util.Locale;

/**
 * What counts as the learner's code, written once: the class loader that loads it afresh for every
 * run, the classifier that points at the learner's line in a stack trace, and the tools that tell
 * an untouched stub from work in progress all ask here.
 */
public final class LearnerCode {

    /**
     * The message every stub method throws, as {@code UnsupportedOperationException("Not implemented
     * yet: ...")}: how an untouched stub is recognised, in a stack trace and in a source file.
     */
    public static final String STUB_MARKER = "Not implemented yet";

    private LearnerCode() {
    }

    /**
     * An exercise class (stub or model solution): anything under {@code deepdrill.} except the grader
     * and the data sets, which are DeepDrill's own.
     */
    public static boolean isExerciseClass(String className) {
        return className.startsWith("deepdrill.") && !className.startsWith("deepdrill.grader.")
                && !className.startsWith("deepdrill.datasets.");
    }

    /** The stub's own exception, thrown by a method the learner has not written yet. */
    public static boolean isStubException(Throwable t) {
        return t instanceof UnsupportedOperationException && t.getMessage() != null
                && t.getMessage().toLowerCase(Locale.ROOT).startsWith(STUB_MARKER.toLowerCase(Locale.ROOT));
    }

    /** Whether a source file still has a stub body in it. */
    public static boolean hasStubBody(String source) {
        return source.contains("throw new UnsupportedOperationException(\"" + STUB_MARKER);
    }
}
