package deepdrill.grader.runner;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import ai.djl.engine.Engine;
import deepdrill.grader.Device;
import deepdrill.grader.Status;
import deepdrill.grader.checks.support.CheckContext;
import deepdrill.grader.oracle.DeviceUnavailableException;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.grader.protocol.ChildEvent;
import deepdrill.grader.protocol.ChildProperties;
import deepdrill.grader.protocol.EventCodec;
import deepdrill.grader.protocol.RunRequest;
import deepdrill.grader.protocol.TaskRef;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Entry point of the check JVM. It starts the engines once, says {@link ChildEvent.Ready}, then
 * serves one {@link RunRequest} per line of standard input, loading the classes under test afresh
 * for each ({@link ExerciseClassLoader}), until standard input closes.
 *
 * <p>Events go to the real standard output, each line behind the nonce ({@link ChildProperties});
 * {@code System.out} and {@code System.err} are replaced by a capture so the learner's prints end
 * up in the report of the task that printed them. The JVM halts when it is done, whatever threads
 * the learner left behind.
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
        EventWriter events = new EventWriter(channel, System.getProperty(ChildProperties.NONCE, ""));
        OutputCapture capture = new OutputCapture(KEPT_OUTPUT_BYTES);
        PrintStream captured = new PrintStream(capture, true, StandardCharsets.UTF_8);
        System.setOut(captured);
        System.setErr(captured);

        ai.djl.Device device;
        long engineStarted = System.currentTimeMillis();
        try {
            // The two engines load their native libraries independently; starting them side by side
            // saves most of a second per child JVM.
            CompletableFuture<ai.djl.Device> torch = CompletableFuture.supplyAsync(
                    () -> TorchOracle.start(Device.valueOf(
                            System.getProperty(ChildProperties.DEVICE).toUpperCase(java.util.Locale.ROOT))));
            Nd4j.create(1);
            device = join(torch);
        } catch (DeviceUnavailableException e) {
            events.write(new ChildEvent.NoDevice(e.getMessage()));
            Runtime.getRuntime().halt(0);
            return;
        } catch (RuntimeException | LinkageError e) {
            events.write(new ChildEvent.EngineFailed(e.toString()));
            Runtime.getRuntime().halt(0);
            return;
        }
        Launcher launcher = LauncherFactory.create();
        // Discovering nothing loads the JUnit engine before the clock of the first task starts.
        launcher.discover(LauncherDiscoveryRequestBuilder.request().build());
        capture.drain();
        events.write(new ChildEvent.Ready(device.isGpu() ? Device.GPU : Device.CPU,
                Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(),
                mainStarted - ManagementFactory.getRuntimeMXBean().getStartTime(),
                System.currentTimeMillis() - engineStarted));
        serve(launcher, events, capture);
        channel.flush();
        Runtime.getRuntime().halt(0);
    }

    /** One run per line of standard input; the engines stay warm between runs. */
    private static void serve(Launcher launcher, EventWriter events, OutputCapture capture) {
        Path graderClasses = graderClasses();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                RunRequest request = EventCodec.decodeRequest(line);
                CheckContext.startRun(request.seed());
                events.write(new ChildEvent.RunStarted(request.seed()));
                try (ExerciseClassLoader loader = new ExerciseClassLoader(Path.of(request.classes()), graderClasses,
                        ChildMain.class.getClassLoader())) {
                    Thread.currentThread().setContextClassLoader(loader);
                    for (TaskRef task : request.tasks()) {
                        runTask(launcher, task, loader, events, capture);
                    }
                } catch (IOException e) {
                    // Closing a class loader only releases file handles; the run itself is complete.
                }
                events.write(new ChildEvent.RunDone(request.seed()));
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
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void runTask(Launcher launcher, TaskRef task, ClassLoader loader, EventWriter events,
                                OutputCapture capture) {
        events.write(new ChildEvent.TaskStarted(task.exercise(), task.method()));
        ThreadWatch threads = ThreadWatch.start();
        long started = System.nanoTime();
        TaskListener listener = new TaskListener();
        Verdict verdict;
        try {
            Class<?> check = Class.forName(task.checkClass(), false, loader);
            launcher.execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectMethod(check, testMethod(check, task.method())))
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
        events.write(new ChildEvent.TaskEnded(task.exercise(), task.method(), listener.title(task), verdict.status(),
                verdict.message(), capture.drain(), millis));
    }

    /**
     * The task's {@code @Test} method, found by name alone: tasks take their inputs as parameters
     * ({@link deepdrill.grader.checks.support.CheckSupport}), and a check declares each name once.
     */
    private static Method testMethod(Class<?> check, String name) throws ClassNotFoundException {
        for (Method method : check.getDeclaredMethods()) {
            if (method.getName().equals(name) && method.isAnnotationPresent(Test.class)) {
                return method;
            }
        }
        throw new ClassNotFoundException("no @Test method " + name + " in " + check.getName());
    }

    /** Writes events, one per line, behind the nonce. */
    static final class EventWriter {
        private final PrintStream out;
        private final String nonce;

        EventWriter(PrintStream out, String nonce) {
            this.out = out;
            this.nonce = nonce;
        }

        synchronized void write(ChildEvent event) {
            out.println(nonce + EventCodec.encode(event));
            out.flush();
        }
    }
}
