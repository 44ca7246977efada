package deepdrill.grader.grading;

import deepdrill.grader.Status;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.compile.CompileResult;
import deepdrill.grader.compile.SourceCompiler;
import deepdrill.grader.runner.ExerciseResult;
import deepdrill.grader.runner.TaskResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles the exercises of a selection so that one broken exercise does not keep the others from
 * being graded: a missing file, a changed {@code package} line or a compile error in one exercise's
 * own file makes that exercise {@link Status#COMPILE_ERROR}, with what to do, and the rest are
 * compiled and graded. Only errors that cannot be pinned on one exercise stop the whole selection.
 */
final class SelectionCompiler {

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    /**
     * @param runnable exercises that compiled, to be graded
     * @param broken   results for those that did not
     * @param errors   every error, when nothing could be graded (empty otherwise)
     * @param millis   time spent compiling
     */
    record Result(List<Exercise> runnable, List<ExerciseResult> broken, List<String> errors, long millis) {
    }

    private SelectionCompiler() {
    }

    static Result compile(Workspace workspace, Subject subject, List<Exercise> exercises) {
        List<ExerciseResult> broken = new ArrayList<>();
        List<Exercise> candidates = new ArrayList<>();
        for (Exercise e : exercises) {
            Optional<String> problem = preflight(workspace, subject, e);
            if (problem.isPresent()) {
                broken.add(notCompiled(e, problem.get()));
            } else {
                candidates.add(e);
            }
        }
        if (candidates.isEmpty()) {
            return new Result(List.of(), List.of(), broken.stream().map(r -> r.tasks().get(0).message()).toList(), 0);
        }
        CompileResult compiled = javac(workspace, subject, candidates);
        long millis = compiled.millis();
        if (!compiled.ok()) {
            List<Exercise> healthy = candidates.stream().filter(e -> !isBroken(e, compiled)).toList();
            if (healthy.isEmpty() || !attributable(candidates, compiled)) {
                return new Result(List.of(), List.of(), allErrors(broken, compiled), millis);
            }
            CompileResult rest = javac(workspace, subject, healthy);
            millis += rest.millis();
            if (!rest.ok()) {
                return new Result(List.of(), List.of(), allErrors(broken, compiled), millis);
            }
            for (Exercise e : candidates) {
                if (isBroken(e, compiled)) {
                    broken.add(notCompiled(e, "your code does not compile, so none of its checks ran:\n\n"
                            + String.join("\n\n", compiled.errors().stream().filter(err -> err.contains(e.file())).toList())
                            + "\n\nFix the first error and check again: later errors are often caused by the first."));
                }
            }
            candidates = healthy;
        }
        return new Result(candidates, broken, List.of(), millis);
    }

    private static List<String> allErrors(List<ExerciseResult> broken, CompileResult compiled) {
        List<String> all = new ArrayList<>(broken.stream().map(r -> r.tasks().get(0).message()).toList());
        all.addAll(compiled.errors());
        return all;
    }

    /** What is wrong with an exercise's file before javac sees it: it is gone, or moved to another package. */
    private static Optional<String> preflight(Workspace workspace, Subject subject, Exercise e) {
        Path file = subject.sources().resolve(e.file());
        String shown = workspace.display(file);
        if (!Files.isRegularFile(file)) {
            return Optional.of(shown + " is missing. ./grader reset " + e.id() + " brings the original stub back.");
        }
        String expected = e.exerciseClass().substring(0, e.exerciseClass().lastIndexOf('.'));
        try {
            Matcher m = PACKAGE.matcher(Files.readString(file, StandardCharsets.UTF_8));
            String declared = m.find() ? m.group(1) : "(no package)";
            if (!declared.equals(expected)) {
                return Optional.of(shown + " declares the package " + declared + ", but it must stay in " + expected
                        + " (the checks look for " + e.exerciseClass() + "). Put back the line 'package " + expected
                        + ";', or ./grader reset " + e.id() + " to start from the original stub.");
            }
        } catch (IOException e2) {
            return Optional.of(shown + " cannot be read: " + e2.getMessage());
        }
        return Optional.empty();
    }

    private static CompileResult javac(Workspace workspace, Subject subject, List<Exercise> exercises) {
        return new SourceCompiler(workspace).compile(subject.sources(), sourceFiles(subject, exercises), subject.classes(),
                workspace.exerciseClassPath());
    }

    /** The exercises' files, and those of their variants (the loops next to im2col) where the subject has them. */
    private static List<String> sourceFiles(Subject subject, List<Exercise> exercises) {
        List<String> files = new ArrayList<>();
        for (Exercise e : exercises) {
            files.add(e.file());
            e.variants().stream().filter(v -> Files.isRegularFile(subject.sources().resolve(v))).forEach(files::add);
        }
        return files;
    }

    private static boolean isBroken(Exercise e, CompileResult compiled) {
        return compiled.brokenFiles().contains(e.file()) || e.variants().stream().anyMatch(compiled.brokenFiles()::contains);
    }

    /** Whether every error lies in a file of one of the exercises (not in a helper class they share, say). */
    private static boolean attributable(List<Exercise> exercises, CompileResult compiled) {
        return compiled.brokenFiles().stream().allMatch(file -> exercises.stream()
                .anyMatch(e -> e.file().equals(file) || e.variants().contains(file)));
    }

    /** An exercise that could not be compiled: one result, the task {@code compile}, that says why. */
    private static ExerciseResult notCompiled(Exercise e, String message) {
        return new ExerciseResult(e, List.of(new TaskResult("compile", "compiles", Status.COMPILE_ERROR, message, "", 0)));
    }
}
