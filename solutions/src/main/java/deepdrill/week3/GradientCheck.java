package deepdrill.week3;

import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient checking: a numerical gradient by centred differences, and the relative error used to
 * compare it with an analytic (backprop) gradient.
 *
 * <h2>The idea</h2>
 * Every backward pass you write can be tested without knowing the answer: nudge one input up and
 * down by a small {@code h}, see how the (scalar) loss changes, and compare the slope with your
 * gradient. This is how every backward pass in this workbench is checked too.
 *
 * <h2>Formulas</h2>
 * <pre>
 *   numerical gradient, for every element i of x (e_i: 1 at i, 0 elsewhere):
 *     grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2h)          the centred difference
 *
 *   relative error (CS231n's definition), over all elements i:
 *     relativeError(a, b) = max_i |a_i - b_i| / max(1e-8, |a_i| + |b_i|)
 * </pre>
 * The centred difference is exact for quadratics and has error {@code h^2 f'''(x) / 6}; the
 * forward difference {@code (f(x + h) - f(x)) / h} has error {@code h f''(x) / 2}, far larger
 * for the same {@code h}. Too small an {@code h} loses to rounding instead (about
 * {@code eps |f| / h}); {@code h = 1e-5} in double precision balances the two. The {@code 1e-8}
 * floor in the relative error makes two zeros compare as equal instead of dividing 0 by 0.
 *
 * <h2>Shapes and conventions</h2>
 * <pre>
 *   f      a function of an array of x's shape, returning a number; call it exactly 2 times per element
 *   x      any shape, any data type; not modified (however you perturb it, x itself is left as it was)
 *   h      the step, &gt; 0
 *   grad   x's shape, ALWAYS float64: f is evaluated on float64 arrays (a float32 x is converted
 *          first), because float32's 7 digits cannot resolve a step of 1e-5
 *   a, b   arrays of one shape (any data type); the relative error is a double
 * </pre>
 *
 * <h2>What interviewers ask</h2>
 * "How do you check a backward pass?" (this exercise). "Why centred, not forward, differences?"
 * (O(h^2) against O(h) error). "Which h?" (about 1e-5 in double; never in float32). "What relative
 * error is good?" (below 1e-7 is great; 1e-2 and above is almost surely a bug; kinks such as ReLU
 * at 0 can make a right gradient look wrong). "How expensive is it?" (two forward passes per
 * parameter: only on small inputs, or on a random subset of coordinates).
 *
 * <h2>Hint: working on a copy</h2>
 * <pre>
 *   INDArray point = x.castTo(DataType.DOUBLE).dup('c');   // your own float64 copy, in C order
 *   INDArray flat = point.reshape(point.length());         // a view: writing flat writes point
 *   double old = flat.getDouble(i);
 *   flat.putScalar(i, old + h);   double plus = f.apply(point);
 *   ...                                                    // and put old back afterwards
 *   return Nd4j.create(gradient, x.shape(), DataType.DOUBLE);
 * </pre>
 *
 * @see <a href="https://cs231n.github.io/neural-networks-3/#gradcheck">CS231n notes, Gradient
 *      checks</a>
 */
public final class GradientCheck {

    private GradientCheck() {
    }

    /**
     * The numerical gradient of a scalar function by centred differences.
     *
     * @param f a function of an array of x's shape (float64), returning a number
     * @param x the point at which to differentiate, any shape; not modified
     * @param h the step, for example 1e-5
     * @return a new float64 array of x's shape: the estimated df/dx
     */
    public static INDArray numericalGradient(Function<INDArray, Double> f, INDArray x, double h) {
        INDArray point = x.castTo(DataType.DOUBLE).dup('c');   // our own float64 copy: x stays as it was
        INDArray flat = point.reshape(point.length());          // a view of point, one index per element
        double[] gradient = new double[(int) point.length()];
        for (int i = 0; i < gradient.length; i++) {
            double old = flat.getDouble(i);
            flat.putScalar(i, old + h);
            double plus = f.apply(point);
            flat.putScalar(i, old - h);
            double minus = f.apply(point);
            flat.putScalar(i, old);   // restore, so that the next element is nudged around the right point
            gradient[i] = (plus - minus) / (2 * h);
        }
        return Nd4j.create(gradient, x.shape(), DataType.DOUBLE);
    }

    /**
     * CS231n's relative error: {@code max_i |a_i - b_i| / max(1e-8, |a_i| + |b_i|)}.
     *
     * @param a an array; not modified
     * @param b an array of a's shape; not modified
     * @return the largest element-wise relative error (0 when a and b are equal)
     */
    public static double relativeError(INDArray a, INDArray b) {
        double[] as = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] bs = b.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double max = 0;
        for (int i = 0; i < as.length; i++) {
            double error = Math.abs(as[i] - bs[i]) / Math.max(1e-8, Math.abs(as[i]) + Math.abs(bs[i]));
            max = Math.max(max, error);
        }
        return max;
    }
}
