package deepdrill.grader.report;

import deepdrill.grader.Implementation;
import deepdrill.grader.runner.RunResult;
import java.util.List;

/**
 * What {@code grader check} reports: the run's results and the context a learner needs to act on
 * them (which files to open, which seed replays the inputs).
 *
 * @param targets        the targets as typed, for example {@code [week3]}
 * @param implementation whose code was checked
 * @param sourceRoot     where that implementation's files are, relative to the workspace root
 * @param elapsedMillis  wall time of the whole check
 * @param compileMillis  time spent compiling (or deciding nothing changed)
 * @param result         the results
 */
public record CheckReport(
        List<String> targets,
        Implementation implementation,
        String sourceRoot,
        long elapsedMillis,
        long compileMillis,
        RunResult result) {

    public CheckReport {
        targets = List.copyOf(targets);
    }

    /** The seed of every random input, as the check JVM ran them. */
    public long seed() {
        return result.seed();
    }

    public String target() {
        return String.join(" ", targets);
    }

    /** The file a learner opens for an exercise, relative to the workspace root. */
    public String fileOf(deepdrill.grader.catalog.Exercise exercise) {
        return sourceRoot + "/" + exercise.file();
    }
}
