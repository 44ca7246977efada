package deepdrill.grader.cli;

import deepdrill.grader.Device;
import deepdrill.grader.Implementation;
import deepdrill.grader.Status;
import deepdrill.grader.Workspace;
import deepdrill.grader.bench.BenchPlot;
import deepdrill.grader.bench.BenchReport;
import deepdrill.grader.bench.BenchResult;
import deepdrill.grader.bench.BenchSession;
import deepdrill.grader.bench.BenchSize;
import deepdrill.grader.bench.BenchSpec;
import deepdrill.grader.bench.BenchSpecs;
import deepdrill.grader.bench.OpenBlasMeasurement;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.grading.GradeOutcome;
import deepdrill.grader.grading.GradeRequest;
import deepdrill.grader.grading.Grading;
import deepdrill.grader.grading.Subject;
import deepdrill.grader.jvm.OpenBlasCoreType;
import deepdrill.grader.jvm.OpenBlasVerification;
import deepdrill.grader.report.CompileErrorReport;
import deepdrill.grader.runner.ExerciseResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Spec
    CommandSpec spec;

    @Mixin
    ExerciseArgument exercise;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "cpu, or gpu to time PyTorch on the GPU as well (default: ${DEFAULT-VALUE}).")
    Device device;

    @Mixin
    GradingOptions grading;

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

        if (device == Device.AUTO) {
            throw new CommandFailure(ExitCodes.USAGE, "grader bench: --device takes cpu or gpu (gpu adds PyTorch on the GPU).");
        }
        List<String> graderClassPath = workspace.graderClassPath();
        Progress progress = new Progress(err, format == Format.text);
        long seed = grading.seed();
        String learnerReason = solutionsOnly ? "left out (--solutions-only)" : null;
        Path learnerClasses = null;
        String solutionReason;
        try (Grading pipeline = Grading.cold(workspace)) {
            if (!solutionsOnly) {
                progress.say("checking your " + chosen.file() + " ...");
                learnerReason = verdict(check(pipeline, workspace, Implementation.EXERCISES, chosen, seed, err), "your code");
                learnerClasses = learnerReason == null ? workspace.classesDir(Implementation.EXERCISES) : null;
            }
            progress.say("checking the model solution ...");
            solutionReason = verdict(check(pipeline, workspace, Implementation.SOLUTIONS, chosen, seed, err), "the model solution");
        }
        Path solutionClasses = solutionReason == null ? workspace.classesDir(Implementation.SOLUTIONS) : null;

        Optional<String> userCoreType = OpenBlasCoreType.fromUser();
        OpenBlasVerification openBlas = null;
        if (userCoreType.isEmpty()) {
            // A full run measures again, so that its report has before/after figures from this run.
            Optional<OpenBlasVerification> cached = quick ? OpenBlasVerification.cached() : Optional.empty();
            if (cached.isEmpty()) {
                progress.say("measuring OpenBLAS's GEMM with and without OPENBLAS_CORETYPE ...");
            }
            openBlas = cached.orElseGet(() -> OpenBlasMeasurement.measure(graderClassPath));
        }
        Optional<String> coreType = userCoreType.isPresent() ? userCoreType
                : openBlas.accepted() ? Optional.ofNullable(openBlas.candidate()) : Optional.empty();

        BenchSession session = new BenchSession(benchSpec, graderClassPath, device.wireName(), quick, labels, learnerClasses,
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

    /**
     * Compiles and checks one side, as {@code grader check} would (same seed rules and time limit).
     *
     * @throws CommandFailure when it does not compile (exit 3 for the learner's code, 4 for the
     *                        model solution's), or the device or the check JVM fails
     */
    private ExerciseResult check(Grading pipeline, Workspace workspace, Implementation implementation, Exercise chosen,
                                 long seed, PrintWriter err) throws InterruptedException {
        GradeRequest request = new GradeRequest(List.of(chosen.id()), List.of(chosen), Subject.of(workspace, implementation),
                seed, device, grading.timeout("bench"));
        GradeOutcome outcome = pipeline.grade(request, task -> { });
        if (outcome instanceof GradeOutcome.Graded graded) {
            graded.warnings().forEach(w -> err.println("warning: " + w));
            return graded.report().result().exercises().get(0);
        }
        if (outcome instanceof GradeOutcome.CompileFailed failed) {
            CompileErrorReport.write(err, failed.errors());
            if (implementation == Implementation.EXERCISES) {
                throw new CommandFailure(ExitCodes.COMPILE_ERROR, "(./grader bench " + chosen.id()
                        + " --solutions-only times the model solution and PyTorch without your code.)");
            }
            throw new CommandFailure(ExitCodes.INTERNAL, "grader bench: the model solution does not compile.");
        }
        if (outcome instanceof GradeOutcome.DeviceUnavailable unavailable) {
            throw new CommandFailure(ExitCodes.USAGE, "grader bench: " + unavailable.message());
        }
        throw new CommandFailure(ExitCodes.INTERNAL, "grader bench: " + ((GradeOutcome.InternalFailure) outcome).message());
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
