package deepdrill.grader.runner;

import deepdrill.grader.LearnerCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two class paths of a check JVM: the system class path, which learner code sees (the
 * learner's libraries and {@link ChildBoot}, copied alone into {@code boot/} of the JVM's private
 * directory), and the grader's, loaded by {@link ChildBoot} in a loader of its own.
 *
 * <p>The boot class is written afresh for every JVM into a new directory that only the grader's
 * user can enter, so that nothing a previous run left behind can stand in for it.
 */
record ChildClassPath(List<String> system, List<String> grader) {

    static ChildClassPath of(List<String> graderClassPath, Path privateDir) {
        List<String> system = new ArrayList<>();
        system.add(boot(privateDir).toString());
        system.addAll(LearnerCode.libraries(graderClassPath));
        return new ChildClassPath(system, List.copyOf(graderClassPath));
    }

    /** Writes {@link ChildBoot}'s class file under {@code privateDir/boot}. */
    private static Path boot(Path privateDir) {
        String resource = ChildBoot.class.getName().replace('.', '/') + ".class";
        Path dir = privateDir.resolve("boot");
        try (InputStream in = ChildBoot.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the grader's classes lack " + resource);
            }
            Path file = dir.resolve(resource);
            Files.createDirectories(file.getParent());
            Files.write(file, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the check JVM's boot class under " + dir + ": "
                    + e.getMessage(), e);
        }
        return dir;
    }
}
