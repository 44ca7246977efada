package deepdrill.grader.jvm;

import com.google.gson.Gson;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on the flag-based {@code OPENBLAS_CORETYPE}, measured by {@code grader bench}
 * (ND4J's GEMM rate in a JVM without it and in one with it). The core type is kept unless its JVM
 * failed or it was clearly slower (below 75% of the default: a busy shared machine moves single
 * measurements by 10-20%, a wrong kernel by a factor of 2 to 4). The verdict is a fact about the
 * machine, so it is cached per user and CPU model ({@code ~/.cache/deepdrill/openblas.json}, or
 * under {@code XDG_CACHE_HOME}), and every JVM the grader starts follows it.
 *
 * @param cpu             the CPU model the figures belong to
 * @param candidate       the core type the CPU's flags allow, or null when they allow none
 * @param defaultGflops   GEMM 1024^3 float32 with OpenBLAS's own detection
 * @param candidateGflops the same with {@code OPENBLAS_CORETYPE=candidate}
 * @param accepted        whether JVMs get the candidate
 */
public record OpenBlasVerification(String cpu, String candidate, double defaultGflops, double candidateGflops,
                                   boolean accepted) {

    private static final Gson GSON = new Gson();

    /** The verdict for two measured rates (NaN: that JVM failed), for this machine's CPU and candidate. */
    public static OpenBlasVerification of(double defaultGflops, double candidateGflops) {
        String candidate = OpenBlasCoreType.candidate().orElse(null);
        return new OpenBlasVerification(OpenBlasCoreType.cpuModel(), candidate, defaultGflops, candidateGflops,
                accepts(candidate, defaultGflops, candidateGflops));
    }

    /**
     * The rule: a candidate is kept unless its JVM failed (NaN: it may be a kernel the CPU cannot
     * run) or it ran below 75% of OpenBLAS's own choice.
     */
    static boolean accepts(String candidate, double withoutGflops, double withGflops) {
        return candidate != null && !Double.isNaN(withGflops)
                && (Double.isNaN(withoutGflops) || withGflops >= 0.75 * withoutGflops);
    }

    /** The cached verdict for this CPU, if any. */
    public static Optional<OpenBlasVerification> cached() {
        try {
            OpenBlasVerification v = GSON.fromJson(Files.readString(cacheFile()), OpenBlasVerification.class);
            boolean same = v != null && OpenBlasCoreType.cpuModel().equals(v.cpu())
                    && Objects.equals(OpenBlasCoreType.candidate().orElse(null), v.candidate());
            return same ? Optional.of(v) : Optional.empty();
        } catch (IOException | JsonSyntaxException e) {
            return Optional.empty();
        }
    }

    /** Caches this verdict atomically; without the cache, JVMs fall back on the CPU flags, still a safe choice. */
    public void save() {
        try {
            Files.createDirectories(cacheFile().getParent());
            Path temporary = Files.createTempFile(cacheFile().getParent(), "openblas", ".json");
            Files.writeString(temporary, GSON.toJson(this));
            Files.move(temporary, cacheFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // See above: a missing cache costs a measurement next time, nothing else.
        }
    }

    static Path cacheFile() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("deepdrill").resolve("openblas.json");
    }
}
