package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.EmptyBatch;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.ZeroPad;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code zero-pad}. The oracle is PyTorch's constant padding ({@code F.pad}), whose padding
 * list starts at the last axis: {@code (left, right, top, bottom)}.
 *
 * <p>Covered: padH != padW on non-square inputs (so swapped paddings show), one axis or none
 * padded (padding 0 still returns a new array: returning x, or a view of it, is named), padding
 * wider than the image itself, a 1x1 image, batch 1 and one channel, NaN and +-Infinity among the
 * values (copied as they are, never into the border), float32, an empty batch (its shape from
 * PyTorch), negative padding rejected. Named:
 * padH and padW swapped (in the size or in the offsets), zeros on one side only.
 */
@ExerciseCheck
class ZeroPadCheck {

    private static final String SWAPPED = "swapped padH and padW: padH adds rows (the height, axis 2), "
            + "padW adds columns (the width, axis 3).";
    private static final String ONE_SIDE = "padded on one side only: the zeros go on both sides, so x[n, c, 0, 0] "
            + "lands at out[n, c, padH, padW].";

    @Test
    @DisplayName("pads height and width (padH and padW may differ)")
    void bothAxes(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 3, 4, 5), 1, 1);
        check(manager, Inputs.normal(random, 2, 3, 4, 5), 1, 2);
        check(manager, Inputs.normal(random, 3, 2, 5, 4), 2, 1);
        check(manager, Inputs.normal(random, 1, 3, 2, 7), 3, 2);
        check(manager, Inputs.normal(random, 1, 1, 3, 3), 2, 2);
        for (int i = 0; i < 3; i++) {
            check(manager, Inputs.normal(random, Inputs.between(random, 1, 3), Inputs.between(random, 1, 3),
                    Inputs.between(random, 1, 8), Inputs.between(random, 1, 8)),
                    Inputs.between(random, 1, 3), Inputs.between(random, 1, 3));
        }
    }

    @Test
    @DisplayName("pads only one axis, or nothing")
    void oneAxisOrNone(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 3, 4, 5), 0, 2);
        check(manager, Inputs.normal(random, 2, 3, 4, 5), 2, 0);
        check(manager, Inputs.normal(random, 1, 2, 3, 6), 0, 0);
        check(manager, Inputs.normal(random, 1, 1, 1, 1), 1, 1);
        check(manager, Inputs.normal(random, 1, 1, 2, 1), 4, 3);   // more padding than image
        check(manager, withSpecials(Inputs.normal(random, 2, 2, 3, 4)), 1, 2);
    }

    @Test
    @DisplayName("a float32 input gives a float32 output")
    void float32(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 2, 3, 4).castTo(DataType.FLOAT), 1, 2);
    }

    @Test
    @DisplayName("negative padding throws IllegalArgumentException")
    void rejectsNegative(Random random) {
        INDArray x = Inputs.normal(random, 1, 2, 3, 3);
        expectRejected(x, -1, 0);
        expectRejected(x, 0, -1);
        expectRejected(x, -2, -2);
    }

    @Test
    @DisplayName("an empty batch (N = 0) gives an empty (0, C, H + 2 padH, W + 2 padW) output")
    void emptyBatch(NDManager manager) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray x = Nd4j.create(type, 0, 3, 4, 5);
            String what = "zeroPad(x (0, 3, 4, 5)" + (type == DataType.DOUBLE ? "" : " " + type) + ", padH 1, padW 2)";
            INDArray actual = EmptyBatch.call(what, () -> Guarded.fresh(in -> ZeroPad.zeroPad(in.copy("x", x), 1, 2)));
            NDArray right = manager.zeros(new Shape(0, 3, 4, 5)).pad(new Shape(2, 2, 1, 1), 0);
            Compare.assertClose(what, Nd4j.create(type, right.getShape().getShape()), actual);
        }
    }

    private static void check(NDManager manager, INDArray x, int padH, int padW) {
        INDArray actual = Guarded.fresh(in -> ZeroPad.zeroPad(in.copy("x", x), padH, padW));

        NDArray tx = TorchOracle.toTorch(manager, x);
        String what = "zeroPad(x " + Nchw.shape(x) + (x.dataType() == DataType.DOUBLE ? "" : " " + x.dataType())
                + ", padH " + padH + ", padW " + padW + ")";
        Compare.assertClose(what, oracle(tx, padW, padW, padH, padH, x), actual,
                new Mistake<>(SWAPPED, () -> oracle(tx, padH, padH, padW, padW, x)),
                // Right output size, but row offset padW and column offset padH.
                new Mistake<>(SWAPPED, () -> 2 * padW - padH < 0 || 2 * padH - padW < 0 ? null
                        : oracle(tx, padH, 2 * padW - padH, padW, 2 * padH - padW, x)),
                new Mistake<>(ONE_SIDE, () -> oracle(tx, 0, 2 * padW, 0, 2 * padH, x)),
                new Mistake<>(ONE_SIDE, () -> oracle(tx, padW, 0, padH, 0, x)),
                new Mistake<>(ONE_SIDE, () -> oracle(tx, 0, padW, 0, padH, x)));
    }

    /** x with a NaN, a +Infinity and a -Infinity, two of them on x's border. */
    private static INDArray withSpecials(INDArray x) {
        x.putScalar(new long[] {0, 0, 0, 0}, Double.NaN);
        x.putScalar(new long[] {1, 1, 2, 3}, Double.POSITIVE_INFINITY);
        x.putScalar(new long[] {0, 1, 1, 2}, Double.NEGATIVE_INFINITY);
        return x;
    }

    /** PyTorch's {@code F.pad(x, (left, right, top, bottom))}, in the data type of {@code x}. */
    private static INDArray oracle(NDArray tx, int left, int right, int top, int bottom, INDArray x) {
        return Nchw.expected(tx.pad(new Shape(left, right, top, bottom), 0), x.dataType());
    }

    private static void expectRejected(INDArray x, int padH, int padW) {
        String call = "zeroPad(x " + Nchw.shape(x) + ", padH " + padH + ", padW " + padW + ")";
        INDArray answer;
        try {
            answer = ZeroPad.zeroPad(x.dup(), padH, padW);
        } catch (IllegalArgumentException expected) {
            return;
        } catch (RuntimeException e) {
            // The cause keeps an untouched stub recognisable as "not implemented".
            throw new AssertionFailedError(call + " threw " + e.getClass().getSimpleName()
                    + "; check the padding first and throw an IllegalArgumentException that says it is negative.", e);
        }
        throw new AssertionFailedError(call + " returned an array of shape "
                + (answer == null ? "null" : Nchw.shape(answer))
                + "; negative padding makes no sense: throw an IllegalArgumentException that says why.");
    }
}
