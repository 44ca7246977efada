package deepdrill.grader.runner;

import deepdrill.grader.Device;
import deepdrill.grader.Status;
import deepdrill.grader.oracle.DeviceUnavailableException;
import deepdrill.grader.protocol.ChildEvent;
import deepdrill.grader.protocol.EventCodec;
import deepdrill.grader.protocol.RunRequest;
import deepdrill.grader.protocol.TaskRef;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The parent's side of one check JVM: sends it runs, reads its events, enforces the time limit per
 * task and turns a dead or stuck child into {@link Status#CRASHED} or {@link Status#TIMEOUT}
 * results. Kept for one run ({@link CheckRunner#cold}) or many ({@link CheckRunner#warm}).
 */
final class ChildSession implements AutoCloseable {

    /** How long the stray output of a task may take to arrive after its end is reported. */
    private static final long SYNC_WAIT_MILLIS = 5_000;

    private final ChildJvm child;
    private final RunOptions options;
    private boolean ready;
    private Device device;
    private String engine = "";
    private long jvmStartMillis;
    private long engineStartMillis;

    ChildSession(ChildJvm child, RunOptions options) {
        this.child = child;
        this.options = options;
        this.device = options.device();
    }

    /**
     * Runs the pending tasks: sends the request, then reads events until the child reports the run
     * done, or stops.
     *
     * @param pending the tasks to run; each is removed as it is recorded
     * @param record  receives every task's result, including those the child never ran
     * @return true when the child is still usable (it finished the run); false when it died or was
     *         killed, in which case the running task and the rest of its exercise are recorded
     * @throws DeviceUnavailableException when the child cannot use the requested device
     * @throws RunnerException when the child fails outside any task, or breaks the protocol
     */
    boolean run(Path classes, long seed, List<TaskRef> pending, BiConsumer<TaskRef, TaskResult> record)
            throws InterruptedException {
        child.send(EventCodec.encode(new RunRequest(classes.toAbsolutePath().toString(), seed, pending)));
        TaskRef current = null;
        long strayAtStart = 0;
        long limitMillis = options.taskTimeout().toMillis();
        long deadline = System.currentTimeMillis()
                + (ready ? options.taskTimeout().toMillis() : RunOptions.STARTUP_ALLOWANCE.toMillis());
        while (true) {
            long wait = Math.max(1, deadline - System.currentTimeMillis());
            ChildEvent event = child.next(Math.min(wait, 500));
            if (event == null) {
                if (child.ended()) {
                    int code = child.exitCode();
                    if (current == null) {
                        throw new RunnerException("the check JVM stopped (exit code " + code + ") "
                                + (ready ? "between tasks" : "before it was ready") + ". Its output:\n" + child.strayOutput());
                    }
                    stopped(pending, record, current, Status.CRASHED, crashMessage(code, child.strayOutput()));
                    return false;
                }
                if (System.currentTimeMillis() >= deadline) {
                    if (current == null) {
                        throw new RunnerException("the check JVM did not answer within "
                                + (deadline - System.currentTimeMillis() + wait) / 1000 + " s. Its output:\n" + child.strayOutput());
                    }
                    stopped(pending, record, current, Status.TIMEOUT, "did not finish within "
                            + limitMillis / 1000 + (limitMillis > options.taskTimeout().toMillis() ? " s (this task's "
                            + "own limit)" : " s (the --timeout)") + ": an endless loop, or far too slow "
                            + "for inputs this small?");
                    return false;
                }
                continue;
            }
            if (event instanceof ChildEvent.NoDevice noDevice) {
                throw new DeviceUnavailableException(noDevice.message());
            } else if (event instanceof ChildEvent.EngineFailed failed) {
                throw new RunnerException("PyTorch or ND4J did not start in the check JVM: " + failed.message());
            } else if (event instanceof ChildEvent.Ready r) {
                ready = true;
                device = r.device();
                engine = r.engine();
                jvmStartMillis = r.jvmStartMillis();
                engineStartMillis = r.engineStartMillis();
            } else if (event instanceof ChildEvent.RunStarted started) {
                if (started.seed() != seed) {
                    throw new RunnerException("the check JVM runs with seed " + started.seed() + ", not " + seed);
                }
                deadline = System.currentTimeMillis() + options.taskTimeout().toMillis();
            } else if (event instanceof ChildEvent.TaskStarted started) {
                current = find(pending, started.exercise(), started.task());
                strayAtStart = child.strayBytes();
                limitMillis = Math.max(options.taskTimeout().toMillis(), started.limitMillis());
                deadline = System.currentTimeMillis() + limitMillis;
            } else if (event instanceof ChildEvent.TaskEnded ended) {
                TaskRef done = find(pending, ended.exercise(), ended.task());
                pending.remove(done);
                boolean synced = child.awaitSync(orEmpty(ended.sync()), SYNC_WAIT_MILLIS);
                long strayed = child.strayBytes() - strayAtStart;
                Status status = ended.status();
                String message = orEmpty(ended.message());
                if (status == Status.PASSED && !synced) {
                    status = Status.FAILED;
                    message = "the answer is right, but the code's own output (written around System.out) did not "
                            + "drain within " + SYNC_WAIT_MILLIS / 1000 + " s, or the code closed the process's output";
                } else if (status == Status.PASSED && strayed > ChildMain.OUTPUT_LIMIT_BYTES) {
                    status = Status.FAILED;
                    message = "the answer is right, but the code wrote " + Bytes.describe(strayed) + " straight to "
                            + "the process's output (the limit is " + Bytes.describe(ChildMain.OUTPUT_LIMIT_BYTES)
                            + "); remove the debugging output";
                }
                record.accept(done, new TaskResult(ended.task(), orEmpty(ended.title()), status, message,
                        orEmpty(ended.output()), ended.millis()));
                current = null;
                deadline = System.currentTimeMillis() + options.taskTimeout().toMillis();
            } else if (event instanceof ChildEvent.OutOfMemory oom) {
                String message = outOfMemory(oom);
                if (current == null) {
                    throw new RunnerException("the check JVM ran out of memory outside any task: " + message);
                }
                stopped(pending, record, current, Status.CRASHED, message);
                return false;
            } else if (event instanceof ChildEvent.Retiring) {
                // The remaining tasks go to a fresh JVM; this one ends by itself.
                return false;
            } else if (event instanceof ChildEvent.RunDone) {
                for (TaskRef left : List.copyOf(pending)) {
                    pending.remove(left);
                    record.accept(left, new TaskResult(left.method(), left.method(), Status.ERROR,
                            "internal: the check JVM finished without running this task", "", 0));
                }
                return true;
            }
        }
    }

    private static String outOfMemory(ChildEvent.OutOfMemory oom) {
        return "ran out of memory: the heap stayed " + Bytes.describe(oom.usedBytes()) + " full of "
                + Bytes.describe(oom.maxBytes()) + " even after garbage collection (the check JVM's heap is capped). "
                + "Does the code keep every intermediate array, or allocate inside a loop?";
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

    /** Records the task that was running, and every remaining task of its exercise as not run. */
    private static void stopped(List<TaskRef> pending, BiConsumer<TaskRef, TaskResult> record, TaskRef current,
                                Status status, String message) {
        pending.remove(current);
        record.accept(current, new TaskResult(current.method(), current.method(), status, message, "", 0));
        for (TaskRef left : List.copyOf(pending)) {
            if (left.exercise().equals(current.exercise())) {
                pending.remove(left);
                record.accept(left, new TaskResult(left.method(), left.method(), status,
                        "not run: task '" + current.method() + "' of this exercise stopped the check JVM", "", 0));
            }
        }
    }

    private static TaskRef find(List<TaskRef> pending, String exercise, String method) {
        for (TaskRef t : pending) {
            if (t.exercise().equals(exercise) && t.method().equals(method)) {
                return t;
            }
        }
        throw new RunnerException("the check JVM reported a task it was not given: " + exercise + "/" + method);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    Device device() {
        return device;
    }

    String engine() {
        return engine;
    }

    long jvmStartMillis() {
        return jvmStartMillis;
    }

    long engineStartMillis() {
        return engineStartMillis;
    }

    @Override
    public void close() {
        child.close();
    }
}
