package deepdrill.grader.runner;

import deepdrill.grader.jvm.JavaLauncher;
import deepdrill.grader.protocol.ChildEvent;
import deepdrill.grader.protocol.ChildProperties;
import deepdrill.grader.protocol.EventCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One forked JVM running {@link ChildMain}, with the grader's class path.
 *
 * <p>Requests and events travel over a Unix-domain socket that the JVM connects to as its first
 * act, before any learner class is loaded; the grader accepts that one connection and deletes the
 * socket's path, so nothing started later can connect. Learner code cannot write to the connection
 * either: Java gives no way to wrap a socket's file descriptor by number, and the connection's
 * objects live only on the stack of the JVM's main thread. Standard output and error are therefore
 * the learner's alone: they are counted ("stray" bytes: writes around {@code System.out}) and the
 * last few kilobytes are kept for crash reports.
 */
final class ChildJvm implements AutoCloseable {

    private static final int STRAY_KEPT_CHARS = 8 * 1024;
    private static final String END = "\u0000end";

    private final Process process;
    private final String mark;
    private final ServerSocketChannel server;
    private final Path socketDir;
    private final CountDownLatch connected = new CountDownLatch(1);
    private volatile OutputStream requests;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stray = new StringBuilder();
    private long strayBytes;
    private final java.util.Set<String> syncSeen = new java.util.HashSet<>();

    private ChildJvm(Process process, String mark, ServerSocketChannel server, Path socketDir) {
        this.process = process;
        this.mark = mark;
        this.server = server;
        this.socketDir = socketDir;
        daemon(this::pumpEvents, "deepdrill-child-events");
        daemon(this::pumpStray, "deepdrill-child-output");
        // A JVM that dies before it connects would leave the accepting thread waiting forever.
        process.onExit().thenRun(() -> {
            if (connected.getCount() > 0) {
                closeQuietly(server);
            }
        });
    }

    private static void daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts a check JVM with the grader's class path; the classes under test come with each run. */
    static ChildJvm start(List<String> graderClassPath, RunOptions options) {
        Path socketDir = null;
        ServerSocketChannel server = null;
        try {
            // The system's temporary directory keeps the path short (a socket path has ~100 bytes at most).
            socketDir = Files.createTempDirectory("deepdrill-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path socket = socketDir.resolve("events");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            String mark = UUID.randomUUID().toString();
            ChildClassPath classPath = ChildClassPath.of(graderClassPath, socketDir);
            ProcessBuilder builder = JavaLauncher.checks(classPath.system(), ChildBoot.class.getName(),
                    Map.of(ChildProperties.CHANNEL, socket.toString(),
                            ChildProperties.DEVICE, options.device().wireName(),
                            ChildBoot.GRADER_CLASS_PATH, String.join(java.io.File.pathSeparator, classPath.grader())),
                    options.maxHeapMb(), options.scratch());
            builder.environment().put(ChildProperties.PROCESS_MARK, mark);
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            return new ChildJvm(builder.start(), mark, server, socketDir);
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly(server);
            deleteQuietly(socketDir);
            throw new UncheckedIOException("cannot start the check JVM: " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /** Accepts the child's one connection, then reads its events until it closes. */
    private void pumpEvents() {
        try (ServerSocketChannel listening = server) {
            SocketChannel connection = listening.accept();
            listening.close();
            deleteQuietly(socketDir);
            requests = SocketStreams.out(connection);
            connected.countDown();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(SocketStreams.in(connection),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            // Closed before or while the child was connected: its process ending says why.
        } finally {
            deleteQuietly(socketDir);
            lines.add(END);
        }
    }

    /**
     * Reads what the child printed outside the event channel (the JVM's own complaints, learner
     * output) as bytes, so that a line of megabytes without a newline costs no memory here.
     */
    private void pumpStray() {
        StringBuilder line = new StringBuilder();
        long lineBytes = 0;
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        appendCapped(line, buffer, start, i - start);
                        endLine(line.toString(), lineBytes + i - start + 1);
                        line.setLength(0);
                        lineBytes = 0;
                        start = i + 1;
                    }
                }
                appendCapped(line, buffer, start, n - start);
                lineBytes += n - start;
            }
        } catch (IOException e) {
            endLine("[reading the check JVM's output failed: " + e.getMessage() + "]", 0);
        }
        if (lineBytes > 0) {
            endLine(line.toString(), lineBytes);
        }
    }

    private static void appendCapped(StringBuilder line, byte[] bytes, int from, int length) {
        int room = Math.min(length, STRAY_KEPT_CHARS - line.length());
        if (room > 0) {
            line.append(new String(bytes, from, room, StandardCharsets.UTF_8));
        }
    }

    private synchronized void endLine(String line, long bytes) {
        if (line.startsWith(ChildMain.SYNC_PREFIX) && line.length() == ChildMain.SYNC_PREFIX.length() + 16) {
            if (syncSeen.size() > 1000) {
                syncSeen.clear(); // learner code printing look-alikes; a real token is waited for right away
            }
            syncSeen.add(line);
            notifyAll();
            return;
        }
        strayBytes += bytes;
        stray.append(line).append('\n');
        if (stray.length() > STRAY_KEPT_CHARS) {
            stray.delete(0, stray.length() - STRAY_KEPT_CHARS);
        }
    }

    /**
     * Waits until the output pipe has delivered everything written before {@code token} (the
     * child writes it to its output just before it reports a task's end), so that the stray bytes
     * counted so far include all of that task's. False when it did not come within the wait: the
     * pipe is flooded or the child is gone.
     */
    synchronized boolean awaitSync(String token, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        String line = ChildMain.SYNC_PREFIX + token;
        while (!syncSeen.remove(line)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Sends one line to the child, once it has connected. */
    void send(String line) throws InterruptedException {
        while (!connected.await(100, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive() || lines.peek() == END) {
                return;
            }
        }
        try {
            requests.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            requests.flush();
        } catch (IOException e) {
            // The child is gone; run() sees its channel end and reports that.
        }
    }

    /**
     * The next event, or {@code null} if the channel ended, or none within the wait. Use
     * {@link #ended()} to tell the two apart.
     */
    ChildEvent next(long waitMillis) throws InterruptedException {
        String line = lines.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (line == null) {
            return null;
        }
        if (line.equals(END)) {
            lines.add(END);
            return null;
        }
        return EventCodec.decode(line);
    }

    boolean ended() {
        return lines.peek() == END || (connected.getCount() > 0 && !process.isAlive());
    }

    /** Waits for the process to exit (its channel has ended) and returns the exit code. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    /**
     * How much the JVM has printed outside the event channel so far: learner code that writes to
     * the file descriptors themselves, around the capture of {@code System.out}.
     */
    synchronized long strayBytes() {
        return strayBytes;
    }

    synchronized String strayOutput() {
        return stray.toString();
    }

    /**
     * Stops the JVM and everything started from it, including processes that detached themselves
     * (found by the mark in their environment, {@link ProcessSweep}).
     */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessSweep.killMarked(mark);
        closeQuietly(server);
        deleteQuietly(socketDir);
    }

    private static void closeQuietly(ServerSocketChannel server) {
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // Nothing to release that closing again would.
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // A temporary directory left behind is harmless; the socket in it no longer accepts.
        }
    }
}
