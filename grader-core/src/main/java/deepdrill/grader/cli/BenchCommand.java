package deepdrill.grader.cli;

import deepdrill.grader.Implementation;
import deepdrill.grader.Workspace;
import deepdrill.grader.bench.BenchPlot;
import deepdrill.grader.bench.BenchReport;
import deepdrill.grader.bench.BenchResult;
import deepdrill.grader.bench.BenchSession;
import deepdrill.grader.bench.BenchSize;
import deepdrill.grader.bench.BenchSpec;
import deepdrill.grader.bench.BenchSpecs;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.compile.CompileResult;
import deepdrill.grader.compile.MissingCompilerException;
import deepdrill.grader.compile.SourceCompiler;
import deepdrill.grader.oracle.DeviceUnavailableException;
import deepdrill.grader.report.CompileErrorReport;
import deepdrill.grader.runner.CheckRunner;
import deepdrill.grader.runner.ExerciseResult;
import deepdrill.grader.runner.OpenBlasCoreType;
import deepdrill.grader.runner.OpenBlasVerification;
import deepdrill.grader.runner.RunOptions;
import deepdrill.grader.runner.RunnerException;
import deepdrill.grader.runner.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code grader bench}: checks the learner's code and the model solution, then times both next to
 * PyTorch with JMH ({@link BenchSession}), and reports time, GFLOP/s, the ratio to PyTorch, the
 * share of the machine's peak and the scaling exponent.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Time your implementation against the model solution and PyTorch (JMH), over growing sizes.",
                "A contender is timed only if it passes its check."},
        footer = {"", "Examples:",
                "  ./grader bench conv2d-forward --quick",
                "  ./grader bench conv2d-forward --plot conv.svg",
                "  ./grader bench conv2d-forward --solutions-only --format csv",
                "  ./grader bench conv2d-forward --device gpu",
                "", "Exercises with a benchmark: zero-pad, conv2d-forward, max-pool-forward, avg-pool-forward, affine.",
                "", "Exit codes: 0 the benchmark ran, 2 usage error (or no usable GPU for --device gpu), "
                + "3 your code does not compile, 4 internal error."})
final class BenchCommand implements Callable<Integer> {

    /** Formats of the report. */
    enum Format { text, json, csv }

    /** Where PyTorch runs, next to the CPU contenders. */
    enum DeviceChoice { cpu, gpu }

    @Spec
    CommandSpec spec;

    @Mixin
    ExerciseArgument exercise;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "cpu, or gpu to time PyTorch on the GPU as well (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;

    @Option(names = "--quick", description = "A rough answer in well under a minute: the smaller sizes, short runs, no extra JMH fork.")
    boolean quick;

    @Option(names = "--solutions-only", description = "Leave your code out: time the model solution and PyTorch only.")
    boolean solutionsOnly;

    @Option(names = "--sizes", split = ",", paramLabel = "LABEL",
            description = "Only these sizes, by label (1,2,...; the table lists them).")
    List<String> sizes;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--plot", paramLabel = "FILE", description = "Also draw the figures into FILE.svg or FILE.png.")
    Path plot;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Workspace workspace = Workspace.fromSystem();
        Exercise chosen = exercise.resolve(workspace);
        BenchSpec benchSpec = BenchSpecs.find(chosen.id()).orElseThrow(() -> new CommandFailure(ExitCodes.USAGE,
                "grader bench: " + chosen.id() + " has no benchmark yet. Exercises with one: "
                        + String.join(", ", BenchSpecs.exercises()) + "."));
        if (plot != null && !BenchPlot.supported(plot)) {
            throw new CommandFailure(ExitCodes.USAGE, "grader bench: --plot takes a file ending in .svg or .png, not " + plot);
        }
        List<String> labels = sizeLabels(benchSpec);

        List<String> graderClassPath = workspace.graderClassPath();
        Progress progress = new Progress(err, format == Format.text);
        String learnerReason = solutionsOnly ? "left out (--solutions-only)" : null;
        Path learnerClasses = null;
        if (!solutionsOnly) {
            Integer compileFailure = compile(workspace, Implementation.EXERCISES, chosen, graderClassPath, err);
            if (compileFailure != null) {
                return compileFailure;
            }
            progress.say("checking your " + chosen.file() + " ...");
            learnerReason = verdict(check(workspace, Implementation.EXERCISES, chosen, graderClassPath), "your code");
            learnerClasses = learnerReason == null ? workspace.classesDir(Implementation.EXERCISES) : null;
        }
        Integer compileFailure = compile(workspace, Implementation.SOLUTIONS, chosen, graderClassPath, err);
        if (compileFailure != null) {
            return compileFailure;
        }
        progress.say("checking the model solution ...");
        String solutionReason = verdict(check(workspace, Implementation.SOLUTIONS, chosen, graderClassPath), "the model solution");
        Path solutionClasses = solutionReason == null ? workspace.classesDir(Implementation.SOLUTIONS) : null;

