package deepdrill.week3;

import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weight initialisation: Xavier (Glorot) and He (Kaiming), normal and uniform.
 *
 * <h2>The idea</h2>
 * A layer computes {@code y = sum_i w_i x_i} over {@code fan_in} inputs. With independent,
 * zero-mean weights and inputs, {@code Var(y) = fan_in * Var(w) * Var(x)}: if {@code Var(w)} is
 * too large the activations grow layer after layer, if it is too small they shrink to nothing,
 * and the gradients do the same on the way back (they sum over {@code fan_out} outputs). Choosing
 * {@code Var(w)} from the fans keeps the signal's scale roughly constant through a deep network.
 *
 * <h2>Fans</h2>
 * <pre>
 *   linear weight (fanOut, fanIn):   fan_in = fanIn             fan_out = fanOut
 *   conv weight   (F, C, HH, WW):    fan_in = C * HH * WW       fan_out = F * HH * WW
 * </pre>
 * (PyTorch's layouts: a linear layer's weight is {@code (out, in)}; each conv output reads
 * {@code C * HH * WW} inputs, and each input feeds {@code F * HH * WW} outputs.)
 *
 * <h2>The formulas</h2>
 * <pre>
 *   Xavier / Glorot (tanh, sigmoid, linear):  std = sqrt(2 / (fan_in + fan_out))
 *   He / Kaiming    (ReLU; fan_in mode):      std = sqrt(2 / fan_in)
 *
 *   normal:   w ~ N(0, std^2)
 *   uniform:  w ~ U(-bound, bound)  with  bound = sqrt(3) * std
 *             (a uniform on [-b, b] has variance b^2 / 3), so
 *             Xavier: bound = sqrt(6 / (fan_in + fan_out)),  He: bound = sqrt(6 / fan_in)
 * </pre>
 * Xavier averages the two fans to compromise between the forward and the backward pass. He's
 * factor 2 is the gain {@code sqrt(2)} squared: a ReLU zeroes half of its inputs, halving the
 * variance, and the factor 2 puts it back. These match PyTorch's {@code xavier_normal_},
 * {@code xavier_uniform_}, {@code kaiming_normal_} and {@code kaiming_uniform_} with
 * {@code nonlinearity="relu"}, {@code mode="fan_in"} (and gain 1 for Xavier).
 *
 * <h2>Inputs and outputs</h2>
 * Every method takes the shape as {@code (fanOut, fanIn)} or {@code (F, C, HH, WW)} and a
 * {@link Random} to draw from, and returns a new float64 array of that shape. Draw every value from
 * {@code random} (for example {@code random.nextGaussian() * std}, or
 * {@code (2 * random.nextDouble() - 1) * bound}), so that the same seed gives the same weights;
 * fill a {@code double[]} and wrap it with {@code Nd4j.create(data, shape, DataType.DOUBLE)}.
 * A shape of another rank, or with a size below 1, is an {@link IllegalArgumentException}.
 *
 * <h2>What interviewers ask</h2>
 * "Why not initialise all weights to zero?" (every unit of a layer computes the same thing and
 * gets the same gradient: the symmetry never breaks). "Xavier or He, and why?" (He for ReLU
 * networks, for the factor 2 above). "What does PyTorch's {@code nn.Linear} use by default?"
 * ({@code kaiming_uniform_} with {@code a = sqrt(5)}, which works out to
 * {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}). "Does batch norm make initialisation
 * irrelevant?" (much less critical, not irrelevant).
 *
 * @see <a href="https://proceedings.mlr.press/v9/glorot10a.html">Glorot and Bengio, Understanding
 *      the difficulty of training deep feedforward neural networks (2010)</a>
 * @see <a href="https://arxiv.org/abs/1502.01852">He et al., Delving Deep into Rectifiers (2015)</a>
 */
public final class WeightInit {

    private WeightInit() {
    }

