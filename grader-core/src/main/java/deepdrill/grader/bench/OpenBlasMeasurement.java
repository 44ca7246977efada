package deepdrill.grader.bench;

import deepdrill.grader.jvm.JavaLauncher;
import deepdrill.grader.jvm.OpenBlasCoreType;
import deepdrill.grader.jvm.OpenBlasVerification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures ND4J's GEMM rate with and without the flag-based {@code OPENBLAS_CORETYPE}
 * ({@link OpenBlasProbe}, four short JVMs, about 5 s), and caches the verdict for every JVM the
 * grader starts later. Each probe gets a bounded wait: a probe that hangs counts as failed.
 */
public final class OpenBlasMeasurement {

    /** A probe takes about a second; a minute means it is stuck (or the machine is badly overloaded). */
    private static final long PROBE_LIMIT_SECONDS = 60;

    private OpenBlasMeasurement() {
    }

    /** Measures both rates now and caches the verdict. */
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
        OpenBlasVerification verdict = OpenBlasVerification.of(without, with);
        verdict.save();
        return verdict;
    }

    private static double best(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    /** The GEMM rate of a fresh JVM with the given core type (null: OpenBLAS's own detection); NaN if it failed. */
    private static double probe(List<String> graderClassPath, String coreType) {
        Process process;
        try {
            process = JavaLauncher.probe(graderClassPath, OpenBlasProbe.class.getName(), coreType).start();
        } catch (IOException e) {
            return Double.NaN;
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        try {
            String text = output.get(PROBE_LIMIT_SECONDS, TimeUnit.SECONDS);
            return text.lines().filter(line -> line.startsWith("gflops ")).findFirst()
                    .map(line -> Double.parseDouble(line.substring(7).trim())).orElse(Double.NaN);
        } catch (TimeoutException | ExecutionException | NumberFormatException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
