package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.EmptyBatch;
import deepdrill.grader.checks.support.CompareGradient;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.Affine;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code affine} against PyTorch: {@code flatten(x, 1) @ w + b} forward, autograd and
 * centred differences backward. Known mistakes are recognised by computing them on purpose: a
 * forgotten bias, a column-major flatten, {@code dw} transposed or divided by N, {@code db} summed
 * over the wrong axis, {@code dx} left flat.
 *
 * <p>Covered: batch 1, one output, one input feature, D = M (a dw or dx that forgets a transpose
 * still has the right shape) and N = M (a db over the wrong axis does), inputs of rank 2 to 4
 * (flattened in C order), NaN and +-Infinity in x (they reach exactly the outputs of their row),
 * values of magnitude 1e150 (products near 1e300, still finite), a fresh forward result, float32.
 * Named: the forgotten bias, the column-major flatten, dx with w instead of w^T, dx left flat, dw
 * transposed or divided by N, db over the wrong axis, not summed, or averaged. An empty batch
 * (N = 0, inputs of rank 2 and 4): out (0, M) as PyTorch gives it, dx of x's shape, dw and db zeros
 * (PyTorch's autograd on the empty batch). Not covered: whether dx, dw and db are fresh arrays (Guarded.fresh looks at a returned array, not at
 * the arrays inside a record).
 */
@ExerciseCheck
class AffineCheck {

    private static final String NO_BIAS = "forgot the bias: add b to every row of x w.";
    private static final String COLUMN_MAJOR = "flattened x in column-major (Fortran) order: flatten each example "
            + "in row-major (C) order, x.reshape('c', N, D), as CS231n and PyTorch's flatten do.";
    private static final String DW_TRANSPOSED = "computed dw as dout^T x, the transpose of dw: dw = x^T dout has "
            + "w's shape (D, M).";
    private static final String DW_MEAN = "divided dw by N: a layer's gradient is a plain sum over the batch (any "
            + "1/N belongs to the loss, which already put it into dout).";
    private static final String DB_AXIS = "summed db over the wrong axis: b is added to every row of out, so db sums "
            + "dout over the batch (axis 0) and has b's shape (M).";
    private static final String DB_NOT_SUMMED = "forgot to sum db over the batch: db = dout summed over axis 0, "
            + "shape (M).";
    private static final String DB_MEAN = "averaged db over the batch: db is the sum of dout over axis 0, not its "
            + "mean.";
    private static final String DX_NOT_TRANSPOSED = "computed dx as dout w: dx = dout w^T, which has x's "
            + "(flattened) shape (N, D); with D = M both products have that shape.";
    private static final String DX_FLAT = "did not reshape dx back to x's shape: dout w^T is (N, D); reshape it "
            + "(in row-major order) to x's shape.";

    @Test
    @DisplayName("forward: (N, D) inputs, batch 1, one output")
    void forward(NDManager manager, Random random) {
        checkForward(manager, random, new long[] {4, 5}, 3, DataType.DOUBLE);
        checkForward(manager, random, new long[] {1, 6}, 4, DataType.DOUBLE);   // batch 1
        checkForward(manager, random, new long[] {3, 2}, 1, DataType.DOUBLE);   // one output
        checkForward(manager, random, new long[] {5, 1}, 3, DataType.DOUBLE);   // one input feature
        checkForward(manager, random, new long[] {Inputs.between(random, 1, 6), Inputs.between(random, 1, 8)},
                Inputs.between(random, 1, 6), DataType.DOUBLE);
        checkForward(manager, withSpecials(Inputs.normal(random, 4, 3)), Inputs.normal(random, 3, 2),
                Inputs.normal(random, 2));
        checkForward(manager, Inputs.normal(random, 3, 4).mul(1e150), Inputs.normal(random, 4, 2).mul(1e150),
                Inputs.normal(random, 2).mul(1e300));
    }

    @Test
    @DisplayName("forward: (N, d1, ..., dk) inputs are flattened in row-major order")
    void forwardFlattens(NDManager manager, Random random) {
        checkForward(manager, random, new long[] {2, 3, 4, 4}, 5, DataType.DOUBLE);
        checkForward(manager, random, new long[] {3, 2, 5}, 4, DataType.DOUBLE);
        checkForward(manager, random, new long[] {1, 1, 3, 2}, 2, DataType.DOUBLE);   // batch 1, one channel
    }

