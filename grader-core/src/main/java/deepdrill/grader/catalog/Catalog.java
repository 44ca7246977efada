package deepdrill.grader.catalog;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ordered list of exercises, read from {@code exercises/catalog.json}.
 *
 * <p>The file is a JSON object {@code {"exercises": [ ... ]}}; every field of an entry is
 * described on {@link Exercise}. Order matters: it is the order in which the exercises are
 * listed, graded and suggested as "next".
 */
public final class Catalog {

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Set<String> DIFFICULTIES = Set.of("easy", "medium", "hard");

    private final List<Exercise> exercises;

    public Catalog(List<Exercise> exercises) {
        this.exercises = List.copyOf(exercises);
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new CatalogException("the exercise catalog is invalid:\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * Reads and validates the catalog file; each exercise's tasks are read from its check class,
     * found on the grader's own class path.
     */
    public static Catalog load(Path file) {
        return load(file, Catalog.class.getClassLoader());
    }

    /** As {@link #load(Path)}, with the checks looked up through {@code checks}. */
    public static Catalog load(Path file, ClassLoader checks) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Manifest manifest = new Gson().fromJson(reader, Manifest.class);
            if (manifest == null || manifest.exercises == null) {
                throw new CatalogException(file + " has no \"exercises\" list");
            }
            List<Exercise> exercises = new ArrayList<>();
            for (Exercise entry : manifest.exercises) {
                if (entry == null) {
                    throw new CatalogException(file + ": an entry of \"exercises\" is empty (a trailing comma?)");
                }
                List<String> tasks = entry.file() == null ? List.of() : CheckTasks.of(entry.check(), checks)
                        .map(list -> list.stream().map(CheckTasks.Task::name).toList()).orElse(List.of());
                exercises.add(entry.withTasks(tasks));
            }
            return new Catalog(exercises);
        } catch (IOException e) {
            throw new CatalogException("cannot read the exercise catalog " + file + ": " + e.getMessage());
        } catch (JsonParseException e) {
            throw new CatalogException(file + " is not valid JSON: " + e.getMessage());
        }
    }

    public List<Exercise> exercises() {
        return exercises;
    }

    public Optional<Exercise> find(String id) {
        return exercises.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /**
     * Resolves command-line targets, in catalog order and without repeats: {@code all},
     * {@code weekN}, or exercise ids. A week that has no exercises yet resolves to nothing.
     *
     * @throws CatalogException naming the first target that matches nothing, with the closest id
     */
    public List<Exercise> resolve(List<String> targets) {
        Set<Exercise> chosen = new LinkedHashSet<>();
        for (String target : targets) {
            List<Exercise> matched = match(target);
            if (matched.isEmpty() && !target.matches("week[1-4]")) {
                throw new CatalogException(unknownTargetMessage(target));
            }
            chosen.addAll(matched);
        }
        return exercises.stream().filter(chosen::contains).toList();
    }

    private List<Exercise> match(String target) {
        if (target.equals("all")) {
            return exercises;
        }
        if (target.matches("week[0-9]+")) {
            return exercises.stream().filter(e -> e.weekName().equals(target)).toList();
        }
        return find(target).map(List::of).orElse(List.of());
    }

    private String unknownTargetMessage(String target) {
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (Exercise e : exercises) {
            int d = EditDistance.between(target, e.id());
            if (d < best) {
                best = d;
                closest = e.id();
            }
        }
        StringBuilder message = new StringBuilder("unknown exercise or week '" + target + "'.");
        if (closest != null && best <= Math.max(2, target.length() / 3)) {
            message.append(" Did you mean '").append(closest).append("'?");
        }
        message.append(" Run './grader list' to see every exercise id.");
        return message.toString();
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Exercise e : exercises) {
            String where = "exercise '" + e.id() + "'";
            if (e.id() == null || !ID.matcher(e.id()).matches()) {
                problems.add(where + ": the id must be kebab-case (lower-case words joined by '-')");
            } else if (!ids.add(e.id())) {
                problems.add(where + ": the id is used twice");
            }
            if (e.week() < 1 || e.week() > 4) {
                problems.add(where + ": week must be 1 to 4, not " + e.week());
            }
            if (e.title() == null || e.title().isBlank()) {
                problems.add(where + ": the title is empty");
            }
            if (!DIFFICULTIES.contains(e.difficulty())) {
                problems.add(where + ": difficulty must be one of " + DIFFICULTIES);
            }
            if (e.file() == null || !e.file().endsWith(".java")) {
                problems.add(where + ": file must name the .java file to edit");
            }
            if (e.file() != null && e.tasks().isEmpty()) {
                problems.add(where + ": its check " + e.check() + " has no @Test methods, or is not built "
                        + "(it belongs in grader-core/src/main/java/" + e.check().replace('.', '/') + ".java)");
            }
            if (e.hints().size() < 2 || e.hints().stream().anyMatch(h -> h == null || h.isBlank())) {
                problems.add(where + ": needs at least two non-empty hints");
            }
        }
        return problems;
    }

    /** The JSON document's top level, as Gson reads it. */
    private static final class Manifest {
        List<Exercise> exercises;
    }
}