        Optional<String> userCoreType = OpenBlasCoreType.fromUser();
        OpenBlasVerification openBlas = null;
        if (userCoreType.isEmpty()) {
            // A full run measures again, so that its report has before/after figures from this run.
            Optional<OpenBlasVerification> cached = quick ? OpenBlasVerification.cached() : Optional.empty();
            if (cached.isEmpty()) {
                progress.say("measuring OpenBLAS's GEMM with and without OPENBLAS_CORETYPE ...");
            }
            openBlas = cached.orElseGet(() -> OpenBlasVerification.measure(graderClassPath));
        }
        Optional<String> coreType = userCoreType.isPresent() ? userCoreType
                : openBlas.accepted() ? Optional.ofNullable(openBlas.candidate()) : Optional.empty();

        BenchSession session = new BenchSession(benchSpec, graderClassPath, device.name(), quick, labels, learnerClasses,
                learnerReason, solutionClasses, solutionReason, coreType, openBlas,
                workspace.root().resolve(".deepdrill").resolve("bench"), progress::say);
        BenchResult result = session.run();
        progress.clear();
        switch (format) {
            case json -> BenchReport.json(out, result);
            case csv -> BenchReport.csv(out, result);
            default -> BenchReport.text(out, result);
        }
        if (plot != null) {
            try {
                BenchPlot.write(result, plot);
                err.println("Plot written to " + plot);
            } catch (IOException e) {
                err.println("grader bench: cannot write the plot: " + e.getMessage());
                return ExitCodes.INTERNAL;
            }
        }
        return ExitCodes.PASSED;
    }

    private List<String> sizeLabels(BenchSpec benchSpec) {
        List<String> all = benchSpec.sizes().stream().map(BenchSize::label).toList();
        if (sizes == null || sizes.isEmpty()) {
            return quick ? all.subList(0, benchSpec.quickSizes()) : all;
        }
        for (String label : sizes) {
            if (!all.contains(label)) {
                throw new CommandFailure(ExitCodes.USAGE, "grader bench: " + benchSpec.exercise() + " has no size '" + label
                        + "'; its sizes are " + String.join(", ", all) + ".");
            }
        }
        return all.stream().filter(sizes::contains).toList();
    }

    /** Compiles one side; returns the exit code to stop with, or null to go on. */
    private Integer compile(Workspace workspace, Implementation implementation, Exercise chosen, List<String> graderClassPath,
                            PrintWriter err) {
        CompileResult compiled;
        try {
            List<String> files = new ArrayList<>(List.of(chosen.file()));
            if (implementation == Implementation.SOLUTIONS) {
                files.addAll(BenchSpecs.get(chosen.id()).variantFiles());
            }
            compiled = new SourceCompiler(workspace).compile(workspace.sourceRoot(implementation), files,
                    workspace.classesDir(implementation), graderClassPath);
        } catch (MissingCompilerException e) {
            err.println("grader bench: " + e.getMessage());
            return ExitCodes.INTERNAL;
        }
        if (compiled.ok()) {
            return null;
        }
        CompileErrorReport.write(err, compiled.errors());
        if (implementation == Implementation.EXERCISES) {
            err.println("(./grader bench " + chosen.id() + " --solutions-only times the model solution and PyTorch without your code.)");
        }
        return implementation == Implementation.EXERCISES ? ExitCodes.COMPILE_ERROR : ExitCodes.INTERNAL;
    }

    private ExerciseResult check(Workspace workspace, Implementation implementation, Exercise chosen,
                                 List<String> graderClassPath) throws InterruptedException {
        RunOptions options = new RunOptions(device.name(), 1, Duration.ofSeconds(10), RunOptions.defaults(0).maxHeapMb());
        try {
            return new CheckRunner(workspace.classesDir(implementation), graderClassPath, options, task -> { })
                    .run(List.of(chosen)).exercises().get(0);
        } catch (DeviceUnavailableException e) {
            throw new CommandFailure(ExitCodes.USAGE, "grader bench: " + e.getMessage());
        } catch (RunnerException e) {
            throw new CommandFailure(ExitCodes.INTERNAL, "grader bench: internal error: " + e.getMessage());
        }
    }

    /** Null when the check passed, else why the contender is not timed. */
    private static String verdict(ExerciseResult result, String who) {
        Status status = result.status();
        if (status == Status.PASSED) {
            return null;
        }
        String what = switch (status) {
            case NOT_IMPLEMENTED -> "not implemented yet";
            case FAILED -> "fails its check";
            case TIMEOUT -> "timed out in its check";
            case CRASHED -> "crashed in its check";
            default -> "throws an exception in its check";
        };
        return who + " " + what + " (" + result.passedTasks() + "/" + result.tasks().size()
                + " tasks pass; ./grader check " + result.exercise().id() + " says why)";
    }

    /** Progress lines on the error stream, so that the report on standard output stays clean. */
    private static final class Progress {
        private final PrintWriter err;
        private final boolean show;

        Progress(PrintWriter err, boolean show) {
            this.err = err;
            this.show = show;
        }

        void say(String line) {
            if (show) {
                err.println("  " + line);
                err.flush();
            }
        }

        void clear() {
            if (show) {
                err.println();
                err.flush();
            }
        }
    }
}
