package deepdrill.grader.report;

import deepdrill.grader.runner.ExerciseResult;
import deepdrill.grader.runner.RunResult;
import deepdrill.grader.Status;
import deepdrill.grader.runner.TaskResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Help.Ansi;

/**
 * The report a learner reads: one block per exercise (status, id, title, tasks passed, the file to
 * open), the failing tasks' messages under it, then a summary and what to do next.
 */
public final class TextReport {

    private static final int OUTPUT_LINES_SHOWN = 12;

    private final Ansi ansi;
    private final int width;

    /** @param ansi {@code Ansi.AUTO} for a terminal, {@code Ansi.OFF} for plain text */
    public TextReport(Ansi ansi) {
        this(ansi, Columns.width());
    }

    /** A report for a terminal {@code width} columns wide. */
    public TextReport(Ansi ansi, int width) {
        this.width = width;
        this.ansi = ansi;
    }

    public void write(PrintWriter out, CheckReport report) {
        RunResult result = report.result();
        out.println(ansi.string("@|bold DeepDrill check|@ " + report.target() + ": "
                + (report.implementation().directory().equals("solutions") ? "model solutions" : "your exercises")
                + " on " + result.device() + ", seed " + report.seed()));
        out.println();
        int idWidth = result.exercises().stream().mapToInt(e -> e.exercise().id().length()).max().orElse(10);
        int tasksWidth = result.exercises().stream().mapToInt(e -> tasks(e).length()).max().orElse(10);
        // The title gives way when a row would not fit: "  STATUS   id  title  tasks".
        int titleWidth = Math.min(result.exercises().stream().mapToInt(e -> e.exercise().title().length()).max()
                .orElse(10), Math.max(12, width - (2 + 7 + 2 + idWidth + 2 + 2 + tasksWidth)));
        for (ExerciseResult e : result.exercises()) {
            Status status = e.status();
            out.println("  " + ansi.string(label(status)) + "  "
                    + String.format(Locale.ROOT, "%-" + idWidth + "s  %-" + titleWidth + "s  %s", e.exercise().id(),
                    Columns.fit(e.exercise().title(), titleWidth), tasks(e)));
            if (status != Status.PASSED) {
                for (TaskResult t : e.tasks()) {
                    if (t.status() != Status.PASSED && t.status() != Status.NOT_IMPLEMENTED) {
                        writeTask(out, t);
                    }
                }
                out.println("           open " + report.fileOf(e.exercise()));
            }
        }
        out.println();
        out.println(summary(result) + String.format(Locale.ROOT, "   (%.1f s)", report.elapsedMillis() / 1000.0));
        if (result.exercises().stream().anyMatch(e -> e.status() != Status.PASSED)) {
            out.println("Inputs are random; --seed " + report.seed() + " replays exactly these.");
            result.exercises().stream().filter(e -> e.status() != Status.PASSED).findFirst().ifPresent(next -> {
                List<String> lines = Columns.wrap(next.exercise().id() + " (" + next.exercise().title() + "): open "
                        + report.fileOf(next.exercise()) + ", then ./grader check " + next.exercise().id(), width,
                        "Next: ", "      ");
                out.println(ansi.string("@|bold Next:|@") + lines.get(0).substring("Next:".length()));
                lines.subList(1, lines.size()).forEach(out::println);
            });
        } else {
            out.println(ansi.string("@|green,bold All passed.|@"));
        }
        out.flush();
    }

    /** "3/5 tasks pass", or "not implemented yet" for an untouched stub (its label says TODO). */
    private static String tasks(ExerciseResult e) {
        String tasks = e.passedTasks() + "/" + e.tasks().size() + " tasks pass";
        if (e.status() == Status.NOT_IMPLEMENTED) {
            return e.passedTasks() > 0 ? tasks : "not implemented yet";
        }
        return tasks;
    }

    private void writeTask(PrintWriter out, TaskResult t) {
        String[] lines = t.message().split("\n");
        String indent = "             ";
        List<String> wrapped = new ArrayList<>(Columns.wrap(t.title() + ": " + lines[0], width, indent, indent));
        for (int i = 1; i < lines.length; i++) {
            wrapped.addAll(Columns.wrap(lines[i].strip(), width, indent + leading(lines[i]), indent + leading(lines[i])));
        }
        // The first line's prefix carries colour codes, which take no columns: wrapped behind plain spaces above.
        out.println("           " + ansi.string("@|red x|@") + " " + wrapped.get(0).substring(indent.length()));
        for (int i = 1; i < wrapped.size(); i++) {
            out.println(wrapped.get(i));
        }
        if (!t.output().isBlank()) {
            out.println("             your code printed:");
            String[] printed = t.output().split("\n");
            for (int i = 0; i < Math.min(printed.length, OUTPUT_LINES_SHOWN); i++) {
                out.println("             | " + printed[i]);
            }
            if (printed.length > OUTPUT_LINES_SHOWN) {
                out.println("             | ... (" + (printed.length - OUTPUT_LINES_SHOWN) + " more lines)");
            }
        }
    }

    private static String leading(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return line.substring(0, n);
    }

    static String label(Status status) {
        return switch (status) {
            case PASSED -> "@|green PASSED |@";
            case NOT_IMPLEMENTED -> "@|yellow TODO   |@";
            case FAILED -> "@|red FAILED |@";
            case ERROR -> "@|red ERROR  |@";
            case TIMEOUT -> "@|red TIMEOUT|@";
            case CRASHED -> "@|red CRASHED|@";
            case COMPILE_ERROR -> "@|red COMPILE|@";
        };
    }

    static String summary(RunResult result) {
        List<String> parts = new ArrayList<>();
        add(parts, result.count(Status.PASSED), "passed");
        add(parts, result.count(Status.FAILED), "failed");
        add(parts, result.count(Status.NOT_IMPLEMENTED), "not implemented yet");
        add(parts, result.count(Status.ERROR), "error");
        add(parts, result.count(Status.TIMEOUT), "timed out");
        add(parts, result.count(Status.CRASHED), "crashed");
        add(parts, result.count(Status.COMPILE_ERROR), "not compiling");
        return result.exercises().size() + (result.exercises().size() == 1 ? " exercise: " : " exercises: ") + String.join(", ", parts);
    }

    private static void add(List<String> parts, long count, String what) {
        if (count > 0) {
            parts.add(count + " " + what);
        }
    }
}
