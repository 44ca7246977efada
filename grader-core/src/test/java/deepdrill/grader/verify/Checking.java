package deepdrill.grader.verify;

import deepdrill.grader.Device;
import deepdrill.grader.Implementation;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.grading.GradeOutcome;
import deepdrill.grader.grading.GradeRequest;
import deepdrill.grader.grading.Grading;
import deepdrill.grader.grading.Subject;
import deepdrill.grader.runner.RunResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Grades a source tree through the same pipeline as {@code grader check}, for the tests. */
public final class Checking {

    public static final long SEED = 20261122L;
    /** A smaller heap than the learner's check JVMs get: the tests run several side by side on two cores. */
    static final int TEST_HEAP_MB = 512;

    private Checking() {
    }

    public static Catalog catalog() {
        return Catalog.load(Repo.workspace().catalogFile());
    }

    /** A request for these exercises of the sources at {@code sourceRoot}, compiled into {@code classes}, on the CPU. */
    public static GradeRequest request(Path sourceRoot, Path classes, List<Exercise> exercises, Duration timeout) {
        return new GradeRequest(exercises.stream().map(Exercise::id).toList(), exercises,
                Subject.at(Implementation.SOLUTIONS, sourceRoot, classes), SEED, Device.CPU, timeout);
    }

    /** Grades and returns the run's results; a compile error or a failed run fails the test. */
    public static RunResult grade(Grading grading, GradeRequest request) throws InterruptedException {
        GradeOutcome outcome = grading.grade(request, task -> { });
        if (outcome instanceof GradeOutcome.Graded graded) {
            return graded.report().result();
        }
        if (outcome instanceof GradeOutcome.CompileFailed failed) {
            throw new AssertionError("does not compile:\n" + String.join("\n", failed.errors()));
        }
        throw new AssertionError("the run failed: " + outcome);
    }

    public static RunResult compileAndRun(Path sourceRoot, Path classes, List<Exercise> exercises, Duration timeout)
            throws InterruptedException {
        try (Grading grading = Grading.cold(Repo.workspace()).withMaxHeapMb(TEST_HEAP_MB)) {
            return grade(grading, request(sourceRoot, classes, exercises, timeout));
        }
    }
}