    @Test
    @DisplayName("backward: dx, dw and db against autograd and centred differences")
    void backward(NDManager manager, Random random) {
        checkBackward(manager, random, new long[] {4, 5}, 3, DataType.DOUBLE);
        checkBackward(manager, random, new long[] {3, 4}, 4, DataType.DOUBLE);   // D = M: a transposed dw has the right shape
        checkBackward(manager, random, new long[] {1, 6}, 2, DataType.DOUBLE);   // batch 1
        checkBackward(manager, random, new long[] {5, 3}, 5, DataType.DOUBLE);   // N = M: db over the wrong axis has the right shape
        checkBackward(manager, random, new long[] {2, 1}, 1, DataType.DOUBLE);
    }

    @Test
    @DisplayName("backward with (N, d1, ..., dk) inputs: dx has x's shape")
    void backwardFlattens(NDManager manager, Random random) {
        checkBackward(manager, random, new long[] {2, 3, 2, 2}, 3, DataType.DOUBLE);
        checkBackward(manager, random, new long[] {3, 2, 3}, 2, DataType.DOUBLE);
        checkBackward(manager, random, new long[] {1, 2, 1, 3}, 4, DataType.DOUBLE);
    }

    @Test
    @DisplayName("an empty batch (N = 0): out is (0, M); dx has x's shape, dw and db are zeros")
    void emptyBatch(NDManager manager, Random random) {
        for (long[] xShape : new long[][] {{0, 4}, {0, 2, 3, 2}}) {
            long d = features(xShape);
            INDArray x = Nd4j.create(DataType.DOUBLE, xShape);
            INDArray w = Inputs.normal(random, d, 3);
            INDArray b = Inputs.normal(random, 3);
            INDArray dout = Nd4j.create(DataType.DOUBLE, 0, 3);
            String what = "(" + shapes(x, w, b) + ")";
            INDArray out = EmptyBatch.call("forward" + what,
                    () -> Guarded.fresh(in -> Affine.forward(in.copy("x", x), in.copy("w", w), in.copy("b", b))));
            Affine.Gradients grads = EmptyBatch.call("backward" + what, () -> Guarded.call(in -> Affine.backward(
                    in.copy("dout", dout), in.copy("x", x), in.copy("w", w))));

            // PyTorch on an empty batch of the same shapes: the output's shape, and autograd's gradients.
            NDArray tx = manager.zeros(new Shape(xShape), ai.djl.ndarray.types.DataType.FLOAT64);
            NDArray tw = TorchOracle.toTorch(manager, w);
            NDArray tb = TorchOracle.toTorch(manager, b);
            tw.setRequiresGradient(true);
            tb.setRequiresGradient(true);
            NDArray right;
            try (ai.djl.training.GradientCollector collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                right = affine(tx, tw, tb);
                collector.backward(right.sum());
            }
            Compare.assertClose("forward" + what, Nd4j.create(DataType.DOUBLE, right.getShape().getShape()), out);
            Compare.assertClose("backward" + what + ": dx", Nd4j.create(DataType.DOUBLE, xShape), grads.dx());
            Compare.assertClose("backward" + what + ": dw", TorchOracle.toNd4j(tw.getGradient()), grads.dw());
            Compare.assertClose("backward" + what + ": db", TorchOracle.toNd4j(tb.getGradient()), grads.db());
        }
    }

    @Test
    @DisplayName("float32 inputs give float32 outputs and gradients")
    void float32(NDManager manager, Random random) {
        checkForward(manager, random, new long[] {3, 2, 3, 3}, 4, DataType.FLOAT);
        checkBackward(manager, random, new long[] {4, 2, 3}, 3, DataType.FLOAT);
    }

    private static void checkForward(NDManager manager, Random random, long[] xShape, long m, DataType type) {
        long d = features(xShape);
        checkForward(manager, Inputs.normal(random, xShape).castTo(type), Inputs.normal(random, d, m).castTo(type),
                Inputs.normal(random, m).castTo(type));
    }

    private static void checkForward(NDManager manager, INDArray x, INDArray w, INDArray b) {
        long[] xShape = x.shape();
        DataType type = x.dataType();
        INDArray actual = Guarded.fresh(in -> Affine.forward(in.copy("x", x), in.copy("w", w), in.copy("b", b)));

        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tw = TorchOracle.toTorch(manager, w);
        NDArray tb = TorchOracle.toTorch(manager, b);
        Compare.assertClose("forward(" + shapes(x, w, b) + ")", Nchw.expected(affine(tx, tw, tb), type), actual,
                new Mistake<>(NO_BIAS, () -> Nchw.expected(affine(tx, tw, tb.zerosLike()), type)),
                new Mistake<>(COLUMN_MAJOR, () -> xShape.length <= 2 ? null
                        : Nchw.expected(affine(columnMajor(tx), tw, tb), type)));
    }

