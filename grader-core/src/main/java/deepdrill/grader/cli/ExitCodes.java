package deepdrill.grader.cli;

/** The exit codes of {@code grader}, as documented in the README and in {@code --help}. */
public final class ExitCodes {

    /** Everything selected passed. */
    public static final int PASSED = 0;
    /** A check failed, is not implemented yet, timed out or crashed. */
    public static final int NOT_PASSED = 1;
    /** The command line is wrong: an unknown option, exercise or week, or an unusable device. */
    public static final int USAGE = 2;
    /** The learner's code does not compile. */
    public static final int COMPILE_ERROR = 3;
    /** The grader itself failed (a missing JDK compiler, a broken installation, a bug). */
    public static final int INTERNAL = 4;

    static final String HELP_SECTION = "Exit codes: 0 all passed, 1 a check failed or is not implemented yet, "
            + "2 usage error, 3 your code does not compile, 4 internal error.";

    private ExitCodes() {
    }
}
