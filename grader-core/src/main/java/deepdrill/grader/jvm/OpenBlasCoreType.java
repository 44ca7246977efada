package deepdrill.grader.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses {@code OPENBLAS_CORETYPE} for child JVMs that run ND4J math. ND4J's bundled OpenBLAS
 * misdetects some virtual CPUs and falls back to a generic kernel (measured here: 42 against
 * 181 GFLOP/s on a 2048^3 GEMM). The choice follows the CPU's own flags, so a core type the CPU
 * cannot run is never set; a value the user exported wins; and a core type that
 * {@code grader bench} measured to be clearly slower than OpenBLAS's own choice on this CPU
 * ({@link OpenBlasVerification}) is dropped. Choosing never measures: only the bench does.
 */
public final class OpenBlasCoreType {

    private OpenBlasCoreType() {
    }

    /**
     * The core type for the grader's JVMs: the user's; else the one the CPU's flags allow, unless a
     * measurement on this machine rejected it.
     */
    public static Optional<String> choose() {
        Optional<String> fromUser = fromUser();
        if (fromUser.isPresent() || candidate().isEmpty()) {
            return fromUser;
        }
        boolean rejected = OpenBlasVerification.cached().map(v -> !v.accepted()).orElse(false);
        return rejected ? Optional.empty() : candidate();
    }

    /** {@code OPENBLAS_CORETYPE} as the user exported it, if they did. */
    public static Optional<String> fromUser() {
        String fromUser = System.getenv("OPENBLAS_CORETYPE");
        return fromUser == null || fromUser.isBlank() ? Optional.empty() : Optional.of(fromUser);
    }

    /** The core type this CPU's flags allow, before any measurement. */
    public static Optional<String> candidate() {
        try {
            return forFlags(cpuFlags(Files.readString(Path.of("/proc/cpuinfo"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The CPU's model name, to tell a cached verification from another machine's. */
    static String cpuModel() {
        try {
            for (String line : Files.readString(Path.of("/proc/cpuinfo")).split("\n")) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    static Optional<String> forFlags(Set<String> flags) {
        if (flags.containsAll(Set.of("avx512f", "avx512vl", "avx512bw", "avx512dq", "avx512cd"))) {
            return Optional.of("SkylakeX");
        }
        if (flags.containsAll(Set.of("avx2", "fma"))) {
            return Optional.of("Haswell");
        }
        return Optional.empty();
    }

    static Set<String> cpuFlags(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("flags")) {
                return Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
            }
        }
        return Set.of();
    }
}
