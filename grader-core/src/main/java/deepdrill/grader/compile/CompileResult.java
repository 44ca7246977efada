package deepdrill.grader.compile;

import java.util.List;

/**
 * The outcome of compiling one implementation.
 *
 * @param errors  one entry per error, already formatted as {@code file:line: message} with the
 *                source line and a caret; empty when the compilation succeeded
 * @param skipped true when nothing changed since the last successful compilation
 * @param millis  time spent, including the check for changes
 */
public record CompileResult(List<String> errors, boolean skipped, long millis) {

    public boolean ok() {
        return errors.isEmpty();
    }
}
