package deepdrill.grader.compile;

import java.util.List;
import java.util.Set;

/**
 * The outcome of compiling one implementation.
 *
 * @param errors  one entry per error, already formatted as {@code file:line: message} with the
 *                source line and a caret; empty when the compilation succeeded
 * @param brokenFiles the files the errors are in, relative to the source root ({@code /}-separated);
 *                    an error outside the source root, or in no file, counts as {@code ""}
 * @param skipped true when nothing changed since the last successful compilation
 * @param millis  time spent, including the check for changes
 */
public record CompileResult(List<String> errors, Set<String> brokenFiles, boolean skipped, long millis) {

    public CompileResult {
        errors = List.copyOf(errors);
        brokenFiles = Set.copyOf(brokenFiles);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
