package deepdrill.grader.oracle;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch, through DJL, as the independent source of expected values. Runs in the child JVM.
 *
 * <p>{@link #start} picks the device once per JVM; checks then open a short-lived
 * {@link #newManager() manager} per task so that native memory is freed as soon as the task
 * ends. Conversions go through flat {@code double[]} in C order: checks run in float64, so nothing
 * is lost on the way.
 */
public final class TorchOracle {

    private static NDManager root;
    private static Device device;

    private TorchOracle() {
    }

    /**
     * Starts the engine on the chosen device.
     *
     * @param choice the CPU, the GPU, or {@code AUTO} (the GPU when PyTorch sees one)
     * @throws DeviceUnavailableException for {@code gpu} without a usable GPU, saying which part is missing
     */
    public static synchronized Device start(deepdrill.grader.Device choice) {
        Engine engine = Engine.getInstance();
        int engineGpus = engine.getGpuCount();
        device = switch (choice) {
            case CPU -> Device.cpu();
            case AUTO -> engineGpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (engineGpus == 0) {
                    throw new DeviceUnavailableException(whyNoGpu());
                }
                yield Device.gpu();
            }
        };
        root = NDManager.newBaseManager(device);
        // One tiny op so that engine start-up is paid here, not inside the first timed task.
        try (NDManager m = root.newSubManager()) {
            m.ones(new Shape(2, 2)).matMul(m.ones(new Shape(2, 2))).toFloatArray();
        }
        return device;
    }

    private static String whyNoGpu() {
        Engine engine = Engine.getInstance();
        GpuDiagnosis.Facts facts = GpuDiagnosis.probe(engine.getVersion(), engine.getGpuCount());
        return "--device gpu: " + GpuDiagnosis.reason(facts).orElse("PyTorch sees a GPU but could not start on it.")
                + " (./grader device shows what was found; README.md, 'Running on a GPU'.)";
    }

    /** The device chosen by {@link #start}. */
    public static Device device() {
        if (device == null) {
            throw new IllegalStateException("TorchOracle.start was not called");
        }
        return device;
    }

    /** A manager on the chosen device; close it when the task is done. */
    public static NDManager newManager() {
        if (root == null) {
            start(deepdrill.grader.Device.CPU);
        }
        return root.newSubManager();
    }

    /** A float64 copy of an ND4J array on the oracle's device. */
    public static NDArray toTorch(NDManager manager, INDArray x) {
        double[] data = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        return manager.create(data, new Shape(x.shape()));
    }

    /** A float64 ND4J copy of a DJL array (copied back to the host if it lives on a GPU). */
    public static INDArray toNd4j(NDArray x) {
        double[] data = x.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
        long[] shape = x.getShape().getShape();
        if (shape.length == 0) {
            return Nd4j.scalar(data[0]);
        }
        return Nd4j.create(data, shape, DataType.DOUBLE);
    }
}
