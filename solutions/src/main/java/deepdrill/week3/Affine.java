package deepdrill.week3;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward and backward pass of a fully connected (affine, "linear", "dense") layer.
 *
 * <h2>The idea</h2>
 * Every output is a weighted sum of all the inputs plus a bias: one matrix multiply for the whole
 * batch. An input with more than two axes (a batch of images, say) is first flattened per
 * example into a vector of {@code D = d1 * ... * dk} values, in row-major (C) order, exactly as
 * CS231n's {@code x.reshape(N, -1)} and PyTorch's {@code torch.flatten(x, 1)} do.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size      D = d1 * ... * dk  input features      M  output features
 *
 *   x     (N, D) or (N, d1, ..., dk)    input; any data type (the result keeps it)
 *   w     (D, M)                        weights
 *   b     (M)                           one bias per output
 *   out   (N, M)                        out = xf w + b,   xf = x reshaped to (N, D)
 *
 *   dout  (N, M)     the upstream gradient dL/dout
 *   dx    x's shape  dL/dx  = (dout w^T) reshaped back to x's shape
 *   dw    (D, M)     dL/dw  = xf^T dout
 *   db    (M)        dL/db  = dout summed over the batch (axis 0)
 * </pre>
 * A quick way to get the backward formulas right is to check the shapes: {@code dw} must be
 * {@code (D, M)}, and the only product of {@code xf (N, D)} and {@code dout (N, M)} with that
 * shape is {@code xf^T dout}. The bias is added to every row, so its gradient sums over the rows.
 *
 * <h2>What interviewers ask</h2>
 * "Derive the backward pass of a linear layer" (this exercise; start from the shapes). "How many
 * parameters?" ({@code D * M + M}). "Why flatten in the same order as the forward pass?" (so that
 * {@code dx} lands on the pixel each weight saw). "What is the cost?" ({@code N * D * M}
 * multiply-adds forward, twice that backward).
 *
 * <h2>Hint: vectorised ND4J</h2>
 * <pre>
 *   INDArray xf = x.reshape('c', N, D);       // a view when x is in C order
 *   xf.mmul(w)                                // (N, D) x (D, M)
 *   out.addiRowVector(b)                      // adds b to every row
 *   dout.mmul(w.transpose())   xf.transpose().mmul(dout)   dout.sum(0)   dx.reshape('c', x.shape())
 * </pre>
 * No loops are needed. Arrays of one data type only: the inputs share {@code x}'s data type.
 * The model solution, which {@code ./grader bench affine} times, also fuses the bias into the
 * matrix multiply, as frameworks do: it fills the result with {@code b} in every row, then
 * {@code Nd4j.gemm(xf, w, out, false, false, 1.0, 1.0)} adds {@code xf w} to it
 * ({@code C = A B + beta C} with {@code beta = 1}), a single pass over the result.
 *
 * <h2>An empty batch</h2>
 * {@code N} may be 0 (a detection head when no region is left): {@code out} is then {@code (0, M)},
 * {@code dx} has x's shape, and {@code dw} and {@code db}, sums over no examples, are zeros. Take
 * {@code D} from {@code w} ({@code w.size(0)}), not as {@code x.length() / N}, which divides by zero
 * here (PyTorch refuses {@code x.reshape(0, -1)} for the same reason). ND4J cannot multiply or sum
 * an empty array, so return before doing either.
 *
 * @see <a href="https://cs231n.github.io/optimization-2/">CS231n notes, Backpropagation,
 *      Intuitions (gradients of a matrix multiply)</a>
 * @see <a href="http://cs231n.stanford.edu/handouts/linear-backprop.pdf">Justin Johnson,
 *      Backpropagation for a linear layer</a>
 */
public final class Affine {

    private Affine() {
    }

    /**
     * The gradients of a fully connected layer.
     *
     * @param dx the gradient with respect to x, x's shape
     * @param dw the gradient with respect to w, (D, M)
     * @param db the gradient with respect to b, (M)
     */
    public record Gradients(INDArray dx, INDArray dw, INDArray db) {
    }

    /**
     * Computes {@code x w + b}, flattening each example of {@code x} first.
     *
     * @param x input of shape (N, D) or (N, d1, ..., dk) with d1 * ... * dk = D; not modified
     * @param w weights of shape (D, M); not modified
     * @param b biases of shape (M); not modified
     * @return a new array of shape (N, M) with the data type of {@code x}
     */
    public static INDArray forward(INDArray x, INDArray w, INDArray b) {
        long n = x.size(0);
        if (n == 0) {
            return Nd4j.create(x.dataType(), 0, w.size(1));
        }
        INDArray xf = x.reshape('c', n, w.size(0));
        if (x.dataType() != DataType.FLOAT && x.dataType() != DataType.DOUBLE) {
            return xf.mmul(w).addiRowVector(b);   // BLAS multiplies floating point only
        }
        // The bias first, in every row; then one GEMM adds xf w on top (C = A B + beta C, beta = 1).
        // The result is written once, and no ND4J op runs besides the GEMM (Conv2d says why that
        // matters on a small machine): what frameworks call fusing the bias into the matrix multiply.
        INDArray out = biasRows(b, n);
        return Nd4j.gemm(xf, w, out, false, false, 1.0, 1.0);
    }

    // (n, M) in column-major order, every row a copy of b: BLAS writes column-major fastest, and
    // each column, one output feature, is then one run of n equal values.
    private static INDArray biasRows(INDArray b, long n) {
        int m = (int) b.length();
        int rows = (int) n;
        INDArray out = Nd4j.createUninitialized(b.dataType(), new long[] {rows, m}, 'f');
        if (b.dataType() == DataType.FLOAT) {
            FloatBuffer to = out.data().asNioFloat();
            float[] column = new float[rows];
            for (int j = 0; j < m; j++) {
                Arrays.fill(column, b.getFloat(j));
                to.put(j * rows, column);
            }
        } else {
            DoubleBuffer to = out.data().asNioDouble();
            double[] column = new double[rows];
            for (int j = 0; j < m; j++) {
                Arrays.fill(column, b.getDouble(j));
                to.put(j * rows, column);
            }
        }
        return out;
    }

    /**
     * The backward pass: the gradients of the loss with respect to x, w and b.
     *
     * @param dout the upstream gradient, (N, M); not modified
     * @param x    the forward pass's input, (N, D) or (N, d1, ..., dk); not modified
     * @param w    the weights, (D, M); not modified
     * @return dx (x's shape), dw (D, M) and db (M), new arrays with the data type of {@code x}
     */
    public static Gradients backward(INDArray dout, INDArray x, INDArray w) {
        long n = x.size(0);
        if (n == 0) {
            // Sums over no examples: nothing flows back.
            return new Gradients(Nd4j.create(x.dataType(), x.shape()), Nd4j.zeros(x.dataType(), w.size(0), w.size(1)),
                    Nd4j.zeros(x.dataType(), w.size(1)));
        }
        INDArray xf = x.reshape('c', n, w.size(0));
        INDArray dx = dout.mmul(w.transpose()).reshape('c', x.shape());
        INDArray dw = xf.transpose().mmul(dout);
        INDArray db = dout.sum(0);
        return new Gradients(dx, dw, db);
    }
}
