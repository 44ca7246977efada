package deepdrill.grader.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.Implementation;
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

/** One warm child serves run after run with fresh classes, and a run that kills it costs only that run. */
class WarmCheckRunnerTest {

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

        try (WarmCheckRunner runner = new WarmCheckRunner(classPath, new RunOptions("cpu", 1, Duration.ofSeconds(60), 512))) {
            runner.warmUp();
            assertEquals(Status.PASSED, runner.run(List.of(exercise), good, 1).exercises().get(0).status());
            RunResult second = runner.run(List.of(exercise), wrong, 1);
            assertEquals(Status.FAILED, second.exercises().get(0).status(), "the new classes were loaded");
            assertEquals(0, second.childJvms(), "the same child JVM served the second run");
            assertEquals(Status.CRASHED, runner.run(List.of(exercise), exits, 1).exercises().get(0).status());
            RunResult after = runner.run(List.of(exercise), good, 1);
            assertEquals(Status.PASSED, after.exercises().get(0).status());
            assertTrue(after.childJvms() == 1, "a new child JVM took over after the crash");
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
