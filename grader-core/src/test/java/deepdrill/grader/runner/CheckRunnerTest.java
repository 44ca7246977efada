package deepdrill.grader.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.Device;
import deepdrill.grader.Implementation;
import deepdrill.grader.Status;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.compile.SourceCompiler;
import deepdrill.grader.verify.Checking;
import deepdrill.grader.verify.Mutant;
import deepdrill.grader.verify.Repo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One warm check JVM serves run after run with fresh classes and the seed of each, and a run that
 * kills it costs only that run; a cold runner starts a JVM per run.
 */
class CheckRunnerTest {

    @Test
    void freshClassesEveryRunAndRecoveryAfterACrash(@TempDir Path dir) throws Exception {
        Workspace workspace = Repo.workspace();
        Exercise exercise = Checking.catalog().find("conv-output-size").orElseThrow();
        List<String> classPath = workspace.graderClassPath();
        Path solutionSources = workspace.sourceRoot(Implementation.SOLUTIONS);
        Path good = compile(workspace, solutionSources, dir.resolve("good"), exercise, classPath);
        Path wrong = compile(workspace, mutant("missing-plus-one", "mutants", solutionSources, dir), dir.resolve("wrong"),
                exercise, classPath);
        Path exits = compile(workspace, mutant("system-exit-zero", "planted", solutionSources, dir), dir.resolve("exits"),
                exercise, classPath);

        try (CheckRunner runner = CheckRunner.warm(classPath, new RunOptions(Device.CPU, Duration.ofSeconds(60), 512, dir.resolve("scratch")))) {
            runner.warmUp();
            RunResult first = runner.run(List.of(exercise), good, 17, task -> { });
            assertEquals(Status.PASSED, first.exercises().get(0).status());
            assertEquals(17, first.seed(), "the check JVM echoes the seed it was sent");
            RunResult second = runner.run(List.of(exercise), wrong, 18, task -> { });
            assertEquals(Status.FAILED, second.exercises().get(0).status(), "the new classes were loaded");
            assertEquals(0, second.childJvms(), "the same child JVM served the second run");
            assertEquals(18, second.seed());
            assertEquals(Status.CRASHED, runner.run(List.of(exercise), exits, 1, task -> { }).exercises().get(0).status());
            RunResult after = runner.run(List.of(exercise), good, 1, task -> { });
            assertEquals(Status.PASSED, after.exercises().get(0).status());
            assertTrue(after.childJvms() == 1, "a new child JVM took over after the crash");
        }
    }

    @Test
    void aColdRunnerStartsOneJvmPerRun(@TempDir Path dir) throws Exception {
        Workspace workspace = Repo.workspace();
        Exercise exercise = Checking.catalog().find("conv-output-size").orElseThrow();
        List<String> classPath = workspace.graderClassPath();
        Path good = compile(workspace, workspace.sourceRoot(Implementation.SOLUTIONS), dir.resolve("good"), exercise, classPath);
        try (CheckRunner runner = CheckRunner.cold(classPath, new RunOptions(Device.CPU, Duration.ofSeconds(60), 512, dir.resolve("scratch")))) {
            assertEquals(1, runner.run(List.of(exercise), good, 5, task -> { }).childJvms());
            RunResult again = runner.run(List.of(exercise), good, 6, task -> { });
            assertEquals(1, again.childJvms());
            assertEquals(Status.PASSED, again.exercises().get(0).status());
        }
    }

    private static Path mutant(String name, String folder, Path solutions, Path dir) throws Exception {
        Mutant m = Mutant.load(folder).stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        Path sources = dir.resolve(name + "-src");
        m.writeSources(solutions, sources);
        return sources;
    }

    private static Path compile(Workspace workspace, Path sources, Path out, Exercise e, List<String> classPath) {
        assertTrue(new SourceCompiler(workspace).compile(sources, List.of(e.file()), out, classPath).ok());
        return out;
    }
}
