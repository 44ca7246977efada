package deepdrill.grader.runner;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import ai.djl.Device;
import ai.djl.engine.Engine;
import deepdrill.grader.oracle.DeviceUnavailableException;
import deepdrill.grader.oracle.TorchOracle;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Entry point of the child JVM that runs the checks against one implementation.
 *
 * <p>Arguments are {@link TaskRef}s; the system properties {@code deepdrill.nonce},
 * {@code deepdrill.device} and {@code deepdrill.seed} come from {@link ChildJvm}. Events go to the
 * real standard output, each line prefixed with the nonce; {@code System.out} and
 * {@code System.err} are replaced by a capture so the learner's prints end up in the report of the
 * task that printed them. The JVM halts when it is done, whatever threads the learner left behind.
 */
public final class ChildMain {

    /** What a task may print before it is reported as flooding its output. */
    static final long OUTPUT_LIMIT_BYTES = 1024 * 1024;
    private static final int KEPT_OUTPUT_BYTES = 4 * 1024;

    private ChildMain() {
    }

    public static void main(String[] args) {
        long mainStarted = System.currentTimeMillis();
        PrintStream channel = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        String nonce = System.getProperty("deepdrill.nonce", "");
        EventWriter events = new EventWriter(channel, nonce);
        OutputCapture capture = new OutputCapture(KEPT_OUTPUT_BYTES);
        PrintStream captured = new PrintStream(capture, true, StandardCharsets.UTF_8);
        System.setOut(captured);
        System.setErr(captured);

        List<TaskRef> tasks = new ArrayList<>();
        for (String arg : args) {
            tasks.add(TaskRef.parse(arg));
        }
        Device device;
        long engineStarted = System.currentTimeMillis();
        try {
            // The two engines load their native libraries independently; starting them side by side
            // saves most of a second per child JVM.
            CompletableFuture<Device> torch = CompletableFuture.supplyAsync(
                    () -> TorchOracle.start(System.getProperty("deepdrill.device", "cpu")));
            Nd4j.create(1);
            device = join(torch);
        } catch (DeviceUnavailableException e) {
            Event fatal = Event.of("fatal");
            fatal.message = e.getMessage();
            fatal.exitCode = 2;
            events.write(fatal);
            Runtime.getRuntime().halt(0);
            return;
        }
        Launcher launcher = LauncherFactory.create();
        // Discovering nothing loads the JUnit engine before the clock of the first task starts.
        launcher.discover(LauncherDiscoveryRequestBuilder.request().build());
        capture.drain();
        Event ready = Event.of("ready");
        ready.device = device.isGpu() ? "gpu" : "cpu";
        ready.engine = Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion();
        ready.jvmStartMillis = mainStarted - ManagementFactory.getRuntimeMXBean().getStartTime();
        ready.engineStartMillis = System.currentTimeMillis() - engineStarted;
        events.write(ready);

        if (Boolean.getBoolean("deepdrill.serve")) {
            serve(launcher, events, capture);
        } else {
            deepdrill.grader.checks.support.CheckContext.startRun(Long.parseLong(System.getProperty("deepdrill.seed")));
            for (TaskRef task : tasks) {
                runTask(launcher, task, ClassLoader.getSystemClassLoader(), events, capture);
            }
            events.write(Event.of("done"));
        }
        channel.flush();
        Runtime.getRuntime().halt(0);
    }

    /**
     * Serve mode, for watch: one run per line of standard input, each {@link ServeCommand} with the
     * exercise classes loaded afresh; the engines stay warm between runs.
     */
    private static void serve(Launcher launcher, EventWriter events, OutputCapture capture) {
        Path graderClasses = graderClasses();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                ServeCommand command = ServeCommand.fromJson(line);
                deepdrill.grader.checks.support.CheckContext.startRun(command.seed);
                try (ExerciseClassLoader loader = new ExerciseClassLoader(Path.of(command.classes), graderClasses,
                        ChildMain.class.getClassLoader())) {
                    Thread.currentThread().setContextClassLoader(loader);
                    for (String task : command.tasks) {
                        runTask(launcher, TaskRef.parse(task), loader, events, capture);
                    }
                } catch (IOException e) {
                    // Closing a class loader only releases file handles; the run itself is complete.
                }
                events.write(Event.of("done"));
            }
        } catch (IOException e) {
            // Standard input closed: the parent is gone, and so is the reason to live.
        }
    }

    private static Path graderClasses() {
        try {
            return Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void runTask(Launcher launcher, TaskRef task, ClassLoader loader, EventWriter events,
                                OutputCapture capture) {
        Event start = Event.of("task-start");
        start.exercise = task.exercise();
        start.task = task.method();
        events.write(start);

        ThreadWatch threads = ThreadWatch.start();
        long started = System.nanoTime();
        TaskListener listener = new TaskListener();
        Verdict verdict;
        try {
            Class<?> check = Class.forName(task.checkClass(), false, loader);
            launcher.execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectMethod(check, task.method()))
                    .build(), listener);
            verdict = listener.verdict(task);
        } catch (ClassNotFoundException | LinkageError e) {
            verdict = ThrowableClassifier.classify(e);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        List<String> leftRunning = threads.survivors();
        long printed = capture.totalBytes();
        if (verdict.status() == Status.PASSED && printed > OUTPUT_LIMIT_BYTES) {
            verdict = new Verdict(Status.FAILED, "the answer is right, but the code printed " + Bytes.describe(printed)
                    + " (the limit is " + Bytes.describe(OUTPUT_LIMIT_BYTES) + "); remove the debugging prints");
        }
        if (verdict.status() == Status.PASSED && !leftRunning.isEmpty()) {
            verdict = new Verdict(Status.FAILED, "the answer is right, but the code left threads running after it "
                    + "returned: " + String.join(", ", leftRunning) + ". Join or shut down the threads you start.");
        }
        Event end = Event.of("task-end");
        end.exercise = task.exercise();
        end.task = task.method();
        end.title = listener.title(task);
        end.status = verdict.status().wireName();
        end.message = verdict.message();
        end.output = capture.drain();
        end.millis = millis;
        events.write(end);
    }

    /** Writes events, one per line, behind the nonce. */
    static final class EventWriter {
        private final PrintStream out;
        private final String nonce;

        EventWriter(PrintStream out, String nonce) {
            this.out = out;
            this.nonce = nonce;
        }

        synchronized void write(Event event) {
            out.println(nonce + event.toJson());
            out.flush();
        }
    }
}
