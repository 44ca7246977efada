package deepdrill.grader.runner;

/** The checks could not be run at all (the child JVM failed before its first task). */
public final class RunnerException extends RuntimeException {
    public RunnerException(String message) {
        super(message);
    }
}
