package deepdrill.grader.compile;

/** The running Java is a JRE without {@code javac}. */
public final class MissingCompilerException extends RuntimeException {
    public MissingCompilerException(String message) {
        super(message);
    }
}
