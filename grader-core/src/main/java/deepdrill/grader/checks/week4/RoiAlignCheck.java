package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.SceneInputs;
import deepdrill.grader.oracle.RoiAlignSampling;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.RoiAlign;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code roi-align} against {@code torchvision.ops.roi_align}, written with NDArray
 * primitives ({@link RoiAlignSampling}): DJL has no RoI Align. The rois are detections of seeded
 * synthetic 64 x 48 scenes, on feature maps of stride 4 and 8, from both images of the batch,
 * plus hand-built rois partly outside the map, smaller than a pixel, exactly one pixel and empty.
 * Known mistakes are the oracle run on mistaken boxes or parameters: the -0.5 of aligned mode
 * forgotten or misplaced, spatialScale ignored, one sample per bin, rounded (RoI Pool) coordinates,
 * summed samples, the 1 x 1 minimum size forgotten or misplaced, the batch index ignored, far
 * samples read from the border, the bins of one axis sized with the other axis's output size.
 * A failure gives its verdict first, on one line; the rois of the case (a long list) follow it.
 *
 * <p>Covered: both aligned modes; spatialScale 1/2, 1/4 and 1/8; samplingRatio 1 to 3 and 0
 * (adaptive grids up to 7 x 5); square and non-square outputs (3 x 2, 2 x 3, 1 x 1); batch 1 and
 * one channel; rois of both images; hand-made rois partly outside the map on every side, smaller
 * than a pixel, exactly one pixel, empty (zero width and height) and the whole image; no roi at
 * all (K = 0); float32; a new array every time; malformed rois, batch indices and output sizes,
 * a spatial scale of 0, negative, NaN or infinite, and features that are not 4-d or null rejected.
 * Not covered: NaN and infinities in the features. The oracle interpolates with weight matrices,
 * in which {@code 0 * inf} spreads a non-finite pixel to samples that do not read it, unlike
 * torchvision's kernel.
 */
@ExerciseCheck
class RoiAlignCheck {

    private static final String HALF_FORGOTTEN = "forgot aligned's -0.5: with aligned = true subtract 0.5 from "
            + "every scaled coordinate (x1 * spatialScale - 0.5, ...), so that pixel centres sit at whole positions.";
    private static final String HALF_UNASKED = "subtracted aligned's 0.5 although aligned is false: the unaligned "
            + "mode (the original Mask R-CNN code) uses x1 * spatialScale, ... unshifted.";
    private static final String NO_SCALE = "ignored spatialScale: the rois are in image coordinates; multiply every "
            + "coordinate by spatialScale to put the roi on the feature map.";
    private static final String ONE_SAMPLE = "took one sample at the centre of each bin: a bin is the average of "
            + "gridH x gridW samples at (iy + 0.5) * binH / gridH, (ix + 0.5) * binW / gridW inside it, with "
            + "gridH = gridW = samplingRatio (ceil(roiH / PH) and ceil(roiW / PW) when samplingRatio <= 0).";
    private static final String QUANTISED = "rounded the roi's coordinates to whole feature pixels, as RoI Pool "
            + "does: RoI Align keeps x1 * spatialScale, ... real-valued; that rounding is the misalignment it was "
            + "invented to remove.";
    private static final String SUMMED = "summed the samples of a bin instead of averaging them: divide by "
            + "gridH * gridW.";
    private static final String NO_MIN_SIZE = "did not force the roi to at least 1 x 1 with aligned = false: "
            + "roiW = max(endX - startX, 1) and roiH = max(endY - startY, 1), after scaling.";
    private static final String MIN_SIZE_ALIGNED = "forced the roi to at least 1 x 1 with aligned = true too: "
            + "only the unaligned mode clamps the roi's width and height.";
    private static final String FAR_SAMPLES = "read samples far outside the map from its border: a sample with "
            + "y < -1 or y > H (or x < -1 or x > W) is 0; only samples within one pixel of the map read the border.";
    private static final String HEIGHT_BINS_FOR_WIDTH = "divided the roi's width by outputHeight: a bin is "
            + "roiW / outputWidth wide and roiH / outputHeight high; code tried with square outputs only cannot tell "
            + "them apart.";
    private static final String WIDTH_BINS_FOR_HEIGHT = "divided the roi's height by outputWidth: a bin is "
            + "roiH / outputHeight high and roiW / outputWidth wide; code tried with square outputs only cannot tell "
            + "them apart.";
    private static final String FIRST_IMAGE = "read every roi from image 0: column 0 of a roi row is the index "
            + "of the image (in the batch) that the roi belongs to.";

