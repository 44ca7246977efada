package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.PlainForward;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.Flatten;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks {@code flatten} against PyTorch's {@code x.reshape(N, -1)} (C order), its backward
 * against autograd through that reshape and, in float64, against centred differences of
 * {@link PlainForward#flatten}. The wrong orders are the same reshape after a transpose: Fortran
 * order reverses the axes (0, 3, 2, 1), channels-last moves C to the end (0, 2, 3, 1).
 *
 * <p>Covered: non-square maps (H != W, so that w-before-h and a backward shape with H and W
 * swapped show), 1x1 maps, batch 1 and one channel, one channel of one row, NaN and +-Infinity
 * among the values (each must land where its value came from), float32. The result may share
 * memory with the input (the Javadoc allows a view), so no fresh array is demanded. Named: Fortran
 * order, channels last, w before h, the batch axis flattened, the same orders in the backward.
 * Not covered: empty arrays.
 */
@ExerciseCheck
class FlattenCheck {

    private static final String FORTRAN = "flattened in the wrong order: Fortran (column-major) order, where the "
            + "first axis varies fastest. Use C (row-major) order, PyTorch's x.view(N, -1): "
            + "out[n, (c * H + h) * W + w] = x[n, c, h, w], e.g. x.reshape('c', N, C * H * W).";
    private static final String CHANNELS_LAST = "flattened in the wrong order: channels last (h, w, c), as for "
            + "TensorFlow's NHWC layout. x is NCHW and the order is C order: "
            + "out[n, (c * H + h) * W + w] = x[n, c, h, w].";
    private static final String H_W_SWAPPED = "flattened in the wrong order: w before h. In C order the last axis "
            + "varies fastest: out[n, (c * H + h) * W + w] = x[n, c, h, w].";
    private static final String BATCH = "flattened the batch axis too: keep one row per example, "
            + "shape (N, C * H * W).";
    private static final String UNFLATTENED = "put the gradients back in the wrong order (%s): the backward pass "
            + "undoes the forward's C-order flatten, dx[n, c, h, w] = dout[n, (c * H + h) * W + w], e.g. "
            + "dout.reshape('c', inputShape).";

    @Test
    @DisplayName("forward: one row per example, in C order")
    void forward(NDManager manager, Random random) {
        checkForward(manager, Inputs.normal(random, 2, 3, 4, 5));
        checkForward(manager, Inputs.normal(random, 1, 1, 3, 4));   // batch 1, one channel
        checkForward(manager, Inputs.normal(random, 2, 4, 2, 3));
        checkForward(manager, Inputs.normal(random, 3, 2, 1, 1));   // 1x1 maps
        checkForward(manager, Inputs.normal(random, 1, 3, 5, 2));
        checkForward(manager, Inputs.normal(random, 1, 1, 1, 6));   // one channel of one row: already flat
        checkForward(manager, withSpecials(Inputs.normal(random, 2, 2, 3, 2)));
    }

    @Test
    @DisplayName("backward: every gradient back where its value came from")
    void backward(NDManager manager, Random random) {
        checkBackward(manager, random, new long[] {2, 3, 4, 5}, DataType.DOUBLE);
        checkBackward(manager, random, new long[] {1, 1, 3, 4}, DataType.DOUBLE);
        checkBackward(manager, random, new long[] {2, 4, 2, 3}, DataType.DOUBLE);
        checkBackward(manager, random, new long[] {3, 2, 1, 1}, DataType.DOUBLE);
        checkBackward(manager, random, new long[] {1, 3, 5, 2}, DataType.DOUBLE);
        checkBackward(manager, random, new long[] {2, 1, 2, 7}, DataType.DOUBLE);
    }

    @Test
    @DisplayName("a float32 input gives float32 results")
    void float32(NDManager manager, Random random) {
        checkForward(manager, Inputs.normal(random, 2, 3, 4, 3).castTo(DataType.FLOAT));
        checkBackward(manager, random, new long[] {2, 3, 4, 3}, DataType.FLOAT);
    }

    private static void checkForward(NDManager manager, INDArray x) {
        // Flatten may return a view of x (its Javadoc says so), hence call and not fresh.
        INDArray actual = Guarded.call(in -> Flatten.forward(in.copy("x", x)));

        NDArray tx = TorchOracle.toTorch(manager, x);
        DataType type = x.dataType();
        String what = "forward(x " + Nchw.shape(x) + (type == DataType.DOUBLE ? "" : " " + type) + ")";
        Compare.assertClose(what, Nchw.expected(flatten(tx), type), actual,
                new Mistake<>(FORTRAN, () -> Nchw.expected(flatten(tx.transpose(0, 3, 2, 1)), type)),
                new Mistake<>(CHANNELS_LAST, () -> Nchw.expected(flatten(tx.transpose(0, 2, 3, 1)), type)),
                new Mistake<>(H_W_SWAPPED, () -> Nchw.expected(flatten(tx.transpose(0, 1, 3, 2)), type)),
                new Mistake<>(BATCH, () -> Nchw.expected(tx.reshape(1, -1), type)),
                new Mistake<>(BATCH, () -> Nchw.expected(tx.reshape(-1), type)));
    }

    private static void checkBackward(NDManager manager, Random random, long[] shape, DataType type) {
        INDArray x = Inputs.normal(random, shape);
        INDArray dout = Inputs.normal(random, shape[0], shape[1] * shape[2] * shape[3]).castTo(type);
        INDArray actual = Guarded.call(in -> Flatten.backward(in.copy("dout", dout),
                in.copy("inputShape", shape)));

        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tdout = TorchOracle.toTorch(manager, dout);
        String what = "dx for backward(dout " + Nchw.shape(dout) + (type == DataType.DOUBLE ? "" : " " + type)
                + ", inputShape " + Compare.shape(shape) + ")";
        Compare.assertClose(what, Nchw.expected(gradient(tx, tdout, v -> v), type), actual,
                new Mistake<>(UNFLATTENED.formatted("Fortran order"),
                        () -> Nchw.expected(gradient(tx, tdout, v -> v.transpose(0, 3, 2, 1)), type)),
                new Mistake<>(UNFLATTENED.formatted("channels last"),
                        () -> Nchw.expected(gradient(tx, tdout, v -> v.transpose(0, 2, 3, 1)), type)),
                new Mistake<>(UNFLATTENED.formatted("w before h"),
                        () -> Nchw.expected(gradient(tx, tdout, v -> v.transpose(0, 1, 3, 2)), type)));
        if (type == DataType.DOUBLE) {
            Compare.assertClose(what + " (numerical gradient)", NumericalGradient.of(PlainForward::flatten, x, dout),
                    actual, NumericalGradient.TOLERANCE);
        }
    }

    /** x with NaN, +Infinity and -Infinity at three places, one per kind. */
    private static INDArray withSpecials(INDArray x) {
        x.putScalar(new long[] {0, 1, 2, 0}, Double.NaN);
        x.putScalar(new long[] {1, 0, 0, 1}, Double.POSITIVE_INFINITY);
        x.putScalar(new long[] {1, 1, 1, 0}, Double.NEGATIVE_INFINITY);
        return x;
    }

    /** The gradient of flattening {@code x} after rearranging its axes with {@code order}. */
    private static NDArray gradient(NDArray x, NDArray dout, UnaryOperator<NDArray> order) {
        return Autograd.gradients(in -> flatten(order.apply(in.singletonOrThrow())), dout, x)[0];
    }

    /** PyTorch's {@code x.reshape(N, -1)}: C order, the batch axis kept. */
    private static NDArray flatten(NDArray x) {
        return x.reshape(x.getShape().get(0), -1);
    }
}
