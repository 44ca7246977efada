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

    /** @param ansi {@code Ansi.AUTO} for a terminal, {@code Ansi.OFF} for plain text */
    public TextReport(Ansi ansi) {
        this.ansi = ansi;
    }

    public void write(PrintWriter out, CheckReport report) {
        RunResult result = report.result();
        out.println(ansi.string("@|bold DeepDrill check|@ " + report.target() + ": "
                + (report.implementation().directory().equals("solutions") ? "model solutions" : "your exercises")
                + " on " + result.device() + ", seed " + report.seed()));
        out.println();
        int idWidth = result.exercises().stream().mapToInt(e -> e.exercise().id().length()).max().orElse(10);
        int titleWidth = result.exercises().stream().mapToInt(e -> e.exercise().title().length()).max().orElse(10);
        for (ExerciseResult e : result.exercises()) {
            Status status = e.status();
            String tasks = e.passedTasks() + "/" + e.tasks().size() + " tasks pass";
            if (status == Status.NOT_IMPLEMENTED) {
                tasks = "not implemented yet" + (e.passedTasks() > 0 ? " (" + tasks + ")" : "");
            }
            out.println("  " + ansi.string(label(status)) + "  "
                    + String.format(Locale.ROOT, "%-" + idWidth + "s  %-" + titleWidth + "s  %s", e.exercise().id(),
                    e.exercise().title(), tasks));
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
            result.exercises().stream().filter(e -> e.status() != Status.PASSED).findFirst().ifPresent(next ->
                    out.println(ansi.string("@|bold Next:|@ " + next.exercise().id() + " (" + next.exercise().title()
                            + "): open " + report.fileOf(next.exercise()) + ", then ./grader check "
                            + next.exercise().id())));
        } else {
            out.println(ansi.string("@|green,bold All passed.|@"));
        }
        out.flush();
    }

    private void writeTask(PrintWriter out, TaskResult t) {
        String[] lines = t.message().split("\n");
        out.println("           " + ansi.string("@|red x|@") + " " + t.title() + ": " + lines[0]);
        for (int i = 1; i < lines.length; i++) {
            out.println("             " + lines[i]);
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
