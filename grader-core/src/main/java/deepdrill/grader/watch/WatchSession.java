package deepdrill.grader.watch;

import deepdrill.grader.Status;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.grading.GradeOutcome;
import deepdrill.grader.grading.GradeRequest;
import deepdrill.grader.grading.Grading;
import deepdrill.grader.progress.ProgressStore;
import deepdrill.grader.report.CompileErrorReport;
import deepdrill.grader.report.TextReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Help.Ansi;

/**
 * The watch loop: one thread takes what happened (files saved, keys pressed) from a queue and
 * reacts, so that checks never overlap. After a save it compiles and checks the exercise whose
 * file changed; when that passes, it moves on to the next unsolved exercise.
 */
public final class WatchSession {

    /** Something for the loop to react to. */
    public sealed interface Input permits Saved, Key {
    }

    /** Files saved in one burst, and when the first event arrived. */
    public record Saved(Set<Path> files, long atNanos) implements Input {
    }

    /** A key press. */
    public record Key(int key) implements Input {
    }

    private final Workspace workspace;
    private final Grading grading;
    private final GradeRequest watched;
    private final List<Exercise> exercises;
    private final PrintWriter out;
    private final Ansi ansi;
    private final BlockingQueue<Input> inputs = new LinkedBlockingQueue<>();
    private Exercise current;
    private String fatal;

    /**
     * @param grading a warm grading, so that the engines start once for the whole session
     * @param watched what to watch and how to grade it: every check of the session uses its
     *                subject, seed, device and time limit
     */
    public WatchSession(Workspace workspace, Grading grading, GradeRequest watched, PrintWriter out, Ansi ansi) {
        this.workspace = workspace;
        this.grading = grading;
        this.watched = watched;
        this.exercises = watched.exercises();
        this.out = out;
        this.ansi = ansi;
    }

    /** Where producers (the file watcher, the key reader) put their input. */
    public void offer(Input input) {
        inputs.add(input);
    }

    /**
     * Runs until the learner presses q.
     *
     * @return empty when the learner quit; otherwise why watching cannot go on (no usable GPU for {@code --device gpu})
     */
    public Optional<String> run() throws InterruptedException {
        current = nextUnsolved().orElse(exercises.get(0));
        check(List.of(current), System.nanoTime(), true);
        while (fatal == null) {
            Input input = inputs.take();
            if (input instanceof Saved saved) {
                Optional<Exercise> changed = exercises.stream()
                        .filter(e -> saved.files().contains(sourceOf(e))).findFirst();
                if (changed.isEmpty()) {
                    continue;
                }
                current = changed.get();
                if (check(List.of(current), saved.atNanos(), true) && fatal == null) {
                    Optional<Exercise> next = nextUnsolved();
                    if (next.isPresent()) {
                        current = next.get();
                        out.println(ansi.string("@|green,bold " + changed.get().id() + " passes!|@ On to " + current.id()
                                + ": open " + workspace.display(sourceOf(current))));
                        out.flush();
                    } else {
                        out.println(ansi.string("@|green,bold Everything in " + String.join(" ", watched.targets())
                                + " passes.|@"));
                        out.flush();
                    }
                }
            } else if (input instanceof Key key) {
                switch (Character.toLowerCase((char) key.key())) {
                    case 'q' -> {
                        return Optional.empty();
                    }
                    case 'h' -> hint();
                    case 'l' -> list();
                    case 'a' -> check(exercises, System.nanoTime(), false);
                    default -> keys();
                }
            }
        }
        return Optional.of(fatal);
    }

    /** Compiles and checks; true when every exercise checked passes. */
    private boolean check(List<Exercise> selected, long startedNanos, boolean clear) throws InterruptedException {
        if (clear && ansi.enabled()) {
            out.print("\033[H\033[2J");
        }
        GradeRequest request = new GradeRequest(selected.stream().map(Exercise::id).toList(), selected, watched.subject(),
                watched.seed(), watched.device(), watched.timeout());
        GradeOutcome outcome = grading.grade(request, task -> { });
        boolean passed = false;
        if (outcome instanceof GradeOutcome.CompileFailed failed) {
            CompileErrorReport.write(out, failed.errors());
        } else if (outcome instanceof GradeOutcome.Graded graded) {
            new TextReport(ansi).write(out, graded.report());
            graded.warnings().forEach(w -> out.println("warning: " + w));
            passed = graded.allPassed();
        } else if (outcome instanceof GradeOutcome.DeviceUnavailable unavailable) {
            fatal = unavailable.message();
            return false;
        } else if (outcome instanceof GradeOutcome.InternalFailure failure) {
            out.println("The check JVM failed: " + failure.message());
        }
        footer(startedNanos);
        return passed;
    }

    private void footer(long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        out.println();
        out.println(String.format(Locale.ROOT, "[%.1f s after the save]  watching %s; current: %s",
                millis / 1000.0, String.join(" ", watched.targets()), current.id()));
        keys();
    }

    private void keys() {
        out.println(ansi.string("@|bold h|@ hint   @|bold l|@ list   @|bold a|@ check all   @|bold q|@ quit"));
        out.flush();
    }

    private void hint() {
        ProgressStore progress = ProgressStore.open(workspace.progressFile());
        int shown = Math.min(current.hints().size(), progress.hintsShown(current.id()) + 1);
        out.println();
        out.println("Hint " + shown + "/" + current.hints().size() + " for " + current.id() + ": "
                + current.hints().get(shown - 1));
        progress.setHintsShown(current.id(), shown);
        progress.save().ifPresent(w -> out.println("warning: " + w));
        keys();
    }

    private void list() {
        ProgressStore progress = ProgressStore.open(workspace.progressFile());
        out.println();
        for (Exercise e : exercises) {
            String marker = e.equals(current) ? ">" : " ";
            out.println(String.format(Locale.ROOT, "%s %-22s %-28s %s", marker, e.id(), e.title(),
                    progress.status(e.id()).map(Status::label).orElse("not checked")));
        }
        keys();
    }

    private Optional<Exercise> nextUnsolved() {
        ProgressStore progress = ProgressStore.open(workspace.progressFile());
        return exercises.stream()
                .filter(e -> !progress.passed(e.id()))
                .findFirst();
    }

    private Path sourceOf(Exercise e) {
        return watched.subject().sources().resolve(e.file()).toAbsolutePath().normalize();
    }
}
