package deepdrill.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where things are in a DeepDrill checkout. The {@code grader} launcher passes the root as
 * {@code -Ddeepdrill.home}; tests pass it explicitly.
 */
public record Workspace(Path root) {

    public Workspace {
        root = root.toAbsolutePath().normalize();
    }

    /** The workspace named by {@code -Ddeepdrill.home}, or the current directory. */
    public static Workspace fromSystem() {
        return new Workspace(Path.of(System.getProperty("deepdrill.home", ".")));
    }

    public Path catalogFile() {
        return root.resolve("exercises").resolve("catalog.json");
    }

    /** The source root of one implementation, for example {@code exercises/src/main/java}. */
    public Path sourceRoot(Implementation implementation) {
        return root.resolve(implementation.directory()).resolve("src").resolve("main").resolve("java");
    }

    /** Where the grader compiles an implementation; kept apart from the IDE's and Maven's output. */
    public Path classesDir(Implementation implementation) {
        return root.resolve(".deepdrill").resolve("classes").resolve(implementation.directory());
    }

    /** The learner's progress, inside the workspace (see {@link deepdrill.grader.progress.ProgressStore}). */
    public Path progressFile() {
        return root.resolve(".deepdrill").resolve("progress.json");
    }

    /** The path of a file relative to the workspace root, as shown to the learner. */
    public String display(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }

    /**
     * What exercises compile against, and all that their classes see at run time: ND4J and the
     * libraries it needs ({@link LearnerCode#libraries}), but neither the grader's own classes, nor
     * DeepDrill's other modules, nor the grader-only libraries (DJL, JUnit, ...), so that an exercise
     * cannot call the checks, the oracles, PyTorch or the data sets the checks draw from.
     */
    public List<String> exerciseClassPath() {
        return LearnerCode.libraries(graderClassPath()).stream()
                .filter(entry -> !Path.of(entry).startsWith(root))
                .toList();
    }

    /**
     * The grader's own class path (its classes and runtime dependencies, never an implementation),
     * as written by the build to {@code grader-core/target/runtime-classpath.txt}.
     */
    public List<String> graderClassPath() {
        Path target = root.resolve("grader-core").resolve("target");
        Path listing = target.resolve("runtime-classpath.txt");
        List<String> entries = new ArrayList<>();
        entries.add(target.resolve("classes").toString());
        try {
            for (String entry : Files.readString(listing, StandardCharsets.UTF_8).trim().split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the grader is not built (" + listing + " is missing); run ./grader again "
                    + "or ./mvnw -DskipTests package", e);
        }
        return entries;
    }
}
