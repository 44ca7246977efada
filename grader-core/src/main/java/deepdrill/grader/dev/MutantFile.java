package deepdrill.grader.dev;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A file of mutants: model solutions with one deliberate change each, kept as
 * {@code grader-core/src/test/resources/mutants/<id>.json} (realistic wrong answers, which the check
 * must reject) or {@code .../planted/<id>.json} (runaway code, which must end as a timeout, a crash
 * or a failure). The exercise is the file's name; the document is
 *
 * <pre>
 *   {"mutants": [{"name", "file", "replace", "with", "diagnosis"?, "expect"?}]}
 * </pre>
 *
 * <ul>
 *   <li>{@code name}: kebab-case, unique in the file; the test's name is {@code <id>/<name>};</li>
 *   <li>{@code file}: the solution file to change, relative to {@code solutions/src/main/java};</li>
 *   <li>{@code replace}: text that occurs exactly once in that file; {@code with}: what replaces it;</li>
 *   <li>{@code diagnosis}: text that a failing task's message must contain (the mistake's name);</li>
 *   <li>{@code expect}: the exercise's status, {@code failed} unless given.</li>
 * </ul>
 *
 * An {@code "exercise"} field is still accepted, for the files written before the name decided it;
 * it must then equal the file's name.
 *
 * @param exercise the exercise id, from the file name
 * @param mutants  the mutants, in the file's order
 */
public record MutantFile(String exercise, List<Entry> mutants) {

    /** One mutant, as written in the file. */
    public record Entry(String name, String file, String replace, String with, String diagnosis, String expect) {
    }

    /** A mutant file that cannot be used, and why. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    /** The exercise a mutant file belongs to: its name without {@code .json}. */
    public static String exerciseOf(Path json) {
        return json.getFileName().toString().replaceFirst("\\.json$", "");
    }

    /**
     * Reads a mutant file.
     *
     * @throws Invalid when it is not JSON of the form above, a mutant lacks a field, or its
     *                 {@code "exercise"} differs from its name
     */
    public static MutantFile read(Path json) {
        String id = exerciseOf(json);
        Document document;
        try {
            document = new Gson().fromJson(Files.readString(json, StandardCharsets.UTF_8), Document.class);
        } catch (IOException e) {
            throw new Invalid("cannot be read: " + e.getMessage());
        } catch (JsonParseException e) {
            throw new Invalid("is not a mutant file (" + e.getMessage() + ")");
        }
        if (document == null || document.mutants == null || document.mutants.isEmpty()) {
            throw new Invalid("has no \"mutants\" list, or an empty one");
        }
        if (document.exercise != null && !document.exercise.equals(id)) {
            throw new Invalid("says \"exercise\": \"" + document.exercise + "\", but its name makes it " + id
                    + "'s; the name decides");
        }
        for (int i = 0; i < document.mutants.size(); i++) {
            Entry e = document.mutants.get(i);
            String which = "mutant " + (i + 1);
            if (e == null) {
                throw new Invalid(which + " is empty (a trailing comma?)");
            }
            for (String[] field : new String[][] {{"name", e.name}, {"file", e.file}, {"replace", e.replace}, {"with", e.with}}) {
                if (field[1] == null || (!field[0].equals("with") && field[1].isEmpty())) {
                    throw new Invalid(which + (e.name == null ? "" : " (" + e.name + ")") + " has no \"" + field[0] + "\"");
                }
            }
        }
        return new MutantFile(id, List.copyOf(document.mutants));
    }

    /** How often {@code text} occurs in {@code source}; a mutant's {@code replace} must occur exactly once. */
    public static int occurrences(String source, String text) {
        int count = 0;
        for (int at = source.indexOf(text); at >= 0; at = source.indexOf(text, at + 1)) {
            count++;
        }
        return count;
    }

    /** The JSON document, as Gson reads it. */
    private static final class Document {
        String exercise;
        List<Entry> mutants;
    }
}