    /** One call: the inputs and the parameters after them. */
    private record Case(INDArray features, INDArray rois, int outH, int outW, double scale, int ratio,
                        boolean aligned, String shown) {
        @Override
        public String toString() {
            DataType type = features.dataType();
            return "forward(features " + Nchw.shape(features) + (type == DataType.DOUBLE ? "" : " " + type)
                    + ", rois " + Nchw.shape(rois) + ", outputHeight " + outH + ", outputWidth " + outW + ", spatialScale "
                    + scale + ", samplingRatio " + ratio + ", aligned " + aligned + ")";
        }
    }

    @Test
    @DisplayName("aligned = false (original Mask R-CNN): detections of two images, stride 4 and 8")
    void notAligned(NDManager manager, Random random) {
        check(manager, random, 2, 3, 12, 16, 0.25, 2, 2, 2, false);
        check(manager, random, 2, 2, 6, 8, 0.125, 2, 2, 2, false);
        check(manager, random, 2, 1, 12, 16, 0.25, 3, 2, 3, false);    // one channel, non-square bins, ratio 3
        check(manager, random, 2, 2, 12, 16, 0.25, 1, 1, 2, false);    // one bin per roi
        check(manager, random, 1, 2, 12, 16, 0.25, 2, 2, 2, false);    // batch 1
    }

    @Test
    @DisplayName("aligned = true (pixel centres, the -0.5 shift): detections of two images, stride 4 and 8")
    void aligned(NDManager manager, Random random) {
        check(manager, random, 2, 3, 12, 16, 0.25, 2, 2, 2, true);
        check(manager, random, 2, 2, 6, 8, 0.125, 2, 2, 2, true);
        check(manager, random, 2, 1, 12, 16, 0.25, 2, 3, 3, true);
        check(manager, random, 2, 2, 12, 16, 0.25, 1, 1, 2, true);
        check(manager, random, 1, 2, 6, 8, 0.125, 2, 2, 2, true);      // batch 1
    }

    @Test
    @DisplayName("samplingRatio 0: an adaptive grid of ceil(roi size / bins) samples per bin")
    void adaptiveSampling(NDManager manager, Random random) {
        check(manager, random, 2, 2, 24, 32, 0.5, 2, 2, 0, false);     // rois up to 12.8 x 9.6 feature pixels: grids up to 7 x 5
        check(manager, random, 2, 2, 24, 32, 0.5, 2, 2, 0, true);
        check(manager, random, 2, 3, 12, 16, 0.25, 1, 2, 0, true);
        check(manager, random, 2, 2, 12, 16, 0.25, 3, 3, 0, false);
    }

    @Test
    @DisplayName("rois partly outside the map, smaller than a pixel, exactly one pixel, empty, the whole image")
    void edgeRois(NDManager manager, Random random) {
        INDArray rois = Nd4j.create(new double[] {
                0, -20, -12, 24, 20,      // sticks out left and top: samples below -1 read 0
                1, 49, 37, 81, 61,        // sticks out right and bottom: samples past W or H read 0
                1, 30.2, 20.6, 31.4, 21,  // 0.3 x 0.1 feature pixels
                0, 20, 16, 24, 20,        // exactly feature pixel (4, 5)
                1, 40, 8, 40, 8,          // empty: with aligned = true and an adaptive grid, no sample at all
                0, 0, 0, 64, 48}, new long[] {6, 5}, DataType.DOUBLE);
        INDArray features = Inputs.normal(random, 2, 2, 12, 16);
        String shown = rows(rois);
        for (boolean aligned : new boolean[] {false, true}) {
            for (int ratio : new int[] {2, 0}) {
                check(manager, new Case(features, rois, 2, 2, 0.25, ratio, aligned, shown));
            }
            check(manager, new Case(features, rois, 1, 1, 0.25, 1, aligned, shown));
            check(manager, new Case(features, rois, 3, 2, 0.25, 3, aligned, shown));
        }
        // No roi at all (an image without detections): an empty (0, C, PH, PW) result, as torchvision returns.
        INDArray none = Nd4j.create(DataType.DOUBLE, 0, 5);
        check(manager, new Case(features, none, 2, 3, 0.25, 2, true, "{}"));
    }

