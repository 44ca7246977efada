package deepdrill.grader.dev;

import com.google.gson.JsonObject;
import deepdrill.grader.catalog.Exercise;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The catalog's entries: what {@link deepdrill.grader.catalog.Catalog} requires, said with how to fix it. */
final class CatalogRules {

    /** The catalog's ids: kebab-case. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern FILE = Pattern.compile("deepdrill/week([0-9]+)/[A-Z][A-Za-z0-9]*\\.java");

    private CatalogRules() {
    }

    static void check(DevCheck.Context context, CatalogFile file) {
        String catalog = context.show(context.layout().workspace().catalogFile());
        for (JsonObject entry : file.entries()) {
            if (entry == null) {
                continue;
            }
            for (String field : entry.keySet()) {
                if (!CatalogFile.FIELDS.contains(field)) {
                    String id = entry.has("id") && entry.get("id").isJsonPrimitive() ? entry.get("id").getAsString() : "?";
                    context.problem(catalog + " (" + id + ")", "has the field \"" + field + "\", which the grader does not read",
                            field.equals("check") || field.equals("tasks")
                                    ? "remove it: the check follows from \"file\", its tasks from the check's @Test methods"
                                    : "remove it, or spell it as one of " + CatalogFile.FIELDS);
                }
            }
        }
        Set<String> ids = new HashSet<>();
        for (Exercise e : context.exercises()) {
            String where = catalog + " (" + e.id() + ")";
            if (e.id() == null || !ID.matcher(e.id()).matches()) {
                context.problem(where, "the id " + (e.id() == null ? "is missing" : "'" + e.id() + "' is not kebab-case"),
                        "write it as lower-case words and digits joined by '-', for example conv2d-forward");
            } else if (!ids.add(e.id())) {
                context.problem(where, "the id is used by an earlier entry too", "give one of them another id "
                        + "(mutants/<id>.json and the README table follow the id)");
            }
            if (!ExerciseNames.WEEKS.contains(e.week())) {
                context.problem(where, "week " + e.week() + " is not a week of the curriculum", "use one of " + ExerciseNames.WEEKS);
            }
            if (e.title() == null || e.title().isBlank()) {
                context.problem(where, "has no title", "give it a short title a learner recognises (it is the README table's)");
            }
            if (!ExerciseNames.DIFFICULTIES.contains(e.difficulty())) {
                context.problem(where, "difficulty " + (e.difficulty() == null ? "is missing" : "'" + e.difficulty() + "' is unknown"),
                        "use one of " + ExerciseNames.DIFFICULTIES);
            }
            if (e.hints().size() < 2 || e.hints().stream().anyMatch(h -> h == null || h.isBlank())) {
                context.problem(where, "has " + e.hints().stream().filter(h -> h != null && !h.isBlank()).count()
                        + " non-empty hints", "write at least two, from a gentle nudge to nearly the answer");
            }
            checkFile(context, where, e);
        }
        checkSections(context, catalog);
    }

    /** A week's sections are sub-headings of {@code grader list}: each must come in one run of entries. */
    private static void checkSections(DevCheck.Context context, String catalog) {
        Set<String> closed = new HashSet<>();
        String current = null;
        int week = -1;
        for (Exercise e : context.exercises()) {
            if (e.week() != week) {
                closed.clear();
                current = null;
                week = e.week();
            }
            if (java.util.Objects.equals(e.section(), current)) {
                continue;
            }
            if (current != null) {
                closed.add(current);
            }
            current = e.section();
            if (current != null && closed.contains(current)) {
                context.problem(catalog + " (" + e.id() + ")", "is in section \"" + current + "\" of week " + week
                        + ", but other sections come between it and the section's earlier entries",
                        "move it next to the other entries of \"" + current + "\"");
            }
        }
    }

    private static void checkFile(DevCheck.Context context, String where, Exercise e) {
        if (e.file() == null) {
            context.problem(where, "has no \"file\"", "name the exercise's source, for example deepdrill/week3/ZeroPad.java");
            return;
        }
        var m = FILE.matcher(e.file());
        if (!m.matches()) {
            context.problem(where, "file '" + e.file() + "' is not deepdrill/weekN/ClassName.java",
                    "put the exercise in its week's package, in a file named after its class");
        } else if (Integer.parseInt(m.group(1)) != e.week()) {
            context.problem(where, "file '" + e.file() + "' is in week " + m.group(1) + "'s package, but the entry says week "
                    + e.week(), "make the week and the package agree (moving the file moves its check too)");
        }
        for (String variant : e.variants()) {
            if (!java.nio.file.Files.isRegularFile(context.layout().solution(variant))) {
                context.problem(where, "the variant " + variant + " is not in solutions/src/main/java",
                        "write it there, or take it out of \"variants\"");
            }
        }
    }

    /** Whether an entry's file can be looked for at all. */
    static boolean hasUsableFile(Exercise e) {
        return e.file() != null && FILE.matcher(e.file()).matches();
    }

    static List<Exercise> withUsableFiles(List<Exercise> exercises) {
        return exercises.stream().filter(CatalogRules::hasUsableFile).toList();
    }
}
