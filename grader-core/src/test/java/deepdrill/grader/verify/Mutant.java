package deepdrill.grader.verify;

import deepdrill.grader.dev.MutantFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model solution with one deliberate change: a realistic wrong answer (in {@code mutants/}) or a
 * runaway behaviour (in {@code planted/}). The files are {@code <exercise id>.json}, in the format
 * {@link MutantFile} describes (the exercise is the file's name; an {@code "exercise"} field is
 * accepted but no longer needed): {@code replace} must occur exactly once in the solution file
 * {@code file}; {@code diagnosis}, if given, must appear in a failing task's message; {@code expect}
 * is the exercise's status (default {@code failed}).
 */
public record Mutant(String exercise, String name, String file, String replace, String with, String diagnosis, String expect) {

    public String expectedStatus() {
        return expect == null ? "failed" : expect;
    }

    @Override
    public String toString() {
        return exercise + "/" + name;
    }

    /** Writes the solutions' sources, with this change applied, under {@code target}. */
    public void writeSources(Path solutionsRoot, Path target) throws IOException {
        FileTrees.copy(solutionsRoot, target);
        Path changed = target.resolve(file);
        String source = Files.readString(changed, StandardCharsets.UTF_8);
        int count = MutantFile.occurrences(source, replace);
        if (count != 1) {
            throw new IllegalStateException(this + ": the text to replace occurs " + count + " times in " + file
                    + " (it must occur exactly once; has the solution changed?)");
        }
        Files.writeString(changed, source.replace(replace, with), StandardCharsets.UTF_8);
    }

    /** Every mutant in a resource folder ({@code mutants} or {@code planted}), files in name order. */
    public static List<Mutant> load(String folder) {
        Path dir = Path.of("src", "test", "resources", folder);
        List<Mutant> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                MutantFile spec;
                try {
                    spec = MutantFile.read(f);
                } catch (MutantFile.Invalid e) {
                    throw new IllegalStateException(f + " " + e.getMessage() + " (./grader dev check explains)", e);
                }
                for (MutantFile.Entry e : spec.mutants()) {
                    all.add(new Mutant(spec.exercise(), e.name(), e.file(), e.replace(), e.with(), e.diagnosis(), e.expect()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }
}
