package deepdrill.grader.cli;

import ai.djl.engine.Engine;
import deepdrill.grader.oracle.GpuDiagnosis;
import deepdrill.grader.oracle.TorchBuild;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code grader device}: which libtorch build the grader runs, whether PyTorch can use a GPU, and
 * if not, what is missing. {@code ./grader setup --gpu} ends with it.
 */
@Command(name = "device",
        mixinStandardHelpOptions = true,
        description = "Show the PyTorch build the grader uses and whether --device gpu can work here.",
        footer = {"", "Examples:", "  ./grader device", "  ./grader setup --gpu     install the CUDA build of PyTorch (2.4 GB, once)",
                "  ./grader setup --cpu     back to the small CPU build", "", ExitCodes.HELP_SECTION})
final class DeviceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TorchBuild build = TorchBuild.current();
        out.println("Starting PyTorch (" + build.artifact() + ")...");
        out.flush();
        Engine engine = Engine.getInstance();
        int gpus = engine.getGpuCount();
        out.println("PyTorch " + engine.getVersion() + " through DJL " + Engine.getDjlVersion() + ", build: "
                + describe(build));
        Optional<String> problem = GpuDiagnosis.reason(GpuDiagnosis.probe(engine.getVersion(), gpus));
        if (problem.isEmpty()) {
            out.println("GPU: " + gpus + " visible to PyTorch; --device gpu and --device auto use the first.");
        } else {
            out.println("GPU: not usable: " + problem.get());
            out.println("--device auto uses the CPU; --device gpu stops with exit code 2.");
        }
        return ExitCodes.PASSED;
    }

    private static String describe(TorchBuild build) {
        return switch (build) {
            case CPU -> "CPU (pytorch-native-cpu; ./grader setup --gpu installs the CUDA build)";
            case CUDA -> "CUDA 12.4 with cuDNN 9 (pytorch-native-cu124; ./grader setup --cpu goes back)";
            case EXTERNAL -> "the libtorch in PYTORCH_LIBRARY_PATH=" + System.getenv("PYTORCH_LIBRARY_PATH");
        };
    }
}
