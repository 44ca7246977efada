package deepdrill.grader.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/**
 * The flavour this build was made with (CPU by default, CUDA under {@code -Pgpu}; the pom passes
 * the expected one as {@code deepdrill.expectedTorchBuild}) is the one found, and its engine starts
 * offline and computes, on the GPU where PyTorch sees one and on the CPU otherwise. CI runs this
 * under both flavours.
 */
class TorchFlavourTest {

    @Test
    void theBuildIsTheOneThisFlavourBundles() {
        String expected = System.getProperty("deepdrill.expectedTorchBuild", "CPU");
        assertEquals(TorchBuild.valueOf(expected), TorchBuild.current());
    }

    @Test
    void theEngineStartsAndComputesOnTheDeviceAutoPicks() {
        Device device = TorchOracle.start(deepdrill.grader.Device.AUTO);
        assertEquals(Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu(), device);
        assertEquals("2.5.1", Engine.getInstance().getVersion());
        try (NDManager manager = TorchOracle.newManager()) {
            NDArray a = manager.create(new double[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            assertArrayEquals(new double[] {7, 10, 15, 22}, a.matMul(a).toDoubleArray());
        }
    }
}
