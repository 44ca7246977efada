package deepdrill.grader.dev;

/**
 * Why a {@code grader dev} command refuses or cannot go on, in a sentence that says what to do. The
 * command line turns it into a message and an exit code, never a stack trace.
 */
public final class DevException extends RuntimeException {

    /** What went wrong, which decides the exit code. */
    public enum Kind {
        /** The request is wrong: a bad or existing id, an unknown week, a file that is already there. */
        USAGE,
        /** The workspace or the Java installation does not allow it (an unreadable file, no compiler). */
        INTERNAL
    }

    private final Kind kind;

    public DevException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