    @Test
    @DisplayName("float32 features and rois give a float32 output")
    void float32(NDManager manager, Random random) {
        Case k = sceneCase(random, 2, 3, 12, 16, 0.25, 2, 2, 2, true);
        check(manager, new Case(k.features().castTo(DataType.FLOAT), k.rois().castTo(DataType.FLOAT), k.outH(), k.outW(),
                k.scale(), k.ratio(), k.aligned(), k.shown()));
        k = sceneCase(random, 2, 2, 6, 8, 0.125, 2, 2, 0, false);
        check(manager, new Case(k.features().castTo(DataType.FLOAT), k.rois().castTo(DataType.FLOAT), k.outH(), k.outW(),
                k.scale(), k.ratio(), k.aligned(), k.shown()));
    }

    @Test
    @DisplayName("rois not (K, 5), a batch index outside [0, N), an output size below 1, a scale that is not positive, "
            + "features not 4-d or null throw IllegalArgumentException")
    void rejectsBadInput() {
        INDArray features = Inputs.normal(new Random(1), 2, 2, 6, 8);
        INDArray good = Nd4j.create(new double[] {1, 8, 8, 40, 32}, new long[] {1, 5}, DataType.DOUBLE);
        expectRejected("forward(features (2, 2, 6, 8), rois (1, 4), 2, 2, 0.125, 2, true)",
                () -> RoiAlign.forward(features, Nd4j.create(new double[] {8, 8, 40, 32}, new long[] {1, 4},
                        DataType.DOUBLE), 2, 2, 0.125, 2, true));
        expectRejected("forward(features (2, 2, 6, 8), rois (5) (a vector), 2, 2, 0.125, 2, true)",
                () -> RoiAlign.forward(features, good.reshape(5), 2, 2, 0.125, 2, true));
        expectRejected("forward(features (2, 2, 6, 8), rois {{2, 8, 8, 40, 32}} (image 2 of 2), 2, 2, 0.125, 2, true)",
                () -> RoiAlign.forward(features, Nd4j.create(new double[] {2, 8, 8, 40, 32}, new long[] {1, 5},
                        DataType.DOUBLE), 2, 2, 0.125, 2, true));
        expectRejected("forward(features (2, 2, 6, 8), rois {{-1, 8, 8, 40, 32}}, 2, 2, 0.125, 2, false)",
                () -> RoiAlign.forward(features, Nd4j.create(new double[] {-1, 8, 8, 40, 32}, new long[] {1, 5},
                        DataType.DOUBLE), 2, 2, 0.125, 2, false));
        expectRejected("forward(features (2, 2, 6, 8), rois (1, 5), outputHeight 0, outputWidth 2, 0.125, 2, true)",
                () -> RoiAlign.forward(features, good, 0, 2, 0.125, 2, true));
        expectRejected("forward(features (2, 2, 6, 8), rois (1, 5), outputHeight 2, outputWidth -1, 0.125, 2, true)",
                () -> RoiAlign.forward(features, good, 2, -1, 0.125, 2, true));
        for (double scale : new double[] {0, -0.125, Double.NaN, Double.POSITIVE_INFINITY}) {
            expectRejected("forward(features (2, 2, 6, 8), rois (1, 5), 2, 2, spatialScale " + scale + ", 2, true)",
                    () -> RoiAlign.forward(features, good, 2, 2, scale, 2, true));
        }
        expectRejected("forward(features (2, 6, 8) (3-d), rois (1, 5), 2, 2, 0.125, 2, true)",
                () -> RoiAlign.forward(features.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).dup(), good, 2, 2,
                        0.125, 2, true));
        expectRejected("forward(features null, rois (1, 5), 2, 2, 0.125, 2, true)",
                () -> RoiAlign.forward(null, good, 2, 2, 0.125, 2, true));
        expectRejected("forward(features (2, 2, 6, 8), rois null, 2, 2, 0.125, 2, true)",
                () -> RoiAlign.forward(features, null, 2, 2, 0.125, 2, true));
    }

    private static void check(NDManager manager, Random random, int images, int channels, int h, int w, double scale, int outH, int outW,
                       int ratio, boolean aligned) {
        check(manager, sceneCase(random, images, channels, h, w, scale, outH, outW, ratio, aligned));
    }

    /** The detections of one 64 x 48 scene per image as rois, on random features of the scenes' size times the scale. */
    private static Case sceneCase(Random random, int images, int channels, int h, int w, double scale, int outH,
                                  int outW, int ratio, boolean aligned) {
        INDArray rois = SceneInputs.rois(random, images, 5, 64, 48);
        return new Case(Inputs.normal(random, images, channels, h, w), rois, outH, outW, scale, ratio, aligned,
                rows(rois));
    }

    private static void check(NDManager manager, Case k) {
        INDArray actual = Guarded.fresh(in -> RoiAlign.forward(in.copy("features", k.features()),
                in.copy("rois", k.rois()), k.outH(), k.outW(), k.scale(), k.ratio(), k.aligned()));

        NDArray features = TorchOracle.toTorch(manager, k.features());
        NDArray rois = TorchOracle.toTorch(manager, k.rois());
        double offset = k.aligned() ? 0.5 : 0;
        double[][] boxes = RoiAlignSampling.featureBoxes(rois, k.scale(), offset);
        NDArray right = pool(features, boxes, k, k.ratio(), !k.aligned());
        try {
            compare(k, features, rois, boxes, right, actual);
        } catch (AssertionFailedError e) {
            // The verdict first; the rois, one row each, after it.
            throw new AssertionFailedError(e.getMessage() + "\n  with rois " + k.shown(), e);
        }
    }

    private static void compare(Case k, NDArray features, NDArray rois, double[][] boxes, NDArray right,
                                INDArray actual) {
        DataType type = k.features().dataType();
        double offset = k.aligned() ? 0.5 : 0;
        Compare.assertClose(k.toString(), Nchw.expected(right, type), actual,
                new Mistake<>(k.aligned() ? HALF_FORGOTTEN : HALF_UNASKED, () -> Nchw.expected(pool(features,
                        RoiAlignSampling.featureBoxes(rois, k.scale(), 0.5 - offset), k, k.ratio(), !k.aligned()), type)),
                new Mistake<>(k.aligned() ? HALF_FORGOTTEN : HALF_UNASKED, () -> Nchw.expected(RoiAlignSampling.forward(
                        features, rois, k.outH(), k.outW(), k.scale(), k.ratio(), !k.aligned()), type)),
                new Mistake<>(NO_SCALE, () -> Nchw.expected(RoiAlignSampling.forward(features, rois, k.outH(), k.outW(),
                        1, k.ratio(), k.aligned()), type)),
                new Mistake<>(ONE_SAMPLE, () -> k.ratio() == 1 ? null
                        : Nchw.expected(pool(features, boxes, k, 1, !k.aligned()), type)),
                new Mistake<>(QUANTISED, () -> Nchw.expected(pool(features, map(boxes, v -> Math.round(v + offset) - offset),
                        k, k.ratio(), !k.aligned()), type)),
                new Mistake<>(QUANTISED, () -> Nchw.expected(pool(features, map(boxes, v -> Math.round(v)), k, k.ratio(),
                        !k.aligned()), type)),
                new Mistake<>(QUANTISED, () -> Nchw.expected(pool(features, map(boxes, v -> Math.floor(v + offset) - offset),
                        k, k.ratio(), !k.aligned()), type)),
                new Mistake<>(SUMMED, () -> k.ratio() <= 1 ? null
                        : Nchw.expected(right.mul(k.ratio() * k.ratio()), type)),
                new Mistake<>(k.aligned() ? MIN_SIZE_ALIGNED : NO_MIN_SIZE, () -> Nchw.expected(pool(features, boxes, k,
                        k.ratio(), k.aligned()), type)),
                new Mistake<>(FIRST_IMAGE, () -> Nchw.expected(pool(features, firstImage(boxes), k, k.ratio(),
                        !k.aligned()), type)),
                new Mistake<>(FAR_SAMPLES, () -> Nchw.expected(RoiAlignSampling.pool(features, boxes, k.outH(), k.outW(),
                        k.ratio(), !k.aligned(), false), type)),
                // With a fixed grid, bins sized by the other axis's count are the roi stretched along that axis
                // (the 1 x 1 clamp aside, which scene rois several pixels wide never reach).
                new Mistake<>(HEIGHT_BINS_FOR_WIDTH, () -> k.outH() == k.outW() || k.ratio() <= 0 ? null
                        : Nchw.expected(pool(features, stretch(boxes, 1, (double) k.outW() / k.outH()), k, k.ratio(),
                                !k.aligned()), type)),
                new Mistake<>(WIDTH_BINS_FOR_HEIGHT, () -> k.outH() == k.outW() || k.ratio() <= 0 ? null
                        : Nchw.expected(pool(features, stretch(boxes, 2, (double) k.outH() / k.outW()), k, k.ratio(),
                                !k.aligned()), type)));
    }

    /** The boxes with the far edge along x ({@code axis} 1) or y (2) moved so that their extent is {@code factor} times as long. */
    private static double[][] stretch(double[][] boxes, int axis, double factor) {
        double[][] stretched = new double[boxes.length][];
        for (int k = 0; k < boxes.length; k++) {
            stretched[k] = boxes[k].clone();
            stretched[k][axis + 2] = boxes[k][axis] + (boxes[k][axis + 2] - boxes[k][axis]) * factor;
        }
        return stretched;
    }

    private static NDArray pool(NDArray features, double[][] boxes, Case k, int ratio, boolean atLeastOnePixel) {
        return RoiAlignSampling.pool(features, boxes, k.outH(), k.outW(), ratio, atLeastOnePixel);
    }

    /** The boxes with every coordinate (not the batch index) passed through {@code f}. */
    private static double[][] map(double[][] boxes, DoubleUnaryOperator f) {
        double[][] mapped = new double[boxes.length][];
        for (int k = 0; k < boxes.length; k++) {
            mapped[k] = boxes[k].clone();
            for (int j = 1; j < 5; j++) {
                mapped[k][j] = f.applyAsDouble(boxes[k][j]);
            }
        }
        return mapped;
    }

    private static double[][] firstImage(double[][] boxes) {
        double[][] first = new double[boxes.length][];
        for (int k = 0; k < boxes.length; k++) {
            first[k] = boxes[k].clone();
            first[k][0] = 0;
        }
        return first;
    }

    /** The roi rows as the learner would write them: {@code {{1, 12.5, ...}, ...}}. */
    private static String rows(INDArray rois) {
        double[] r = rois.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        StringBuilder s = new StringBuilder("{");
        for (int k = 0; k < r.length / 5; k++) {
            s.append(k == 0 ? "{" : ", {");
            for (int j = 0; j < 5; j++) {
                String v = String.format(Locale.ROOT, "%.4f", r[5 * k + j]).replaceAll("0+$", "");
                s.append(j == 0 ? "" : ", ").append(v.endsWith(".") ? v.substring(0, v.length() - 1) : v);
            }
            s.append("}");
        }
        return s.append("}").toString();
    }

    private static void expectRejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the shapes, batch indices and output size before using them", call);
    }
}
