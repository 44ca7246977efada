package deepdrill.grader.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import deepdrill.grader.oracle.AveragePrecision.Image;
import deepdrill.grader.oracle.AveragePrecision.Interpolation;
import deepdrill.grader.oracle.AveragePrecision.Mean;
import deepdrill.grader.oracle.AveragePrecision.Rules;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AveragePrecision} on precision-recall curves and detections worked out by hand, under the
 * exercise's rules and under each mistake the check recognises.
 */
class AveragePrecisionTest {

    private static final double EPS = 1e-12;
    private static final double[] OBJECT = {0, 0, 10, 10};
    private static final double[] FAR = {50, 50, 60, 60};

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = TorchOracle.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void interpolationOfACurveWithAFalsePositiveInTheMiddle() {
        // Detections T F T F, 2 objects: recall .5 .5 1 1, precision 1 .5 2/3 .5.
        double[] recall = {0.5, 0.5, 1, 1};
        double[] precision = {1, 0.5, 2 / 3.0, 0.5};
        // Envelope 1, 2/3, 2/3, 1/2: the steps of 0.5 at detections 1 and 3.
        assertEquals(0.5 + 0.5 * 2 / 3.0, area(recall, precision, Interpolation.ALL_POINT), EPS);
        assertEquals(0.5 + 0.5 * 2 / 3.0, area(recall, precision, Interpolation.NO_ENVELOPE), EPS);
        assertEquals(1, area(recall, precision, Interpolation.FORWARD_ENVELOPE), EPS);
        // Recalls 0 .. 0.5 reach precision 1 (6 of 11 points, 51 of 101), the rest 2/3.
        assertEquals((6 + 5 * 2 / 3.0) / 11, area(recall, precision, Interpolation.ELEVEN_POINT), EPS);
        assertEquals((51 + 50 * 2 / 3.0) / 101, area(recall, precision, Interpolation.COCO_101), EPS);
    }

    @Test
    void interpolationOfACurveThatRisesAgain() {
        // Detections F T T, 2 objects: recall 0 .5 1, precision 0 .5 2/3; the envelope is 2/3 throughout.
        double[] recall = {0, 0.5, 1};
        double[] precision = {0, 0.5, 2 / 3.0};
        assertEquals(2 / 3.0, area(recall, precision, Interpolation.ALL_POINT), EPS);
        assertEquals(0.5 * 0.5 + 0.5 * 2 / 3.0, area(recall, precision, Interpolation.NO_ENVELOPE), EPS);
        assertEquals(0.5 * 0.5 + 0.5 * 2 / 3.0, area(recall, precision, Interpolation.FORWARD_ENVELOPE), EPS);
        assertEquals(2 / 3.0, area(recall, precision, Interpolation.ELEVEN_POINT), EPS);
        assertEquals(0, area(new double[0], new double[0], Interpolation.ALL_POINT), EPS);
    }

    @Test
    void firstPointRawDiffersOnlyOnAHandMadeCurve() {
        // Ranked detections: the first point has precision 1 (a hit) or recall 0 (a miss), so leaving
        // it out of the envelope changes nothing.
        double[] recall = {0.5, 0.5, 1, 1};
        double[] precision = {1, 0.5, 2 / 3.0, 0.5};
        assertEquals(0.5 + 0.5 * 2 / 3.0, area(recall, precision, Interpolation.FIRST_POINT_RAW), EPS);
        // By hand: the first point has recall 0.5 but precision 0.25, below the later 0.5. The envelope
        // is 0.5 at both points; the first point's raw precision gives 0.25 for the first step.
        double[] rising = {0.5, 1};
        double[] low = {0.25, 0.5};
        assertEquals(0.5 * 0.5 + 0.5 * 0.5, area(rising, low, Interpolation.ALL_POINT), EPS);
        assertEquals(0.5 * 0.25 + 0.5 * 0.5, area(rising, low, Interpolation.FIRST_POINT_RAW), EPS);
    }

    @Test
    void aDuplicateIsAFalsePositive() {
        // Objects at OBJECT and (20, 20, 30, 30); detections: exact 0.9, a duplicate (IoU 0.9) 0.8, the other 0.7.
        List<Image> images = List.of(image(new double[][] {OBJECT, {1, 0, 10, 10}, {20, 20, 30, 30}},
                new double[] {0.9, 0.8, 0.7}, new int[] {0, 0, 0}, new double[][] {OBJECT, {20, 20, 30, 30}},
                new int[] {0, 0}));
        // T F T: recall .5 .5 1, precision 1 .5 2/3.
        assertEquals(0.5 + 0.5 * 2 / 3.0, ap(images, 0.5, Rules.EXERCISE), EPS);
        // T T T with the objects never used up: recall .5 1 1.5, precision 1.
        assertEquals(1.5, ap(images, 0.5, Rules.duplicatesCounted()), EPS);
    }

