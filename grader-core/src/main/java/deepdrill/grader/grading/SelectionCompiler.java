package deepdrill.grader.grading;

import deepdrill.grader.Status;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.compile.CompileResult;
import deepdrill.grader.compile.ForbiddenApis;
import deepdrill.grader.compile.SourceCompiler;
import deepdrill.grader.runner.ExerciseResult;
import deepdrill.grader.runner.TaskResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
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
        return new Result(screen(subject, candidates, broken), broken, List.of(), millis);
    }

    /**
     * The exercises whose classes use no API that exercise code may not use ({@link ForbiddenApis});
     * each of the others becomes a compile error that names what it used. A class of no exercise
     * (a helper of the learner's own) counts against every exercise of the selection.
     */
    private static List<Exercise> screen(Subject subject, List<Exercise> candidates, List<ExerciseResult> broken) {
        Map<String, Set<String>> usesByClass = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(subject.classes())) {
            for (Path f : walk.filter(p -> p.toString().endsWith(".class")).toList()) {
                Set<String> uses = ForbiddenApis.uses(f);
                if (!uses.isEmpty()) {
                    String name = subject.classes().relativize(f).toString().replace(java.io.File.separatorChar, '.');
                    usesByClass.put(name.substring(0, name.length() - ".class".length()), uses);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the compiled exercises: " + e.getMessage(), e);
        }
        if (usesByClass.isEmpty()) {
            return candidates;
        }
        List<Exercise> clean = new ArrayList<>();
        for (Exercise e : candidates) {
            List<String> found = new ArrayList<>();
            usesByClass.forEach((cls, uses) -> {
                if (belongsTo(cls, e) || candidates.stream().noneMatch(other -> belongsTo(cls, other))) {
                    found.add(cls + " uses " + String.join(", ", uses));
                }
            });
            if (found.isEmpty()) {
                clean.add(e);
            } else {
                broken.add(notCompiled(e, String.join("\n", found) + "\nExercise code may not use reflection, class "
                        + "loaders, stack walking, method handles, Unsafe, the JDK's internals or the compiler: none "
                        + "of them helps compute an answer, and the grader cannot trust code that reaches into it. "
                        + "Compute the answer with ND4J and plain Java."));
            }
        }
        return clean;
    }

    /** Whether a class (by binary name) is the exercise's class, one of its nested classes, or a variant's. */
    private static boolean belongsTo(String className, Exercise e) {
        List<String> owners = new ArrayList<>();
        owners.add(e.exerciseClass());
        for (String v : e.variants()) {
            owners.add(v.substring(0, v.length() - ".java".length()).replace('/', '.'));
        }
        return owners.stream().anyMatch(o -> className.equals(o) || className.startsWith(o + "$"));
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