    private static void checkBackward(NDManager manager, Random random, long[] xShape, long m, DataType type) {
        long n = xShape[0];
        long d = features(xShape);
        INDArray x = Inputs.normal(random, xShape).castTo(type);
        INDArray w = Inputs.normal(random, d, m).castTo(type);
        INDArray b = Inputs.normal(random, m).castTo(type);
        INDArray dout = Inputs.normal(random, n, m).castTo(type);
        Affine.Gradients actual = Guarded.call(in -> Affine.backward(in.copy("dout", dout), in.copy("x", x),
                in.copy("w", w)));
        if (actual == null) {
            throw new AssertionError("backward returned null instead of Gradients(dx, dw, db)");
        }

        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tw = TorchOracle.toTorch(manager, w);
        NDArray tb = TorchOracle.toTorch(manager, b);
        NDArray tdout = TorchOracle.toTorch(manager, dout);
        NDArray[] grads = Autograd.gradients(in -> affine(in.get(0), in.get(1), in.get(2)), tdout, tx, tw, tb);
        boolean exact = type == DataType.DOUBLE;
        String what = "for backward(dout " + Nchw.shape(dout) + ", x " + Nchw.shape(x) + ", w " + Nchw.shape(w) + ")"
                + (exact ? "" : ", " + type);

        CompareGradient.assertClose("dx " + what, Nchw.expected(grads[0], type),
                exact ? NumericalGradient.of(v -> toNd4j(affine(toTorch(manager, v), tw, tb)), x, dout) : null, actual.dx(),
                new Mistake<>(DX_FLAT, () -> Nchw.expected(grads[0].reshape(n, d), type)),
                new Mistake<>(DX_NOT_TRANSPOSED, () -> d != m ? null
                        : Nchw.expected(tdout.matMul(tw).reshape(new Shape(xShape)), type)));
        CompareGradient.assertClose("dw " + what, Nchw.expected(grads[1], type),
                exact ? NumericalGradient.of(v -> toNd4j(affine(tx, toTorch(manager, v), tb)), w, dout) : null, actual.dw(),
                new Mistake<>(DW_TRANSPOSED, () -> Nchw.expected(grads[1].transpose(), type)),
                new Mistake<>(DW_MEAN, () -> Nchw.expected(grads[1].div(n), type)));
        CompareGradient.assertClose("db " + what, Nchw.expected(grads[2], type),
                exact ? NumericalGradient.of(v -> toNd4j(affine(tx, tw, toTorch(manager, v))), b, dout) : null, actual.db(),
                new Mistake<>(DB_AXIS, () -> Nchw.expected(tdout.sum(new int[] {1}), type)),
                new Mistake<>(DB_NOT_SUMMED, () -> Nchw.expected(tdout, type)),
                new Mistake<>(DB_MEAN, () -> Nchw.expected(tdout.mean(new int[] {0}), type)));
    }

    /** PyTorch's {@code flatten(x, 1) @ w + b}. */
    private static NDArray affine(NDArray x, NDArray w, NDArray b) {
        // D from w: PyTorch refuses reshape(0, -1) for an empty batch.
        return x.reshape(new Shape(x.getShape().get(0), w.getShape().get(0))).matMul(w).add(b);
    }

    private static NDArray toTorch(NDManager manager, INDArray x) {
        return TorchOracle.toTorch(manager, x);
    }

    private static INDArray toNd4j(NDArray x) {
        return TorchOracle.toNd4j(x);
    }

    /**
     * x flattened per example in column-major order: reversing the feature axes and flattening in
     * row-major order makes the first feature axis vary fastest.
     */
    private static NDArray columnMajor(NDArray x) {
        int rank = x.getShape().dimension();
        int[] axes = IntStream.concat(IntStream.of(0), IntStream.iterate(rank - 1, a -> a >= 1, a -> a - 1)).toArray();
        return x.transpose(axes).reshape(new Shape(x.getShape().get(0), -1));
    }

    /** x (N, D) with NaN in row 0, +Infinity in row 1 and -Infinity in row 2. */
    private static INDArray withSpecials(INDArray x) {
        x.putScalar(new long[] {0, 1}, Double.NaN);
        x.putScalar(new long[] {1, 0}, Double.POSITIVE_INFINITY);
        x.putScalar(new long[] {2, 2}, Double.NEGATIVE_INFINITY);
        return x;
    }

    private static long features(long[] xShape) {
        long d = 1;
        for (int i = 1; i < xShape.length; i++) {
            d *= xShape[i];
        }
        return d;
    }

    private static String shapes(INDArray x, INDArray w, INDArray b) {
        return "x " + Nchw.shape(x) + ", w " + Nchw.shape(w) + ", b " + Nchw.shape(b)
                + (x.dataType() == DataType.DOUBLE ? "" : ", " + x.dataType());
    }
}
