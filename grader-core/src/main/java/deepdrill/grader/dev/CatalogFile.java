package deepdrill.grader.dev;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import deepdrill.grader.catalog.Exercise;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code exercises/catalog.json} as a document to check and to edit, entry by entry, rather than
 * the validated {@link deepdrill.grader.catalog.Catalog} the grader runs on: dev check reports what
 * is wrong with an entry instead of refusing the whole file, and dev new adds an entry without
 * touching the others.
 *
 * <p>The file is written as it is kept in the repository (two-space indentation, one hint per line,
 * a final newline), so that adding an entry is a diff of that entry only.
 */
final class CatalogFile {

    /** The fields an entry may have (see {@link Exercise}); anything else is derived or misspelt. */
    static final Set<String> FIELDS = Set.of("id", "week", "title", "difficulty", "section", "file", "variants", "hints");

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path file;
    private final JsonObject document;

    private CatalogFile(Path file, JsonObject document) {
        this.file = file;
        this.document = document;
    }

    /** @throws DevException when the file cannot be read, is not JSON, or has no "exercises" list */
    static CatalogFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DevException(DevException.Kind.INTERNAL, "cannot read " + file + ": " + e.getMessage()
                    + " (run the grader from the top directory of a DeepDrill checkout)");
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new DevException(DevException.Kind.INTERNAL, file + " is not valid JSON: " + e.getMessage());
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has("exercises")
                || !root.getAsJsonObject().get("exercises").isJsonArray()) {
            throw new DevException(DevException.Kind.INTERNAL, file + " must be {\"exercises\": [ ... ]}");
        }
        return new CatalogFile(file, root.getAsJsonObject());
    }

    /** The entries as JSON objects, in order (a null or a non-object entry is kept as null). */
    List<JsonObject> entries() {
        List<JsonObject> entries = new ArrayList<>();
        for (JsonElement e : document.getAsJsonArray("exercises")) {
            entries.add(e != null && e.isJsonObject() ? e.getAsJsonObject() : null);
        }
        return entries;
    }

    /**
     * An entry as the grader reads it, without tasks.
     *
     * @throws JsonParseException when a field has the wrong type (a week in quotes, say)
     */
    static Exercise exercise(JsonObject entry) {
        return GSON.fromJson(entry, Exercise.class);
    }

    /**
     * Every entry as the grader reads it, without tasks.
     *
     * @throws DevException naming the first entry that cannot be read ({@code grader dev check} says more)
     */
    List<Exercise> exercises() {
        List<Exercise> exercises = new ArrayList<>();
        List<JsonObject> entries = entries();
        for (int i = 0; i < entries.size(); i++) {
            Exercise e = null;
            try {
                e = entries.get(i) == null ? null : exercise(entries.get(i));
            } catch (JsonParseException ignored) {
                // reported below, with the entry's number
            }
            if (e == null || e.id() == null) {
                throw new DevException(DevException.Kind.USAGE, "entry " + (i + 1) + " of exercises/catalog.json "
                        + "cannot be read; ./grader dev check says why");
            }
            exercises.add(e);
        }
        return exercises;
    }

    boolean hasId(String id) {
        return entries().stream().anyMatch(e -> e != null && e.has("id") && e.get("id").isJsonPrimitive()
                && e.get("id").getAsString().equals(id));
    }

    /**
     * Adds an entry at the end of its section, if the week has that section already, or else at the
     * end of its week (the curriculum order): after the last entry of the same week, or else before
     * the first entry of a later week, or else at the end.
     */
    void add(JsonObject entry, int week) {
        JsonArray old = document.getAsJsonArray("exercises");
        String section = sectionOf(entry);
        int at = old.size();
        int lastOfWeek = -1;
        int lastOfSection = -1;
        int firstLater = -1;
        for (int i = 0; i < old.size(); i++) {
            int w = weekOf(old.get(i));
            if (w == week) {
                lastOfWeek = i;
                if (section != null && section.equals(sectionOf(old.get(i)))) {
                    lastOfSection = i;
                }
            } else if (w > week && firstLater < 0) {
                firstLater = i;
            }
        }
        if (lastOfSection >= 0) {
            at = lastOfSection + 1;
        } else if (lastOfWeek >= 0) {
            at = lastOfWeek + 1;
        } else if (firstLater >= 0) {
            at = firstLater;
        }
        JsonArray updated = new JsonArray();
        for (int i = 0; i < old.size(); i++) {
            if (i == at) {
                updated.add(entry);
            }
            updated.add(old.get(i));
        }
        if (at == old.size()) {
            updated.add(entry);
        }
        document.add("exercises", updated);
    }

    private static String sectionOf(JsonElement e) {
        if (e == null || !e.isJsonObject()) {
            return null;
        }
        JsonElement section = e.getAsJsonObject().get("section");
        return section != null && section.isJsonPrimitive() ? section.getAsString() : null;
    }

    private static int weekOf(JsonElement e) {
        try {
            return e.getAsJsonObject().get("week").getAsInt();
        } catch (RuntimeException notAWeek) {
            return -1;
        }
    }

    /** The document as it is kept in the repository. */
    String text() {
        return GSON.toJson(document) + "\n";
    }

    /** Writes the document, replacing the file in one step (a half-written catalog would stop every command). */
    void write() throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".dev-new.tmp");
        Files.writeString(temporary, text(), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
