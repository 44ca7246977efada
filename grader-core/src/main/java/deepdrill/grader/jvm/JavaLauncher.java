package deepdrill.grader.jvm;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assembles the command lines of the three kinds of JVM the grader starts: the check JVM, the
 * benchmark host, and the OpenBLAS probe. What they share is written once here: the same Java as
 * the grader's, DJL kept offline (it must never download at run time), quiet logging, and an
 * {@code OPENBLAS_CORETYPE} that the CPU can run ({@link OpenBlasCoreType}).
 */
public final class JavaLauncher {

    private JavaLauncher() {
    }

    /**
     * The check JVM: a capped heap that exits on exhaustion (a learner's runaway allocation is a
     * reported crash, not a swapping machine), a small stack, and PyTorch and OpenMP on one thread.
     *
     * @param properties    system properties, by name (see {@code protocol.ChildProperties})
     * @param workDirectory the JVM's working directory, which also gets its crash log ({@code hs_err_pid*.log})
     */
    public static ProcessBuilder checks(List<String> classPath, String mainClass, Map<String, String> properties,
                                        int maxHeapMb, Path workDirectory) {
        try {
            Files.createDirectories(workDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDirectory + ": " + e.getMessage(), e);
        }
        List<String> options = new ArrayList<>(List.of("-Xmx" + maxHeapMb + "m", "-Xss1m",
                "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC",
                "-XX:ErrorFile=" + workDirectory.resolve("hs_err_pid%p.log"),
                // Checks work on tiny arrays, where a thread pool's hand-offs cost more than the arithmetic
                // (measured on a loaded 2-core machine: softmax checks 3.7 s with OpenMP threads, 0.6 s without).
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"));
        properties.forEach((name, value) -> options.add("-D" + name + "=" + value));
        ProcessBuilder builder = java(options, classPath, mainClass, List.of()).directory(workDirectory.toFile());
        builder.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        OpenBlasCoreType.choose().ifPresent(type -> builder.environment().put("OPENBLAS_CORETYPE", type));
        return builder;
    }

    /** The benchmark host: a large heap and every core (JMH forks its own JVMs from it, with the same settings). */
    public static ProcessBuilder bench(List<String> classPath, String mainClass, List<String> arguments,
                                       Optional<String> openBlasCoreType) {
        ProcessBuilder builder = java(List.of("-Xmx4g", "-Djava.awt.headless=true"), classPath, mainClass, arguments);
        openBlasCoreType.ifPresent(type -> builder.environment().put("OPENBLAS_CORETYPE", type));
        return builder;
    }

    /** The OpenBLAS probe, with exactly this core type (null: none, OpenBLAS detects the CPU itself). */
    public static ProcessBuilder probe(List<String> classPath, String mainClass, String coreType) {
        ProcessBuilder builder = java(List.of(), classPath, mainClass, List.of());
        builder.environment().remove("OPENBLAS_CORETYPE");
        if (coreType != null) {
            builder.environment().put("OPENBLAS_CORETYPE", coreType);
        }
        return builder;
    }

    private static ProcessBuilder java(List<String> options, List<String> classPath, String mainClass,
                                       List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-Dai.djl.offline=true");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=error");
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(mainClass);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DJL_OFFLINE", "true");
        return builder;
    }
}