    @Test
    void equalScoresKeepTheInputOrder() {
        // One object; a far detection and an exact one, both 0.8, the far one first.
        List<Image> images = List.of(image(new double[][] {FAR, OBJECT}, new double[] {0.8, 0.8}, new int[] {0, 0},
                new double[][] {OBJECT}, new int[] {0}));
        assertEquals(0.5, ap(images, 0.5, Rules.EXERCISE), EPS);
        assertEquals(1, ap(images, 0.5, Rules.reversedTies()), EPS);
        // The same across images: image 0 before image 1.
        List<Image> twoImages = List.of(
                image(new double[][] {OBJECT}, new double[] {0.8}, new int[] {0}, new double[][] {OBJECT}, new int[] {0}),
                image(new double[][] {FAR}, new double[] {0.8}, new int[] {0}, new double[][] {{70, 70, 80, 80}},
                        new int[] {0}));
        // T F over 2 objects: recall .5 .5, precision 1 .5.
        assertEquals(0.5, ap(twoImages, 0.5, Rules.EXERCISE), EPS);
        assertEquals(0.25, ap(twoImages, 0.5, Rules.reversedTies()), EPS);
    }

    @Test
    void theThresholdIsInclusiveAndTheAreaContinuous() {
        // IoU exactly 50 / 100.
        List<Image> half = List.of(image(new double[][] {{0, 0, 10, 5}}, new double[] {0.9}, new int[] {0},
                new double[][] {OBJECT}, new int[] {0}));
        assertEquals(1, ap(half, 0.5, Rules.EXERCISE), EPS);
        assertEquals(0, ap(half, 0.5, Rules.strict()), EPS);
        // IoU 48 / 100; with +1 on every side 11 * 5.8 / 121 = 0.527.
        List<Image> below = List.of(image(new double[][] {{0, 0, 10, 4.8}}, new double[] {0.9}, new int[] {0},
                new double[][] {OBJECT}, new int[] {0}));
        assertEquals(0, ap(below, 0.5, Rules.EXERCISE), EPS);
        assertEquals(1, ap(below, 0.5, Rules.pixel()), EPS);
    }

    @Test
    void aDetectionTakesTheBestObjectEvenWhenItIsMatched() {
        // Objects OBJECT and (0, 0, 10, 8); the second detection overlaps them by 0.9 and 80 / 90.
        List<Image> images = List.of(image(new double[][] {OBJECT, {0, 0, 10, 9}}, new double[] {0.9, 0.8},
                new int[] {0, 0}, new double[][] {OBJECT, {0, 0, 10, 8}}, new int[] {0, 0}));
        assertEquals(0.5, ap(images, 0.5, Rules.EXERCISE), EPS);
        assertEquals(1, ap(images, 0.5, Rules.cocoMatching()), EPS);
    }

    @Test
    void detectionsWithoutObjectsAndClassesWithoutObjects() {
        List<Image> images = List.of(
                image(new double[][] {OBJECT}, new double[] {0.6}, new int[] {0}, new double[][] {OBJECT}, new int[] {0}),
                image(new double[][] {FAR, FAR}, new double[] {0.9, 0.5}, new int[] {0, 1}, null, new int[0]));
        // F T: recall 0 1, precision 0 .5.
        assertEquals(0.5, ap(images, 0.5, Rules.EXERCISE), EPS);
        assertTrue(Double.isNaN(AveragePrecision.ofClass(manager, images, 1, 0.5, Rules.EXERCISE)));
        // Objects of class 2 and no detection of it.
        List<Image> undetected = List.of(image(null, new double[0], new int[0], new double[][] {OBJECT}, new int[] {2}));
        assertEquals(0, AveragePrecision.ofClass(manager, undetected, 2, 0.5, Rules.EXERCISE), EPS);
    }

    @Test
    void meanOverClasses() {
        double[] ap = {0.5, Double.NaN, 0, 1};
        boolean[] detected = {true, true, false, true};
        assertEquals(0.5, AveragePrecision.mean(manager, ap, detected, Mean.WITH_OBJECTS), EPS);
        assertEquals(0.375, AveragePrecision.mean(manager, ap, detected, Mean.ABSENT_AS_ZERO), EPS);
        assertEquals(0.75, AveragePrecision.mean(manager, ap, detected, Mean.WITH_DETECTIONS), EPS);
        assertTrue(Double.isNaN(AveragePrecision.mean(manager, new double[] {Double.NaN}, new boolean[] {true},
                Mean.WITH_OBJECTS)));
    }

    private double area(double[] recall, double[] precision, Interpolation how) {
        return AveragePrecision.interpolate(manager.create(recall), manager.create(precision), how);
    }

    private double ap(List<Image> images, double threshold, Rules rules) {
        return AveragePrecision.ofClass(manager, images, 0, threshold, rules);
    }

    private Image image(double[][] boxes, double[] scores, int[] labels, double[][] truth, int[] truthLabels) {
        return new Image(boxes == null ? null : manager.create(boxes), scores, labels,
                truth == null ? null : manager.create(truth), truthLabels);
    }
}
