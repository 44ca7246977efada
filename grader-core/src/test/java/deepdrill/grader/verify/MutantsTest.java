package deepdrill.grader.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import deepdrill.grader.Implementation;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.grading.Grading;
import deepdrill.grader.runner.ExerciseResult;
import deepdrill.grader.runner.RunResult;
import deepdrill.grader.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every mutant (a realistic wrong answer) is rejected, and named when it declares a diagnosis.
 * Every exercise has at least two mutants, at least one of them diagnosed.
 *
 * <p>The mutants run in one warm check JVM, as {@code grader watch} runs a learner's saves (each
 * with its own class loader; a mutant that kills the JVM gets a fresh one): starting PyTorch once
 * instead of once per mutant keeps this test a few minutes long on two cores.
 */
class MutantsTest {

    private static Grading grading;

    @AfterAll
    static void stopGrading() {
        if (grading != null) {
            grading.close();
        }
    }

    private static Grading grading() {
        if (grading == null) {
            grading = Grading.warm(Repo.workspace()).withMaxHeapMb(Checking.TEST_HEAP_MB);
        }
        return grading;
    }

    @TestFactory
    Stream<DynamicTest> everyMutantIsRejected() {
        Catalog catalog = Checking.catalog();
        // -Ddeepdrill.only=id1,id2 limits the run to some exercises while one is being written.
        List<String> only = List.of(System.getProperty("deepdrill.only", "").split(",")).stream()
                .filter(s -> !s.isBlank()).toList();
        return Mutant.load("mutants").stream().filter(m -> only.isEmpty() || only.contains(m.exercise()))
                .map(m -> DynamicTest.dynamicTest(m.toString(), () -> {
            Exercise exercise = catalog.find(m.exercise()).orElseThrow(() -> new AssertionError("no exercise " + m.exercise()));
            Path dir = Files.createTempDirectory("mutant");
            m.writeSources(Repo.workspace().sourceRoot(Implementation.SOLUTIONS), dir.resolve("src"));
            RunResult result = Checking.grade(grading(), Checking.request(dir.resolve("src"), dir.resolve("classes"),
                    List.of(exercise), Duration.ofSeconds(30)));
            ExerciseResult e = result.exercises().get(0);
            String messages = e.tasks().stream().map(t -> t.name() + " " + t.status() + ": " + t.message())
                    .collect(Collectors.joining("\n"));
            assertEquals(Status.fromWireName(m.expectedStatus()), e.status(), m + " should be " + m.expectedStatus() + ":\n" + messages);
            if (m.diagnosis() != null) {
                assertTrue(e.tasks().stream().anyMatch(t -> t.message().contains(m.diagnosis())),
                        m + " should be diagnosed as '" + m.diagnosis() + "', got:\n" + messages);
            }
        }));
    }

    @Test
    void everyExerciseHasAtLeastTwoMutantsOneDiagnosed() {
        List<Mutant> mutants = Mutant.load("mutants");
        for (Exercise e : Checking.catalog().exercises()) {
            List<Mutant> own = mutants.stream().filter(m -> m.exercise().equals(e.id())).toList();
            if (own.size() < 2) {
                fail(e.id() + " has " + own.size() + " mutants; add at least two realistic wrong answers to "
                        + "grader-core/src/test/resources/mutants/" + e.id() + ".json");
            }
            assertTrue(own.stream().anyMatch(m -> m.diagnosis() != null),
                    e.id() + ": at least one mutant must declare the diagnosis the check prints");
        }
    }
}
