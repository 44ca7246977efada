package deepdrill.grader.runner;

import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.oracle.DeviceUnavailableException;
import deepdrill.grader.protocol.TaskRef;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the checks of some exercises against one set of compiled classes, in check JVMs.
 *
 * <p>A check JVM runs every task in order, loading the classes under test afresh for each run.
 * When a task hangs past the time limit, or the JVM dies under it (an exit call, the heap
 * exhausted, a native crash), that task is reported as {@link deepdrill.grader.Status#TIMEOUT} or
 * {@link deepdrill.grader.Status#CRASHED}, the rest of its exercise is not run, and a fresh JVM goes
 * on with the next exercise: one runaway exercise never hides the others.
 *
 * <p>A {@link #cold} runner starts a JVM for every run; a {@link #warm} one (for {@code grader
 * watch} and the mutant tests) keeps it between runs, so the engines start once.
 */
public final class CheckRunner implements AutoCloseable {

    private final List<String> graderClassPath;
    private final RunOptions options;
    private final boolean keep;
    private ChildSession session;

    private CheckRunner(List<String> graderClassPath, RunOptions options, boolean keep) {
        this.graderClassPath = List.copyOf(graderClassPath);
        this.options = options;
        this.keep = keep;
    }

    /** A runner whose check JVM lives for one run. */
    public static CheckRunner cold(List<String> graderClassPath, RunOptions options) {
        return new CheckRunner(graderClassPath, options, false);
    }

    /** A runner that keeps its check JVM warm between runs. */
    public static CheckRunner warm(List<String> graderClassPath, RunOptions options) {
        return new CheckRunner(graderClassPath, options, true);
    }

    public RunOptions options() {
        return options;
    }

    /** Starts the check JVM ahead of the first run, so that the first result comes as fast as the rest. */
    public void warmUp() {
        if (session == null) {
            session = new ChildSession(ChildJvm.start(graderClassPath, options), options);
        }
    }

    /**
     * Checks the exercises against the classes in {@code classes}.
     *
     * @param seed     the seed of this run's inputs
     * @param progress told about every finished task as it happens (for a live display)
     * @throws DeviceUnavailableException when the requested device cannot be used
     * @throws RunnerException when a check JVM fails outside any task
     */
    public RunResult run(List<Exercise> exercises, Path classes, long seed, Consumer<TaskResult> progress)
            throws InterruptedException {
        RunTally tally = new RunTally(exercises);
        List<TaskRef> pending = tally.pending;
        int started = 0;
        long jvmStart = -1;
        long engineStart = -1;
        deepdrill.grader.Device device = options.device();
        String engine = "";
        try {
            while (!pending.isEmpty()) {
                if (session == null) {
                    warmUp();
                    started++;
                }
                boolean alive = session.run(classes, seed, pending, (task, result) -> {
                    tally.record(task, result);
                    progress.accept(result);
                });
                device = session.device();
                engine = session.engine();
                if (jvmStart < 0) {
                    jvmStart = session.jvmStartMillis();
                    engineStart = session.engineStartMillis();
                }
                if (!alive) {
                    close();
                }
            }
            return new RunResult(device, engine, tally.exerciseResults(), started > 0 ? Math.max(jvmStart, 0) : 0,
                    started > 0 ? Math.max(engineStart, 0) : 0, seed, tally.checksMillis(), started);
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            if (!keep) {
                close();
            }
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
