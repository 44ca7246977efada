package deepdrill.grader.runner;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One forked JVM running {@link ChildMain}: its class path holds the implementation under test
 * first, then the grader. Standard output and error are merged; lines behind the nonce are events,
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

    private ChildJvm(Process process, String nonce) {
        this.process = process;
        this.nonce = nonce;
        Thread reader = new Thread(this::pump, "deepdrill-child-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param implementationClasses the classes under test, first on the class path; null for a
     *                              child in serve mode, which loads them per run
     * @param serve                 keep running and take runs on standard input ({@link ChildMain})
     */
    static ChildJvm start(Path implementationClasses, List<String> graderClassPath, RunOptions options, List<TaskRef> tasks,
                          boolean serve) {
        String nonce = "@@deepdrill-" + UUID.randomUUID() + "@@";
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + options.maxHeapMb() + "m");
        command.add("-Xss1m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+UseSerialGC");
        command.add("-Dai.djl.offline=true");
        // Checks work on tiny arrays, where a thread pool's hand-offs cost more than the arithmetic
        // (measured on a loaded 2-core machine: softmax checks 3.7 s with OpenMP threads, 0.6 s without).
        command.add("-Dai.djl.pytorch.num_threads=1");
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=error");
        command.add("-Ddeepdrill.nonce=" + nonce);
        command.add("-Ddeepdrill.device=" + options.device());
        command.add("-Ddeepdrill.seed=" + options.seed());
        command.add("-Ddeepdrill.serve=" + serve);
        List<String> classPath = new ArrayList<>();
        if (implementationClasses != null) {
            classPath.add(implementationClasses.toString());
        }
        classPath.addAll(graderClassPath);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(ChildMain.class.getName());
        for (TaskRef task : tasks) {
            command.add(task.toArgument());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        OpenBlasCoreType.choose(graderClassPath).ifPresent(type -> builder.environment().put("OPENBLAS_CORETYPE", type));
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
    Event next(long waitMillis) throws InterruptedException {
        String line = lines.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (line == null) {
            return null;
        }
        if (line.equals(END)) {
            lines.add(END);
            return null;
        }
        return Event.fromJson(line);
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
