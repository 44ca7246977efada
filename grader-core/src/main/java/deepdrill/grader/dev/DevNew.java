package deepdrill.grader.dev;

import deepdrill.grader.Workspace;
import deepdrill.grader.files.PristineStubs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code grader dev new}: scaffolds a new exercise ({@link Scaffold}) and adds it to the catalog, at
 * the end of its week, and to the README's table. It refuses, before writing anything, a malformed
 * or taken id, a week outside the curriculum, and any file that is already there: it never
 * overwrites.
 */
public final class DevNew {

    /**
     * What was done.
     *
     * @param created the new files, relative to the workspace, in the order an author fills them in
     * @param check   the check's class, which the grader is rebuilt with on its next start
     * @param readme  whether the README's table was regenerated, or why not
     */
    public record Result(List<String> created, String check, String readme) {
    }

    private DevNew() {
    }

    /**
     * @param difficulty {@code easy}, {@code medium} or {@code hard}
     * @param section    the part of the week it joins (placed after that section's last entry), or null
     * @param hints      the hints, from gentle to nearly the answer; placeholders make up two
     * @throws DevException {@link DevException.Kind#USAGE} for a request it refuses (nothing written),
     *                      {@link DevException.Kind#INTERNAL} when writing fails (what it wrote is removed)
     */
    public static Result create(Workspace workspace, String id, int week, String title, String difficulty,
            String section, List<String> hints) {
        DevLayout layout = new DevLayout(workspace);
        refuseBadRequests(id, week, title, difficulty);
        if (hints.stream().anyMatch(h -> h == null || h.isBlank())) {
            throw usage("a --hint is empty: each hint is a sentence that helps (or leave the hints out and write them later)");
        }
        CatalogFile catalog = CatalogFile.read(workspace.catalogFile());
        if (catalog.hasId(id)) {
            throw usage("'" + id + "' is already an exercise in exercises/catalog.json; choose another id "
                    + "(./grader list shows the ones taken)");
        }
        Scaffold scaffold = new Scaffold(id, week, title);
        String file = ExerciseNames.file(id, week);
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(layout.stub(file), scaffold.stub());
        // The original that ./grader reset restores, kept fresh by PristineStubsTest from now on.
        files.put(PristineStubs.copyIn(PristineStubs.sourceFolder(workspace.root()), file), scaffold.stub());
        files.put(layout.solution(file), scaffold.solution());
        files.put(layout.root().resolve(scaffold.checkPath()), scaffold.check());
        files.put(layout.mutants(id), scaffold.mutants());
        List<String> existing = files.keySet().stream().filter(Files::exists).map(layout::show).toList();
        if (!existing.isEmpty()) {
            throw usage("will not overwrite " + String.join(", ", existing) + "; remove " + (existing.size() == 1 ? "it" : "them")
                    + " first, or choose another id");
        }

        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<Path, String> f : files.entrySet()) {
                Files.createDirectories(f.getKey().getParent());
                // CREATE_NEW: a file that appeared since the check above is still never overwritten.
                Files.writeString(f.getKey(), f.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                written.add(f.getKey());
            }
            catalog.add(scaffold.entry(difficulty, section == null || section.isBlank() ? null : section.strip(), hints), week);
            catalog.write();
        } catch (IOException e) {
            for (Path p : written) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the message below names the files, so the author can remove what is left
                }
            }
            String why = e instanceof FileAlreadyExistsException ? "appeared while writing" : "could not be written (" + e.getMessage() + ")";
            throw new DevException(DevException.Kind.INTERNAL, e.getMessage() + " " + why + "; nothing was added");
        }
        String readme;
        try {
            readme = ReadmeTable.regenerate(workspace) == ReadmeTable.Outcome.UPDATED
                    ? "README.md: its exercise table has the new row" : "README.md: its exercise table was already up to date";
        } catch (DevException e) {
            readme = "README.md not updated: " + e.getMessage();
        }
        List<String> created = new ArrayList<>(files.keySet().stream().map(layout::show).toList());
        created.add(layout.show(workspace.catalogFile()) + " (entry added)");
        String checkClass = "deepdrill.grader.checks.week" + week + "." + ExerciseNames.className(id) + "Check";
        return new Result(List.copyOf(created), checkClass, readme);
    }

    private static void refuseBadRequests(String id, int week, String title, String difficulty) {
        if (id == null || !ExerciseNames.NEW_ID.matcher(id).matches()) {
            throw usage("'" + id + "' is not an exercise id: write it in kebab-case, lower-case words and digits joined "
                    + "by '-', starting with a letter (for example smooth-l1); it also names the class (SmoothL1)");
        }
        if (!ExerciseNames.WEEKS.contains(week)) {
            throw usage("there is no week " + week + ": the curriculum has weeks " + ExerciseNames.WEEKS.get(0) + " to "
                    + ExerciseNames.WEEKS.get(ExerciseNames.WEEKS.size() - 1));
        }
        if (title == null || title.isBlank()) {
            throw usage("the title is empty: give the short title a learner sees in ./grader list, with --title");
        }
        if (title.contains("*/") || title.contains("\n") || title.contains(Scaffold.PLACEHOLDER)) {
            throw usage("the title must be one line of plain text (it goes into the Javadoc and the README table)");
        }
        if (!ExerciseNames.DIFFICULTIES.contains(difficulty)) {
            throw usage("difficulty '" + difficulty + "' is not one of " + ExerciseNames.DIFFICULTIES);
        }
    }

    private static DevException usage(String message) {
        return new DevException(DevException.Kind.USAGE, message);
    }
}
