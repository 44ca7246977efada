package deepdrill.grader.runner;

import deepdrill.grader.oracle.DeviceUnavailableException;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The parent's side of one child JVM: reads its events, enforces the time limit per task and
 * turns a dead or stuck child into {@link Status#CRASHED} or {@link Status#TIMEOUT} results.
 * Used once by {@link CheckRunner}, or again and again by {@link WarmCheckRunner}.
 */
final class ChildSession implements AutoCloseable {

    private final ChildJvm child;
    private final RunOptions options;
    private boolean ready;
    private String device;
    private String engine = "";
    private long jvmStartMillis;
    private long engineStartMillis;

    ChildSession(ChildJvm child, RunOptions options) {
        this.child = child;
        this.options = options;
        this.device = options.device();
    }

    /**
     * Reads events until the child reports {@code done} for the pending tasks, or stops.
     *
     * @param pending the tasks the child was asked to run; each is removed as it is recorded
     * @param record  receives every task's result, including those the child never ran
     * @return true when the child is still usable (it said {@code done}); false when it died or
     *         was killed, in which case the running task and the rest of its exercise are recorded
     * @throws DeviceUnavailableException when the child cannot use the requested device
     * @throws RunnerException when the child fails outside any task
     */
    boolean drive(List<TaskRef> pending, BiConsumer<TaskRef, TaskResult> record) throws InterruptedException {
        TaskRef current = null;
        long deadline = System.currentTimeMillis()
                + (ready ? options.taskTimeout().toMillis() : RunOptions.STARTUP_ALLOWANCE.toMillis());
        while (true) {
            long wait = Math.max(1, deadline - System.currentTimeMillis());
            Event event = child.next(Math.min(wait, 500));
            if (event == null) {
                if (child.ended()) {
                    int code = child.exitCode();
                    if (current == null) {
                        throw new RunnerException("the check JVM stopped (exit code " + code + ") "
                                + (ready ? "between tasks" : "before it was ready") + ". Its output:\n" + child.strayOutput());
                    }
                    stopped(pending, record, current, Status.CRASHED, CheckRunner.crashMessage(code, child.strayOutput()));
                    return false;
                }
                if (System.currentTimeMillis() >= deadline) {
                    if (current == null) {
                        throw new RunnerException("the check JVM did not answer within "
                                + (deadline - System.currentTimeMillis() + wait) / 1000 + " s. Its output:\n" + child.strayOutput());
                    }
                    stopped(pending, record, current, Status.TIMEOUT, "did not finish within "
                            + options.taskTimeout().toSeconds() + " s (the --timeout): an endless loop, or far too slow "
                            + "for inputs this small?");
                    return false;
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
                    jvmStartMillis = event.jvmStartMillis;
                    engineStartMillis = event.engineStartMillis;
                }
                case "task-start" -> {
                    current = find(pending, event.exercise, event.task);
                    deadline = System.currentTimeMillis() + options.taskTimeout().toMillis();
                }
                case "task-end" -> {
                    TaskRef done = find(pending, event.exercise, event.task);
                    pending.remove(done);
                    record.accept(done, new TaskResult(event.task, orEmpty(event.title), Status.fromWireName(event.status),
                            orEmpty(event.message), orEmpty(event.output), event.millis == null ? 0 : event.millis));
                    current = null;
                    deadline = System.currentTimeMillis() + options.taskTimeout().toMillis();
                }
                case "done" -> {
                    for (TaskRef left : List.copyOf(pending)) {
                        pending.remove(left);
                        record.accept(left, new TaskResult(left.method(), left.method(), Status.ERROR,
                                "internal: the check JVM finished without running this task", "", 0));
                    }
                    return true;
                }
                default -> throw new RunnerException("unknown event from the check JVM: " + event.type);
            }
        }
    }

    /** Sends one line to a child started in serve mode. */
    void send(String line) {
        child.send(line);
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

    String device() {
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
