package deepdrill.grader.grading;

import deepdrill.grader.Workspace;
import deepdrill.grader.compile.MissingCompilerException;
import deepdrill.grader.oracle.DeviceUnavailableException;
import deepdrill.grader.progress.ProgressStore;
import deepdrill.grader.report.CheckReport;
import deepdrill.grader.runner.CheckRunner;
import deepdrill.grader.runner.RunOptions;
import deepdrill.grader.runner.RunResult;
import deepdrill.grader.runner.RunnerException;
import deepdrill.grader.runner.TaskResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The grading pipeline, the one way code gets checked: compile (only what changed), run the hidden
 * checks in a check JVM, build the report, record the learner's progress. {@code check},
 * {@code watch}, {@code bench} and the grader's own tests all grade through here; commands only
 * parse options and print the outcome.
 *
 * <p>A {@link #cold} grading starts a check JVM per request; a {@link #warm} one keeps it between
 * requests (the engines start once), and starts a new one when a request asks for another device
 * or time limit, or after a run killed it.
 */
public final class Grading implements AutoCloseable {

    private final Workspace workspace;
    private final boolean warm;
    private final int maxHeapMb;
    private CheckRunner runner;

    private Grading(Workspace workspace, boolean warm, int maxHeapMb) {
        this.workspace = workspace;
        this.warm = warm;
        this.maxHeapMb = maxHeapMb;
    }

    public static Grading cold(Workspace workspace) {
        return new Grading(workspace, false, RunOptions.DEFAULT_HEAP_MB);
    }

    public static Grading warm(Workspace workspace) {
        return new Grading(workspace, true, RunOptions.DEFAULT_HEAP_MB);
    }

    /** The same grading with another heap cap for the check JVMs (the tests use a smaller one). */
    public Grading withMaxHeapMb(int megabytes) {
        return new Grading(workspace, warm, megabytes);
    }

    /** Starts a warm check JVM ahead of the first request, so that the first result comes as fast as the rest. */
    public void warmUp(GradeRequest like) {
        runnerFor(like).warmUp();
    }

    /** Compiles and checks, telling {@code progress} about every task as it ends. */
    public GradeOutcome grade(GradeRequest request, Consumer<TaskResult> progress) throws InterruptedException {
        long started = System.nanoTime();
        Subject subject = request.subject();
        SelectionCompiler.Result compiled;
        try {
            compiled = SelectionCompiler.compile(workspace, subject, request.exercises());
        } catch (MissingCompilerException e) {
            return new GradeOutcome.InternalFailure(e.getMessage());
        }
        if (!compiled.errors().isEmpty()) {
            return new GradeOutcome.CompileFailed(compiled.errors());
        }
        RunResult result;
        try {
            result = runnerFor(request).run(compiled.runnable(), subject.classes(), request.seed(), progress)
                    .with(compiled.broken(), request.exercises());
        } catch (DeviceUnavailableException e) {
            return new GradeOutcome.DeviceUnavailable(e.getMessage());
        } catch (RunnerException e) {
            return new GradeOutcome.InternalFailure("internal error: " + e.getMessage());
        }
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        CheckReport report = new CheckReport(request.targets(), subject.implementation(),
                workspace.display(subject.sources()), elapsed, compiled.millis(), result);
        List<String> warnings = subject.recordsProgress() ? record(result) : List.of();
        return new GradeOutcome.Graded(report, warnings);
    }

    /**
     * Compiles the exercises as {@link #grade} does first, without checking them: for a command that then
     * runs the code itself ({@code train}). Returns every error, those of an exercise whose own file does
     * not compile included; empty when everything compiled.
     */
    public List<String> compileOnly(Subject subject, List<deepdrill.grader.catalog.Exercise> exercises) {
        SelectionCompiler.Result compiled = SelectionCompiler.compile(workspace, subject, exercises);
        List<String> errors = new ArrayList<>(compiled.errors());
        compiled.broken().forEach(broken -> broken.tasks().forEach(task -> errors.add(task.message())));
        return errors;
    }

    private List<String> record(RunResult result) {
        List<String> warnings = new ArrayList<>();
        ProgressStore store = ProgressStore.open(workspace.progressFile());
        store.warning().ifPresent(warnings::add);
        store.recordAll(result);
        store.save().ifPresent(warnings::add);
        return warnings;
    }

    private CheckRunner runnerFor(GradeRequest request) {
        RunOptions options = new RunOptions(request.device(), request.timeout(), maxHeapMb,
                workspace.root().resolve(".deepdrill"));
        if (runner != null && !runner.options().equals(options)) {
            runner.close();
            runner = null;
        }
        if (runner == null) {
            runner = warm ? CheckRunner.warm(workspace.graderClassPath(), options)
                    : CheckRunner.cold(workspace.graderClassPath(), options);
        }
        return runner;
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.close();
            runner = null;
        }
    }
}
