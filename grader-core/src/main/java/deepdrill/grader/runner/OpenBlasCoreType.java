package deepdrill.grader.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses {@code OPENBLAS_CORETYPE} for child JVMs that run ND4J math. ND4J's bundled OpenBLAS
 * misdetects some virtual CPUs and falls back to a generic kernel (measured here: 42 against
 * 181 GFLOP/s on a 2048^3 GEMM). The choice follows the CPU's own flags, so a core type the CPU
 * cannot run is never set; a value the user exported wins.
 */
final class OpenBlasCoreType {

    private OpenBlasCoreType() {
    }

    static Optional<String> choose() {
        String fromUser = System.getenv("OPENBLAS_CORETYPE");
        if (fromUser != null && !fromUser.isBlank()) {
            return Optional.of(fromUser);
        }
        try {
            return forFlags(cpuFlags(Files.readString(Path.of("/proc/cpuinfo"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
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
