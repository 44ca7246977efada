package deepdrill.grader.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Why {@code --device gpu} cannot be used, in the order a user fixes it: the build of libtorch,
 * then the NVIDIA driver ({@code libcuda.so.1}), then a visible device. Facts are gathered once by
 * {@link #probe}; {@link #reason} is a pure function of them, so that each message is tested.
 */
public final class GpuDiagnosis {

    /** The oldest driver that runs CUDA 12.4 code (CUDA's minor-version compatibility). */
    static final String MIN_DRIVER = "525.60.13";

    /**
     * What was found on the machine.
     *
     * @param build              the libtorch build loaded
     * @param pytorchVersion     its version, for example {@code 2.5.1}
     * @param libcudaFound       whether the NVIDIA driver's {@code libcuda.so.1} is on the loader's path
     * @param deviceNodes        whether {@code /dev/nvidia0} (or another GPU node) exists
     * @param cudaVisibleDevices the {@code CUDA_VISIBLE_DEVICES} variable, empty when unset
     * @param torchGpus          how many GPUs PyTorch itself sees
     */
    public record Facts(TorchBuild build, String pytorchVersion, boolean libcudaFound, boolean deviceNodes, Optional<String> cudaVisibleDevices,
            int torchGpus) {
    }

    private GpuDiagnosis() {
    }

    /** Empty when PyTorch can use a GPU; otherwise what is missing and what to do. */
    public static Optional<String> reason(Facts facts) {
        if (facts.torchGpus() > 0) {
            return Optional.empty();
        }
        String pytorch = "PyTorch " + facts.pytorchVersion();
        return Optional.of(switch (facts.build()) {
            case CPU -> "the CPU build of libtorch is installed (pytorch-native-cpu, " + pytorch + "), which has no "
                    + "GPU support. Run ./grader setup --gpu once to install the CUDA build (a 2.4 GB download "
                    + "from Maven Central), then run this again.";
            case EXTERNAL, CUDA -> noDevice(facts);
        });
    }

    private static String noDevice(Facts facts) {
        String build = facts.build() == TorchBuild.CUDA
                ? "the CUDA build of libtorch is installed (pytorch-native-cu124)"
                : "libtorch comes from PYTORCH_LIBRARY_PATH";
        if (!facts.libcudaFound()) {
            return build + ", but there is no NVIDIA driver: libcuda.so.1 was not found (ldconfig's cache, "
                    + "LD_LIBRARY_PATH and the usual library folders). Install the NVIDIA driver, " + MIN_DRIVER
                    + " or newer, or use --device cpu.";
        }
        if (facts.cudaVisibleDevices().filter(v -> v.isBlank() || v.trim().equals("-1")).isPresent()) {
            return build + " and the NVIDIA driver is there, but CUDA_VISIBLE_DEVICES='"
                    + facts.cudaVisibleDevices().get() + "' hides every GPU. Unset it or name a device.";
        }
        if (!facts.deviceNodes()) {
            return build + " and the NVIDIA driver library is there, but no GPU device is visible (no /dev/nvidia0; "
                    + "in a container, start it with the GPU passed in, for example docker run --gpus all).";
        }
        return build + ", the NVIDIA driver and /dev/nvidia0 are there, but CUDA reports no usable device: the driver "
                + "may be older than " + MIN_DRIVER + " (CUDA 12.4), or the GPU is in use exclusively. "
                + "nvidia-smi shows both.";
    }

    /** Gathers the facts on this machine; the version and GPU count come from the engine already started. */
    public static Facts probe(String pytorchVersion, int torchGpus) {
        return new Facts(TorchBuild.current(), pytorchVersion, libcudaFound(), Files.exists(Path.of("/dev/nvidia0")),
                Optional.ofNullable(System.getenv("CUDA_VISIBLE_DEVICES")), torchGpus);
    }

    private static boolean libcudaFound() {
        List<Path> folders = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String entry : ld.split(":")) {
                if (!entry.isBlank()) {
                    folders.add(Path.of(entry));
                }
            }
        }
        for (String usual : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu",
                "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib")) {
            folders.add(Path.of(usual));
        }
        if (folders.stream().anyMatch(f -> Files.exists(f.resolve("libcuda.so.1")))) {
            return true;
        }
        return ldconfigKnowsLibcuda();
    }

    private static boolean ldconfigKnowsLibcuda() {
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (!Files.isExecutable(Path.of(ldconfig))) {
                continue;
            }
            try {
                Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                try (InputStream in = p.getInputStream()) {
                    String listing = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    p.waitFor(5, TimeUnit.SECONDS);
                    return listing.contains("libcuda.so.1");
                }
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
