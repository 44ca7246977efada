package deepdrill.grader.checks.support;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded random inputs, in float64 unless a check asks otherwise. */
public final class Inputs {

    private Inputs() {
    }

    /** Standard normal values of the given shape. */
    public static INDArray normal(Random random, long... shape) {
        double[] data = new double[(int) length(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextGaussian();
        }
        return Nd4j.create(data, shape, DataType.DOUBLE);
    }

    /**
     * Values drawn from a small set of integers, so that ties are likely: what makes a max-pool
     * that picks the wrong element of a tie, or a comparison with the wrong sign, show itself.
     */
    public static INDArray smallIntegers(Random random, int bound, long... shape) {
        double[] data = new double[(int) length(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextInt(2 * bound + 1) - bound;
        }
        return Nd4j.create(data, shape, DataType.DOUBLE);
    }

    /** An integer in {@code [from, to]}. */
    public static int between(Random random, int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
