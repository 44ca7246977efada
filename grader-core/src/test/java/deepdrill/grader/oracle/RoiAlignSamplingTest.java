package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.checks.support.Compare;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link RoiAlignSampling} on rois worked out by hand, mostly on the ramp {@code f[y][x] = 10 y + x}
 * (4 x 5), where bilinear interpolation is exact, so that a bin inside the map averages to the
 * ramp's value at the mean of its samples.
 */
class RoiAlignSamplingTest {

    private static final double[] RAMP = {
            0, 1, 2, 3, 4,
            10, 11, 12, 13, 14,
            20, 21, 22, 23, 24,
            30, 31, 32, 33, 34};

    /** Scale 1/2: (2, 2, 7, 6) becomes (1, 1, 3.5, 3), bins of 1 x 0.8333 centred at y 1.5, 2.5 and x 1.4167, .. */
    @Test
    void rampGivesItsValueAtTheBinCentres() {
        double third = 2.5 / 3;
        double[] expected = new double[6];
        for (int ph = 0; ph < 2; ph++) {
            for (int pw = 0; pw < 3; pw++) {
                expected[3 * ph + pw] = 10 * (1.5 + ph) + 1 + (pw + 0.5) * third;
            }
        }
        for (int ratio : new int[] {1, 2, 3, 0}) {
            check("ramp, ratio " + ratio, RAMP, 4, 5, new double[] {0, 2, 2, 7, 6}, 2, 3, 0.5, ratio, false, expected);
        }
    }

