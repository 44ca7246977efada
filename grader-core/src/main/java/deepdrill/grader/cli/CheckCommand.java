package deepdrill.grader.cli;

import deepdrill.grader.Implementation;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.CatalogException;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.compile.CompileResult;
import deepdrill.grader.compile.MissingCompilerException;
import deepdrill.grader.compile.SourceCompiler;
import deepdrill.grader.oracle.DeviceUnavailableException;
import deepdrill.grader.progress.ProgressStore;
import deepdrill.grader.report.CheckReport;
import deepdrill.grader.report.CompileErrorReport;
import deepdrill.grader.report.JsonReport;
import deepdrill.grader.report.JunitXmlReport;
import deepdrill.grader.report.TextReport;
import deepdrill.grader.runner.CheckRunner;
import deepdrill.grader.runner.RunOptions;
import deepdrill.grader.runner.RunResult;
import deepdrill.grader.runner.RunnerException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code grader check}: compile, run the hidden checks in a child JVM, report. */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        description = "Compile your code and run the hidden checks against PyTorch.",
        footer = {"", "Examples:",
                "  ./grader check week3",
                "  ./grader check conv2d-forward --seed 7",
                "  ./grader check all --solutions --format json",
                "  ./grader check week3 --junit-xml build/test-results", "", ExitCodes.HELP_SECTION})
final class CheckCommand implements Callable<Integer> {

    /** Formats of the report. */
    enum Format { text, json }

    /** Where the oracle runs. */
    enum DeviceChoice { cpu, gpu, auto }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "TARGET",
            description = "What to check: all, a week (week3) or exercise ids (conv2d-forward).")
    List<String> targets;

    @Option(names = "--solutions", description = "Check the model solutions instead of your exercises.")
    boolean solutions;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "Where PyTorch computes the expected values: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random inputs; the report prints it so a run can be replayed.")
    Long seed;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json prints one document on stdout.")
    Format format;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Time limit per task, in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--junit-xml", paramLabel = "DIR",
            description = "Also write JUnit XML reports (one TEST-deepdrill.<id>.xml per exercise) into DIR, for CI and classrooms.")
    java.nio.file.Path junitXml;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        if (timeoutSeconds < 1) {
            err.println("grader check: --timeout must be at least 1 second.");
            return ExitCodes.USAGE;
        }
        Workspace workspace = Workspace.fromSystem();
        Catalog catalog = Cli.loadCatalog(workspace, err);
        if (catalog == null) {
            return ExitCodes.INTERNAL;
        }
        List<Exercise> exercises;
        try {
            exercises = catalog.resolve(targets);
        } catch (CatalogException e) {
            err.println("grader check: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (exercises.isEmpty()) {
            err.println("grader check: no exercises in " + String.join(" ", targets) + " yet. Run ./grader list.");
            return ExitCodes.USAGE;
        }
        Implementation implementation = solutions ? Implementation.SOLUTIONS : Implementation.EXERCISES;
        long runSeed = seed != null ? seed : new SecureRandom().nextInt(1_000_000);

        List<String> graderClassPath;
        CompileResult compiled;
        try {
            graderClassPath = workspace.graderClassPath();
            compiled = new SourceCompiler(workspace).compile(workspace.sourceRoot(implementation),
                    exercises.stream().map(Exercise::file).toList(), workspace.classesDir(implementation), graderClassPath);
        } catch (MissingCompilerException e) {
            err.println("grader check: " + e.getMessage());
            return ExitCodes.INTERNAL;
        }
        if (!compiled.ok()) {
            if (format == Format.json) {
                JsonReport.writeCompileErrors(out, targets, implementation.directory(), compiled.errors());
            } else {
                CompileErrorReport.write(err, compiled.errors());
            }
            return ExitCodes.COMPILE_ERROR;
        }

        RunOptions options = new RunOptions(device.name(), runSeed, Duration.ofSeconds(timeoutSeconds), RunOptions.defaults(0).maxHeapMb());
        Progress progress = new Progress(err, format == Format.text && System.console() != null);
        RunResult result;
        try {
            result = new CheckRunner(workspace.classesDir(implementation), graderClassPath, options, progress::taskDone).run(exercises);
        } catch (DeviceUnavailableException e) {
            progress.clear();
            err.println("grader check: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (RunnerException e) {
            progress.clear();
            err.println("grader check: internal error: " + e.getMessage());
            return ExitCodes.INTERNAL;
        }
        progress.clear();
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        CheckReport report = new CheckReport(targets, implementation,
                workspace.display(workspace.sourceRoot(implementation)), runSeed, elapsed, compiled.millis(), result);
        if (format == Format.json) {
            JsonReport.write(out, report);
        } else {
            new TextReport(Cli.ansi()).write(out, report);
        }
        if (implementation == Implementation.EXERCISES) {
            saveProgress(workspace, result, err);
        }
        if (junitXml != null) {
            try {
                JunitXmlReport.write(junitXml, report);
            } catch (java.io.IOException e) {
                err.println("grader check: " + e.getMessage());
                return ExitCodes.INTERNAL;
            }
        }
        return result.allPassed() ? ExitCodes.PASSED : ExitCodes.NOT_PASSED;
    }

    private static void saveProgress(Workspace workspace, RunResult result, PrintWriter err) {
        ProgressStore store = ProgressStore.open(workspace.progressFile());
        store.warning().ifPresent(w -> err.println("warning: " + w));
        store.recordAll(result);
        store.save().ifPresent(w -> err.println("warning: " + w));
    }

    /** A one-line live count of finished tasks on the terminal's error stream. */
    private static final class Progress {
        private final PrintWriter err;
        private final boolean live;
        private int done;

        Progress(PrintWriter err, boolean live) {
            this.err = err;
            this.live = live;
        }

        void taskDone(deepdrill.grader.runner.TaskResult task) {
            done++;
            if (live) {
                err.print("\rchecking... " + done + " tasks done");
                err.flush();
            }
        }

        void clear() {
            if (live && done > 0) {
                err.print("\r" + " ".repeat(40) + "\r");
                err.flush();
            }
        }
    }
}
