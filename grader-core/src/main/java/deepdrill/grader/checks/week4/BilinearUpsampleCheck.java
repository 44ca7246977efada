package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.oracle.BilinearResize;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.BilinearUpsample;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code bilinear-upsample} against PyTorch's {@code interpolate(mode="bilinear")} in both
 * {@code align_corners} conventions, written with NDArray primitives ({@link BilinearResize}):
 * DJL only exposes an image resize with {@code align_corners=False}. Known mistakes are the same
 * resize with mistaken source coordinates: the other convention, no clamp at 0, an integer scale,
 * the height's size used on the width axis (or the reverse: code tried on square images only).
 *
 * <p>Covered: both conventions; up- and downsampling, non-integer factors; non-square inputs and
 * outputs (height and width resized by different factors, one axis kept); batch 1 and channel 1;
 * a one-pixel-high input and a 1 x 1 input; one output row or a 1 x 1 output; an output the size
 * of the input (the result must still be a new array, never {@code x} itself); float32.
 * Not covered: NaN and infinities. The oracle is a product of interpolation matrices, in which
 * {@code 0 * inf} spreads a non-finite pixel along its whole row and column, unlike PyTorch's
 * kernel; so it cannot say what PyTorch returns for them.
 */
@ExerciseCheck
class BilinearUpsampleCheck {

    private static final String USED_ALIGN_CORNERS = "used the align_corners=true convention, "
            + "src = i * (in - 1) / (out - 1), where alignCorners is false: use the half-pixel convention, "
            + "src = max((i + 0.5) * in / out - 0.5, 0).";
    private static final String USED_HALF_PIXEL = "used the half-pixel (align_corners=false) convention, "
            + "src = (i + 0.5) * in / out - 0.5, where alignCorners is true: use src = i * (in - 1) / (out - 1), "
            + "which puts the corner pixels on the corners.";
    private static final String NO_CLAMP = "did not clamp the source position at 0: with half-pixel centres the "
            + "first output pixels map before the first input centre ((0 + 0.5) * in / out - 0.5 < 0 when "
            + "upsampling), and must read pixel 0 instead of extrapolating.";
    private static final String INTEGER_SCALE = "divided integers for the scale: in / out (or (in - 1) / (out - 1)) "
            + "in int arithmetic is 0 when upsampling; compute it in double.";
    private static final String PAST_THE_LAST_PIXEL = "read past the last pixel: near the bottom and right border "
            + "y0 + 1 (x0 + 1) is outside the input; clamp it, y1 = min(y0 + 1, H - 1) and x1 = min(x0 + 1, W - 1).";
    private static final String HEIGHT_FOR_WIDTH = "used the input's height where its width belongs: the column "
            + "taps come from source(j, W, outW), the row taps from source(i, H, outH); code tried on square "
            + "images only cannot tell them apart.";
    private static final String WIDTH_FOR_HEIGHT = "used the input's width where its height belongs: the row "
            + "taps come from source(i, H, outH), the column taps from source(j, W, outW); code tried on square "
            + "images only cannot tell them apart.";

