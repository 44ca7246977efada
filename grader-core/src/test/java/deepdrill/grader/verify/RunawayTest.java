package deepdrill.grader.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.Implementation;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.runner.ExerciseResult;
import deepdrill.grader.runner.RunResult;
import deepdrill.grader.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Learner code that runs away (loops forever, exits the JVM, exhausts the heap, overflows the
 * stack, floods the output, leaves threads running) is reported as such for its exercise, never
 * as a pass, and the exercise after it in the catalog is still graded.
 */
class RunawayTest {

    @TestFactory
    Stream<DynamicTest> runawayCodeIsContained() {
        Catalog catalog = Checking.catalog();
        return Mutant.load("planted").stream().map(m -> DynamicTest.dynamicTest(m.toString(), () -> {
            Exercise planted = catalog.find(m.exercise()).orElseThrow();
            Exercise neighbour = catalog.exercises().stream().filter(e -> !e.equals(planted)).findFirst()
                    .orElseThrow(() -> new AssertionError("the catalog needs a second exercise for this test"));
            // Only the endless loop should meet the time limit; the rest get room for a loaded machine.
            Path dir = Files.createTempDirectory("planted");
            m.writeSources(Repo.workspace().sourceRoot(Implementation.SOLUTIONS), dir.resolve("src"));
            RunResult result = Checking.compileAndRun(dir.resolve("src"), dir.resolve("classes"),
                    List.of(planted, neighbour), Duration.ofSeconds(m.expectedStatus().equals("timeout") ? 5 : 60));
            ExerciseResult p = result.exercises().stream().filter(e -> e.exercise().equals(planted)).findFirst().orElseThrow();
            ExerciseResult n = result.exercises().stream().filter(e -> e.exercise().equals(neighbour)).findFirst().orElseThrow();
            String messages = p.tasks().stream().map(t -> t.name() + " " + t.status() + ": " + t.message())
                    .collect(Collectors.joining("\n"));
            assertEquals(Status.fromWireName(m.expectedStatus()), p.status(), m + ":\n" + messages);
            assertTrue(p.tasks().stream().anyMatch(t -> t.message().contains(m.diagnosis())),
                    m + " should say '" + m.diagnosis() + "':\n" + messages);
            assertEquals(Status.PASSED, n.status(), "the next exercise, " + neighbour.id() + ", is still graded");
        }));
    }
}
