package deepdrill.grader.runner;

import deepdrill.grader.Status;
import deepdrill.grader.catalog.Exercise;
import java.util.List;

/** The results of one exercise's tasks, in catalog order. */
public record ExerciseResult(Exercise exercise, List<TaskResult> tasks) {

    public ExerciseResult {
        tasks = List.copyOf(tasks);
    }

    public Status status() {
        return Status.summarise(tasks.stream().map(TaskResult::status).toList());
    }

    public long passedTasks() {
        return tasks.stream().filter(t -> t.status() == Status.PASSED).count();
    }
}
