package deepdrill.grader.checks.support;

import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Centred-difference gradients in float64, the second, engine-free check of every backward pass:
 * <pre>
 *   dL/dx[i] ~ (L(x + h e_i) - L(x - h e_i)) / (2h),   L(x) = sum(f(x) * dout)
 * </pre>
 * The truncation error is O(h^2) and the rounding error O(eps / h); h = 1e-5 balances them at
 * about 1e-8 to 1e-10 for smooth functions of order-one values, hence {@link #TOLERANCE}.
 * Two evaluations of {@code f} per input element: keep the inputs small.
 */
public final class NumericalGradient {

    /** How close an analytic gradient must be to a numerical one. */
    public static final Tolerance TOLERANCE = new Tolerance(1e-6, 1e-5);

    private static final double H = 1e-5;

    private NumericalGradient() {
    }

    /**
     * @param f    the forward function, evaluated on fresh float64 copies of {@code x}
     * @param x    the point at which to differentiate (not modified)
     * @param dout the upstream gradient, the shape of {@code f(x)}
     * @return dL/dx, the shape of {@code x}, float64
     */
    public static INDArray of(Function<INDArray, INDArray> f, INDArray x, INDArray dout) {
        double[] point = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] upstream = dout.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] grad = new double[point.length];
        for (int i = 0; i < point.length; i++) {
            double keep = point[i];
            point[i] = keep + H;
            double plus = weightedSum(f.apply(Nd4j.create(point.clone(), x.shape(), DataType.DOUBLE)), upstream);
            point[i] = keep - H;
            double minus = weightedSum(f.apply(Nd4j.create(point.clone(), x.shape(), DataType.DOUBLE)), upstream);
            point[i] = keep;
            grad[i] = (plus - minus) / (2 * H);
        }
        return Nd4j.create(grad, x.shape(), DataType.DOUBLE);
    }

    /**
     * The numerical gradient of a scalar function.
     *
     * @param f a function of {@code x} returning a number
     */
    public static INDArray ofScalar(Function<INDArray, Double> f, INDArray x) {
        return of(v -> Nd4j.scalar(f.apply(v)), x, Nd4j.scalar(1.0));
    }

    private static double weightedSum(INDArray out, double[] upstream) {
        double[] values = out.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        if (values.length != upstream.length) {
            throw new IllegalArgumentException("f(x) has " + values.length + " values, dout has " + upstream.length);
        }
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i] * upstream[i];
        }
        return sum;
    }
}
