package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareCount;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.oracle.AnchorGrid;
import deepdrill.grader.oracle.BoxConversion;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.Anchors;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks {@code anchors} against {@link AnchorGrid}, torchvision's {@code AnchorGenerator}
 * written with NDArray primitives (without its rounding). Known mistakes are the same grid built
 * wrong on purpose: the aspect ratio taken as w / h, centres in the middle of the cells, and the
 * rows in another order (anchor-major, size before ratio, columns before rows), the map's height
 * and width swapped, the stride applied to one axis only.
 *
 * <p>Covered: one cell (H = W = 1), non-square maps (one row, one column, H != W), stride 1, FPN
 * strides 4 to 64, ratios below and above 1, a single size and ratio, random maps; counts up to
 * about 20 000; zero, negative, NaN and infinite sizes, ratios, strides and map sizes, empty arrays
 * (rejected). Not applicable: a fresh result against an input (no array goes in), thresholds.
 */
@ExerciseCheck
class AnchorsCheck {

    private static final String HW_SWAPPED = "swapped the feature map's height and width: H is the number of rows "
            + "(y, the outer loop), W the number of columns (x); a square map hides it.";
    private static final String STRIDE_ON_X_ONLY = "applied the stride to the x centres only: both centres are in image "
            + "pixels, cx = x * stride and cy = y * stride.";
    private static final String STRIDE_ON_Y_ONLY = "applied the stride to the y centres only: both centres are in image "
            + "pixels, cx = x * stride and cy = y * stride.";
    private static final String RATIO_SWAPPED = "took the aspect ratio as w / h: here r = h / w, so w = size / sqrt(r) "
            + "and h = size * sqrt(r) (r = 2 is a tall box).";
    private static final String CELL_CENTRES = "centred the anchors on (x + 0.5) * stride: this exercise follows "
            + "torchvision, whose centres are x * stride (cell (0, 0) at the image's corner).";
    private static final String ANCHOR_MAJOR = "ordered the rows anchor-major (all cells for anchor 0, then anchor 1, "
            + "...): the order is location-major, all A anchors of cell (0, 0) first, then those of cell (0, 1).";
    private static final String SIZE_MAJOR = "looped over the sizes outside the ratios: within a cell the order is "
            + "for each ratio, for each size (row i * S + j has ratio i and size j).";
    private static final String COLUMN_MAJOR = "walked the cells column by column: the cells are row-major, row y, "
            + "then column x (cell (y, x) is number y * W + x).";

    @Test
    @DisplayName("one cell: w = size / sqrt(r), h = size * sqrt(r), centred on (0, 0)")
    void oneCell(NDManager manager) {
        check(manager, 1, 1, 16, new double[] {128, 256, 512}, new double[] {0.5, 1, 2});   // Faster R-CNN's nine
        check(manager, 1, 1, 8, new double[] {32}, new double[] {1});
        check(manager, 1, 1, 4, new double[] {10, 20}, new double[] {4, 0.25});            // one tall, one wide
    }

    @Test
    @DisplayName("a feature map: cells row-major, ratio-major within a cell, non-square maps")
    void featureMap(NDManager manager, Random random) {
        check(manager, 3, 4, 16, new double[] {128, 256, 512}, new double[] {0.5, 1, 2});
        check(manager, 2, 5, 8, new double[] {32, 32 * Math.sqrt(2)}, new double[] {0.5, 1, 2});
        check(manager, 4, 1, 32, new double[] {64, 100}, new double[] {1, 3});              // one column
        check(manager, 1, 3, 1, new double[] {2.5}, new double[] {0.5, 2});                 // stride 1, one row
        check(manager, Inputs.between(random, 1, 6), Inputs.between(random, 1, 6), Inputs.between(random, 1, 32),
                positives(random, Inputs.between(random, 1, 3), 8, 256), positives(random, Inputs.between(random, 1, 3),
                        0.25, 4));
    }