    /**
     * Bilinear interpolation is exact on a linear map, so on {@code f = 3 + 2y - x} any roi whose
     * samples all lie between the first and last pixel centres gives, in every bin, the map's value
     * at the bin's centre: seeded random rois, ratios and output sizes, both modes.
     */
    @Test
    void rampOnRandomRoisInsideTheMap() {
        int h = 7;
        int w = 9;
        double[] map = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                map[y * w + x] = 3 + 2 * y - x;
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            boolean aligned = random.nextBoolean();
            double offset = aligned ? 0.5 : 0;
            // Image coordinates at scale 1/2; the scaled, shifted box stays inside [0, size - 1] and is at least 1 wide.
            double x1 = 2 * (offset + random.nextDouble() * (w - 3));
            double x2 = x1 + 2 * (1 + random.nextDouble() * ((w - 1) - (x1 / 2 - offset) - 1));
            double y1 = 2 * (offset + random.nextDouble() * (h - 3));
            double y2 = y1 + 2 * (1 + random.nextDouble() * ((h - 1) - (y1 / 2 - offset) - 1));
            int outH = 1 + random.nextInt(3);
            int outW = 1 + random.nextInt(3);
            int ratio = random.nextInt(4);
            double[] expected = new double[outH * outW];
            double binH = (y2 - y1) / 2 / outH;
            double binW = (x2 - x1) / 2 / outW;
            for (int ph = 0; ph < outH; ph++) {
                for (int pw = 0; pw < outW; pw++) {
                    double cy = y1 / 2 - offset + (ph + 0.5) * binH;
                    double cx = x1 / 2 - offset + (pw + 0.5) * binW;
                    expected[ph * outW + pw] = 3 + 2 * cy - cx;
                }
            }
            check("ramp, roi " + i, map, h, w, new double[] {0, x1, y1, x2, y2}, outH, outW, 0.5, ratio, aligned,
                    expected);
        }
    }

    /** Aligned, one sample: the box (2, 1)-(3, 2) covers exactly pixel (1, 2) and returns it; unaligned it is 0.5 off. */
    @Test
    void onePixelRoi() {
        check("aligned", RAMP, 4, 5, new double[] {0, 2, 1, 3, 2}, 1, 1, 1, 1, true, 12);
        check("not aligned", RAMP, 4, 5, new double[] {0, 2, 1, 3, 2}, 1, 1, 1, 1, false, 17.5);
    }

    /** A 0.1-pixel box: forced to 1 x 1 when not aligned (sample at 1.2 + 0.5), else sampled at 1.2 - 0.5 + 0.05. */
    @Test
    void tinyRoi() {
        check("not aligned", RAMP, 4, 5, new double[] {0, 1.2, 1.2, 1.3, 1.3}, 1, 1, 1, 1, false, 17 + 1.7);
        check("aligned", RAMP, 4, 5, new double[] {0, 1.2, 1.2, 1.3, 1.3}, 1, 1, 1, 1, true, 7.5 + 0.75);
    }

    /**
     * {{1, 2}, {3, 4}}, box (0, 0)-(2, 2), two samples per axis at 0.5 and 1.5; 1.5 is past the last
     * centre and reads the last row or column: (2.5 + 3 + 3.5 + 4) / 4, not the ramp's 4 at (1, 1).
     */
    @Test
    void samplesPastTheLastCentreReadTheBorder() {
        check("border", new double[] {1, 2, 3, 4}, 2, 2, new double[] {0, 0, 0, 2, 2}, 1, 1, 1, 2, false, 3.25);
    }

    /** A constant 3; x samples at -2 (below -1: 0) and 2; y samples at 1 and 3: (0 + 3 + 0 + 3) / 4. */
    @Test
    void samplesFarOutsideAreZero() {
        double[] three = new double[16];
        java.util.Arrays.fill(three, 3);
        check("half outside", three, 4, 4, new double[] {0, -4, 0, 4, 4}, 1, 1, 1, 2, false, 1.5);
        check("inside", three, 4, 4, new double[] {0, 0.3, 0.2, 3.9, 2.5}, 2, 2, 1, 0, true, 3, 3, 3, 3);
    }

    /** f = (0, 0, 4, 0) in one row: adaptive takes 4 samples (0, 2, 2, 0), one sample reads 4, two read 0 and 0. */
    @Test
    void adaptiveGridFollowsTheRoiSize() {
        double[] f = {0, 0, 4, 0};
        double[] roi = {0, 0, 0, 4, 1};
        check("adaptive", f, 1, 4, roi, 1, 1, 1, 0, false, 1);
        check("ratio 1", f, 1, 4, roi, 1, 1, 1, 1, false, 4);
        check("ratio 2", f, 1, 4, roi, 1, 1, 1, 2, false, 0);
    }

    /** A zero-size aligned box has an adaptive grid of 0 samples: the bin is 0 (the count is max(0, 1)). */
    @Test
    void emptyAdaptiveGridIsZero() {
        check("empty", RAMP, 4, 5, new double[] {0, 2, 2, 2, 2}, 1, 1, 1, 0, true, 0);
    }

    /** Each roi reads its own image: constants 1 and 5, the second image's roi first. */
    @Test
    void batchIndexPicksTheImage() {
        try (NDManager m = TorchOracle.newManager()) {
            NDArray features = m.create(new double[] {1, 1, 1, 1, 5, 5, 5, 5}, new Shape(2, 1, 2, 2));
            NDArray rois = m.create(new double[] {1, 0, 0, 2, 2, 0, 0.5, 0.5, 1.5, 1.5}, new Shape(2, 5));
            INDArray actual = TorchOracle.toNd4j(RoiAlignSampling.forward(features, rois, 1, 2, 1, 2, true));
            Compare.assertClose("two images", Nd4j.create(new double[] {5, 5, 1, 1}, new long[] {2, 1, 1, 2},
                    DataType.DOUBLE), actual);
        }
    }

    private static void check(String what, double[] map, int h, int w, double[] roi, int outH, int outW, double scale,
                              int ratio, boolean aligned, double... expected) {
        try (NDManager m = TorchOracle.newManager()) {
            NDArray features = m.create(map, new Shape(1, 1, h, w));
            NDArray rois = m.create(roi, new Shape(1, 5));
            INDArray actual = TorchOracle.toNd4j(RoiAlignSampling.forward(features, rois, outH, outW, scale, ratio,
                    aligned));
            Compare.assertClose(what, Nd4j.create(expected, new long[] {1, 1, outH, outW}, DataType.DOUBLE), actual);
        }
    }
}
