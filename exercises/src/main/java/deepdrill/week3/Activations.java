package deepdrill.week3;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The classic activation functions, forward and backward, and a numerically stable softmax.
 *
 * <h2>The idea</h2>
 * An activation is applied element by element (softmax: row by row), so its backward pass is
 * just the upstream gradient times the local derivative: {@code dx = dout * f'(x)}. Every
 * backward method here takes the forward pass's input {@code x} (not its output) and the upstream
 * gradient {@code dout}, both of one shape, and returns {@code dx} of that shape.
 *
 * <h2>Formulas</h2>
 * <pre>
 *   relu(x)        = max(x, 0)                     relu'(x)        = 1 if x &gt; 0, else 0
 *   leakyRelu(x)   = x if x &gt; 0, else slope * x     leakyRelu'(x)   = 1 if x &gt; 0, else slope
 *   sigmoid(x)     = 1 / (1 + exp(-x))             sigmoid'(x)     = s (1 - s),   s = sigmoid(x)
 *   tanh(x)                                        tanh'(x)        = 1 - tanh(x)^2
 *   gelu(x)        = x * Phi(x)                    gelu'(x)        = Phi(x) + x * phi(x)
 *                    Phi(x) = (1 + erf(x / sqrt 2)) / 2,   phi(x) = exp(-x^2 / 2) / sqrt(2 pi)
 *   softmax(x)[i]  = exp(x[i]) / sum_j exp(x[j])   over the LAST axis
 *   softmax backward:  dx = s * (dout - sum_j dout[j] s[j]),   s = softmax(x), per row
 * </pre>
 *
 * <h2>Conventions</h2>
 * <ul>
 * <li>At the kink {@code x = 0}, ReLU's derivative is taken as 0 and leaky ReLU's as
 *     {@code slope}: the "x &gt; 0" test, as in PyTorch.</li>
 * <li>GELU is the exact form with {@code erf}, PyTorch's default {@code approximate='none'}, not
 *     the tanh approximation {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. Java has no
 *     {@code erf}; {@link #erf} below computes it for a whole array with ND4J's op.</li>
 * <li>Softmax works on the last axis: for {@code x (N, K)} each row sums to 1; for
 *     {@code (A, B, K)} each of the {@code A * B} rows does; a 1-D {@code x} is one row.</li>
 * <li>Infinities and NaN give what PyTorch gives: {@code relu(-Infinity)} is 0 (so keep x where
 *     {@code x > 0} and put 0 elsewhere: multiplying by a 0/1 mask gives {@code -Infinity * 0 = NaN}),
 *     sigmoid of {@code +-Infinity} is 1 and 0, tanh of it {@code +-1}, and NaN stays NaN.</li>
 * <li>Every result is a new array with {@code x}'s shape and data type; inputs are not modified.</li>
 * </ul>
 *
 * <h2>Numerical stability (the part interviews test)</h2>
 * {@code exp(1000)} overflows to {@code Infinity} in double precision ({@code exp(89)} already does
 * in float32), and {@code Infinity / Infinity} is {@code NaN}. Two rewrites avoid it:
 * <ul>
 * <li>sigmoid: with {@code e = exp(-|x|)}, which is at most 1, sigmoid is {@code 1 / (1 + e)}
 *     for {@code x >= 0} and {@code e / (1 + e)} for {@code x < 0}. Both never overflow. (A
 *     backward written as {@code exp(-x) / (1 + exp(-x))^2} does: use {@code s (1 - s)}.)</li>
 * <li>softmax: subtract each row's maximum first. {@code softmax(x - c) = softmax(x)} for any
 *     constant {@code c}, and after the shift the largest exponent is {@code exp(0) = 1}.</li>
 * </ul>
 * The check feeds values of magnitude 1000 and expects no {@code NaN} and no infinity.
 *
 * <h2>What interviewers ask</h2>
 * "Why ReLU over sigmoid?" (no saturation for x &gt; 0, cheap, sparse; sigmoid's gradient is at
 * most 1/4 and vanishes for large |x|). "What is a dead ReLU, and how does leaky ReLU help?"
 * "Derive sigmoid'(x) = s(1 - s)." "Why subtract the max in softmax, and why does it not change the
 * result?" "What is GELU and where is it used?" (transformers: BERT, GPT). "Softmax's Jacobian?"
 * ({@code diag(s) - s s^T}, which the backward formula above applies without building it.)
 *
 * <h2>Hint: vectorised ND4J</h2>
 * <pre>
 *   x.gt(0).castTo(x.dataType())         // 1 where x &gt; 0, else 0
 *   Transforms.exp(a, true)  Transforms.abs(a, true)  Transforms.tanh(a, true)   // true: a copy
 *   a.mul(b)  a.add(1.0)  a.rsub(1.0)  a.neg()       // new arrays; muli, addi, ... work in place
 *   x.max(true, axis)  e.sum(true, axis)             // keep the axis (size 1), so that
 *   x.sub(rowMax)  e.div(rowSum)                     // these broadcast over it
 * </pre>
 *
 * @see <a href="https://cs231n.github.io/neural-networks-1/#actfun">CS231n notes, Commonly used
 *      activation functions</a>
 * @see <a href="https://arxiv.org/abs/1606.08415">Hendrycks and Gimpel, Gaussian Error Linear Units
 *      (GELUs) (2016)</a>
 * @see <a href="https://cs231n.github.io/linear-classify/#softmax">CS231n notes, Softmax
 *      classifier: practical issues, numeric stability</a>
 */
public final class Activations {

    private Activations() {
    }

    /**
     * ReLU: {@code max(x, 0)} element by element.
     *
     * @param x input of any shape; not modified
     * @return a new array of x's shape and data type
     */
    public static INDArray relu(INDArray x) {
        // TODO: max(x, 0) element by element; keep x's data type.
        throw new UnsupportedOperationException("Not implemented yet: Activations.relu");
    }

    /**
     * The gradient of ReLU: {@code dout} where {@code x > 0}, else 0 (0 at {@code x = 0} too).
     *
     * @param dout upstream gradient, x's shape; not modified
     * @param x    the forward pass's input; not modified
     * @return dx, a new array of x's shape and data type
     */
    public static INDArray reluBackward(INDArray dout, INDArray x) {
        // TODO: dout where x > 0, else 0.
        throw new UnsupportedOperationException("Not implemented yet: Activations.reluBackward");
    }

    /**
     * Leaky ReLU: {@code x} where {@code x > 0}, else {@code slope * x}.
     *
     * @param x     input of any shape; not modified
     * @param slope the slope for negative inputs, for example 0.01 (PyTorch's default)
     * @return a new array of x's shape and data type
     */
    public static INDArray leakyRelu(INDArray x, double slope) {
        // TODO: x where x > 0, else slope * x.
        throw new UnsupportedOperationException("Not implemented yet: Activations.leakyRelu");
    }

    /**
     * The gradient of leaky ReLU: {@code dout} where {@code x > 0}, else {@code slope * dout}
     * ({@code slope * dout} at {@code x = 0}).
     *
     * @param dout  upstream gradient, x's shape; not modified
     * @param x     the forward pass's input; not modified
     * @param slope the slope for negative inputs
     * @return dx, a new array of x's shape and data type
     */
    public static INDArray leakyReluBackward(INDArray dout, INDArray x, double slope) {
        // TODO: dout where x > 0, else slope * dout.
        throw new UnsupportedOperationException("Not implemented yet: Activations.leakyReluBackward");
    }

    /**
     * The logistic sigmoid {@code 1 / (1 + exp(-x))}, without overflow for any finite x.
     *
     * @param x input of any shape; not modified
     * @return a new array of x's shape and data type, values in [0, 1]
     */
    public static INDArray sigmoid(INDArray x) {
        // TODO: 1 / (1 + exp(-x)) without overflow: use e = exp(-|x|).
        throw new UnsupportedOperationException("Not implemented yet: Activations.sigmoid");
    }

    /**
     * The gradient of the sigmoid: {@code dout * s * (1 - s)} with {@code s = sigmoid(x)}.
     *
     * @param dout upstream gradient, x's shape; not modified
     * @param x    the forward pass's input; not modified
     * @return dx, a new array of x's shape and data type
     */
    public static INDArray sigmoidBackward(INDArray dout, INDArray x) {
        // TODO: dout * s * (1 - s), s = sigmoid(x).
        throw new UnsupportedOperationException("Not implemented yet: Activations.sigmoidBackward");
    }

    /**
     * The hyperbolic tangent.
     *
     * @param x input of any shape; not modified
     * @return a new array of x's shape and data type, values in [-1, 1]
     */
    public static INDArray tanh(INDArray x) {
        // TODO: tanh of every element.
        throw new UnsupportedOperationException("Not implemented yet: Activations.tanh");
    }

    /**
     * The gradient of tanh: {@code dout * (1 - tanh(x)^2)}.
     *
     * @param dout upstream gradient, x's shape; not modified
     * @param x    the forward pass's input; not modified
     * @return dx, a new array of x's shape and data type
     */
    public static INDArray tanhBackward(INDArray dout, INDArray x) {
        // TODO: dout * (1 - tanh(x)^2).
        throw new UnsupportedOperationException("Not implemented yet: Activations.tanhBackward");
    }

    /**
     * GELU, the exact form: {@code x * Phi(x)} with {@code Phi} the standard normal CDF.
     *
     * @param x input of any shape; not modified
     * @return a new array of x's shape and data type
     */
    public static INDArray gelu(INDArray x) {
        // TODO: x * Phi(x), Phi(x) = (1 + erf(x / sqrt 2)) / 2 (use the erf helper below).
        throw new UnsupportedOperationException("Not implemented yet: Activations.gelu");
    }

    /**
     * The gradient of the exact GELU: {@code dout * (Phi(x) + x * phi(x))}.
     *
     * @param dout upstream gradient, x's shape; not modified
     * @param x    the forward pass's input; not modified
     * @return dx, a new array of x's shape and data type
     */
    public static INDArray geluBackward(INDArray dout, INDArray x) {
        // TODO: dout * (Phi(x) + x * phi(x)), phi(x) = exp(-x^2 / 2) / sqrt(2 pi).
        throw new UnsupportedOperationException("Not implemented yet: Activations.geluBackward");
    }

    /**
     * Softmax over the last axis, stable for inputs of any magnitude.
     *
     * @param x input of shape (..., K), rank 1 or more; not modified
     * @return a new array of x's shape and data type; every row (last axis) sums to 1
     */
    public static INDArray softmax(INDArray x) {
        // TODO: subtract each row's max (last axis), exponentiate, divide by the row's sum.
        throw new UnsupportedOperationException("Not implemented yet: Activations.softmax");
    }

    /**
     * The gradient of softmax over the last axis: {@code s * (dout - sum(dout * s))}, the sum
     * taken per row, with {@code s = softmax(x)}.
     *
     * @param dout upstream gradient, x's shape; not modified
     * @param x    the forward pass's input, (..., K); not modified
     * @return dx, a new array of x's shape and data type
     */
    public static INDArray softmaxBackward(INDArray dout, INDArray x) {
        // TODO: s = softmax(x); dx = s * (dout - sum over the last axis of dout * s).
        throw new UnsupportedOperationException("Not implemented yet: Activations.softmaxBackward");
    }

    /**
     * {@code erf} of every element, a new array of u's shape and data type (Java's Math has no erf;
     * ND4J's op is accurate to double precision). Given: not part of the exercise.
     *
     * @param u input of any shape; not modified
     * @return erf(u)
     */
    private static INDArray erf(INDArray u) {
        return Nd4j.getExecutioner().exec(new Erf(u, u.ulike()));
    }
}
