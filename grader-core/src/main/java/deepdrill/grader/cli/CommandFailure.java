package deepdrill.grader.cli;

/**
 * Ends a command with a message on standard error and a documented exit code, without a stack
 * trace: {@link GraderCommand#commandLine()} handles it.
 */
final class CommandFailure extends RuntimeException {

    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
