package deepdrill.grader.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Watches a source tree with the JDK's {@link WatchService} and reports saved {@code .java}
 * files, a burst at a time: events are collected until the tree has been quiet for
 * {@link #QUIET_MILLIS}, so an editor that writes a temporary file, renames it over the original
 * and touches it again triggers one re-check. Hidden files and editor backups are ignored;
 * directories created later are watched too.
 */
public final class FileWatcher implements AutoCloseable {

    static final long QUIET_MILLIS = 150;

    private final Path root;
    private final WatchService service;
    private final Map<WatchKey, Path> directories = new HashMap<>();
    private final Thread thread;

    /**
     * @param onChange receives the changed files, in the order they were first seen, and the
     *                 {@link System#nanoTime()} of the burst's first event (when the learner saved)
     */
    public FileWatcher(Path root, BiConsumer<Set<Path>, Long> onChange) throws IOException {
        this.root = root;
        this.service = FileSystems.getDefault().newWatchService();
        registerTree(root);
        thread = new Thread(() -> loop(onChange), "deepdrill-file-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(BiConsumer<Set<Path>, Long> onChange) {
        try {
            while (true) {
                Set<Path> changed = new LinkedHashSet<>();
                WatchKey first = service.take();
                long firstSeen = System.nanoTime();
                collect(first, changed);
                WatchKey more;
                while ((more = service.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    collect(more, changed);
                }
                if (!changed.isEmpty()) {
                    onChange.accept(changed, firstSeen);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed: the watch is over.
        }
    }

    private void collect(WatchKey key, Set<Path> changed) {
        Path dir = directories.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW || dir == null) {
                continue;
            }
            Path path = dir.resolve((Path) event.context());
            if (event.kind() == ENTRY_CREATE && Files.isDirectory(path)) {
                // Files may have landed in the new directory before it was watched.
                changed.addAll(registerTree(path));
            } else if (isSource(path)) {
                changed.add(path);
            }
        }
        if (!key.reset()) {
            directories.remove(key);
        }
    }

    static boolean isSource(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".java") && !name.startsWith(".") && !name.startsWith("#") && Files.isRegularFile(path);
    }

    /**
     * Watches every directory under {@code dir}; returns the sources already there. Each directory
     * is registered before its entries are listed, so a subdirectory created meanwhile is either
     * listed or reported by an event: never missed.
     */
    private List<Path> registerTree(Path dir) {
        List<Path> sources = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attributes) throws IOException {
                    directories.put(d.register(service, ENTRY_CREATE, ENTRY_MODIFY), d);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (isSource(file)) {
                        sources.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // Deleted while we looked: nothing to watch there.
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + root, e);
        }
        return sources;
    }

    @Override
    public void close() throws IOException {
        service.close();
        thread.interrupt();
    }
}
