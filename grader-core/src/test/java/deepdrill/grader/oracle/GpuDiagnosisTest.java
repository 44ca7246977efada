package deepdrill.grader.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each missing piece of a GPU setup gets its own message, in the order a user fixes them. */
class GpuDiagnosisTest {

    private static GpuDiagnosis.Facts facts(TorchBuild build, boolean libcuda, boolean nodes, String visible, int gpus) {
        return new GpuDiagnosis.Facts(build, "2.5.1", libcuda, nodes, Optional.ofNullable(visible), gpus);
    }

    private static String reason(GpuDiagnosis.Facts facts) {
        return GpuDiagnosis.reason(facts).orElseThrow();
    }

    @Test
    void aVisibleGpuNeedsNoReason() {
        assertEquals(Optional.empty(), GpuDiagnosis.reason(facts(TorchBuild.CUDA, true, true, null, 1)));
    }

    @Test
    void theCpuBuildPointsAtSetup() {
        String why = reason(facts(TorchBuild.CPU, true, true, null, 0));
        assertTrue(why.contains("CPU build") && why.contains("./grader setup --gpu"), why);
    }

    @Test
    void noDriverNamesLibcuda() {
        String why = reason(facts(TorchBuild.CUDA, false, false, null, 0));
        assertTrue(why.contains("no NVIDIA driver") && why.contains("libcuda.so.1"), why);
    }

    @Test
    void hiddenDevicesNameTheVariable() {
        for (String hidden : List.of("", "-1")) {
            String why = reason(facts(TorchBuild.CUDA, true, true, hidden, 0));
            assertTrue(why.contains("CUDA_VISIBLE_DEVICES='" + hidden + "'"), why);
        }
    }

    @Test
    void noDeviceNodeSaysNoDeviceVisible() {
        String why = reason(facts(TorchBuild.CUDA, true, false, null, 0));
        assertTrue(why.contains("no GPU device is visible") && why.contains("/dev/nvidia0"), why);
    }

    @Test
    void everythingPresentButNoDeviceSuspectsTheDriverVersion() {
        String why = reason(facts(TorchBuild.EXTERNAL, true, true, "0", 0));
        assertTrue(why.contains("PYTORCH_LIBRARY_PATH") && why.contains(GpuDiagnosis.MIN_DRIVER), why);
    }

    @Test
    void theBuildIsToldByTheBundledFlavours() {
        assertEquals(TorchBuild.CPU, TorchBuild.of(List.of("cpu"), Optional.empty()));
        assertEquals(TorchBuild.CUDA, TorchBuild.of(List.of("cpu", "cu124"), Optional.empty()));
        assertEquals(TorchBuild.EXTERNAL, TorchBuild.of(List.of("cpu"), Optional.of("/opt/libtorch/lib")));
        assertEquals(TorchBuild.CPU, TorchBuild.of(List.of("cpu"), Optional.of(" ")));
    }
}
