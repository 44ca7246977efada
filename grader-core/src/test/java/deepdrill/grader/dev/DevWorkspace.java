package deepdrill.grader.dev;

import deepdrill.grader.Workspace;
import deepdrill.grader.verify.FileTrees;
import deepdrill.grader.verify.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A copy of what the author's tools read and write (catalog, stubs, solutions, checks, mutant files,
 * README), so that a test may break or extend it; the real checkout is never touched. Build output
 * is left out: dev check reads sources only.
 */
public final class DevWorkspace {

    private static final List<String> COPIED = List.of("exercises/catalog.json", "exercises/src/main/java",
            "solutions/src/main/java", "grader-core/src/main/java/deepdrill/grader/checks",
            DevLayout.MUTANTS, DevLayout.PLANTED, "README.md");

    public final Path root;
    public final Workspace workspace;

    private DevWorkspace(Path root) {
        this.root = root;
        this.workspace = new Workspace(root);
    }

    public static DevWorkspace copy(Path dir) throws IOException {
        Path real = Repo.workspace().root();
        for (String part : COPIED) {
            FileTrees.copy(real.resolve(part), dir.resolve(part));
        }
        return new DevWorkspace(dir);
    }

    public Path file(String relative) {
        return root.resolve(relative);
    }

    public String read(String relative) throws IOException {
        return Files.readString(file(relative), StandardCharsets.UTF_8);
    }

    public void write(String relative, String text) throws IOException {
        Files.createDirectories(file(relative).getParent());
        Files.writeString(file(relative), text, StandardCharsets.UTF_8);
    }

    /** Replaces {@code text}, which must occur exactly once, in a file of the copy. */
    void edit(String relative, String text, String replacement) throws IOException {
        String source = read(relative);
        if (MutantFile.occurrences(source, text) != 1) {
            throw new IllegalStateException(relative + " does not contain exactly one " + text);
        }
        write(relative, source.replace(text, replacement));
    }

    /** Every file of the copy with its content, to prove that a refused command wrote nothing. */
    public Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    DevCheck.Report check() {
        return DevCheck.run(workspace);
    }
}
