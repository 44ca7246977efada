package deepdrill.grader.protocol;

import java.util.List;

/**
 * One run asked of the check JVM, as one line on its standard input ({@link EventCodec}): the
 * tasks, the seed of their inputs (sent once per run, echoed back in {@link ChildEvent.RunStarted}),
 * and where the classes under test are.
 *
 * @param classes the directory of compiled exercise classes, loaded afresh for this run; null when
 *                they are already on the check JVM's class path
 * @param seed    the seed of every random input of the run
 * @param tasks   the tasks, in grading order
 */
public record RunRequest(String classes, long seed, List<TaskRef> tasks) {

    public RunRequest {
        tasks = tasks == null ? null : List.copyOf(tasks);
    }
}
