package deepdrill.grader.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatcherTest {

    @Test
    void anEditorsWriteRenameTouchBurstIsOneChange(@TempDir Path root) throws Exception {
        Path pkg = Files.createDirectories(root.resolve("deepdrill/week3"));
        Path file = Files.writeString(pkg.resolve("Conv2d.java"), "class Conv2d {}");
        BlockingQueue<Set<Path>> changes = new LinkedBlockingQueue<>();
        try (FileWatcher watcher = new FileWatcher(root, (changed, at) -> changes.add(changed))) {
            Path temp = Files.writeString(pkg.resolve(".Conv2d.java.swp"), "class Conv2d { int x; }");
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(file, "class Conv2d { int x; int y; }");
            Files.writeString(pkg.resolve("notes.txt"), "not a source");
            assertEquals(Set.of(file), changes.poll(20, TimeUnit.SECONDS));
            assertNull(changes.poll(1, TimeUnit.SECONDS), "one burst, one re-check");
        }
    }

    @Test
    void directoriesCreatedLaterAreWatched(@TempDir Path root) throws Exception {
        BlockingQueue<Set<Path>> changes = new LinkedBlockingQueue<>();
        try (FileWatcher watcher = new FileWatcher(root, (changed, at) -> changes.add(changed))) {
            Path pkg = Files.createDirectories(root.resolve("deepdrill/week4"));
            Thread.sleep(500);
            Path file = Files.writeString(pkg.resolve("Iou.java"), "class Iou {}");
            Set<Path> seen = changes.poll(20, TimeUnit.SECONDS);
            while (seen != null && !seen.contains(file)) {
                seen = changes.poll(20, TimeUnit.SECONDS);
            }
            assertEquals(true, seen != null && seen.contains(file));
        }
    }
}
