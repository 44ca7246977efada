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
 * {@code .deepdrill/backups/<exercise>/}, named {@code <sequence>-<time>-<File>.java}, or
 * {@code <sequence>-<time>-before-undo-<File>.java} for the file an undo replaced. Backups are
 * never overwritten or deleted; the highest sequence number is the newest.
 *
 * <p>{@code reset --undo} brings back the newest backup taken by a reset, never one taken by an
 * undo: run twice, it does not step forward to the stub it just replaced.
 */
public final class Backups {

    private static final String BEFORE_UNDO = "before-undo-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final Path dir;

    public Backups(Path workspaceRoot) {
        this.dir = workspaceRoot.resolve(".deepdrill").resolve("backups");
    }

    /** Saves a copy of {@code file} before a reset replaces it, and returns where it went. */
    public Path save(String exerciseId, Path file) throws IOException {
        return save(exerciseId, file, "");
    }

    /** Saves a copy of {@code file} before an undo replaces it, and returns where it went. */
    public Path saveBeforeUndo(String exerciseId, Path file) throws IOException {
        return save(exerciseId, file, BEFORE_UNDO);
    }

    private Path save(String exerciseId, Path file, String kind) throws IOException {
        Path folder = dir.resolve(exerciseId);
        Files.createDirectories(folder);
        int next = all(exerciseId).map(Backups::sequence).max(Integer::compare).orElse(0) + 1;
        Path target = folder.resolve(String.format("%04d-%s-%s%s", next, LocalDateTime.now().format(STAMP), kind,
                file.getFileName()));
        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        return target;
    }

    /** The newest backup a reset took of an exercise: what {@code reset --undo} brings back. */
    public Optional<Path> latest(String exerciseId) throws IOException {
        try (Stream<Path> files = all(exerciseId)) {
            return files.filter(p -> !p.getFileName().toString().contains("-" + BEFORE_UNDO))
                    .max(Comparator.comparingInt(Backups::sequence));
        }
    }

    private Stream<Path> all(String exerciseId) throws IOException {
        Path folder = dir.resolve(exerciseId);
        if (!Files.isDirectory(folder)) {
            return Stream.empty();
        }
        return Files.list(folder).filter(p -> p.getFileName().toString().matches("\\d{4,}-.*"));
    }

    private static int sequence(Path backup) {
        String name = backup.getFileName().toString();
        return Integer.parseInt(name.substring(0, name.indexOf('-')));
    }

    /**
     * Replaces {@code file} with {@code text} atomically: a crash leaves the old or the new file,
     * never half. The file keeps its permissions (a new one gets rw-r--r--), not the temporary
     * file's rw-------.
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), ".deepdrill", ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(temp, Files.exists(file) ? Files.getPosixFilePermissions(file)
                    : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: there are no such permissions to keep.
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
