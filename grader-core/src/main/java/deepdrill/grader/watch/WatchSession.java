package deepdrill.grader.watch;

import deepdrill.grader.Implementation;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.compile.CompileResult;
import deepdrill.grader.compile.SourceCompiler;
import deepdrill.grader.progress.ProgressStore;
import deepdrill.grader.report.CheckReport;
import deepdrill.grader.report.CompileErrorReport;
import deepdrill.grader.report.TextReport;
import deepdrill.grader.runner.RunResult;
import deepdrill.grader.runner.RunnerException;
import deepdrill.grader.runner.Status;
import deepdrill.grader.runner.WarmCheckRunner;
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
    private final List<Exercise> exercises;
    private final List<String> targets;
    private final WarmCheckRunner runner;
    private final PrintWriter out;
    private final Ansi ansi;
    private final long seed;
    private final BlockingQueue<Input> inputs = new LinkedBlockingQueue<>();
    private Exercise current;

    public WatchSession(Workspace workspace, List<Exercise> exercises, List<String> targets, WarmCheckRunner runner,
                        PrintWriter out, Ansi ansi, long seed) {
        this.workspace = workspace;
        this.exercises = List.copyOf(exercises);
        this.targets = List.copyOf(targets);
        this.runner = runner;
        this.out = out;
        this.ansi = ansi;
        this.seed = seed;
    }

    /** Where producers (the file watcher, the key reader) put their input. */
    public void offer(Input input) {
        inputs.add(input);
    }

    /** Runs until the learner presses q. */
    public void run() throws InterruptedException {
        current = nextUnsolved().orElse(exercises.get(0));
        check(List.of(current), System.nanoTime(), true);
        while (true) {
            Input input = inputs.take();
            if (input instanceof Saved saved) {
                Optional<Exercise> changed = exercises.stream()
                        .filter(e -> saved.files().contains(sourceOf(e))).findFirst();
                if (changed.isEmpty()) {
                    continue;
                }
                current = changed.get();
                if (check(List.of(current), saved.atNanos(), true)) {
                    Optional<Exercise> next = nextUnsolved();
                    if (next.isPresent()) {
                        current = next.get();
                        out.println(ansi.string("@|green,bold " + changed.get().id() + " passes!|@ On to " + current.id()
                                + ": open " + workspace.display(sourceOf(current))));
                        out.flush();
                    } else {
                        out.println(ansi.string("@|green,bold Everything in " + String.join(" ", targets) + " passes.|@"));
                        out.flush();
                    }
                }
            } else if (input instanceof Key key) {
                switch (Character.toLowerCase((char) key.key())) {
                    case 'q' -> {
                        return;
                    }
                    case 'h' -> hint();
                    case 'l' -> list();
                    case 'a' -> check(exercises, System.nanoTime(), false);
                    default -> keys();
                }
            }
        }
    }

    /** Compiles and checks; true when every exercise checked passes. */
    private boolean check(List<Exercise> selected, long startedNanos, boolean clear) throws InterruptedException {
        if (clear && ansi.enabled()) {
            out.print("\033[H\033[2J");
        }
        CompileResult compiled = new SourceCompiler(workspace).compile(workspace.sourceRoot(Implementation.EXERCISES),
                selected.stream().map(Exercise::file).toList(), workspace.classesDir(Implementation.EXERCISES),
                workspace.graderClassPath());
        if (!compiled.ok()) {
            CompileErrorReport.write(out, compiled.errors());
            footer(startedNanos);
            return false;
        }
        RunResult result;
        try {
            result = runner.run(selected, workspace.classesDir(Implementation.EXERCISES), seed);
        } catch (RunnerException e) {
            out.println("The check JVM failed: " + e.getMessage());
            footer(startedNanos);
            return false;
        }
        long elapsed = (System.nanoTime() - startedNanos) / 1_000_000;
        new TextReport(ansi).write(out, new CheckReport(selected.stream().map(Exercise::id).toList(),
                Implementation.EXERCISES, workspace.display(workspace.sourceRoot(Implementation.EXERCISES)), seed,
                elapsed, compiled.millis(), result));
        ProgressStore progress = ProgressStore.open(workspace.progressFile());
        progress.recordAll(result);
        progress.save().ifPresent(w -> out.println("warning: " + w));
        footer(startedNanos);
        return result.allPassed();
    }

    private void footer(long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        out.println();
        out.println(String.format(Locale.ROOT, "[%.1f s after the save]  watching %s; current: %s",
                millis / 1000.0, String.join(" ", targets), current.id()));
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
                    progress.status(e.id()).orElse("not checked").replace('_', ' ')));
        }
        keys();
    }

    private Optional<Exercise> nextUnsolved() {
        ProgressStore progress = ProgressStore.open(workspace.progressFile());
        return exercises.stream()
                .filter(e -> !progress.status(e.id()).map(s -> s.equals(Status.PASSED.wireName())).orElse(false))
                .findFirst();
    }

    private Path sourceOf(Exercise e) {
        return workspace.sourceRoot(Implementation.EXERCISES).resolve(e.file()).toAbsolutePath().normalize();
    }
}
