package deepdrill.grader.cli;

import deepdrill.grader.Device;
import deepdrill.grader.Implementation;
import deepdrill.grader.Status;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.grading.GradeOutcome;
import deepdrill.grader.grading.GradeRequest;
import deepdrill.grader.grading.Grading;
import deepdrill.grader.grading.Subject;
import deepdrill.grader.progress.ProgressStore;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code grader solution <id>}: prints the model answer once the learner's own version passes, so
 * that comparing is a reward, not a shortcut. The exercise's variants (further model answers its
 * Javadoc asks for, such as conv2d's naive loops) follow, each under a header of its own.
 * {@code --force} shows them anyway, after a confirmation when there is someone at the terminal to
 * confirm.
 */
@Command(name = "solution",
        mixinStandardHelpOptions = true,
        description = "Show the model answer of an exercise, once yours passes (or with --force).",
        footer = {"", "Examples:", "  ./grader solution conv2d-forward", "  ./grader solution conv2d-forward --force", "",
                ExitCodes.HELP_SECTION})
final class SolutionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExerciseArgument target;

    @Option(names = "--force", description = "Show it even though your version does not pass yet.")
    boolean force;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Workspace workspace = Workspace.fromSystem();
        Exercise exercise = target.resolve(workspace);
        ProgressStore progress = ProgressStore.open(workspace.progressFile());
        boolean passed = progress.passed(exercise.id());
        if (passed && !force) {
            // The progress file is the learner's to edit, and code under test could write it: a pass
            // recorded there is only taken once the code passes again, now.
            err.println("Checking your " + exercise.id() + " again first...");
            Optional<String> failure = checkAgain(workspace, exercise);
            if (failure.isPresent()) {
                err.println("Your progress says " + exercise.id() + " passed, but your code does not pass now: "
                        + failure.get() + ".");
                err.println("See ./grader check " + exercise.id() + ", or use --force to look anyway.");
                return ExitCodes.NOT_PASSED;
            }
        }
        if (!passed && !force) {
            err.println("Your " + exercise.id() + " does not pass yet (last check: "
                    + progress.status(exercise.id()).map(Status::label).orElse("never checked") + ").");
            err.println("Solve it first (./grader check " + exercise.id() + ", ./grader hint " + exercise.id()
                    + "), or use --force to look anyway.");
            return ExitCodes.NOT_PASSED;
        }
        if (!passed) {
            Console console = System.console();
            if (console != null) {
                String answer = console.readLine("Show the model answer of %s before yours passes? [y/N] ", exercise.id());
                if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
                    out.println("Not shown. Good luck!");
                    return ExitCodes.NOT_PASSED;
                }
            }
        }
        Path solutions = workspace.sourceRoot(Implementation.SOLUTIONS);
        List<String> variants = exercise.variants();
        // Check every file first, so that a broken checkout prints nothing half-way.
        for (String name : Stream.concat(Stream.of(exercise.file()), variants.stream()).toList()) {
            if (!Files.isRegularFile(solutions.resolve(name))) {
                err.println("grader solution: " + workspace.display(solutions.resolve(name)) + " is missing, "
                        + "though every DeepDrill checkout has the model answers in solutions/; restore it from your download.");
                return ExitCodes.INTERNAL;
            }
        }
        Path answer = solutions.resolve(exercise.file());
        print(out, "// The model answer: " + workspace.display(answer), answer);
        for (int i = 0; i < variants.size(); i++) {
            // The variants are what the stub's Javadoc asks for on the way (the naive loops before
            // im2col, say): a learner who wrote those first wants to compare them too.
            Path variant = solutions.resolve(variants.get(i));
            out.println();
            print(out, "// Variant " + (i + 1) + " of " + variants.size() + ", " + simpleName(variants.get(i)) + ": "
                    + workspace.display(variant), variant);
        }
        out.flush();
        return ExitCodes.PASSED;
    }

    /** Grades the learner's exercise as {@code check} does; empty when it passes, else what it is. */
    private static Optional<String> checkAgain(Workspace workspace, Exercise exercise) throws InterruptedException {
        GradeRequest request = new GradeRequest(List.of(exercise.id()), List.of(exercise),
                Subject.of(workspace, Implementation.EXERCISES), GradeRequest.newSeed(), Device.CPU,
                GradeRequest.DEFAULT_TIMEOUT);
        GradeOutcome outcome;
        try (Grading pipeline = Grading.cold(workspace)) {
            outcome = pipeline.grade(request, task -> { });
        }
        if (outcome instanceof GradeOutcome.Graded graded) {
            Status status = graded.report().result().exercises().get(0).status();
            return status == Status.PASSED ? Optional.empty() : Optional.of("it is " + status.label());
        }
        if (outcome instanceof GradeOutcome.CompileFailed) {
            return Optional.of("it does not compile");
        }
        return Optional.of("it could not be checked (" + outcome + ")");
    }

    private static void print(PrintWriter out, String header, Path file) throws IOException {
        out.println(header);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        out.print(text);
        if (!text.endsWith("\n")) {
            out.println();
        }
    }

    /** {@code deepdrill/week3/Conv2dLoops.java} is {@code Conv2dLoops}. */
    private static String simpleName(String file) {
        return file.substring(file.lastIndexOf('/') + 1).replaceAll("\\.java$", "");
    }
}
