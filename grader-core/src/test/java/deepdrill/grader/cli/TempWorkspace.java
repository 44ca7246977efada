package deepdrill.grader.cli;

import deepdrill.grader.verify.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A throw-away workspace for CLI tests: a copy of the exercises (so a test may break one), links to
 * the real solutions and grader build. The real checkout's progress and classes stay untouched.
 */
final class TempWorkspace {

    private TempWorkspace() {
    }

    static Path create(Path dir) throws IOException {
        Path real = Repo.workspace().root();
        copyTree(real.resolve("exercises/src"), dir.resolve("exercises/src"));
        Files.copy(real.resolve("exercises/catalog.json"), dir.resolve("exercises/catalog.json"));
        Files.createSymbolicLink(dir.resolve("solutions"), real.resolve("solutions"));
        Files.createSymbolicLink(dir.resolve("grader-core"), real.resolve("grader-core"));
        return dir;
    }

    /** Removes the links again, so that JUnit's clean-up of the temporary directory has nothing to warn about. */
    static void unlink(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve("solutions"));
        Files.deleteIfExists(dir.resolve("grader-core"));
    }

    /** Replaces {@code text} (which must occur) in a file of the workspace. */
    static void edit(Path file, String text, String replacement) throws IOException {
        String source = Files.readString(file, StandardCharsets.UTF_8);
        if (!source.contains(text)) {
            throw new IllegalStateException(file + " does not contain " + text);
        }
        Files.writeString(file, source.replace(text, replacement), StandardCharsets.UTF_8);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
