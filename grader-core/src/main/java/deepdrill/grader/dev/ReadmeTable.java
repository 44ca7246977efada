package deepdrill.grader.dev;

import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Exercise;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The README's table of exercises, generated from the catalog between two markers, so that the
 * README lists exactly what the grader serves:
 *
 * <pre>
 *   &lt;!-- exercises:begin (generated from exercises/catalog.json: ./grader dev readme) --&gt;
 *   | id | week | title | difficulty |
 *   ...
 *   &lt;!-- exercises:end --&gt;
 * </pre>
 *
 * Everything outside the markers is the README's own.
 */
public final class ReadmeTable {

    public static final String BEGIN = "<!-- exercises:begin (generated from exercises/catalog.json: ./grader dev readme) -->";
    public static final String END = "<!-- exercises:end -->";
    /** What a stale table tells the author to run. */
    public static final String REGENERATE = "./grader dev readme";

    private static final String BEGIN_PREFIX = "<!-- exercises:begin";

    private ReadmeTable() {
    }

    /** The table, markers included, for exercises in catalog order. */
    public static String render(List<Exercise> exercises) {
        StringBuilder s = new StringBuilder(BEGIN).append("\n\n");
        s.append("| id | week | title | difficulty |\n|---|---|---|---|\n");
        for (Exercise e : exercises) {
            s.append("| `").append(e.id()).append("` | ").append(e.week()).append(" | ")
                    .append(cell(e.title())).append(" | ").append(e.difficulty()).append(" |\n");
        }
        return s.append('\n').append(END).toString();
    }

    /** A table cell: a '|' would end it, so it is escaped. */
    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|");
    }

    /**
     * The README with its table replaced by {@code table}, or empty when the README has no pair of
     * markers (one begin line, then one end line).
     */
    static Optional<String> replace(String readme, String table) {
        int begin = readme.indexOf(BEGIN_PREFIX);
        if (begin < 0 || readme.indexOf(BEGIN_PREFIX, begin + 1) >= 0) {
            return Optional.empty();
        }
        int end = readme.indexOf(END, begin);
        if (end < 0 || readme.indexOf(END, end + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(readme.substring(0, begin) + table + readme.substring(end + END.length()));
    }

    /** The outcome of {@link #regenerate}. */
    public enum Outcome { UPDATED, UNCHANGED }

    /**
     * Rewrites the table in the workspace's README from its catalog.
     *
     * @throws DevException when the catalog cannot be read or the README has no markers
     */
    public static Outcome regenerate(Workspace workspace) {
        DevLayout layout = new DevLayout(workspace);
        List<Exercise> exercises = CatalogFile.read(workspace.catalogFile()).exercises();
        Path file = layout.readme();
        try {
            String readme = Files.readString(file, StandardCharsets.UTF_8);
            String updated = replace(readme, render(exercises)).orElseThrow(() -> new DevException(DevException.Kind.USAGE,
                    layout.show(file) + " has no exercise table markers: put the lines\n  " + BEGIN + "\n  " + END
                    + "\nwhere the table belongs, then run " + REGENERATE + " again"));
            if (updated.equals(readme)) {
                return Outcome.UNCHANGED;
            }
            Files.writeString(file, updated, StandardCharsets.UTF_8);
            return Outcome.UPDATED;
        } catch (IOException e) {
            throw new DevException(DevException.Kind.INTERNAL, "cannot update " + layout.show(file) + ": " + e.getMessage());
        }
    }
}