    @Test
    @DisplayName("FPN levels: one size per level, strides 4 to 64")
    void fpnLevels(NDManager manager) {
        // torchvision's Faster R-CNN with FPN on a 256 x 192 image: sizes 32 .. 512, ratios 0.5, 1, 2
        int size = 32;
        for (int stride = 4; stride <= 64; stride *= 2, size *= 2) {
            check(manager, 192 / stride, 256 / stride, stride, new double[] {size}, new double[] {0.5, 1, 2});
        }
    }

    @Test
    @DisplayName("count: H * W * A anchors (about 20 000 for Faster R-CNN on a 600 x 1000 image)")
    void count(NDManager manager, Random random) {
        count(manager, 38, 63, new double[] {128, 256, 512}, new double[] {0.5, 1, 2});
        count(manager, 1, 1, new double[] {32}, new double[] {1});
        count(manager, 7, 3, new double[] {32, 64}, new double[] {0.5, 1, 2});
        count(manager, Inputs.between(random, 1, 50), Inputs.between(random, 1, 50), positives(random,
                Inputs.between(random, 1, 5), 8, 512), positives(random, Inputs.between(random, 1, 4), 0.25, 4));
    }

    @Test
    @DisplayName("non-positive sizes, ratios, strides or map sizes and empty arrays throw IllegalArgumentException")
    void rejectsBadInput() {
        double[] sizes = {32, 64};
        double[] ratios = {0.5, 1, 2};
        expectRejected("generate(0, 4, 16, sizes {32, 64}, ratios {0.5, 1, 2})",
                () -> Anchors.generate(0, 4, 16, sizes.clone(), ratios.clone()));
        expectRejected("generate(3, -1, 16, sizes {32, 64}, ratios {0.5, 1, 2})",
                () -> Anchors.generate(3, -1, 16, sizes.clone(), ratios.clone()));
        expectRejected("generate(3, 4, 0, sizes {32, 64}, ratios {0.5, 1, 2})",
                () -> Anchors.generate(3, 4, 0, sizes.clone(), ratios.clone()));
        expectRejected("generate(3, 4, 16, sizes {}, ratios {0.5, 1, 2})",
                () -> Anchors.generate(3, 4, 16, new double[0], ratios.clone()));
        expectRejected("generate(3, 4, 16, sizes {32, 64}, ratios {})",
                () -> Anchors.generate(3, 4, 16, sizes.clone(), new double[0]));
        expectRejected("generate(3, 4, 16, sizes {32, -64}, ratios {0.5, 1, 2})",
                () -> Anchors.generate(3, 4, 16, new double[] {32, -64}, ratios.clone()));
        expectRejected("generate(3, 4, 16, sizes {32, 64}, ratios {0.5, 0, 2})",
                () -> Anchors.generate(3, 4, 16, sizes.clone(), new double[] {0.5, 0, 2}));
        // NaN is not positive, and an infinite size or ratio gives no box: both are rejected like 0.
        expectRejected("generate(3, 4, 16, sizes {NaN}, ratios {0.5, 1, 2})",
                () -> Anchors.generate(3, 4, 16, new double[] {Double.NaN}, ratios.clone()));
        expectRejected("generate(3, 4, 16, sizes {32, 64}, ratios {1, Infinity})",
                () -> Anchors.generate(3, 4, 16, sizes.clone(), new double[] {1, Double.POSITIVE_INFINITY}));
        expectRejected("count(3, 4, sizes {Infinity}, ratios {0.5, 1, 2})",
                () -> Anchors.count(3, 4, new double[] {Double.POSITIVE_INFINITY}, ratios.clone()));
        expectRejected("count(3, 0, sizes {32, 64}, ratios {0.5, 1, 2})",
                () -> Anchors.count(3, 0, sizes.clone(), ratios.clone()));
        expectRejected("count(3, 4, sizes {}, ratios {0.5, 1, 2})", () -> Anchors.count(3, 4, new double[0],
                ratios.clone()));
        expectRejected("count(3, 4, sizes {32, 64}, ratios {-1})", () -> Anchors.count(3, 4, sizes.clone(),
                new double[] {-1}));
    }

