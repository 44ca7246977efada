package deepdrill.grader.protocol;

import deepdrill.grader.Device;
import deepdrill.grader.Status;

/**
 * What the check JVM tells the grader, one event per line ({@link EventCodec}). A session reads
 * {@link Ready} (or one of the fatal events {@link NoDevice} and {@link EngineFailed}) once, then,
 * for every {@link RunRequest}: {@link RunStarted}, a {@link TaskStarted} and {@link TaskEnded} per
 * task, and {@link RunDone}; or, after a task that left something running, {@link Retiring} in
 * place of the rest.
 */
public sealed interface ChildEvent {

    /**
     * The engines are up.
     *
     * @param device            where PyTorch runs ({@link Device#CPU} or {@link Device#GPU})
     * @param engine            the engine and its version, for example {@code PyTorch 2.5.1}
     * @param jvmStartMillis    JVM launch to {@code main}
     * @param engineStartMillis ND4J and PyTorch start-up
     */
    record Ready(Device device, String engine, long jvmStartMillis, long engineStartMillis) implements ChildEvent {
    }

    /** The requested device cannot be used; the message says which part is missing. Fatal. */
    record NoDevice(String message) implements ChildEvent {
    }

    /** The engines did not start (a broken native library, say). Fatal. */
    record EngineFailed(String message) implements ChildEvent {
    }

    /** A run began, with the seed the child received: the grader checks it is the one it sent. */
    record RunStarted(long seed) implements ChildEvent {
    }

    /**
     * A task began; the grader's clock for the time limit starts.
     *
     * @param limitMillis the task's own time limit ({@code @TaskTimeLimit}), 0 when it has none: the grader
     *                    allows the longer of this and the run's {@code --timeout}
     */
    record TaskStarted(String exercise, String task, long limitMillis) implements ChildEvent {
        public TaskStarted(String exercise, String task) {
            this(exercise, task, 0);
        }
    }

    /**
     * A task ended.
     *
     * @param title   the check's display name for the task
     * @param message what the learner reads ("" when passed)
     * @param output  what the learner's code printed during the task, truncated
     * @param sync    the token of the line the child wrote to its raw output just before this event:
     *                once the grader has read that line, it has counted all the task's stray output
     */
    record TaskEnded(String exercise, String task, String title, Status status, String message, String output,
                     long millis, String sync) implements ChildEvent {
    }

    /**
     * The last task left something running in the background (a daemon thread, a process, work
     * in the common pool) that could reach into the next task; the child ends, and the grader goes
     * on in a fresh one.
     */
    record Retiring(String leftRunning) implements ChildEvent {
    }

    /**
     * The heap stayed nearly full after a garbage collection while a task ran: the child halts
     * rather than crawl towards its time limit. Ends the session.
     */
    record OutOfMemory(long usedBytes, long maxBytes) implements ChildEvent {
    }

    /** Every task of the run was reported; the child waits for the next request. */
    record RunDone(long seed) implements ChildEvent {
    }
}
