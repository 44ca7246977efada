package deepdrill.grader.cli;

import com.google.gson.GsonBuilder;
import deepdrill.grader.Implementation;
import deepdrill.grader.Workspace;
import deepdrill.grader.bench.TrainPlot;
import deepdrill.grader.bench.TrainSession;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.checks.week4.MnistRecipe;
import deepdrill.grader.compile.MissingCompilerException;
import deepdrill.grader.grading.Grading;
import deepdrill.grader.grading.Subject;
import deepdrill.grader.report.CompileErrorReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code grader train mnist}: trains the learner's {@code train-mnist} network (or the model
 * solution's) on the 8,000 MNIST training digits in a JVM of its own, as {@code bench} runs learner
 * code ({@link TrainSession}), with the check's starting weights and hyper-parameters
 * ({@link MnistRecipe}); shows a progress bar per epoch on a terminal, prints the loss and accuracy
 * per epoch (or, with {@code --format json}, one JSON document), and draws the learning curves and
 * the confusion matrix ({@link TrainPlot}).
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        description = {"Train your train-mnist network, built from your own layers, on MNIST digits and watch it learn.",
                "Shows a progress bar per epoch (on a terminal), the loss and accuracy before training and after "
                + "every epoch, and with --plot draws the learning curves and the confusion matrix."},
        footer = {"", "Examples:",
                "  ./grader train mnist",
                "  ./grader train mnist --epochs 2 --plot curves.png",
                "  ./grader train mnist --solutions --format json",
                "", "--plot curves.png writes the curves there and the confusion matrix of the 2,000 test digits to "
                + "curves-confusion.png (.svg works too).",
                "", "Exit codes: 0 trained, 1 your code is not implemented yet, threw, or its loss became NaN, "
                + "2 usage error, 3 your code does not compile, 4 internal error."})
final class TrainCommand implements Callable<Integer> {

    /** The largest --epochs: each epoch takes seconds to tens of seconds. */
    static final int MAX_EPOCHS = 20;

    /** Formats of the report. */
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET", description = "The data set: mnist (8,000 training and 2,000 "
            + "test digits, 28x28).")
    String dataset;

