package deepdrill.grader.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark inputs: float32, uniform in [-1, 1), from a fixed seed per array, so that every
 * contender and every run sees the same numbers (ND4J for the implementations, DJL for the engine).
 */
public final class BenchData {

    private BenchData() {
    }

    public static float[] floats(long seed, long... shape) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[Math.toIntExact(count)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (2 * random.nextDouble() - 1);
        }
        return data;
    }

    public static INDArray nd4j(long seed, long... shape) {
        return Nd4j.create(floats(seed, shape), shape, DataType.FLOAT);
    }

    public static NDArray torch(NDManager manager, long seed, long... shape) {
        return manager.create(floats(seed, shape), new Shape(shape));
    }
}
