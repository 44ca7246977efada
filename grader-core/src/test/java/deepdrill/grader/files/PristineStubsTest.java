package deepdrill.grader.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.Implementation;
import deepdrill.grader.LearnerCode;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Exercise;
import deepdrill.grader.verify.Checking;
import deepdrill.grader.verify.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The originals that {@code grader reset} restores are the stubs DeepDrill ships: the copies in
 * {@code grader-core/src/main/resources/pristine-stubs} equal the files under
 * {@code exercises/src/main/java} as committed.
 *
 * <p>"As committed", because this test also runs in a learner's checkout, where the working files
 * are the learner's work: where git knows the checkout, a copy passes when it equals the committed
 * file or the working file (a maintainer who changed a stub and regenerated, before committing).
 * Without git (a zip download, some CI systems) only the working files are there, and they are
 * the shipped ones on a fresh checkout, which is where this test matters.
 *
 * <p>To regenerate the copies after changing a stub, run {@value #REGENERATE} and commit the
 * copies with the stubs.
 */
class PristineStubsTest {

    static final String REGENERATE = "DEEPDRILL_UPDATE_STUBS=1 ./mvnw -o -q -pl grader-core -am test "
            + "-Dtest=PristineStubsTest -Dsurefire.failIfNoSpecifiedTests=false";

    private static final String EXERCISES = "exercises/src/main/java/";
    private static final String FILE = "deepdrill/week9/Stub.java";

    private final Workspace workspace = Repo.workspace();
    private final Path stubs = workspace.sourceRoot(Implementation.EXERCISES);
    private final Path folder = PristineStubs.sourceFolder(workspace.root());

    @Test
    void theCopiesAreTheCommittedStubs() throws IOException {
        if (System.getenv("DEEPDRILL_UPDATE_STUBS") != null) {
            regenerate();
        }
        assertEquals(List.of(), problems(workspace.root(), catalogued()), "the originals that ./grader reset restores ("
                + workspace.display(folder) + ") are out of date. Regenerate them with\n    " + REGENERATE
                + "\nand commit them with the stubs. (In a copy without git where you edited an exercise yourself, "
                + "that edit is what differs: ./grader reset ID restores the stub and keeps your file as a backup.)");
    }

    @Test
    void withoutGitTheWorkingFilesCount(@TempDir Path dir) throws IOException {
        Path stub = shipped(dir);
        assertEquals(List.of(), problems(dir, Set.of(FILE)));
        Files.writeString(stub, "class Stub { /* changed */ }\n");
        assertEquals(List.of(EXERCISES + FILE + ": the copy differs from the file (this checkout has no git history, "
                + "so the working file counts)"), problems(dir, Set.of(FILE)));
    }

    @Test
    void withGitALearnersEditIsNotStalenessButACommittedChangeIs(@TempDir Path dir) throws Exception {
        Path stub = shipped(dir);
        git(dir, "init", "-q");
        git(dir, "add", ".");
        git(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "as shipped");
        Files.writeString(stub, "class Stub { int mine; }\n");
        Files.writeString(stub.resolveSibling("Scratch.java"), "class Scratch {}\n");
        assertEquals(List.of(), problems(dir, Set.of(FILE)), "the learner's edit and new file are not shipped stubs");

        git(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "a maintainer changed the stub");
        assertEquals(List.of(EXERCISES + FILE + ": the copy differs from the committed file"), problems(dir, Set.of(FILE)));
        PristineStubs.write(dir.resolve(EXERCISES), PristineStubs.sourceFolder(dir));
        Files.delete(stub.resolveSibling("Scratch.java"));
        assertEquals(List.of(EXERCISES + "deepdrill/week9/Scratch.java: a copy of a file that is not shipped (any more)"),
                problems(dir, Set.of(FILE)), "regenerated with a learner's file in the tree, then that file went");
    }

    /**
     * What is wrong with the copies of the workspace at {@code root}, one line per file; empty when
     * every shipped file has its copy, equal to the committed or the working file, and no copy is of
     * a file that is not shipped.
     *
     * @param catalogued the exercises' files, which must have a copy even before their first commit
     */
    static List<String> problems(Path root, Set<String> catalogued) throws IOException {
        Path stubs = root.resolve(EXERCISES);
        Path folder = PristineStubs.sourceFolder(root);
        Optional<Committed> git = Committed.read(root);
        Set<String> copies = PristineStubs.listed(folder);
        Set<String> working = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(stubs)) {
            walk.filter(Files::isRegularFile).forEach(p -> working.add(stubs.relativize(p).toString().replace('\\', '/')));
        }
        Set<String> expected = new TreeSet<>(catalogued);
        if (git.isPresent()) {
            // A learner's own new file is not shipped; a maintainer's, not committed yet, is once copied.
            expected.addAll(git.get().files());
            copies.stream().filter(working::contains).forEach(expected::add);
        } else {
            expected.addAll(working);
        }

        List<String> problems = new ArrayList<>();
        for (String file : expected) {
            if (!copies.contains(file)) {
                // A file removed and its copy too, the removal not committed yet, is consistent.
                boolean beingRemoved = git.isPresent() && !working.contains(file) && !catalogued.contains(file);
                if (!beingRemoved) {
                    problems.add(EXERCISES + file + ": no copy");
                }
                continue;
            }
            String copy = normalised(Files.readString(PristineStubs.copyIn(folder, file), StandardCharsets.UTF_8));
            Path current = stubs.resolve(file);
            boolean matchesWorking = Files.isRegularFile(current)
                    && copy.equals(normalised(Files.readString(current, StandardCharsets.UTF_8)));
            boolean matchesCommitted = git.flatMap(g -> g.text(file)).map(PristineStubsTest::normalised)
                    .filter(copy::equals).isPresent();
            if (!matchesWorking && !matchesCommitted) {
                problems.add(EXERCISES + file + ": the copy differs from the " + (git.isPresent() ? "committed file"
                        : "file (this checkout has no git history, so the working file counts)"));
            }
        }
        for (String copy : copies) {
            if (!expected.contains(copy)) {
                problems.add(EXERCISES + copy + ": a copy of a file that is not shipped (any more)");
            }
        }
        return problems;
    }

    /** A workspace at {@code dir} with one stub, {@value #FILE}, and its copy; returns the stub. */
    private static Path shipped(Path dir) throws IOException {
        Path stub = dir.resolve(EXERCISES).resolve(FILE);
        Files.createDirectories(stub.getParent());
        Files.writeString(stub, "class Stub {}\n");
        PristineStubs.write(dir.resolve(EXERCISES), PristineStubs.sourceFolder(dir));
        return stub;
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), "git " + String.join(" ", args));
    }

    private static Set<String> catalogued() {
        Set<String> files = new TreeSet<>();
        Checking.catalog().exercises().forEach(e -> files.add(e.file()));
        return files;
    }

    @Test
    void theGraderFindsEveryExerciseOriginalOnItsClassPath() throws IOException {
        PristineStubs built = new PristineStubs();
        for (Exercise exercise : Checking.catalog().exercises()) {
            Path copy = PristineStubs.copyIn(folder, exercise.file());
            Optional<String> found = built.find(exercise.file());
            assertTrue(found.isPresent(), exercise.id() + ": " + exercise.file() + " is not among the built resources");
            assertEquals(Files.readString(copy, StandardCharsets.UTF_8), found.get(),
                    exercise.id() + ": the built copy is the source's");
            assertTrue(LearnerCode.hasStubBody(found.get()),
                    exercise.id() + ": the original is a stub, with a body still to write");
        }
        assertEquals(Optional.empty(), built.find("deepdrill/week3/NoSuchExercise.java"));
    }

    @Test
    void writingMirrorsTheStubsAndRemovesCopiesOfFilesThatAreGone(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("stubs");
        Path copies = dir.resolve("copies");
        Files.createDirectories(root.resolve("deepdrill/week9"));
        Files.writeString(root.resolve("deepdrill/week9/Kept.java"), "class Kept {}\n");
        Files.writeString(root.resolve("deepdrill/week9/Gone.java"), "class Gone {}\n");
        assertEquals(List.of("deepdrill/week9/Gone.java", "deepdrill/week9/Kept.java"), PristineStubs.write(root, copies));

        Files.delete(root.resolve("deepdrill/week9/Gone.java"));
        Files.writeString(root.resolve("deepdrill/week9/Kept.java"), "class Kept { int changed; }\n");
        assertEquals(List.of("deepdrill/week9/Gone.java", "deepdrill/week9/Kept.java"), PristineStubs.write(root, copies));
        assertEquals(Set.of("deepdrill/week9/Kept.java"), PristineStubs.listed(copies));
        assertEquals("class Kept { int changed; }\n",
                Files.readString(PristineStubs.copyIn(copies, "deepdrill/week9/Kept.java"), StandardCharsets.UTF_8));
        assertEquals(List.of(), PristineStubs.write(root, copies), "nothing changed, nothing written");
    }

    /**
     * Copies the working stubs, for maintainers; refuses when an exercise's file has no stub body
     * left, which is a solved exercise (a learner's work, or a solution pasted by mistake), never
     * an original.
     */
    private void regenerate() throws IOException {
        for (Exercise exercise : Checking.catalog().exercises()) {
            Path file = stubs.resolve(exercise.file());
            assertTrue(Files.isRegularFile(file) && LearnerCode.hasStubBody(Files.readString(file, StandardCharsets.UTF_8)),
                    workspace.display(file) + " is not an untouched stub (no \"" + LearnerCode.STUB_MARKER
                            + "\" body left), so it cannot be the original; nothing was regenerated");
        }
        List<String> changed = PristineStubs.write(stubs, folder);
        System.out.println("Regenerated " + changed.size() + " original(s) in " + workspace.display(folder)
                + (changed.isEmpty() ? "" : ": " + String.join(", ", changed)));
        assertFalse(PristineStubs.listed(folder).isEmpty(), "the exercises' sources are empty");
    }

    /** Git may check text files out with CRLF (core.autocrlf), while the committed blobs hold LF. */
    private static String normalised(String text) {
        return text.replace("\r\n", "\n");
    }

    /** The exercise files at HEAD, when the workspace is the top of a git work tree. */
    private record Committed(Path root, Set<String> files) {

        static Optional<Committed> read(Path root) {
            Optional<String> top = git(root, "rev-parse", "--show-toplevel");
            try {
                if (top.isEmpty() || !Files.isSameFile(Path.of(top.get().strip()), root)) {
                    return Optional.empty();
                }
            } catch (IOException e) {
                return Optional.empty();
            }
            return git(root, "ls-tree", "-r", "--name-only", "--full-name", "HEAD", "--", EXERCISES).map(listing -> {
                Set<String> files = new TreeSet<>();
                for (String line : listing.split("\n")) {
                    if (line.startsWith(EXERCISES)) {
                        files.add(line.substring(EXERCISES.length()));
                    }
                }
                return new Committed(root, files);
            });
        }

        Optional<String> text(String file) {
            return files.contains(file) ? git(root, "show", "HEAD:" + EXERCISES + file) : Optional.empty();
        }

        private static Optional<String> git(Path root, String... args) {
            List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
            command.addAll(List.of(args));
            try {
                Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    return Optional.empty();
                }
                return Optional.of(new String(out, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
