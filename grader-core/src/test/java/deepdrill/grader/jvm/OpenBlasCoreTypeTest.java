package deepdrill.grader.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenBlasCoreTypeTest {

    @Test
    void choosesTheBestKernelTheFlagsAllowAndNothingBeyond() {
        assertEquals(Optional.of("SkylakeX"),
                OpenBlasCoreType.forFlags(Set.of("avx2", "fma", "avx512f", "avx512vl", "avx512bw", "avx512dq", "avx512cd")));
        assertEquals(Optional.of("Haswell"), OpenBlasCoreType.forFlags(Set.of("avx", "avx2", "fma", "avx512f")));
        assertEquals(Optional.empty(), OpenBlasCoreType.forFlags(Set.of("sse4_2", "avx")));
    }

    @Test
    void readsTheFlagsLineOfCpuinfo() {
        assertEquals(Set.of("fpu", "avx2", "fma"),
                OpenBlasCoreType.cpuFlags("processor\t: 0\nflags\t\t: fpu avx2 fma\nbugs\t\t: none\n"));
    }

    @Test
    void aMeasuredCoreTypeIsKeptUnlessItFailsOrIsClearlySlower() {
        assertTrue(OpenBlasVerification.accepts("SkylakeX", 42, 181));
        assertTrue(OpenBlasVerification.accepts("SkylakeX", 100, 80), "within the noise of a shared machine");
        assertFalse(OpenBlasVerification.accepts("SkylakeX", 100, 60), "clearly slower");
        assertFalse(OpenBlasVerification.accepts("SkylakeX", 100, Double.NaN), "its JVM failed: maybe illegal instructions");
        assertTrue(OpenBlasVerification.accepts("Haswell", Double.NaN, 50));
        assertFalse(OpenBlasVerification.accepts(null, 42, 42));
    }
}
