package deepdrill.grader.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Copies of the learner's files taken before the grader replaces one, in
 * {@code .deepdrill/backups/<exercise>/}, named {@code <sequence>-<time>-<File>.java}. Backups are
 * never overwritten or deleted; the highest sequence number is the newest.
 */
public final class Backups {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final Path dir;

    public Backups(Path workspaceRoot) {
        this.dir = workspaceRoot.resolve(".deepdrill").resolve("backups");
    }

    /** Saves a copy of {@code file} for the exercise and returns where it went. */
    public Path save(String exerciseId, Path file) throws IOException {
        Path folder = dir.resolve(exerciseId);
        Files.createDirectories(folder);
        int next = latest(exerciseId).map(Backups::sequence).orElse(0) + 1;
        Path target = folder.resolve(String.format("%04d-%s-%s", next, LocalDateTime.now().format(STAMP), file.getFileName()));
        Files.copy(file, target);
        return target;
    }

    /** The newest backup of an exercise. */
    public Optional<Path> latest(String exerciseId) throws IOException {
        Path folder = dir.resolve(exerciseId);
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{4,}-.*"))
                    .max(Comparator.comparingInt(Backups::sequence));
        }
    }

    private static int sequence(Path backup) {
        String name = backup.getFileName().toString();
        return Integer.parseInt(name.substring(0, name.indexOf('-')));
    }

    /** Replaces {@code file} with {@code text} atomically: a crash leaves the old or the new file, never half. */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), ".deepdrill", ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
