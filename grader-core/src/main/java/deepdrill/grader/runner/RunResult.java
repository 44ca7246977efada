package deepdrill.grader.runner;

import deepdrill.grader.Device;
import deepdrill.grader.Status;
import deepdrill.grader.catalog.Exercise;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Everything one run of the checks produced.
 *
 * @param device           where the oracle ran ({@link Device#CPU} or {@link Device#GPU})
 * @param engine           the oracle engine and its version
 * @param exercises        results in catalog order
 * @param jvmStartMillis   first child: JVM launch to {@code main}
 * @param engineStartMillis first child: ND4J and PyTorch start-up
 * @param seed             the seed of the run's inputs, as the check JVM echoed it
 * @param checksMillis     time spent inside tasks, summed
 * @param childJvms        how many child JVMs ran (more than one after a crash or a timeout)
 */
public record RunResult(
        Device device,
        String engine,
        List<ExerciseResult> exercises,
        long jvmStartMillis,
        long engineStartMillis,
        long seed,
        long checksMillis,
        int childJvms) {

    public RunResult {
        exercises = List.copyOf(exercises);
    }

    /**
     * This run's results with {@code others} (exercises that did not run: they did not compile, say)
     * merged in, in the order of {@code order}.
     */
    public RunResult with(List<ExerciseResult> others, List<Exercise> order) {
        if (others.isEmpty()) {
            return this;
        }
        List<ExerciseResult> all = new ArrayList<>(exercises);
        all.addAll(others);
        all.sort(Comparator.comparingInt(r -> order.indexOf(r.exercise())));
        return new RunResult(device, engine, all, jvmStartMillis, engineStartMillis, seed, checksMillis, childJvms);
    }

    public long count(Status status) {
        return exercises.stream().filter(e -> e.status() == status).count();
    }

    public boolean allPassed() {
        return exercises.stream().allMatch(e -> e.status() == Status.PASSED);
    }
}
