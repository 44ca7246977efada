package deepdrill.grader.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import deepdrill.grader.Implementation;
import deepdrill.grader.runner.ExerciseResult;
import deepdrill.grader.runner.RunResult;
import deepdrill.grader.Status;
import deepdrill.grader.runner.TaskResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grader agrees with itself: every model solution passes, every untouched stub is "not implemented". */
class SelfVerificationTest {

    @Test
    void everySolutionPassesEveryCheck(@TempDir Path classes) throws Exception {
        RunResult result = Checking.compileAndRun(Repo.workspace().sourceRoot(Implementation.SOLUTIONS), classes,
                Checking.catalog().exercises(), Duration.ofSeconds(60));
        for (ExerciseResult e : result.exercises()) {
            assertEquals(e.exercise().tasks().size(), e.tasks().size(), e.exercise().id() + ": every task reported");
            for (TaskResult t : e.tasks()) {
                assertEquals(Status.PASSED, t.status(), e.exercise().id() + "/" + t.name() + ": " + t.message());
            }
        }
    }

    @Test
    void everyStubIsNotImplementedInEveryTask(@TempDir Path classes) throws Exception {
        RunResult result = Checking.compileAndRun(Repo.workspace().sourceRoot(Implementation.EXERCISES), classes,
                Checking.catalog().exercises(), Duration.ofSeconds(60));
        for (ExerciseResult e : result.exercises()) {
            assertEquals(e.exercise().tasks().size(), e.tasks().size(), e.exercise().id() + ": every task reported");
            for (TaskResult t : e.tasks()) {
                assertEquals(Status.NOT_IMPLEMENTED, t.status(), e.exercise().id() + "/" + t.name() + ": " + t.message());
            }
        }
    }
}
