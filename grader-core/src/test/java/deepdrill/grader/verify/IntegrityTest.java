package deepdrill.grader.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.Implementation;
import deepdrill.grader.Status;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.runner.ExerciseResult;
import deepdrill.grader.runner.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Learner code that attacks the grading itself (in {@code attacks/}: forged events on the output,
 * a connection to the event channel, grader classes loaded by name, a process that outlives the
 * run and writes a file later, work left in the background) never passes, and the exercise after it
 * is still graded. Afterwards no process started by the attack is alive, and nothing it scheduled
 * happens.
 */
class IntegrityTest {

    /** What the planted processes are recognisable by, and the file one of them would write later. */
    private static final String PROCESS_MARK = "sleep 4243";
    private static final Path LATE_WRITE = Path.of("/tmp/deepdrill-attack-late-write");

    @BeforeAll
    static void noLeftoverFromAnEarlierRun() throws Exception {
        Files.deleteIfExists(LATE_WRITE);
    }

    @TestFactory
    Stream<DynamicTest> attacksOnTheGradingFail() {
        Catalog catalog = Checking.catalog();
        // -Ddeepdrill.attack=name runs one attack while it is being written.
        String only = System.getProperty("deepdrill.attack", "");
        return Mutant.load("attacks").stream().filter(m -> only.isEmpty() || m.name().equals(only)).map(m -> DynamicTest.dynamicTest(m.toString(), () -> {
            Exercise planted = catalog.find(m.exercise()).orElseThrow();
            Exercise neighbour = catalog.exercises().stream().filter(e -> !e.equals(planted)).findFirst().orElseThrow();
            Path dir = Files.createTempDirectory("attack");
            m.writeSources(Repo.workspace().sourceRoot(Implementation.SOLUTIONS), dir.resolve("src"));
            RunResult result = Checking.compileAndRun(dir.resolve("src"), dir.resolve("classes"),
                    List.of(planted, neighbour), Duration.ofSeconds(60));
            ExerciseResult p = find(result, planted);
            String messages = p.tasks().stream().map(t -> t.name() + " " + t.status() + ": " + t.message())
                    .collect(Collectors.joining("\n"));
            assertEquals(Status.fromWireName(m.expectedStatus()), p.status(), m + ":\n" + messages);
            assertTrue(p.tasks().stream().anyMatch(t -> t.message().contains(m.diagnosis())),
                    m + " should say '" + m.diagnosis() + "':\n" + messages);
            assertEquals(Status.PASSED, find(result, neighbour).status(), "the next exercise, " + neighbour.id()
                    + ", is still graded:\n" + find(result, neighbour).tasks());
            assertFalse(ProcessHandle.allProcesses().anyMatch(IntegrityTest::planted),
                    "a process started by " + m + " outlived the run");
        }));
    }

    /** A detached process would write the file 4 s after it started; nothing must, long after the runs. */
    @AfterAll
    static void nothingHappensAfterTheRun() throws Exception {
        Thread.sleep(5_000);
        assertFalse(Files.exists(LATE_WRITE), "a process the learner's code started wrote " + LATE_WRITE
                + " after the run");
    }

    private static boolean planted(ProcessHandle p) {
        return p.info().commandLine().map(c -> c.contains(PROCESS_MARK)).orElse(false);
    }

    private static ExerciseResult find(RunResult result, Exercise exercise) {
        return result.exercises().stream().filter(e -> e.exercise().equals(exercise)).findFirst().orElseThrow();
    }
}
