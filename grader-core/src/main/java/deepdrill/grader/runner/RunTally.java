package deepdrill.grader.runner;

import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.protocol.TaskRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One run's bookkeeping, shared by both runners: the tasks still to run, the results so far, the time spent in tasks. */
final class RunTally {

    /** Tasks not yet reported, in grading order; {@link ChildSession#drive} removes them as they end. */
    final List<TaskRef> pending = new ArrayList<>();
    private final List<Exercise> exercises;
    private final Map<String, List<TaskResult>> results = new LinkedHashMap<>();
    private long checksMillis;

    RunTally(List<Exercise> exercises) {
        this.exercises = List.copyOf(exercises);
        for (Exercise e : exercises) {
            results.put(e.id(), new ArrayList<>());
            for (String task : e.tasks()) {
                pending.add(new TaskRef(e.id(), e.check(), task));
            }
        }
    }

    void record(TaskRef task, TaskResult result) {
        results.get(task.exercise()).add(result);
        checksMillis += result.millis();
    }

    long checksMillis() {
        return checksMillis;
    }

    /** The results in catalog order. */
    List<ExerciseResult> exerciseResults() {
        return exercises.stream().map(e -> new ExerciseResult(e, results.get(e.id()))).toList();
    }
}
