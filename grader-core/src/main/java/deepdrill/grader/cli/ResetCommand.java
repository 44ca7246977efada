package deepdrill.grader.cli;

import deepdrill.grader.Implementation;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.files.Backups;
import deepdrill.grader.files.PristineStubs;
import deepdrill.grader.progress.ProgressStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code grader reset <id>}: puts the original stub back (the copy shipped inside the grader, see
 * {@link PristineStubs}), after saving the learner's file to a backup; {@code --undo} brings the
 * newest backup back (saving the current file first, so an undo can itself be undone). Nothing the
 * learner wrote is ever lost.
 */
@Command(name = "reset",
        mixinStandardHelpOptions = true,
        description = "Restore an exercise's original stub (your file is backed up first), or --undo that.",
        footer = {"", "Examples:", "  ./grader reset conv2d-forward", "  ./grader reset --undo conv2d-forward", "",
                ExitCodes.HELP_SECTION})
final class ResetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExerciseArgument target;

    @Option(names = "--undo", description = "Bring back your file as it was before the last reset.")
    boolean undo;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Workspace workspace = Workspace.fromSystem();
        Exercise exercise = target.resolve(workspace);
        Path file = workspace.sourceRoot(Implementation.EXERCISES).resolve(exercise.file());
        String shown = workspace.display(file);
        Backups backups = new Backups(workspace.root());
        String replacement;
        if (undo) {
            Optional<Path> latest = backups.latest(exercise.id());
            if (latest.isEmpty()) {
                err.println("grader reset --undo: there is no backup of " + exercise.id() + " to bring back.");
                return ExitCodes.USAGE;
            }
            replacement = Files.readString(latest.get(), StandardCharsets.UTF_8);
        } else {
            // The copy built into the grader, never the git history: a zip download has none, and a
            // history that holds the learner's own commits can only be guessed from.
            Optional<String> stub = new PristineStubs().find(exercise.file());
            if (stub.isEmpty()) {
                err.println("grader reset: the grader holds no original of " + shown + ", so nothing was changed. "
                        + "Every exercise ships with one: rebuild the grader (./mvnw -DskipTests -pl grader-core -am package), "
                        + "and if that does not help, please report it.");
                return ExitCodes.INTERNAL;
            }
            replacement = stub.get();
        }
        if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(replacement)) {
            out.println(shown + " is already " + (undo ? "the same as the newest backup" : "the original stub") + "; nothing to do.");
            return ExitCodes.PASSED;
        }
        Path backup = null;
        if (Files.exists(file)) {
            backup = undo ? backups.saveBeforeUndo(exercise.id(), file) : backups.save(exercise.id(), file);
        } else {
            Files.createDirectories(file.getParent());
        }
        Backups.writeAtomically(file, replacement);
        // The file changed, so its last result no longer describes it.
        ProgressStore progress = ProgressStore.open(workspace.progressFile());
        progress.forget(exercise.id());
        progress.save().ifPresent(problem -> err.println("grader reset: " + problem));
        out.println((undo ? "Brought back your previous " : "Restored the original stub of ") + shown + ".");
        if (backup != null) {
            out.println("The file as it was is saved in " + workspace.display(backup)
                    + (undo ? "; run ./grader check " + exercise.id() + " to see where it stands."
                    : "; ./grader reset --undo " + exercise.id() + " brings it back."));
        }
        return ExitCodes.PASSED;
    }
}
