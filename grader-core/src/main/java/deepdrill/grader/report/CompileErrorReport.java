package deepdrill.grader.report;

import java.io.PrintWriter;
import java.util.List;

/** What a learner sees when their code does not compile: every error with its line, then what to do. */
public final class CompileErrorReport {

    private CompileErrorReport() {
    }

    public static void write(PrintWriter out, List<String> errors) {
        out.println("Your code does not compile, so nothing was checked (" + errors.size()
                + (errors.size() == 1 ? " error" : " errors") + "):");
        out.println();
        for (String error : errors) {
            out.println(error);
            out.println();
        }
        out.println("Fix the first error and run the check again: later errors are often caused by the first.");
        out.flush();
    }
}
