package deepdrill.grader.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark inputs: float32, uniform in [-1, 1), from a fixed seed per array, so that every
 * contender and every run sees the same numbers (ND4J for the implementations, DJL for the engine).
 */
public final class BenchData {

    // Where the ND4J inputs' (and scratch arrays') values live, so that a result sharing that memory
    // (an implementation that returns its input, or a reshape of it) is never freed after a call.
    private static final Set<Long> KEPT_ADDRESSES = ConcurrentHashMap.newKeySet();

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
        INDArray input = Nd4j.create(floats(seed, shape), shape, DataType.FLOAT);
        KEPT_ADDRESSES.add(input.data().address());
        return input;
    }

    /**
     * An uninitialised float32 array that a contender writes into on every call and may return:
     * like an input, it is never freed after a call.
     */
    public static INDArray scratch(char order, long... shape) {
        INDArray scratch = Nd4j.createUninitialized(DataType.FLOAT, shape, order);
        KEPT_ADDRESSES.add(scratch.data().address());
        return scratch;
    }

    /**
     * Frees a call's ND4J result at once, as PyTorch's are freed by their scope, unless it shares
     * the memory of an input or a scratch array. Left to the garbage collector, every call's result would stay allocated
     * until the next collection, and every call would pay for fresh pages from the system, which
     * PyTorch's calls, reusing the memory their predecessor freed, do not.
     */
    public static void release(Object result) {
        if (result instanceof INDArray array && !array.isEmpty() && array.closeable()
                && !KEPT_ADDRESSES.contains(array.data().address())) {
            array.close();
        }
    }

    public static NDArray torch(NDManager manager, long seed, long... shape) {
        return manager.create(floats(seed, shape), new Shape(shape));
    }
}
