package deepdrill.grader.runner;

import deepdrill.grader.jvm.JavaLauncher;
import deepdrill.grader.protocol.ChildEvent;
import deepdrill.grader.protocol.ChildProperties;
import deepdrill.grader.protocol.EventCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One forked JVM running {@link ChildMain}, with the grader's class path. Standard output and error
 * are merged; lines behind the nonce are events,
 * anything else (the JVM's own complaints, say) is kept as the last few kilobytes of "stray"
 * output for crash reports.
 */
final class ChildJvm implements AutoCloseable {

    private static final int STRAY_KEPT_CHARS = 8 * 1024;
    private static final String END = "\u0000end";

    private final Process process;
    private final String nonce;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stray = new StringBuilder();
    private long strayBytes;

    private ChildJvm(Process process, String nonce) {
        this.process = process;
        this.nonce = nonce;
        Thread reader = new Thread(this::pump, "deepdrill-child-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a check JVM with the grader's class path; the classes under test come with each run. */
    static ChildJvm start(List<String> graderClassPath, RunOptions options) {
        String nonce = "@@deepdrill-" + UUID.randomUUID() + "@@";
        ProcessBuilder builder = JavaLauncher.checks(graderClassPath, ChildMain.class.getName(),
                Map.of(ChildProperties.NONCE, nonce, ChildProperties.DEVICE, options.device().wireName()),
                options.maxHeapMb(), options.scratch());
        try {
            return new ChildJvm(builder.start(), nonce);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the check JVM: " + e.getMessage(), e);
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(nonce)) {
                    lines.add(line.substring(nonce.length()));
                } else {
                    keepStray(line);
                }
            }
        } catch (IOException e) {
            keepStray("[reading the check JVM's output failed: " + e.getMessage() + "]");
        } finally {
            lines.add(END);
        }
    }

    private synchronized void keepStray(String line) {
        strayBytes += line.length() + 1;
        stray.append(line).append('\n');
        if (stray.length() > STRAY_KEPT_CHARS) {
            stray.delete(0, stray.length() - STRAY_KEPT_CHARS);
        }
    }

    /** Writes one line to the child's standard input. */
    void send(String line) {
        try {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            // The child is gone; drive() sees its output end and reports that.
        }
    }

    /**
     * The next event, or {@code null} if the JVM's output ended, or none within the wait.
     * Use {@link #ended()} to tell the two apart.
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
        return lines.peek() == END;
    }

    /** Waits for the process to exit (its output has ended) and returns the exit code. */
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

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
