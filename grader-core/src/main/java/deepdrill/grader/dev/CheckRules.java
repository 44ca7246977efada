package deepdrill.grader.dev;

import deepdrill.grader.catalog.Exercise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every exercise has its check where the convention puts it ({@link Exercise#check()}), with at
 * least one {@code @Test} task, and every check belongs to an exercise. Read from the sources, so a
 * check the grader has not been rebuilt with yet counts as it is written.
 */
final class CheckRules {

    private CheckRules() {
    }

    /** @return the exercises with the tasks their check's sources declare */
    static List<Exercise> check(DevCheck.Context context) {
        List<Exercise> withTasks = new ArrayList<>();
        for (Exercise e : context.exercises()) {
            if (!CatalogRules.hasUsableFile(e)) {
                withTasks.add(e);
                continue;
            }
            Path file = context.layout().check(e);
            List<String> tasks = List.of();
            if (!Files.isRegularFile(file)) {
                context.problem(context.show(file), "is missing: the check of '" + e.id() + "' (" + e.check() + ")",
                        "write it there, marked @ExerciseCheck with one @Test method per task (see checks/week3/ZeroPadCheck.java)");
            } else {
                JavaSource source = context.source(file);
                if (source != null) {
                    tasks = source.annotated("Test").stream().map(JavaSource.Method::name).toList();
                    if (!source.qualifiedName().map(e.check()::equals).orElse(false)) {
                        context.problem(context.show(file), "declares " + source.qualifiedName().orElse("no class")
                                + ", where the convention expects " + e.check(), "make its package line and class name match its path");
                    } else if (tasks.isEmpty()) {
                        context.problem(context.show(file), "has no @Test methods, so '" + e.id() + "' has no tasks",
                                "write one @Test method per task, in the order a learner should meet them");
                    }
                }
            }
            withTasks.add(e.withTasks(tasks));
        }
        unclaimed(context);
        return withTasks;
    }

    /** A check class that no entry's file leads to is never run. */
    private static void unclaimed(DevCheck.Context context) {
        Path checks = context.layout().checksPackage();
        if (!Files.isDirectory(checks)) {
            return;
        }
        Set<Path> claimed = context.exercises().stream().filter(CatalogRules::hasUsableFile)
                .map(e -> context.layout().check(e)).collect(Collectors.toSet());
        try (Stream<Path> walk = Files.walk(checks)) {
            for (Path p : walk.filter(f -> f.getFileName().toString().endsWith("Check.java"))
                    .filter(f -> !f.getParent().equals(checks.resolve("support"))).sorted().toList()) {
                if (!claimed.contains(p)) {
                    context.problem(context.show(p), "is the check of no exercise in exercises/catalog.json",
                            "add its exercise to the catalog (its \"file\" decides the check), or remove the check");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
