package deepdrill.grader.verify;

import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.compile.CompileResult;
import deepdrill.grader.compile.SourceCompiler;
import deepdrill.grader.runner.CheckRunner;
import deepdrill.grader.runner.RunOptions;
import deepdrill.grader.runner.RunResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Compiles a source tree and runs checks on it, as {@code grader check} does, for the tests. */
public final class Checking {

    public static final long SEED = 20261122L;

    private Checking() {
    }

    public static Catalog catalog() {
        return Catalog.load(Repo.workspace().catalogFile());
    }

    public static RunResult compileAndRun(Path sourceRoot, Path classes, List<Exercise> exercises, Duration timeout)
            throws InterruptedException {
        Workspace workspace = Repo.workspace();
        List<String> classPath = workspace.graderClassPath();
        CompileResult compiled = new SourceCompiler(workspace).compile(sourceRoot,
                exercises.stream().map(Exercise::file).toList(), classes, classPath);
        if (!compiled.ok()) {
            throw new AssertionError("does not compile:\n" + String.join("\n", compiled.errors()));
        }
        RunOptions options = new RunOptions("cpu", SEED, timeout, 512);
        return new CheckRunner(classes, classPath, options, task -> { }).run(exercises);
    }
}
