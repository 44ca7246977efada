package deepdrill.grader.runner;

import deepdrill.grader.Device;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How check JVMs run (what stays the same from run to run; the seed comes with each run).
 *
 * @param device      where PyTorch computes the expected values
 * @param taskTimeout how long one task may run before the child is killed
 * @param maxHeapMb   the child's heap cap, in MiB
 * @param scratch     the check JVM's working directory, where a crash log lands ({@code .deepdrill/}),
 *                    never the learner's source tree
 */
public record RunOptions(Device device, Duration taskTimeout, int maxHeapMb, Path scratch) {

    /** The child JVM's own start-up (engines included) gets this long on top of a task's limit. */
    public static final Duration STARTUP_ALLOWANCE = Duration.ofSeconds(90);
    /** The heap cap of a check JVM: room for the checks' arrays and the learner's, but not for a runaway. */
    public static final int DEFAULT_HEAP_MB = 1024;
}
