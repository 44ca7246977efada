package deepdrill.grader.grading;

import deepdrill.grader.report.CheckReport;
import java.util.List;

/** How a grading ended: what a command prints and which exit code it returns. */
public sealed interface GradeOutcome {

    /** The code does not compile; nothing ran. Each error is {@code file:line: message} with the line and a caret. */
    record CompileFailed(List<String> errors) implements GradeOutcome {
    }

    /**
     * The checks ran.
     *
     * @param warnings what went wrong around the run without spoiling it (progress not saved, say)
     */
    record Graded(CheckReport report, List<String> warnings) implements GradeOutcome {

        public boolean allPassed() {
            return report.result().allPassed();
        }
    }

    /** The requested device cannot be used (a usage error: exit 2); the message says what is missing. */
    record DeviceUnavailable(String message) implements GradeOutcome {
    }

    /** The grader itself failed (no compiler in this Java, a check JVM that would not start): exit 4. */
    record InternalFailure(String message) implements GradeOutcome {
    }
}
