package deepdrill.grader.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import deepdrill.grader.jvm.JavaLauncher;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts one {@link BenchHost} JVM with an implementation's classes first on its class path, relays
 * its progress, and returns its measurements. Unlike the check JVMs, this one and its JMH forks
 * keep the libraries' thread pools: a benchmark measures what the machine can do. A host that runs
 * past its time limit is killed; whatever it had not measured is reported as an error.
 */
final class HostRun {

    private static final int KEPT_OUTPUT_CHARS = 4000;

    private HostRun() {
    }

    /**
     * @param implementationClasses the implementation's classes, or null for a host that only runs the engine
     * @param openBlasCoreType      {@code OPENBLAS_CORETYPE} for the host and its forks, if any
     */
    static List<Measurement> run(Path implementationClasses, List<String> graderClassPath, String exercise,
                                 List<String> contenders, List<String> sizes, String device, boolean quick,
                                 Optional<String> openBlasCoreType, Duration limit, Path scratch,
                                 Consumer<String> progress) throws InterruptedException {
        Path output;
        try {
            Files.createDirectories(scratch);
            output = Files.createTempFile(scratch, "bench-", ".jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + scratch + ": " + e.getMessage(), e);
        }
        List<String> classPath = new ArrayList<>();
        if (implementationClasses != null) {
            classPath.add(implementationClasses.toString());
        }
        classPath.addAll(graderClassPath);
        ProcessBuilder builder = JavaLauncher.bench(classPath, BenchHost.class.getName(),
                BenchHost.arguments(exercise, contenders, sizes, device, quick, output), openBlasCoreType);
        StringBuilder kept = new StringBuilder();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the benchmark JVM: " + e.getMessage(), e);
        }
        Thread reader = new Thread(() -> relay(process, progress, kept), "deepdrill-bench-reader");
        reader.setDaemon(true);
        reader.start();
        boolean finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor();
        }
        reader.join(2000);
        List<Measurement> measured = read(output);
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            // a stray temporary file in .deepdrill/bench is harmless
        }
        String why = finished
                ? "the benchmark JVM stopped (exit " + process.exitValue() + ")" + lastLines(kept)
                : "timed out: the benchmark JVM ran past " + limit.toSeconds() + " s";
        List<Measurement> all = new ArrayList<>(measured);
        for (String contender : contenders) {
            for (String size : sizes) {
                boolean have = measured.stream().anyMatch(m -> m.contender().equals(contender) && m.size().equals(size));
                if (!have) {
                    all.add(new Measurement(contender, size, Measurement.ERROR, Double.NaN, Double.NaN, Double.NaN, why));
                }
            }
        }
        return all;
    }

    private static void relay(Process process, Consumer<String> progress, StringBuilder kept) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("progress ")) {
                    progress.accept(line.substring("progress ".length()));
                } else {
                    synchronized (kept) {
                        kept.append(line).append('\n');
                        if (kept.length() > KEPT_OUTPUT_CHARS) {
                            kept.delete(0, kept.length() - KEPT_OUTPUT_CHARS);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the process ended; what it measured is in its output file
        }
    }

    private static String lastLines(StringBuilder kept) {
        synchronized (kept) {
            String text = kept.toString().strip();
            return text.isEmpty() ? "" : ": " + text.lines().reduce((a, b) -> b).orElse("");
        }
    }

    private static List<Measurement> read(Path output) {
        List<Measurement> measured = new ArrayList<>();
        Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().create();
        try {
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    measured.add(gson.fromJson(line, Measurement.class));
                }
            }
        } catch (IOException | RuntimeException e) {
            // a host killed mid-line: keep what was complete
        }
        return measured;
    }
}
