package deepdrill.grader.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The exercise files exactly as DeepDrill ships them, for {@code grader reset}: one copy of every
 * file under {@code exercises/src/main/java}, kept among the grader's class-path resources as
 * {@code grader-core/src/main/resources/pristine-stubs/<path>.txt} (for example
 * {@code pristine-stubs/deepdrill/week3/Conv2d.java.txt}).
 *
 * <p>Why a committed copy rather than one the build makes from {@code exercises/}: the learner edits
 * {@code exercises/}, and the grader rebuilds itself later (on its first run, and whenever its own
 * sources change), so a copy taken at build time could hold the learner's code and call it the
 * original. Why not the git history: a zip download has none, and picking the stub out of a history
 * that also holds the learner's commits is a guess. The copy is written only by maintainers (see
 * {@link #write}), and {@code PristineStubsTest} fails when it differs from the committed stubs.
 *
 * <p>Why one text file per stub rather than an archive: a change to a stub shows in review as a
 * readable diff, and two branches that change different stubs merge without a conflict. The
 * {@code .txt} ending keeps IDEs and compilers from taking the copies for a second set of classes.
 */
public final class PristineStubs {

    /** The resources' folder on the class path, and under {@code grader-core/src/main/resources}. */
    public static final String RESOURCE_FOLDER = "pristine-stubs";

    private static final String SUFFIX = ".txt";

    private final ClassLoader loader = PristineStubs.class.getClassLoader();

    /** The copies built into this grader. */
    public PristineStubs() {
    }

    /**
     * @param exerciseFile the file relative to {@code exercises/src/main/java}, with '/' separators
     *                     (as {@code Exercise.file()} names it)
     * @return the file as shipped, or empty when DeepDrill ships no such file
     */
    public Optional<String> find(String exerciseFile) throws IOException {
        try (InputStream in = loader.getResourceAsStream(RESOURCE_FOLDER + "/" + exerciseFile + SUFFIX)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Where a checkout keeps the copies (the resources' source, not the built class path). */
    public static Path sourceFolder(Path workspaceRoot) {
        return workspaceRoot.resolve("grader-core").resolve("src").resolve("main").resolve("resources")
                .resolve(RESOURCE_FOLDER);
    }

    /**
     * The exercise files that {@code folder} holds copies of, relative to the exercises' source
     * root, with '/' separators, in order; empty when the folder does not exist.
     */
    public static Set<String> listed(Path folder) throws IOException {
        Set<String> files = new TreeSet<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = slashed(folder.relativize(p));
                if (name.endsWith(SUFFIX)) {
                    files.add(name.substring(0, name.length() - SUFFIX.length()));
                }
            }
        }
        return files;
    }

    /** The copy of {@code exerciseFile} in {@code folder}. */
    public static Path copyIn(Path folder, String exerciseFile) {
        return folder.resolve(exerciseFile + SUFFIX);
    }

    /**
     * Makes {@code folder} hold exactly the files under {@code stubsRoot}, byte for byte: for
     * maintainers, after they change a stub (the project's tests run it when asked, see
     * {@code PristineStubsTest}). Never call it on a learner's files: whatever is in
     * {@code stubsRoot} becomes what {@code reset} restores.
     *
     * @return the exercise files whose copy was added, changed or removed
     */
    public static List<String> write(Path stubsRoot, Path folder) throws IOException {
        Set<String> stubs = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(stubsRoot)) {
            walk.filter(Files::isRegularFile).forEach(p -> stubs.add(slashed(stubsRoot.relativize(p))));
        }
        List<String> changed = new ArrayList<>();
        for (String stale : listed(folder)) {
            if (!stubs.contains(stale)) {
                Files.delete(copyIn(folder, stale));
                changed.add(stale);
            }
        }
        for (String stub : stubs) {
            Path source = stubsRoot.resolve(stub);
            Path copy = copyIn(folder, stub);
            if (Files.exists(copy) && Arrays.equals(Files.readAllBytes(copy), Files.readAllBytes(source))) {
                continue;
            }
            Files.createDirectories(copy.getParent());
            Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            changed.add(stub);
        }
        return changed;
    }

    private static String slashed(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