    @Option(names = "--epochs", defaultValue = "2", paramLabel = "N",
            description = "Passes over the training digits, 1 to " + MAX_EPOCHS + " (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Draw the curves into FILE (.png or .svg) and the confusion matrix into FILE-confusion.")
    Path plot;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--solutions", description = "Train the model solution's network instead of yours.")
    boolean solutions;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the starting weights (default: the check's, ${DEFAULT-VALUE}).")
    long seed = MnistRecipe.SEED;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!dataset.equalsIgnoreCase("mnist")) {
            throw new CommandFailure(ExitCodes.USAGE, "grader train: unknown data set '" + dataset
                    + "'; the one there is: mnist (./grader train mnist).");
        }
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new CommandFailure(ExitCodes.USAGE, "grader train: --epochs takes 1 to " + MAX_EPOCHS + ", not "
                    + epochs + ".");
        }
        if (plot != null && !TrainSession.supported(plot)) {
            throw new CommandFailure(ExitCodes.USAGE, "grader train: --plot takes a file ending in .png or .svg, not "
                    + plot + ".");
        }
        Workspace workspace = Workspace.fromSystem();
        Catalog catalog = Cli.loadCatalog(workspace, err);
        if (catalog == null) {
            return ExitCodes.USAGE;
        }
        Exercise exercise = catalog.find("train-mnist").orElseThrow(() -> new CommandFailure(ExitCodes.INTERNAL,
                "grader train: the catalog has no train-mnist exercise."));
        Implementation implementation = solutions ? Implementation.SOLUTIONS : Implementation.EXERCISES;
        List<String> errors;
        try (Grading pipeline = Grading.cold(workspace)) {
            errors = pipeline.compileOnly(Subject.of(workspace, implementation), List.of(exercise));
        } catch (MissingCompilerException e) {
            throw new CommandFailure(ExitCodes.INTERNAL, "grader train: " + e.getMessage());
        }
        if (!errors.isEmpty()) {
            CompileErrorReport.write(err, errors);
            return ExitCodes.COMPILE_ERROR;
        }
        boolean text = format == Format.text;
        ProgressBar bar = new ProgressBar(out, text && System.console() != null, epochs);
        if (text) {
            out.println("Training " + (solutions ? "the model solution's" : "your") + " train-mnist network on MNIST: "
                    + epochs + (epochs == 1 ? " epoch" : " epochs") + ", batch " + MnistRecipe.BATCH + ", lr "
                    + MnistRecipe.LR + ", momentum " + MnistRecipe.MOMENTUM + ", seed " + seed);
            out.flush();
        }
        TrainSession.Result result = TrainSession.run(workspace.classesDir(implementation), workspace.graderClassPath(),
                epochs, seed, event -> {
                    if (text) {
                        bar.show(event);
                    }
                });
        bar.clear();
        List<Path> written = new ArrayList<>();
        if (plot != null && !result.epochs().isEmpty()) {
            String who = solutions ? "model solution" : "your network";
            try {
                TrainPlot.curves(result, "train-mnist (" + who + "): learning curves", plot);
                written.add(plot);
                if (result.confusion() != null) {
                    Path confusion = TrainSession.confusionFile(plot);
                    TrainPlot.confusion(result.confusion(), "train-mnist (" + who + "): confusion matrix, "
                            + "2,000 test digits", confusion);
                    written.add(confusion);
                }
            } catch (IOException e) {
                err.println("grader train: cannot write the plot: " + e.getMessage());
                return ExitCodes.INTERNAL;
            }
        }
        if (!text) {
            out.println(json(result, written));
        } else if (!written.isEmpty()) {
            out.println("Plot" + (written.size() > 1 ? "s" : "") + " written to "
                    + String.join(" and ", written.stream().map(Path::toString).toList()));
        }
        out.flush();
        if (result.failure() != null) {
            err.println("grader train: training stopped: " + result.failure());
            err.println(result.notImplemented()
                    ? "Write the methods of exercises/src/main/java/" + exercise.file() + " first (./grader check "
                    + "train-mnist says which are left)."
                    : "./grader check train-mnist compares your network with PyTorch step by step and names the layer.");
            return ExitCodes.NOT_PASSED;
        }
        return ExitCodes.PASSED;
    }

    private String json(TrainSession.Result result, List<Path> written) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dataset", "mnist");
        doc.put("implementation", solutions ? Implementation.SOLUTIONS.directory() : Implementation.EXERCISES.directory());
        doc.put("status", result.failure() == null ? "trained" : result.notImplemented() ? "not_implemented" : "failed");
        doc.put("message", result.failure() == null ? "" : result.failure());
        doc.put("seed", seed);
        doc.put("batch_size", MnistRecipe.BATCH);
        doc.put("lr", MnistRecipe.LR);
        doc.put("momentum", MnistRecipe.MOMENTUM);
        List<Map<String, Object>> perEpoch = new ArrayList<>();
        for (TrainSession.Epoch e : result.epochs()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e.epoch());
            row.put("train_loss", e.trainLoss());
            row.put("train_accuracy", e.trainAccuracy());
            row.put("val_loss", e.valLoss());
            row.put("val_accuracy", e.valAccuracy());
            row.put("seconds", e.seconds());
            perEpoch.add(row);
        }
        doc.put("epochs", perEpoch);
        doc.put("confusion", result.confusion());
        doc.put("plots", written.stream().map(Path::toString).toList());
        return new GsonBuilder().setPrettyPrinting().serializeNulls().serializeSpecialFloatingPointValues().create()
                .toJson(doc);
    }

    /** The per-epoch progress bar (only on a terminal) and the per-epoch lines. */
    private static final class ProgressBar {
        private static final int WIDTH = 30;
        private final PrintWriter out;
        private final boolean live;
        private final int epochs;
        private int steps;
        private boolean drawn;

        ProgressBar(PrintWriter out, boolean live, int epochs) {
            this.out = out;
            this.live = live;
            this.epochs = epochs;
        }

        void show(TrainSession.Event event) {
            if (event instanceof TrainSession.Start start) {
                steps = start.steps();
            } else if (event instanceof TrainSession.Step step && live) {
                int done = step.step() + 1;
                int filled = steps == 0 ? 0 : WIDTH * done / steps;
                out.print(String.format(Locale.ROOT, "\r  epoch %d/%d [%s%s] %d/%d  loss %.4f ", step.epoch(), epochs,
                        "#".repeat(filled), "-".repeat(WIDTH - filled), done, steps, step.loss()));
                out.flush();
                drawn = true;
            } else if (event instanceof TrainSession.Epoch e) {
                clear();
                String when = e.epoch() == 0 ? "before training" : String.format(Locale.ROOT, "epoch %d/%d", e.epoch(),
                        epochs);
                out.println(String.format(Locale.ROOT, "  %-15s  train loss %.4f  acc %6.2f%%   val loss %.4f  "
                        + "acc %6.2f%%%s", when, e.trainLoss(), 100 * e.trainAccuracy(), e.valLoss(),
                        100 * e.valAccuracy(), e.epoch() == 0 ? "" : String.format(Locale.ROOT, "   (%.1f s)",
                        e.seconds())));
                out.flush();
            }
        }

        void clear() {
            if (drawn) {
                out.print("\r" + " ".repeat(WIDTH + 50) + "\r");
                out.flush();
                drawn = false;
            }
        }
    }
}
