package deepdrill.grader.runner;

import com.google.gson.Gson;
import com.google.gson.JsonSyntaxException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Verifies the flag-based {@code OPENBLAS_CORETYPE} by measurement: ND4J's GEMM rate in a JVM
 * without it and in one with it ({@link OpenBlasProbe}). The core type is kept unless its JVM
 * fails or it is clearly slower (below 75% of the default: a busy shared machine moves single
 * measurements by 10-20%, a wrong kernel by a factor of 2 to 4). The verdict is a fact about the
 * machine, so it is cached per user and CPU model ({@code ~/.cache/deepdrill/openblas.json}, or
 * under {@code XDG_CACHE_HOME}): the first check on a machine measures (about 5 s), later ones read it.
 *
 * @param cpu          the CPU model the figures belong to
 * @param candidate    the core type the CPU's flags allow, or null when they allow none
 * @param defaultGflops  GEMM 1024^3 float32 with OpenBLAS's own detection
 * @param candidateGflops the same with {@code OPENBLAS_CORETYPE=candidate}
 * @param accepted     whether child JVMs get the candidate
 */
public record OpenBlasVerification(String cpu, String candidate, double defaultGflops, double candidateGflops,
                                   boolean accepted) {

    private static final Gson GSON = new Gson();

    /** Measures both rates now (four short JVMs, about 5 s) and caches the verdict. */
    public static OpenBlasVerification measure(List<String> graderClassPath) {
        String candidate = OpenBlasCoreType.candidate().orElse(null);
        // Alternating twice and keeping each one's best takes a passing burst of load out of the comparison.
        double without = Double.NaN;
        double with = Double.NaN;
        for (int round = 0; round < 2; round++) {
            without = best(without, probe(graderClassPath, null));
            if (candidate != null) {
                with = best(with, probe(graderClassPath, candidate));
            }
        }
        boolean accepted = accepts(candidate, without, with);
        OpenBlasVerification result = new OpenBlasVerification(OpenBlasCoreType.cpuModel(), candidate, without, with, accepted);
        try {
            Files.createDirectories(cacheFile().getParent());
            Path temporary = Files.createTempFile(cacheFile().getParent(), "openblas", ".json");
            Files.writeString(temporary, GSON.toJson(result));
            Files.move(temporary, cacheFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Without the cache, check JVMs fall back on the CPU flags: still a safe choice.
        }
        return result;
    }

    /**
     * The rule: a candidate is kept unless its JVM failed (NaN: it may be a kernel the CPU cannot
     * run) or it ran below 75% of OpenBLAS's own choice.
     */
    static boolean accepts(String candidate, double withoutGflops, double withGflops) {
        return candidate != null && !Double.isNaN(withGflops)
                && (Double.isNaN(withoutGflops) || withGflops >= 0.75 * withoutGflops);
    }

    private static double best(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    /** The cached verdict for this CPU, if any. */
    public static Optional<OpenBlasVerification> cached() {
        try {
            OpenBlasVerification v = GSON.fromJson(Files.readString(cacheFile()), OpenBlasVerification.class);
            boolean same = v != null && OpenBlasCoreType.cpuModel().equals(v.cpu())
                    && java.util.Objects.equals(OpenBlasCoreType.candidate().orElse(null), v.candidate());
            return same ? Optional.of(v) : Optional.empty();
        } catch (IOException | JsonSyntaxException e) {
            return Optional.empty();
        }
    }

    /** The cached verdict, or a new measurement (cached) when there is none for this CPU. */
    static synchronized OpenBlasVerification cachedOrMeasure(List<String> graderClassPath) {
        return cached().orElseGet(() -> measure(graderClassPath));
    }

    static Path cacheFile() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("deepdrill").resolve("openblas.json");
    }

    /** The GEMM rate of a fresh JVM with the given core type (null: OpenBLAS's own detection); NaN if it failed. */
    private static double probe(List<String> graderClassPath, String coreType) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(String.join(File.pathSeparator, graderClassPath));
        command.add(OpenBlasProbe.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("OPENBLAS_CORETYPE");
        if (coreType != null) {
            builder.environment().put("OPENBLAS_CORETYPE", coreType);
        }
        try {
            Process process = builder.start();
            double rate = Double.NaN;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("gflops ")) {
                        rate = Double.parseDouble(line.substring(7).trim());
                    }
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return rate;
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }
}