    private static void check(NDManager manager, int h, int w, int stride, double[] sizes, double[] ratios) {
        INDArray actual = Guarded.call(in -> Anchors.generate(h, w, stride, in.copy("sizes", sizes),
                in.copy("aspectRatios", ratios)));
        int r = ratios.length;
        int s = sizes.length;
        NDArray expected = AnchorGrid.anchors(manager, h, w, stride, sizes, ratios, 0);
        String what = "generate(" + h + ", " + w + ", stride " + stride + ", sizes " + list(sizes) + ", aspectRatios "
                + list(ratios) + ")";
        NDArray unstrided = AnchorGrid.anchors(manager, h, w, 1, sizes, ratios, 0);
        Compare.assertClose(what, TorchOracle.toNd4j(expected), actual,
                new Mistake<>(HW_SWAPPED, () -> h == w ? null : TorchOracle.toNd4j(AnchorGrid.anchors(manager, w, h,
                        stride, sizes, ratios, 0))),
                new Mistake<>(STRIDE_ON_X_ONLY, () -> h == 1 || stride == 1 ? null
                        : TorchOracle.toNd4j(yFrom(expected, unstrided))),
                new Mistake<>(STRIDE_ON_Y_ONLY, () -> w == 1 || stride == 1 ? null
                        : TorchOracle.toNd4j(yFrom(unstrided, expected))),
                new Mistake<>(RATIO_SWAPPED, () -> TorchOracle.toNd4j(AnchorGrid.anchors(manager, h, w, stride, sizes,
                        Arrays.stream(ratios).map(v -> 1 / v).toArray(), 0))),
                new Mistake<>(CELL_CENTRES, () -> TorchOracle.toNd4j(AnchorGrid.anchors(manager, h, w, stride, sizes,
                        ratios, 0.5))),
                new Mistake<>(ANCHOR_MAJOR, () -> TorchOracle.toNd4j(expected.reshape(h * w, r * s, 4).transpose(1, 0, 2)
                        .reshape(-1, 4))),
                new Mistake<>(SIZE_MAJOR, () -> TorchOracle.toNd4j(expected.reshape(h * w, r, s, 4).transpose(0, 2, 1, 3)
                        .reshape(-1, 4))),
                new Mistake<>(COLUMN_MAJOR, () -> TorchOracle.toNd4j(expected.reshape(h, w, r * s, 4)
                        .transpose(1, 0, 2, 3).reshape(-1, 4))));
    }

    private static void count(NDManager manager, int h, int w, double[] sizes, double[] ratios) {
        int actual = Guarded.call(in -> Anchors.count(h, w, in.copy("sizes", sizes), in.copy("aspectRatios", ratios)));
        long expected = AnchorGrid.anchors(manager, h, w, 16, sizes, ratios, 0).getShape().get(0);
        List<Mistake<Long>> mistakes = List.of(
                Mistake.giving("added the sizes and the ratios: every ratio is paired with every size, A = R * S.",
                        (long) h * w * (sizes.length + ratios.length)),
                Mistake.giving("counted the anchors of one cell only: every one of the H * W cells has A anchors.",
                        (long) sizes.length * ratios.length));
        CompareCount.assertEqual("count(" + h + ", " + w + ", sizes " + list(sizes) + ", aspectRatios " + list(ratios)
                + ")", "the rows of the anchor grid", expected, actual, mistakes);
    }

    /** Anchors with the x columns (0, 2) of {@code x} and the y columns (1, 3) of {@code y}. */
    private static NDArray yFrom(NDArray x, NDArray y) {
        return BoxConversion.rows(BoxConversion.coordinate(x, 0), BoxConversion.coordinate(y, 1),
                BoxConversion.coordinate(x, 2), BoxConversion.coordinate(y, 3));
    }

    /** {@code n} values between {@code low} and {@code high}, rounded to two decimals. */
    private static double[] positives(Random random, int n, double low, double high) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.round((low + (high - low) * random.nextDouble()) * 100) / 100.0;
        }
        return v;
    }

    private static String list(double[] values) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return s.append("}").toString();
    }


    private static void expectRejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the arguments before using them", call);
    }
}
