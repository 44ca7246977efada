package deepdrill.week3;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout, forward and backward, with a given random source.
 *
 * <h2>The idea</h2>
 * At train time, every activation is zeroed at random with probability {@code p}, so that the
 * network cannot rely on any single unit (a cheap ensemble of thinned networks). The surviving
 * values are scaled up by {@code 1 / (1 - p)}, so that the expected value of every output equals
 * its input: {@code E[out] = (1 - p) * x / (1 - p) = x}. That is "inverted" dropout: because the
 * scaling happens at train time, test time is the identity and needs no change at all. (The
 * original paper's "vanilla" dropout did not scale at train time and multiplied by {@code 1 - p}
 * at test time instead; the two are equivalent in expectation.)
 *
 * <h2>Symbols, shapes and the convention</h2>
 * <pre>
 *   x     any shape, any data type      the input
 *   p     0 &lt;= p &lt; 1                  the probability to DROP an element (PyTorch's convention;
 *                                       CS231n's assignment uses p as the probability to keep)
 *   mask  x's shape, x's data type      1 where the element is kept, 0 where it is dropped
 *   out   x's shape, x's data type      out = x * mask / (1 - p)
 *
 *   backward:   dx = dout * mask / (1 - p)
 * </pre>
 * The random draws follow one fixed order, so that a seed replays the same mask: one
 * {@code random.nextDouble()} per element of {@code x}, in row-major (C) order (the order of
 * {@code x.dup('c').data().asDouble()}), and the element is kept iff
 * {@code random.nextDouble() >= p}. In eval mode ({@code train == false}) nothing is drawn, the
 * output equals {@code x}, and the mask is all ones. {@code p = 1} would drop everything and divide
 * by zero; it is never passed.
 *
 * <h2>What interviewers ask</h2>
 * "Why scale by 1/(1-p)?" (to keep the expected activation the same at train and test time).
 * "What changes at test time?" (nothing, with inverted dropout: no mask, no scaling). "Is p the
 * keep or the drop probability?" (ask! PyTorch: drop; the original paper and CS231n: keep).
 * "What is the gradient?" (the same mask and scale: dropped units get no gradient). "Dropout and
 * batch norm together?" (the variance shift between train and test; usually dropout goes after).
 *
 * <h2>Hint: fast data access</h2>
 * <pre>
 *   double[] xs = x.dup('c').data().asDouble();         // row-major order: the draw order
 *   ...
 *   Nd4j.create(values, x.shape(), x.dataType())        // back to an array of x's shape and type
 *   Nd4j.ones(x.dataType(), x.shape())                  // the eval-mode mask
 * </pre>
 *
 * @see <a href="https://jmlr.org/papers/v15/srivastava14a.html">Srivastava et al., Dropout: a
 *      simple way to prevent neural networks from overfitting (JMLR 2014)</a>
 * @see <a href="https://cs231n.github.io/neural-networks-2/#reg">CS231n notes, Regularization:
 *      inverted dropout</a>
 */
public final class Dropout {

    private Dropout() {
    }

    /**
     * The output of a dropout layer and the mask it used.
     *
     * @param out  x's shape and data type: {@code x * mask / (1 - p)} in train mode, {@code x} in eval mode;
     *             as in PyTorch, a dropped infinity or NaN gives NaN ({@code x * 0}), a kept one stays
     * @param mask x's shape and data type: 1 where kept, 0 where dropped (all ones in eval mode)
     */
    public record Result(INDArray out, INDArray mask) {
    }

    /**
     * Inverted dropout.
     *
     * @param x      input of any shape; not modified
     * @param p      the probability to drop an element, 0 &lt;= p &lt; 1
     * @param train  true at train time (drop and scale), false at test time (the identity)
     * @param random the random source: one {@code nextDouble()} per element in train mode, in
     *               row-major order, none in eval mode
     * @return the output and the mask, new arrays of x's shape and data type
     */
    public static Result forward(INDArray x, double p, boolean train, Random random) {
        double scale = 1.0 / (1.0 - p);   // inverted dropout: scale at train time, so test time is the identity
        if (!train) {
            return new Result(x.dup(), Nd4j.ones(x.dataType(), x.shape()));
        }
        double[] xs = x.dup('c').data().asDouble();
        double[] mask = new double[xs.length];
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            if (random.nextDouble() >= p) {   // kept with probability 1 - p
                mask[i] = 1;
            }
            out[i] = xs[i] * mask[i] * scale;   // x * 0 even when dropped: a dropped infinity is NaN, as in PyTorch
        }
        return new Result(Nd4j.create(out, x.shape(), x.dataType()), Nd4j.create(mask, x.shape(), x.dataType()));
    }

    /**
     * The backward pass of train-mode dropout: the kept elements pass the gradient, scaled by
     * {@code 1 / (1 - p)}; the dropped ones get 0.
     *
     * @param dout upstream gradient, x's shape; not modified
     * @param mask the mask that forward returned (1 kept, 0 dropped); not modified
     * @param p    the drop probability used in forward
     * @return dx, a new array of dout's shape and data type
     */
    public static INDArray backward(INDArray dout, INDArray mask, double p) {
        return dout.mul(mask).muli(1.0 / (1.0 - p));
    }
}
