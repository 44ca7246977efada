package deepdrill.grader.runner;

import java.util.List;

/**
 * Everything one run of the checks produced.
 *
 * @param device           {@code cpu} or {@code gpu}, as the oracle ran
 * @param engine           the oracle engine and its version
 * @param exercises        results in catalog order
 * @param jvmStartMillis   first child: JVM launch to {@code main}
 * @param engineStartMillis first child: ND4J and PyTorch start-up
 * @param checksMillis     time spent inside tasks, summed
 * @param childJvms        how many child JVMs ran (more than one after a crash or a timeout)
 */
public record RunResult(
        String device,
        String engine,
        List<ExerciseResult> exercises,
        long jvmStartMillis,
        long engineStartMillis,
        long checksMillis,
        int childJvms) {

    public RunResult {
        exercises = List.copyOf(exercises);
    }

    public long count(Status status) {
        return exercises.stream().filter(e -> e.status() == status).count();
    }

    public boolean allPassed() {
        return exercises.stream().allMatch(e -> e.status() == Status.PASSED);
    }
}
