package deepdrill.grader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grader bench}'s usage errors: each a clear message and exit 2, before anything is timed. */
class BenchCliTest {

    @TempDir
    Path dir;
    private TempWorkspace ws;

    @BeforeEach
    void useTemporaryWorkspace() throws Exception {
        ws = TempWorkspace.open(dir);
    }

    @AfterEach
    void closeWorkspace() throws Exception {
        ws.close();
    }

    @Test
    void helpShowsExamplesAndExitCodes() {
        assertEquals(0, ws.run("bench", "--help"));
        assertTrue(ws.out().contains("./grader bench conv2d-forward --quick"), ws.out());
        assertTrue(ws.out().contains("--solutions-only"), ws.out());
    }

    @Test
    void anExerciseWithoutABenchmarkNamesTheOnesWithOne() {
        assertEquals(ExitCodes.USAGE, ws.run("bench", "conv-output-size"));
        assertTrue(ws.err().contains("conv-output-size has no benchmark yet"), ws.err());
        assertTrue(ws.err().contains("conv2d-forward"), ws.err());
    }

    @Test
    void unknownIdsSizesPlotsAndFormatsAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, ws.run("bench", "conv2d-forwad"));
        assertTrue(ws.err().contains("conv2d-forward"), ws.err());
        assertEquals(ExitCodes.USAGE, ws.run("bench", "conv2d-forward", "--sizes", "9"));
        assertTrue(ws.err().contains("has no size '9'; its sizes are 1, 2, 3, 4"), ws.err());
        assertEquals(ExitCodes.USAGE, ws.run("bench", "conv2d-forward", "--plot", "conv.pdf"));
        assertTrue(ws.err().contains(".svg or .png"), ws.err());
        assertEquals(ExitCodes.USAGE, ws.run("bench", "conv2d-forward", "--format", "xml"));
        assertEquals(ExitCodes.USAGE, ws.run("bench", "conv2d-forward", "--device", "tpu"));
    }

    @Test
    void gpuWithoutAGpuIsAClearUsageError() {
        int code = ws.run("bench", "zero-pad", "--device", "gpu", "--solutions-only", "--quick", "--sizes", "1");
        if (code == ExitCodes.PASSED) {
            return; // This machine has a usable GPU; the CPU-only message cannot be tested here.
        }
        assertEquals(ExitCodes.USAGE, code, ws.err());
        assertTrue(ws.err().contains("--device gpu:"), ws.err());
    }
}
