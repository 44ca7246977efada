package deepdrill.grader.runner;

import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.oracle.DeviceUnavailableException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the checks of some exercises against one compiled implementation, in child JVMs.
 *
 * <p>One child runs every task in order. When a task hangs past the time limit, or the JVM dies
 * under it (an exit call, the heap exhausted, a native crash), that task is reported as
 * {@link Status#TIMEOUT} or {@link Status#CRASHED}, the rest of its exercise is not run, and a
 * fresh child goes on with the next exercise: one runaway exercise never hides the others.
 */
public final class CheckRunner {

    private final Path implementationClasses;
    private final List<String> graderClassPath;
    private final RunOptions options;
    private final Consumer<TaskResult> progress;

    /**
     * @param progress told about every finished task as it happens (for a live display)
     */
    public CheckRunner(Path implementationClasses, List<String> graderClassPath, RunOptions options,
                       Consumer<TaskResult> progress) {
        this.implementationClasses = implementationClasses;
        this.graderClassPath = List.copyOf(graderClassPath);
        this.options = options;
        this.progress = progress;
    }

    /**
     * @throws DeviceUnavailableException when the requested device cannot be used
     * @throws RunnerException when a child JVM fails before running any task
     */
    public RunResult run(List<Exercise> exercises) throws InterruptedException {
        RunTally tally = new RunTally(exercises);
        List<TaskRef> pending = tally.pending;
        String device = options.device();
        String engine = "";
        long jvmStart = -1;
        long engineStart = -1;
        int children = 0;
        while (!pending.isEmpty()) {
            children++;
            try (ChildSession session = new ChildSession(
                    ChildJvm.start(implementationClasses, graderClassPath, options, pending, false), options)) {
                session.drive(pending, (task, result) -> {
                    tally.record(task, result);
                    progress.accept(result);
                });
                device = session.device();
                engine = session.engine();
                if (jvmStart < 0) {
                    jvmStart = session.jvmStartMillis();
                    engineStart = session.engineStartMillis();
                }
            }
        }
        return new RunResult(device, engine, tally.exerciseResults(), Math.max(jvmStart, 0), Math.max(engineStart, 0),
                tally.checksMillis(), children);
    }

    static String crashMessage(int exitCode, String strayOutput) {
        if (strayOutput.contains("OutOfMemoryError")) {
            return "ran out of memory (the check JVM's heap is capped): does the code allocate inside a loop, "
                    + "or build an array far larger than the input?";
        }
        if (exitCode > 128) {
            return "the check JVM was killed by signal " + (exitCode - 128) + " while this task ran "
                    + "(a crash in native code, or the machine ran out of memory)";
        }
        return "the check JVM exited with code " + exitCode + " while this task ran: does the code call "
                + "System.exit(" + exitCode + ")? An exercise must return its answer, never end the program.";
    }

}
