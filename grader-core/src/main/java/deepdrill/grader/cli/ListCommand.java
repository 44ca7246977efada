package deepdrill.grader.cli;

import deepdrill.grader.Status;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.progress.ProgressStore;
import deepdrill.grader.report.Columns;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code grader list [weekN]}: the exercises in curriculum order, with the last checked status. */
@Command(name = "list",
        mixinStandardHelpOptions = true,
        description = "List the exercises with their week, title and your last result.",
        footer = {"", "Example:  ./grader list week3", "", ExitCodes.HELP_SECTION})
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "WEEK", description = "Only this week, for example week3.")
    String week;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Workspace workspace = Workspace.fromSystem();
        Catalog catalog = Cli.loadCatalog(workspace, err);
        if (catalog == null) {
            return ExitCodes.INTERNAL;
        }
        if (week != null && !week.matches("week[1-4]")) {
            err.println("grader list: '" + week + "' is not a week; use week1, week2, week3 or week4.");
            return ExitCodes.USAGE;
        }
        ProgressStore progress = ProgressStore.open(workspace.progressFile());
        progress.warning().ifPresent(w -> err.println("warning: " + w));
        List<Exercise> shown = catalog.exercises().stream()
                .filter(e -> week == null || e.weekName().equals(week)).toList();
        if (shown.isEmpty()) {
            out.println(week == null ? "The catalog (exercises/catalog.json) lists no exercises yet." : "No exercises in " + week + " yet.");
            return ExitCodes.PASSED;
        }
        int idWidth = shown.stream().mapToInt(e -> e.id().length()).max().orElse(10);
        int statusWidth = shown.stream().mapToInt(e -> status(progress, e).length()).max().orElse(10);
        // The title gives way when a line would not fit the terminal: "  id  title  level   status".
        // Under a section heading the lines are indented two more.
        int indent = shown.stream().anyMatch(e -> e.section() != null) ? 4 : 2;
        int titleWidth = Math.min(shown.stream().mapToInt(e -> e.title().length()).max().orElse(10),
                Math.max(12, Columns.width() - (indent + idWidth + 2 + 2 + 6 + 2 + statusWidth)));
        String lastWeek = "";
        String lastSection = null;
        for (Exercise e : shown) {
            if (!e.weekName().equals(lastWeek)) {
                out.println((lastWeek.isEmpty() ? "" : "\n") + "Week " + e.week());
                lastWeek = e.weekName();
                lastSection = null;
            }
            if (e.section() != null && !e.section().equals(lastSection)) {
                out.println("  " + e.section());
            }
            lastSection = e.section();
            String line = " ".repeat(e.section() == null ? 2 : indent) + "%-" + idWidth + "s  %-" + titleWidth + "s  %-6s  %s%n";
            out.printf(line, e.id(), Columns.fit(e.title(), titleWidth), e.difficulty(), status(progress, e));
        }
        return ExitCodes.PASSED;
    }

    private static String status(ProgressStore progress, Exercise e) {
        return progress.status(e.id()).map(Status::label).orElse("not checked");
    }
}
