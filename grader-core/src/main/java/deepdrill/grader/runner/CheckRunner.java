package deepdrill.grader.runner;

import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.oracle.DeviceUnavailableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, List<TaskResult>> results = new LinkedHashMap<>();
        List<TaskRef> pending = new ArrayList<>();
        for (Exercise e : exercises) {
            results.put(e.id(), new ArrayList<>());
            for (String task : e.tasks()) {
                pending.add(new TaskRef(e.id(), e.check(), task));
            }
        }
        String device = options.device();
        String engine = "";
        long jvmStart = -1;
        long engineStart = -1;
        long checks = 0;
        int children = 0;

        while (!pending.isEmpty()) {
            children++;
            try (ChildJvm child = ChildJvm.start(implementationClasses, graderClassPath, options, pending)) {
                TaskRef current = null;
                boolean ready = false;
                long deadline = System.currentTimeMillis() + RunOptions.STARTUP_ALLOWANCE.toMillis();
                while (true) {
                    long wait = Math.max(1, deadline - System.currentTimeMillis());
                    Event event = child.next(Math.min(wait, 500));
                    if (event == null) {
                        if (child.ended()) {
                            int code = child.exitCode();
                            if (!ready || current == null) {
                                throw new RunnerException("the check JVM stopped (exit code " + code + ") "
                                        + (ready ? "between tasks" : "before it was ready") + ". Its output:\n"
                                        + child.strayOutput());
                            }
                            finishRest(results, pending, current, Status.CRASHED, crashMessage(code, child.strayOutput()), "");
                            break;
                        }
                        if (System.currentTimeMillis() >= deadline) {
                            if (current == null) {
                                throw new RunnerException("the check JVM did not start within "
                                        + RunOptions.STARTUP_ALLOWANCE.toSeconds() + " s. Its output:\n" + child.strayOutput());
                            }
                            finishRest(results, pending, current, Status.TIMEOUT,
                                    "did not finish within " + options.taskTimeout().toSeconds() + " s (the --timeout): "
                                            + "an endless loop, or far too slow for inputs this small?", "");
                            break;
                        }
                        continue;
                    }
                    switch (event.type) {
                        case "fatal" -> {
                            if (Integer.valueOf(2).equals(event.exitCode)) {
                                throw new DeviceUnavailableException(event.message);
                            }
                            throw new RunnerException(event.message);
                        }
                        case "ready" -> {
                            ready = true;
                            device = event.device;
                            engine = event.engine;
                            if (jvmStart < 0) {
                                jvmStart = event.jvmStartMillis;
                                engineStart = event.engineStartMillis;
                            }
                        }
                        case "task-start" -> {
                            current = find(pending, event.exercise, event.task);
                            deadline = System.currentTimeMillis() + options.taskTimeout().toMillis();
                        }
                        case "task-end" -> {
                            TaskRef done = find(pending, event.exercise, event.task);
                            TaskResult result = new TaskResult(event.task, nullToEmpty(event.title), Status.fromWireName(event.status),
                                    nullToEmpty(event.message), nullToEmpty(event.output), event.millis == null ? 0 : event.millis);
                            record(results, pending, done, result);
                            checks += result.millis();
                            current = null;
                            deadline = System.currentTimeMillis() + options.taskTimeout().toMillis();
                        }
                        case "done" -> {
                            // Anything still pending was never reported; that is the grader's fault.
                            for (TaskRef left : List.copyOf(pending)) {
                                record(results, pending, left, new TaskResult(left.method(), left.method(), Status.ERROR,
                                        "internal: the check JVM finished without running this task", "", 0));
                            }
                        }
                        default -> throw new RunnerException("unknown event from the check JVM: " + event.type);
                    }
                    if (pending.isEmpty() && "done".equals(event.type)) {
                        break;
                    }
                }
            }
        }
        List<ExerciseResult> exerciseResults = new ArrayList<>();
        for (Exercise e : exercises) {
            exerciseResults.add(new ExerciseResult(e, results.get(e.id())));
        }
        return new RunResult(device, engine, exerciseResults, Math.max(jvmStart, 0), Math.max(engineStart, 0), checks, children);
    }

    /** Reports the task that was running, and every remaining task of its exercise as not run. */
    private void finishRest(Map<String, List<TaskResult>> results, List<TaskRef> pending, TaskRef current,
                            Status status, String message, String output) {
        record(results, pending, current, new TaskResult(current.method(), current.method(), status, message, output, 0));
        for (TaskRef left : List.copyOf(pending)) {
            if (left.exercise().equals(current.exercise())) {
                record(results, pending, left, new TaskResult(left.method(), left.method(), status,
                        "not run: task '" + current.method() + "' of this exercise stopped the check JVM", "", 0));
            }
        }
    }

    private void record(Map<String, List<TaskResult>> results, List<TaskRef> pending, TaskRef task, TaskResult result) {
        pending.remove(task);
        results.get(task.exercise()).add(result);
        progress.accept(result);
    }

    private static TaskRef find(List<TaskRef> pending, String exercise, String method) {
        for (TaskRef t : pending) {
            if (t.exercise().equals(exercise) && t.method().equals(method)) {
                return t;
            }
        }
        throw new RunnerException("the check JVM reported a task it was not given: " + exercise + "/" + method);
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

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
