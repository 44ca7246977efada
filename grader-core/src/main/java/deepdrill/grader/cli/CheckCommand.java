package deepdrill.grader.cli;

import deepdrill.grader.Implementation;
import deepdrill.grader.Status;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.CatalogException;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.grading.GradeOutcome;
import deepdrill.grader.grading.GradeRequest;
import deepdrill.grader.grading.Grading;
import deepdrill.grader.grading.Subject;
import deepdrill.grader.report.CompileErrorReport;
import deepdrill.grader.report.JsonReport;
import deepdrill.grader.report.JunitXmlReport;
import deepdrill.grader.report.TextReport;
import deepdrill.grader.runner.TaskResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code grader check}: compile, run the hidden checks in a check JVM, report ({@link Grading}). */
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

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "TARGET",
            description = "What to check: all, a week (week3) or exercise ids (conv2d-forward).")
    List<String> targets;

    @Option(names = "--solutions", description = "Check the model solutions instead of your exercises.")
    boolean solutions;

    @Mixin
    GradingOptions.DeviceOption device;

    @Mixin
    GradingOptions grading;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json prints one document on stdout.")
    Format format;

    @Option(names = "--junit-xml", paramLabel = "DIR",
            description = "Also write JUnit XML reports (one TEST-deepdrill.<id>.xml per exercise) into DIR, for CI and classrooms.")
    Path junitXml;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
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
        if (junitXml != null) {
            checkReportDirectory(junitXml);
        }
        Implementation implementation = solutions ? Implementation.SOLUTIONS : Implementation.EXERCISES;
        GradeRequest request = new GradeRequest(targets, exercises, Subject.of(workspace, implementation), grading.seed(),
                device.device, grading.timeout("check"));
        Progress progress = new Progress(err, format == Format.text && System.console() != null);
        GradeOutcome outcome;
        try (Grading pipeline = Grading.cold(workspace)) {
            outcome = pipeline.grade(request, progress::taskDone);
        } finally {
            progress.clear();
        }
        if (outcome instanceof GradeOutcome.CompileFailed failed) {
            if (format == Format.json) {
                JsonReport.writeCompileErrors(out, targets, implementation.directory(), failed.errors());
            } else {
                CompileErrorReport.write(err, failed.errors());
            }
            return ExitCodes.COMPILE_ERROR;
        }
        if (outcome instanceof GradeOutcome.DeviceUnavailable unavailable) {
            err.println("grader check: " + unavailable.message());
            return ExitCodes.USAGE;
        }
        if (outcome instanceof GradeOutcome.InternalFailure failure) {
            err.println("grader check: " + failure.message());
            return ExitCodes.INTERNAL;
        }
        GradeOutcome.Graded graded = (GradeOutcome.Graded) outcome;
        if (format == Format.json) {
            JsonReport.write(out, graded.report());
        } else {
            new TextReport(Cli.ansi()).write(out, graded.report());
        }
        graded.warnings().forEach(w -> err.println("warning: " + w));
        if (junitXml != null) {
            try {
                JunitXmlReport.write(junitXml, graded.report());
            } catch (IOException e) {
                err.println("grader check: cannot write the JUnit XML reports into " + junitXml + ": " + e);
                return ExitCodes.INTERNAL;
            }
        }
        if (graded.report().result().count(Status.COMPILE_ERROR) > 0) {
            return ExitCodes.COMPILE_ERROR;
        }
        return graded.allPassed() ? ExitCodes.PASSED : ExitCodes.NOT_PASSED;
    }

    /** Refuses, before anything runs, a --junit-xml that names a file or a directory that cannot be made. */
    private static void checkReportDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CommandFailure(ExitCodes.USAGE, "grader check: --junit-xml takes a directory, and " + dir
                    + " is a file. Name a directory (it is created if needed), for example build/test-results.");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.USAGE, "grader check: --junit-xml " + dir + ": cannot create that directory ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "). Name a directory you can write to.");
        }
        if (!Files.isWritable(dir)) {
            throw new CommandFailure(ExitCodes.USAGE, "grader check: --junit-xml " + dir + " is not writable. "
                    + "Name a directory you can write to.");
        }
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

        void taskDone(TaskResult task) {
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