    @Test
    @DisplayName("alignCorners = false (PyTorch's default, half-pixel centres)")
    void halfPixel(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 3, 4, 4), 8, 8, false);      // 2x
        check(manager, Inputs.normal(random, 1, 1, 2, 2), 4, 4, false);      // batch 1, one channel
        check(manager, Inputs.normal(random, 1, 2, 3, 5), 7, 12, false);     // non-integer factors, non-square
        check(manager, Inputs.normal(random, 2, 1, 8, 6), 3, 4, false);      // downsampling
        check(manager, Inputs.normal(random, 1, 2, 5, 4), 5, 9, false);      // one axis kept, one resized
        check(manager, Inputs.normal(random, 1, 1, 1, 3), 4, 6, false);      // a one-pixel-high input
        check(manager, Inputs.normal(random, Inputs.between(random, 1, 2), Inputs.between(random, 1, 3),
                Inputs.between(random, 2, 6), Inputs.between(random, 2, 6)),
                Inputs.between(random, 1, 12), Inputs.between(random, 1, 12), false);
    }

    @Test
    @DisplayName("alignCorners = true (corner pixels on the corners)")
    void alignCorners(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 3, 4, 4), 8, 8, true);
        check(manager, Inputs.normal(random, 1, 1, 2, 2), 4, 4, true);
        check(manager, Inputs.normal(random, 1, 2, 3, 5), 7, 12, true);
        check(manager, Inputs.normal(random, 2, 1, 8, 6), 3, 4, true);       // downsampling
        check(manager, Inputs.normal(random, 1, 2, 4, 5), 1, 3, true);       // one output row: the first input row
        check(manager, Inputs.normal(random, Inputs.between(random, 1, 2), Inputs.between(random, 1, 3),
                Inputs.between(random, 2, 6), Inputs.between(random, 2, 6)),
                Inputs.between(random, 2, 12), Inputs.between(random, 2, 12), true);
    }

    @Test
    @DisplayName("edge sizes: the input's own size (a new array), a 1 x 1 input, a 1 x 1 output")
    void edgeSizes(NDManager manager, Random random) {
        for (boolean alignCorners : new boolean[] {false, true}) {
            check(manager, Inputs.normal(random, 2, 3, 4, 6), 4, 6, alignCorners);   // the identity resize
            check(manager, Inputs.normal(random, 1, 1, 1, 1), 3, 5, alignCorners);   // every output is the pixel
            check(manager, Inputs.normal(random, 1, 2, 5, 3), 1, 1, alignCorners);
            check(manager, Inputs.normal(random, 2, 1, 2, 7), 6, 1, alignCorners);
        }
    }

    @Test
    @DisplayName("a float32 input gives a float32 output")
    void float32(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 3, 3, 4).castTo(DataType.FLOAT), 7, 9, false);
        check(manager, Inputs.normal(random, 1, 2, 4, 3).castTo(DataType.FLOAT), 9, 5, true);
    }

    private static void check(NDManager manager, INDArray x, int outH, int outW, boolean alignCorners) {
        DataType type = x.dataType();
        String what = "forward(x " + Nchw.shape(x) + (type == DataType.DOUBLE ? "" : " " + type) + ", outH " + outH
                + ", outW " + outW + ", alignCorners " + alignCorners + ")";
        INDArray actual;
        try {
            actual = Guarded.fresh(in -> BilinearUpsample.forward(in.copy("x", x), outH, outW, alignCorners));
        } catch (ArrayIndexOutOfBoundsException e) {
            // Every tap of a right answer lies inside the input: an index past its end is the unclamped y1 or x1.
            throw new AssertionFailedError(Mistake.PREFIX + PAST_THE_LAST_PIXEL + "\n" + what + ": " + e, e);
        }

        NDArray tx = TorchOracle.toTorch(manager, x);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        Compare.assertClose(what, Nchw.expected(BilinearResize.forward(tx, outH, outW, alignCorners), type), actual,
                new Mistake<>(alignCorners ? USED_HALF_PIXEL : USED_ALIGN_CORNERS,
                        () -> Nchw.expected(BilinearResize.forward(tx, outH, outW, !alignCorners), type)),
                new Mistake<>(NO_CLAMP, () -> alignCorners ? null : Nchw.expected(BilinearResize.apply(tx,
                        BilinearResize.weights(unclamped(manager, h, outH), h), BilinearResize.weights(unclamped(manager, w, outW), w)), type)),
                new Mistake<>(INTEGER_SCALE, () -> Nchw.expected(BilinearResize.apply(tx,
                        BilinearResize.weights(integerScale(manager, h, outH, alignCorners), h),
                        BilinearResize.weights(integerScale(manager, w, outW, alignCorners), w)), type)),
                new Mistake<>(HEIGHT_FOR_WIDTH, () -> h >= w ? null : Nchw.expected(BilinearResize.apply(tx,
                        BilinearResize.weights(BilinearResize.sourceCoordinates(manager, h, outH, alignCorners), h),
                        otherAxis(manager, h, outW, w, alignCorners)), type)),
                new Mistake<>(WIDTH_FOR_HEIGHT, () -> w >= h ? null : Nchw.expected(BilinearResize.apply(tx,
                        otherAxis(manager, w, outH, h, alignCorners),
                        BilinearResize.weights(BilinearResize.sourceCoordinates(manager, w, outW, alignCorners), w)),
                        type)));
    }

    /**
     * The interpolation matrix of an axis of size {@code size} whose taps were computed for an axis of
     * size {@code used < size}: the source positions of {@code used}, whose last tap is clamped at
     * {@code used - 1}. Clamping the positions there gives the same taps inside an axis of {@code size}.
     */
    private static NDArray otherAxis(NDManager manager, int used, int out, int size, boolean alignCorners) {
        return BilinearResize.weights(BilinearResize.sourceCoordinates(manager, used, out, alignCorners)
                .minimum((double) (used - 1)), size);
    }

    /** Half-pixel source positions without the clamp at 0. */
    private static NDArray unclamped(NDManager manager, int in, int out) {
        return manager.arange(out).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).add(0.5).mul(in / (double) out)
                .sub(0.5);
    }

    /** Source positions with the scale computed in integer arithmetic. */
    private static NDArray integerScale(NDManager manager, int in, int out, boolean alignCorners) {
        NDArray i = manager.arange(out).toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
        if (alignCorners) {
            return out == 1 ? i.zerosLike() : i.mul((in - 1) / (out - 1));
        }
        return i.add(0.5).mul(in / out).sub(0.5).maximum(0.0);
    }
}