    /**
     * The fans of a weight.
     *
     * @param shape {@code (fanOut, fanIn)} of a linear layer or {@code (F, C, HH, WW)} of a conv
     * @return {@code {fan_in, fan_out}}
     * @throws IllegalArgumentException if the shape does not have 2 or 4 sizes, or a size is below 1
     */
    public static long[] fans(long... shape) {
        if (shape.length != 2 && shape.length != 4) {
            throw new IllegalArgumentException("expected a shape (fanOut, fanIn) or (F, C, HH, WW), got "
                    + shape.length + " sizes");
        }
        for (long size : shape) {
            if (size < 1) {
                throw new IllegalArgumentException("every size must be at least 1, got " + Arrays.toString(shape));
            }
        }
        long receptiveField = shape.length == 4 ? shape[2] * shape[3] : 1;
        return new long[] {shape[1] * receptiveField, shape[0] * receptiveField};
    }

    /**
     * Xavier (Glorot) normal: {@code N(0, 2 / (fan_in + fan_out))}.
     *
     * @param random where every value is drawn from
     * @param shape  {@code (fanOut, fanIn)} or {@code (F, C, HH, WW)}
     * @return a new float64 array of that shape
     * @throws IllegalArgumentException for a shape {@link #fans} refuses
     */
    public static INDArray xavierNormal(Random random, long... shape) {
        long[] f = fans(shape);
        double std = Math.sqrt(2.0 / (f[0] + f[1]));
        return normal(random, std, shape);
    }

    /**
     * Xavier (Glorot) uniform: {@code U(-bound, bound)} with {@code bound = sqrt(6 / (fan_in + fan_out))}.
     *
     * @param random where every value is drawn from
     * @param shape  {@code (fanOut, fanIn)} or {@code (F, C, HH, WW)}
     * @return a new float64 array of that shape
     * @throws IllegalArgumentException for a shape {@link #fans} refuses
     */
    public static INDArray xavierUniform(Random random, long... shape) {
        long[] f = fans(shape);
        double xavierStd = Math.sqrt(2.0 / (f[0] + f[1]));
        return uniform(random, Math.sqrt(3.0) * xavierStd, shape);
    }

    /**
     * He (Kaiming) normal for ReLU, fan_in mode: {@code N(0, 2 / fan_in)}.
     *
     * @param random where every value is drawn from
     * @param shape  {@code (fanOut, fanIn)} or {@code (F, C, HH, WW)}
     * @return a new float64 array of that shape
     * @throws IllegalArgumentException for a shape {@link #fans} refuses
     */
    public static INDArray heNormal(Random random, long... shape) {
        long[] f = fans(shape);
        double std = Math.sqrt(2.0 / f[0]);   // the ReLU gain sqrt(2), squared
        return normal(random, std, shape);
    }

    /**
     * He (Kaiming) uniform for ReLU, fan_in mode: {@code U(-bound, bound)} with {@code bound = sqrt(6 / fan_in)}.
     *
     * @param random where every value is drawn from
     * @param shape  {@code (fanOut, fanIn)} or {@code (F, C, HH, WW)}
     * @return a new float64 array of that shape
     * @throws IllegalArgumentException for a shape {@link #fans} refuses
     */
    public static INDArray heUniform(Random random, long... shape) {
        long[] f = fans(shape);
        double heStd = Math.sqrt(2.0 / f[0]);
        return uniform(random, Math.sqrt(3.0) * heStd, shape);
    }

    // N(0, std^2) values, drawn one by one in C order.
    private static INDArray normal(Random random, double std, long[] shape) {
        double[] data = new double[(int) size(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextGaussian() * std;
        }
        return Nd4j.create(data, shape, DataType.DOUBLE);
    }

    // U(-bound, bound) values, drawn one by one in C order.
    private static INDArray uniform(Random random, double bound, long[] shape) {
        double[] data = new double[(int) size(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (2 * random.nextDouble() - 1) * bound;
        }
        return Nd4j.create(data, shape, DataType.DOUBLE);
    }

    private static long size(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }
}
