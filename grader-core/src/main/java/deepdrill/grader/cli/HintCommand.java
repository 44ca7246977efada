package deepdrill.grader.cli;

import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.progress.ProgressStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code grader hint <id>}: unlocks the next hint of an exercise, and shows the ones unlocked so far. */
@Command(name = "hint",
        mixinStandardHelpOptions = true,
        description = "Show the next hint for an exercise (hints unlock one at a time).",
        footer = {"", "Examples:", "  ./grader hint conv2d-forward", "  ./grader hint conv2d-forward --all", "",
                ExitCodes.HELP_SECTION})
final class HintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExerciseArgument target;

    @Option(names = "--all", description = "Show every hint at once.")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Workspace workspace = Workspace.fromSystem();
        Exercise exercise = target.resolve(workspace);
        ProgressStore progress = ProgressStore.open(workspace.progressFile());
        progress.warning().ifPresent(w -> err.println("warning: " + w));
        int total = exercise.hints().size();
        int shown = all ? total : Math.min(total, progress.hintsShown(exercise.id()) + 1);
        out.println("Hints for " + exercise.id() + " (" + exercise.title() + "):");
        for (int i = 0; i < shown; i++) {
            out.println();
            out.println("  " + (i + 1) + "/" + total + "  " + exercise.hints().get(i));
        }
        out.println();
        out.println(shown < total
                ? "Run ./grader hint " + exercise.id() + " again for the next hint."
                : "That was the last hint. Still stuck? Re-read the Javadoc in " + "exercises/src/main/java/" + exercise.file()
                        + ", or see the model answer with ./grader solution " + exercise.id() + " once yours passes.");
        if (shown > progress.hintsShown(exercise.id())) {
            progress.setHintsShown(exercise.id(), shown);
            progress.save().ifPresent(w -> err.println("warning: " + w));
        }
        return ExitCodes.PASSED;
    }
}
