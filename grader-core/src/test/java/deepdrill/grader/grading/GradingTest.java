package deepdrill.grader.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.Device;
import deepdrill.grader.Implementation;
import deepdrill.grader.Status;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.verify.Checking;
import deepdrill.grader.verify.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's outcomes, as the commands see them. */
class GradingTest {

    private final Exercise exercise = Checking.catalog().find("conv-output-size").orElseThrow();

    @Test
    void codeThatDoesNotCompileRunsNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("src").resolve(exercise.file());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "package deepdrill.week3;\npublic final class ConvOutputSize { int x = ; }\n");
        try (Grading grading = Grading.cold(Repo.workspace())) {
            GradeOutcome outcome = grading.grade(Checking.request(dir.resolve("src"), dir.resolve("classes"),
                    List.of(exercise), Duration.ofSeconds(30)), task -> { });
            GradeOutcome.CompileFailed failed = assertInstanceOf(GradeOutcome.CompileFailed.class, outcome);
            assertTrue(failed.errors().get(0).contains("ConvOutputSize.java:2"), failed.errors().toString());
        }
    }

    @Test
    void exerciseCodeCannotReachTheGrader(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("src").resolve(exercise.file());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "package deepdrill.week3;\npublic final class ConvOutputSize {\n"
                + "    static Object oracle = deepdrill.grader.oracle.TorchOracle.class;\n}\n");
        GradeOutcome.CompileFailed borrowed = assertInstanceOf(GradeOutcome.CompileFailed.class, grade(dir));
        assertTrue(borrowed.errors().get(0).contains("package deepdrill.grader.oracle does not exist"), borrowed.errors().toString());

        Path shadow = dir.resolve("src/deepdrill/grader/checks/support/Compare.java");
        Files.createDirectories(shadow.getParent());
        Files.writeString(shadow, "package deepdrill.grader.checks.support;\npublic final class Compare { }\n");
        GradeOutcome.CompileFailed shadowed = assertInstanceOf(GradeOutcome.CompileFailed.class, grade(dir));
        assertTrue(shadowed.errors().get(0).contains("Compare.java:1: the package deepdrill.grader belongs to DeepDrill itself"),
                shadowed.errors().toString());
    }

    private GradeOutcome grade(Path dir) throws InterruptedException {
        try (Grading grading = Grading.cold(Repo.workspace())) {
            return grading.grade(Checking.request(dir.resolve("src"), dir.resolve("classes"), List.of(exercise),
                    Duration.ofSeconds(30)), task -> { });
        }
    }

    @Test
    void aWarmGradingServesRequestsAndReportsTheSeedItRan(@TempDir Path dir) throws Exception {
        Path solutions = Repo.workspace().sourceRoot(Implementation.SOLUTIONS);
        try (Grading grading = Grading.warm(Repo.workspace())) {
            for (long seed : new long[] {3, 4}) {
                GradeRequest request = new GradeRequest(List.of("conv-output-size"), List.of(exercise),
                        Subject.at(Implementation.SOLUTIONS, solutions, dir.resolve("classes")), seed, Device.CPU,
                        GradeRequest.DEFAULT_TIMEOUT);
                GradeOutcome.Graded graded = assertInstanceOf(GradeOutcome.Graded.class, grading.grade(request, task -> { }));
                assertEquals(seed, graded.report().seed());
                assertEquals(Status.PASSED, graded.report().result().exercises().get(0).status());
                assertEquals(List.of(), graded.warnings());
            }
        }
        assertFalse(Files.exists(dir.resolve(".deepdrill")), "sources outside the checkout are never recorded as progress");
    }
}
