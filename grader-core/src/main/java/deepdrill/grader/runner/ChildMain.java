package deepdrill.grader.runner;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import ai.djl.engine.Engine;
import deepdrill.grader.Device;
import deepdrill.grader.Status;
import deepdrill.grader.checks.support.CheckContext;
import deepdrill.grader.checks.support.TaskTimeLimit;
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
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Entry point of the check JVM. Its first act is to connect to the grader's socket
 * ({@link ChildProperties#CHANNEL}), the only channel for requests and events. It starts the
 * engines once, says {@link ChildEvent.Ready}, then serves one {@link RunRequest} per line from the
 * socket, loading the classes under test afresh for each ({@link ExerciseClassLoader}), until the
 * grader closes the connection.
 *
 * <p>The connection's objects are only ever held in local variables of the main thread, so learner
 * code (which runs on that thread, deeper in the stack) has no reference through which to reach
 * them. {@code System.out} and {@code System.err} are replaced by a capture so the learner's prints
 * end up in the report of the task that printed them; what is written around them to the file
 * descriptors goes to the grader as "stray" output and is counted there.
 *
 * <p>After a task that left something running in the background (a daemon thread, a process) the
 * JVM says {@link ChildEvent.Retiring} and ends, so that the next exercise runs in a fresh one.
 * The JVM halts when it is done, whatever threads the learner left behind.
 */
public final class ChildMain {

    /** What a task may print before it is reported as flooding its output. */
    static final long OUTPUT_LIMIT_BYTES = 1024 * 1024;
    /**
     * Starts the line written to the raw standard output just before a task's end is reported,
     * with a random token that the event repeats: the grader has counted all of the task's stray
     * output once it sees that line.
     */
    static final String SYNC_PREFIX = "\u0001deepdrill-sync ";
    private static final int KEPT_OUTPUT_BYTES = 4 * 1024;

    private ChildMain() {
    }

    public static void main(String[] args) throws IOException {
        long mainStarted = System.currentTimeMillis();
        SocketChannel connection = SocketChannel.open(
                UnixDomainSocketAddress.of(System.getProperty(ChildProperties.CHANNEL)));
        System.clearProperty(ChildProperties.CHANNEL);
        EventWriter events = new EventWriter(new PrintStream(SocketStreams.out(connection), false, StandardCharsets.UTF_8));
        BufferedReader requests = new BufferedReader(new InputStreamReader(SocketStreams.in(connection),
                StandardCharsets.UTF_8));
        OutputStream rawOut = new FileOutputStream(FileDescriptor.out);
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
        // The engine is named, not looked up: JUnit's look-ups go through the thread's context class
        // loader, which during a task is the learner's and sees nothing of JUnit.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestEngines(new JupiterTestEngine())
                .build());
        // Discovering nothing loads the JUnit engine before the clock of the first task starts.
        launcher.discover(LauncherDiscoveryRequestBuilder.request().build());
        capture.drain();
        MemoryWatch.start(used -> {
            events.write(new ChildEvent.OutOfMemory(used, Runtime.getRuntime().maxMemory()));
            Runtime.getRuntime().halt(3);
        });
        String mark = System.getenv(ChildProperties.PROCESS_MARK);
        Tasks tasks = new Tasks(launcher, events, capture, rawOut, ProcessWatch.start(mark == null ? "" : mark));
        events.write(new ChildEvent.Ready(device.isGpu() ? Device.GPU : Device.CPU,
                Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(),
                mainStarted - ManagementFactory.getRuntimeMXBean().getStartTime(),
                System.currentTimeMillis() - engineStarted));
        try {
            serve(requests, tasks);
        } catch (RuntimeException | Error e) {
            // A fault of the grader's own, outside any task: the grader shows the JVM's raw output.
            e.printStackTrace(new PrintStream(rawOut, true, StandardCharsets.UTF_8));
            Runtime.getRuntime().halt(1);
        }
        Runtime.getRuntime().halt(0);
    }

    /** One run per request; the engines stay warm between runs. */
    private static void serve(BufferedReader requests, Tasks tasks) {
        Path graderClasses = graderClasses();
        try (requests) {
            String line;
            while ((line = requests.readLine()) != null) {
                RunRequest request = EventCodec.decodeRequest(line);
                CheckContext.startRun(request.seed());
                tasks.events.write(new ChildEvent.RunStarted(request.seed()));
                try (ExerciseClassLoader loader = new ExerciseClassLoader(Path.of(request.classes()), graderClasses,
                        ChildMain.class.getClassLoader())) {
                    // Learner code that asks its thread for a class loader gets its own.
                    Thread.currentThread().setContextClassLoader(loader.learner());
                    for (TaskRef task : request.tasks()) {
                        String leftRunning = tasks.run(task, loader);
                        if (!leftRunning.isEmpty()) {
                            tasks.events.write(new ChildEvent.Retiring(leftRunning));
                            return;
                        }
                    }
                } catch (IOException e) {
                    // Closing a class loader only releases file handles; the run itself is complete.
                }
                tasks.events.write(new ChildEvent.RunDone(request.seed()));
            }
        } catch (IOException e) {
            // The connection closed: the grader is gone, and so is the reason to live.
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

    /** Runs tasks one at a time, and watches what each leaves behind. */
    private static final class Tasks {
        private final Launcher launcher;
        private final EventWriter events;
        private final OutputCapture capture;
        private final OutputStream rawOut;
        private final ProcessWatch processes;
        private final SecureRandom tokens = new SecureRandom();

        Tasks(Launcher launcher, EventWriter events, OutputCapture capture, OutputStream rawOut,
              ProcessWatch processes) {
            this.launcher = launcher;
            this.events = events;
            this.capture = capture;
            this.rawOut = rawOut;
            this.processes = processes;
        }

        /** Runs one task and reports it; returns what it left running in the background ("" when nothing). */
        String run(TaskRef task, ClassLoader loader) {
            events.write(new ChildEvent.TaskStarted(task.exercise(), task.method(), timeLimitMillis(task, loader)));
            ThreadWatch threads = ThreadWatch.start();
            processes.taskStarted();
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
            List<String> background = threads.background();
            List<String> processesStarted = processes.taskEnded();
            long printed = capture.totalBytes();
            if (verdict.status() == Status.PASSED && printed > OUTPUT_LIMIT_BYTES) {
                verdict = new Verdict(Status.FAILED, "the answer is right, but the code printed " + Bytes.describe(printed)
                        + " (the limit is " + Bytes.describe(OUTPUT_LIMIT_BYTES) + "); remove the debugging prints");
            }
            if (verdict.status() == Status.PASSED && !leftRunning.isEmpty()) {
                verdict = new Verdict(Status.FAILED, "the answer is right, but the code left threads running after it "
                        + "returned: " + String.join(", ", leftRunning) + ". Join or shut down the threads you start.");
            }
            if (verdict.status() == Status.PASSED && !background.isEmpty()) {
                verdict = new Verdict(Status.FAILED, "the answer is right, but the code left work running in the "
                        + "background after it returned: " + String.join(", ", background) + ". Shut down the threads "
                        + "and pools you start (the next exercise runs in a fresh JVM).");
            }
            if (!processesStarted.isEmpty() && verdict.status() != Status.NOT_IMPLEMENTED) {
                List<String> commands = processesStarted.stream().distinct()
                        .filter(c -> !c.contains("jspawnhelper")).toList();
                String shown = String.join("; ", commands.subList(0, Math.min(3, commands.size())))
                        + (commands.size() > 3 ? "; and " + (commands.size() - 3) + " more" : "");
                verdict = new Verdict(Status.FAILED, "the code started a process (" + shown
                        + "): an exercise computes its answer itself. The grader stopped it.");
            }
            String token = Long.toHexString(tokens.nextLong() | Long.MIN_VALUE);
            try {
                rawOut.write(("\n" + SYNC_PREFIX + token + "\n").getBytes(StandardCharsets.UTF_8));
                rawOut.flush();
            } catch (IOException e) {
                // Learner code closed the JVM's output: the grader then never sees the token, and says so.
            }
            events.write(new ChildEvent.TaskEnded(task.exercise(), task.method(), listener.title(task),
                    verdict.status(), verdict.message(), capture.drain(), millis, token));
            List<String> left = new java.util.ArrayList<>(leftRunning);
            left.addAll(background);
            left.addAll(processesStarted);
            return String.join(", ", left);
        }
    }

    /** The task's own time limit ({@link TaskTimeLimit}), or 0 when it has none (or cannot be found: the run reports that). */
    private static long timeLimitMillis(TaskRef task, ClassLoader loader) {
        try {
            TaskTimeLimit limit = testMethod(Class.forName(task.checkClass(), false, loader), task.method())
                    .getAnnotation(TaskTimeLimit.class);
            return limit == null ? 0 : limit.seconds() * 1000L;
        } catch (ClassNotFoundException | LinkageError e) {
            return 0;
        }
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

    /** Writes events, one per line, to the grader's socket. */
    static final class EventWriter {
        private final PrintStream out;

        EventWriter(PrintStream out) {
            this.out = out;
        }

        synchronized void write(ChildEvent event) {
            out.println(EventCodec.encode(event));
            out.flush();
        }
    }
}
