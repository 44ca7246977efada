package deepdrill.grader.dev;

import deepdrill.grader.catalog.Exercise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The mutant files ({@link MutantFile}) can be applied: each parses, is named after an exercise,
 * and changes its solution in exactly one place; and every exercise has at least two realistic
 * wrong answers, one of them with the diagnosis its check prints. Whether the check really rejects
 * them is {@code MutantsTest}'s to find out (it runs them).
 */
final class MutantRules {

    private MutantRules() {
    }

    /** @return how many mutants were read */
    static int check(DevCheck.Context context) {
        Map<String, Exercise> byId = context.exercises().stream().filter(e -> e.id() != null)
                .collect(Collectors.toMap(Exercise::id, Function.identity(), (a, b) -> a));
        int count = 0;
        for (String folder : List.of(DevLayout.MUTANTS, DevLayout.PLANTED)) {
            for (Path json : files(context.layout().root().resolve(folder))) {
                count += file(context, json, byId, folder.equals(DevLayout.MUTANTS));
            }
        }
        for (Exercise e : context.exercises()) {
            if (e.id() != null && !Files.isRegularFile(context.layout().mutants(e.id()))) {
                context.problem(context.show(context.layout().mutants(e.id())), "is missing: '" + e.id() + "' has no mutants",
                        "write at least two realistic wrong answers there, as one-edit changes to the solution (see mutants/zero-pad.json)");
            }
        }
        return count;
    }

    private static int file(DevCheck.Context context, Path json, Map<String, Exercise> byId, boolean realistic) {
        String where = context.show(json);
        String id = MutantFile.exerciseOf(json);
        MutantFile mutants;
        try {
            mutants = MutantFile.read(json);
        } catch (MutantFile.Invalid e) {
            context.problem(where, e.getMessage(), "see the format in deepdrill.grader.dev.MutantFile (mutants/zero-pad.json is an example)");
            return 0;
        }
        Exercise exercise = byId.get(id);
        if (exercise == null) {
            context.problem(where, "is named after no exercise ('" + id + "' is not in exercises/catalog.json)",
                    "name the file <id>.json after the exercise it belongs to");
            return mutants.mutants().size();
        }
        Set<String> names = new HashSet<>();
        for (MutantFile.Entry m : mutants.mutants()) {
            String which = where + " (" + m.name() + ")";
            if (!names.add(m.name())) {
                context.problem(which, "the name is used twice in the file", "give every mutant of an exercise its own name");
            }
            if (m.replace().equals(m.with())) {
                context.problem(which, "replaces its text with the same text", "write the wrong answer in \"with\"");
            }
            Path solution = context.layout().solution(m.file());
            if (!Files.isRegularFile(solution)) {
                context.problem(which, "changes " + m.file() + ", which is not a solution file",
                        "name the file as the catalog does, relative to solutions/src/main/java (" + exercise.file() + ")");
                continue;
            }
            int found = MutantFile.occurrences(read(solution), m.replace());
            if (found != 1) {
                context.problem(which, "its \"replace\" text occurs " + found + " times in " + context.show(solution) + ", not once",
                        found == 0 ? "copy the text from the solution as it is now (whitespace and line breaks count, written as \\n)"
                                : "take in more of the surrounding code until the text is unique in the file");
            }
        }
        if (realistic && mutants.mutants().size() < 2) {
            context.problem(where, "has " + mutants.mutants().size() + " mutant", "add at least one more realistic wrong answer: "
                    + "a check is trusted as far as the mistakes it is shown to catch");
        }
        if (realistic && mutants.mutants().stream().allMatch(m -> m.diagnosis() == null)) {
            context.problem(where, "no mutant declares a \"diagnosis\"", "give at least one the text of the Mistake its check "
                    + "names, so that MutantsTest proves the diagnosis is made");
        }
        return mutants.mutants().size();
    }

    private static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
