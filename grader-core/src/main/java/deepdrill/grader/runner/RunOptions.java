package deepdrill.grader.runner;

import java.time.Duration;

/**
 * How to run the checks.
 *
 * @param device       {@code cpu}, {@code gpu} or {@code auto}
 * @param seed         seeds every random input; the same seed gives the same inputs
 * @param taskTimeout  how long one task may run before the child is killed
 * @param maxHeapMb    the child's heap cap, in MiB
 */
public record RunOptions(String device, long seed, Duration taskTimeout, int maxHeapMb) {

    /** The child JVM's own start-up (engines included) gets this long on top of a task's limit. */
    public static final Duration STARTUP_ALLOWANCE = Duration.ofSeconds(90);

    public static RunOptions defaults(long seed) {
        return new RunOptions("cpu", seed, Duration.ofSeconds(10), 1024);
    }
}
