package deepdrill.grader.cli;

import deepdrill.grader.Status;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.progress.ProgressStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code grader status}: progress per week from the last checks. Solved: the last check passed.
 * Attempted: the last check failed, errored, timed out or crashed. Untouched: never checked, or
 * still not implemented.
 */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = "Show your progress per week and the next exercise to do.",
        footer = {"", "Example:  ./grader status", "", ExitCodes.HELP_SECTION})
final class StatusCommand implements Callable<Integer> {

    private static final int BAR_WIDTH = 20;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Workspace workspace = Workspace.fromSystem();
        Catalog catalog = Cli.loadCatalog(workspace, err);
        if (catalog == null) {
            return ExitCodes.INTERNAL;
        }
        ProgressStore progress = ProgressStore.open(workspace.progressFile());
        progress.warning().ifPresent(w -> err.println("warning: " + w));
        Ansi ansi = Cli.ansi();
        for (int week = 1; week <= 4; week++) {
            int w = week;
            List<Exercise> exercises = catalog.exercises().stream().filter(e -> e.week() == w).toList();
            if (exercises.isEmpty()) {
                continue;
            }
            long solved = exercises.stream().filter(e -> is(progress, e, Status.PASSED)).count();
            long attempted = exercises.stream().filter(e -> attempted(progress, e)).count();
            long untouched = exercises.size() - solved - attempted;
            int filled = (int) Math.round(BAR_WIDTH * solved / (double) exercises.size());
            out.println(ansi.string(String.format("Week %d  [@|green %s|@%s] %2d/%d solved, %d attempted, %d untouched",
                    week, "#".repeat(filled), "-".repeat(BAR_WIDTH - filled), solved, exercises.size(), attempted, untouched)));
        }
        Optional<Exercise> next = catalog.exercises().stream().filter(e -> !is(progress, e, Status.PASSED)).findFirst();
        out.println();
        if (next.isPresent()) {
            Exercise e = next.get();
            out.println(ansi.string("@|bold Next:|@ " + e.id() + " (" + e.title() + "), in exercises/src/main/java/"
                    + e.file() + ". Check it with ./grader check " + e.id()));
        } else {
            out.println(ansi.string("@|green,bold Everything solved.|@ Time for ./grader bench, or a mock interview."));
        }
        return ExitCodes.PASSED;
    }

    private static boolean is(ProgressStore progress, Exercise e, Status status) {
        return progress.status(e.id()).map(s -> s == status).orElse(false);
    }

    private static boolean attempted(ProgressStore progress, Exercise e) {
        return progress.status(e.id()).map(s -> s != Status.PASSED && s != Status.NOT_IMPLEMENTED).orElse(false);
    }
}
