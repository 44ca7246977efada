package deepdrill.grader.dev;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.catalog.CatalogException;
import deepdrill.grader.catalog.Exercise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code grader dev check}: the conventions an exercise author must keep, checked from the sources
 * alone (nothing is compiled or run, so it answers in seconds), each problem with what to do about
 * it:
 *
 * <ul>
 *   <li>the catalog: well-formed, unique ids; week, title, difficulty, file and two hints; no
 *       field that is derived now ({@link CatalogRules});</li>
 *   <li>the twins: the stub and the solution exist, declare the same package, class, Javadoc and
 *       non-private signatures; every method the stub leaves to the learner still throws
 *       {@link deepdrill.grader.LearnerCode#STUB_MARKER}, and the solution has no such body
 *       ({@link TwinRules});</li>
 *   <li>the checks: every exercise has its check class where the convention puts it, with
 *       {@code @Test} tasks, and every check class belongs to an exercise ({@link CheckRules});</li>
 *   <li>the mutants: every file parses, is named after an exercise, each {@code replace} occurs
 *       exactly once in its solution file, and every exercise has two mutants, one diagnosed
 *       ({@link MutantRules});</li>
 *   <li>no {@value Scaffold#PLACEHOLDER} left from {@code grader dev new}, and the README's
 *       exercise table is the one the catalog makes ({@link ReadmeTable}).</li>
 * </ul>
 */
public final class DevCheck {

    /**
     * What a check found.
     *
     * @param problems  every problem, in the order above; empty when all is well
     * @param exercises the catalog's entries
     * @param mutants   the mutants read (realistic and planted)
     */
    public record Report(List<Problem> problems, int exercises, int mutants) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private DevCheck() {
    }

    /**
     * Checks a workspace. A file that is missing, unreadable JSON or Java that does not parse is a
     * problem like any other.
     *
     * @throws DevException only when this Java has no compiler to parse with (a JRE)
     */
    public static Report run(Workspace workspace) {
        DevLayout layout = new DevLayout(workspace);
        List<Problem> problems = new ArrayList<>();
        String catalog = layout.show(workspace.catalogFile());
        CatalogFile file;
        try {
            file = CatalogFile.read(workspace.catalogFile());
        } catch (DevException e) {
            problems.add(new Problem(catalog, e.getMessage(), "make it {\"exercises\": [ ... ]} again (git diff "
                    + "exercises/catalog.json shows what changed)"));
            return new Report(problems, 0, 0);
        }
        List<Exercise> exercises = readEntries(file, catalog, problems);
        Map<Path, JavaSource.Parsed> sources = JavaSource.parse(javaFiles(layout, exercises));
        Context context = new Context(layout, exercises, sources, problems);

        CatalogRules.check(context, file);
        TwinRules.check(context);
        List<Exercise> withTasks = CheckRules.check(context);
        guardAgainstTheGradersOwnRules(withTasks, catalog, problems);
        int mutants = MutantRules.check(context);
        Placeholders.check(context);
        readme(context);
        return new Report(List.copyOf(problems), exercises.size(), mutants);
    }

    /** What the rules share: where things are, the entries, the parsed sources, and the problems found so far. */
    record Context(DevLayout layout, List<Exercise> exercises, Map<Path, JavaSource.Parsed> sources, List<Problem> problems) {

        void problem(String where, String what, String fix) {
            problems.add(new Problem(where, what, fix));
        }

        /** The parsed source of a file that exists, or null after reporting why it cannot be parsed. */
        JavaSource source(Path file) {
            JavaSource.Parsed parsed = sources.get(file);
            if (parsed == null) {
                return null;
            }
            if (parsed.source() == null) {
                problem(layout.show(file), "does not parse: " + parsed.error(), "fix the syntax error javac names");
            }
            return parsed.source();
        }

        String show(Path file) {
            return layout.show(file);
        }
    }

    private static List<Exercise> readEntries(CatalogFile file, String catalog, List<Problem> problems) {
        List<Exercise> exercises = new ArrayList<>();
        List<JsonObject> entries = file.entries();
        for (int i = 0; i < entries.size(); i++) {
            String where = catalog + " (entry " + (i + 1) + ")";
            if (entries.get(i) == null) {
                problems.add(new Problem(where, "is not a JSON object", "remove it (a trailing comma, or a stray value?)"));
                continue;
            }
            try {
                Exercise e = CatalogFile.exercise(entries.get(i));
                exercises.add(e);
            } catch (JsonParseException e) {
                problems.add(new Problem(where, "a field has the wrong type: " + e.getMessage(),
                        "write week as a number, hints and variants as lists of strings, the rest as strings"));
            }
        }
        return exercises;
    }

    /** Every Java file the rules read, parsed in one go: twins, variants and checks. */
    private static List<Path> javaFiles(DevLayout layout, List<Exercise> exercises) {
        Set<Path> files = new LinkedHashSet<>();
        for (Exercise e : exercises) {
            if (e.file() != null && e.file().endsWith(".java")) {
                files.add(layout.stub(e.file()));
                files.add(layout.solution(e.file()));
            }
        }
        try (Stream<Path> walk = Files.exists(layout.checksPackage()) ? Files.walk(layout.checksPackage()) : Stream.empty()) {
            walk.filter(p -> p.toString().endsWith(".java") && !p.getParent().endsWith("support")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files.stream().filter(Files::isRegularFile).toList();
    }

    /**
     * The grader refuses a catalog with {@link Catalog}'s own rules; should they ever say more than
     * the rules here, the check says so rather than passing a catalog the grader would not load.
     */
    private static void guardAgainstTheGradersOwnRules(List<Exercise> withTasks, String catalog, List<Problem> problems) {
        try {
            new Catalog(withTasks);
        } catch (CatalogException e) {
            if (problems.isEmpty()) {
                problems.add(new Problem(catalog, e.getMessage(), "follow the grader's message; then add the rule "
                        + "it applies to deepdrill.grader.dev.CatalogRules, so that dev check explains it"));
            }
        }
    }

    private static void readme(Context context) {
        Path file = context.layout().readme();
        String where = context.show(file);
        String readme;
        try {
            readme = Files.readString(file);
        } catch (IOException e) {
            context.problem(where, "cannot be read (" + e.getMessage() + ")", "restore README.md (git checkout README.md)");
            return;
        }
        String table = ReadmeTable.render(context.exercises());
        ReadmeTable.replace(readme, table).ifPresentOrElse(updated -> {
            if (!updated.equals(readme)) {
                context.problem(where, "the exercise table is not the one exercises/catalog.json makes",
                        "run " + ReadmeTable.REGENERATE + " (the table between the markers is generated; edit the catalog instead)");
            }
        }, () -> context.problem(where, "has no exercise table markers (one " + ReadmeTable.BEGIN + " line, then one "
                + ReadmeTable.END + " line)", "put both marker lines where the table belongs, then run " + ReadmeTable.REGENERATE));
    }
}
