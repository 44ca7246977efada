package deepdrill.grader.checks.week4;

import static deepdrill.grader.checks.week4.MeanApCases.BOX;
import static deepdrill.grader.checks.week4.MeanApCases.FAR;
import static deepdrill.grader.checks.week4.MeanApCases.curve;
import static deepdrill.grader.checks.week4.MeanApCases.detections;
import static deepdrill.grader.checks.week4.MeanApCases.truth;
import static deepdrill.grader.checks.week4.MeanApCases.withRareClasses;

import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.SceneInputs;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.checks.week4.MeanApCases.DataSet;
import deepdrill.grader.checks.week4.MeanApDiagnoses.Variant;
import deepdrill.grader.oracle.AveragePrecision;
import deepdrill.grader.oracle.AveragePrecision.Image;
import deepdrill.grader.oracle.AveragePrecision.Interpolation;
import deepdrill.grader.oracle.AveragePrecision.Mean;
import deepdrill.grader.oracle.AveragePrecision.Rules;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.MeanAp;
import deepdrill.week4.MeanAp.ImageDetections;
import deepdrill.week4.MeanAp.ImageTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code mean-ap} against {@link AveragePrecision}, which ranks, matches, accumulates and
 * takes the area under the precision envelope on PyTorch's device, with the IoU of {@code BoxIou}.
 * The data sets are built in {@link MeanApCases}, the recognised mistakes listed in
 * {@link MeanApDiagnoses}.
 *
 * <p>Covered: seeded synthetic scenes (near-duplicates, false positives, images without objects,
 * ties in score), float32 boxes; hand-made cases where one rule decides the answer: a duplicate, a
 * tie in score within and across images, an IoU of exactly the threshold, one that only the
 * {@code +1} convention lifts over it, the best-IoU object already taken, threshold 1.0; perfect
 * detections, no detections, no objects, a class with objects but no detections (AP 0) and one with
 * detections but no objects (AP NaN, left out of the mean), no objects at all (mAP NaN), a single
 * class (numClasses 1); empty
 * curves and hand-made curves a detector never produces (the first point with recall above 0 and a
 * precision below a later one); bad lengths, shapes, labels and thresholds (NaN included).
 * Not applicable: a fresh result (the answers are numbers).
 */
@ExerciseCheck
class MeanApCheck {

    @Test
    @DisplayName("averagePrecision(recall, precision): the area under the precision envelope, every recall step")
    void interpolation(NDManager manager, Random random) {
        List<double[][]> curves = new ArrayList<>();
        curves.add(curve(new boolean[] {true, false, true, false}, 2));
        curves.add(curve(new boolean[] {false, true, true}, 2));
        curves.add(curve(new boolean[] {true, false, false, true, true, false, true}, 6));
        curves.add(curve(new boolean[] {true}, 1));
        curves.add(curve(new boolean[0], 3));
        for (int c = 0; c < 5; c++) {
            boolean[] truePositive = new boolean[3 + random.nextInt(25)];
            int found = 0;
            for (int k = 0; k < truePositive.length; k++) {
                truePositive[k] = random.nextDouble() < 0.5;
                found += truePositive[k] ? 1 : 0;
            }
            curves.add(curve(truePositive, Math.max(1, found + random.nextInt(4))));
        }
        for (double[][] curve : curves) {
            checkCurve(manager, curve[0], curve[1]);
        }
        // Hand-made curves that no ranking gives, but the signature allows: the first point has a
        // recall above 0 and a precision below a later one, so it too needs the envelope.
        checkCurve(manager, new double[] {0.5, 1}, new double[] {0.25, 0.5});
        checkCurve(manager, new double[] {0.25, 0.5, 0.5, 1}, new double[] {0.5, 0.4, 0.9, 0.6});
        checkCurve(manager, new double[] {0, 0, 0}, new double[] {0, 0, 0});
    }

    @Test
    @DisplayName("one class by hand: perfect, none at all, no detections, no objects, detections in empty images")
    void handCases(NDManager manager) {
        DataSet perfect = new DataSet("perfect detections", List.of(
                detections(new double[][] {BOX, {20, 30, 60, 50}}, new double[] {0.9, 0.4}, 0, 0),
                detections(new double[][] {{5, 5, 25, 45}}, new double[] {0.7}, 0)), List.of(
                truth(new double[][] {{20, 30, 60, 50}, BOX}, 0, 0),
                truth(new double[][] {{5, 5, 25, 45}}, 0)));
        checkClass(manager, perfect, 0, 0.5);
        DataSet none = new DataSet("no detections at all", List.of(detections(new double[0][], new double[0]),
                detections(new double[0][], new double[0])), List.of(truth(new double[][] {BOX}, 0),
                truth(new double[][] {FAR, BOX}, 0, 1)));
        checkClass(manager, none, 0, 0.5);
        checkClass(manager, none, 1, 0.5);
        DataSet otherClass = new DataSet("objects of class 1, detections only of class 0", List.of(
                detections(new double[][] {BOX, FAR}, new double[] {0.9, 0.3}, 0, 0)), List.of(
                truth(new double[][] {BOX, FAR}, 0, 1)));
        checkClass(manager, otherClass, 1, 0.5);
        checkClass(manager, otherClass, 0, 0.5);
        DataSet noObjects = new DataSet("detections of class 2, no object of class 2", List.of(
                detections(new double[][] {BOX, FAR}, new double[] {0.8, 0.6}, 0, 2)), List.of(truth(new double[][] {BOX}, 0)));
        checkClass(manager, noObjects, 2, 0.5);
        DataSet emptyImage = new DataSet("a detection in an image without objects", List.of(
                detections(new double[][] {BOX}, new double[] {0.6}, 0),
                detections(new double[][] {FAR, BOX}, new double[] {0.9, 0.2}, 0, 1)), List.of(
                truth(new double[][] {BOX}, 0), truth(new double[0][])));
        checkClass(manager, emptyImage, 0, 0.5);
    }

    @Test
    @DisplayName("a duplicate detection of a found object is a false positive")
    void duplicates(NDManager manager) {
        DataSet one = new DataSet("a duplicate (IoU 0.9) ranked between two true positives", List.of(
                detections(new double[][] {BOX, {1, 0, 10, 10}, {20, 20, 30, 30}}, new double[] {0.9, 0.8, 0.7}, 0, 0, 0)),
                List.of(truth(new double[][] {BOX, {20, 20, 30, 30}}, 0, 0)));
        checkClass(manager, one, 0, 0.5);
        DataSet many = new DataSet("three detections of one object, one missed object", List.of(
                detections(new double[][] {{0, 1, 10, 10}, BOX, {0, 0, 9, 10}}, new double[] {0.5, 0.95, 0.7}, 0, 0, 0)),
                List.of(truth(new double[][] {BOX, FAR}, 0, 0)));
        checkClass(manager, many, 0, 0.5);
    }

    @Test
    @DisplayName("equal scores keep the input order: image by image, then by index")
    void tiesInScore(NDManager manager) {
        DataSet farFirst = new DataSet("one object; a far box and an exact box, both score 0.8, the far one first",
                List.of(detections(new double[][] {FAR, BOX}, new double[] {0.8, 0.8}, 0, 0)),
                List.of(truth(new double[][] {BOX}, 0)));
        checkClass(manager, farFirst, 0, 0.5);
        DataSet exactFirst = new DataSet("one object; an exact box and a far box, both score 0.8, the exact one first",
                List.of(detections(new double[][] {BOX, FAR}, new double[] {0.8, 0.8}, 0, 0)),
                List.of(truth(new double[][] {BOX}, 0)));
        checkClass(manager, exactFirst, 0, 0.5);
        DataSet acrossImages = new DataSet("score 0.7 in three images: a miss in image 0, hits in images 1 and 2",
                List.of(detections(new double[][] {FAR}, new double[] {0.7}, 0),
                        detections(new double[][] {BOX}, new double[] {0.7}, 0),
                        detections(new double[][] {BOX}, new double[] {0.7}, 0)),
                List.of(truth(new double[][] {BOX}, 0), truth(new double[][] {BOX}, 0), truth(new double[][] {BOX}, 0)));
        checkClass(manager, acrossImages, 0, 0.5);
        // Scores are any doubles (logits, say): the ranking alone counts, infinities and negatives included.
        DataSet extreme = new DataSet("three objects; scores -Infinity (a hit), -3 (a miss), 0 (a hit), "
                + "+Infinity (a miss)", List.of(detections(new double[][] {BOX, {80, 80, 90, 90}, FAR, {20, 0, 30, 10}},
                new double[] {Double.NEGATIVE_INFINITY, -3, 0, Double.POSITIVE_INFINITY}, 0, 0, 0, 0)),
                List.of(truth(new double[][] {BOX, FAR, {100, 100, 110, 110}}, 0, 0, 0)));
        checkClass(manager, extreme, 0, 0.5);
    }

    @Test
    @DisplayName("IoU >= threshold makes a true positive, continuous area, the best-IoU object")
    void iouThreshold(NDManager manager) {
        DataSet half = new DataSet("a box (0, 0, 10, 5) on the object (0, 0, 10, 10): IoU exactly 0.5", List.of(
                detections(new double[][] {{0, 0, 10, 5}}, new double[] {0.9}, 0)), List.of(truth(new double[][] {BOX}, 0)));
        checkClass(manager, half, 0, 0.5);
        DataSet below = new DataSet("a box (0, 0, 10, 4.8) on the object (0, 0, 10, 10): IoU 0.48, 0.527 with +1",
                List.of(detections(new double[][] {{0, 0, 10, 4.8}}, new double[] {0.9}, 0)),
                List.of(truth(new double[][] {BOX}, 0)));
        checkClass(manager, below, 0, 0.5);
        DataSet quarter = new DataSet("boxes with IoU 0.75, 0.6 and 0.25", List.of(
                detections(new double[][] {{0, 0, 10, 7.5}, {20, 0, 26, 10}, {40, 0, 42.5, 10}},
                        new double[] {0.9, 0.8, 0.7}, 0, 0, 0)),
                List.of(truth(new double[][] {BOX, {20, 0, 30, 10}, {40, 0, 50, 10}}, 0, 0, 0)));
        checkClass(manager, quarter, 0, 0.75);
        checkClass(manager, quarter, 0, 0.25);
        DataSet bestTaken = new DataSet("two objects (0, 0, 10, 10), (0, 0, 10, 8); a second box (0, 0, 10, 9) "
                + "overlaps them by 0.9 and 0.89", List.of(
                detections(new double[][] {BOX, {0, 0, 10, 9}}, new double[] {0.9, 0.8}, 0, 0)),
                List.of(truth(new double[][] {BOX, {0, 0, 10, 8}}, 0, 0)));
        checkClass(manager, bestTaken, 0, 0.5);
    }

    @Test
    @DisplayName("AP per class on synthetic scenes, IoU 0.5 and 0.75 (float64 and float32 boxes)")
    void scenes(NDManager manager, Random random) {
        for (int s = 0; s < 3; s++) {
            DataSet set = MeanApCases.scenes(random, 4 + s, s == 2 ? DataType.FLOAT : DataType.DOUBLE);
            for (double threshold : new double[] {0.5, 0.75}) {
                for (int label = 0; label < 3; label++) {
                    checkClass(manager, set, label, threshold);
                }
            }
        }
    }

    @Test
    @DisplayName("mAP: the mean over the classes with ground truth (a class without detections counts as 0)")
    void meanAp(NDManager manager, Random random) {
        for (int s = 0; s < 2; s++) {
            DataSet set = withRareClasses(MeanApCases.scenes(random, 5, DataType.DOUBLE));
            for (double threshold : new double[] {0.5, 0.7}) {
                checkMean(manager, set, 5, threshold);
            }
        }
        checkMean(manager, MeanApCases.scenes(random, 4, DataType.DOUBLE), 3, 0.5);
        checkMean(manager, new DataSet("no objects at all", List.of(detections(new double[][] {BOX}, new double[] {0.5}, 1)),
                List.of(truth(new double[0][]))), 2, 0.5);
        // One class: numClasses 1 is allowed, and the mean is that class's AP.
        checkMean(manager, new DataSet("one class, one hit and one miss", List.of(detections(
                new double[][] {BOX, {20, 20, 30, 30}}, new double[] {0.6, 0.9}, 0, 0)),
                List.of(truth(new double[][] {BOX}, 0))), 1, 0.5);
    }

    @Test
    @DisplayName("COCO-style mAP: the mean over IoU thresholds 0.50, 0.55, ..., 0.95")
    void cocoMeanAp(NDManager manager, Random random) {
        checkCoco(manager, MeanApCases.scenes(random, 5, DataType.DOUBLE), 3);
        checkCoco(manager, withRareClasses(MeanApCases.scenes(random, 4, DataType.DOUBLE)), 5);
    }

    @Test
    @DisplayName("mismatched lengths, boxes not (N, 4), bad labels and thresholds outside (0, 1] throw "
            + "IllegalArgumentException")
    void rejectsBadInput() {
        expectRejected("averagePrecision(recall of 3 points, precision of 2)",
                () -> MeanAp.averagePrecision(new double[] {0.5, 0.5, 1}, new double[] {1, 0.5}));
        expectRejected("averagePrecision(recall {0.5, 0.25}, precision {1, 0.5}): the recall decreases",
                () -> MeanAp.averagePrecision(new double[] {0.5, 0.25}, new double[] {1, 0.5}));
        List<ImageDetections> one = List.of(detections(new double[][] {BOX}, new double[] {0.9}, 0));
        List<ImageTruth> oneTruth = List.of(truth(new double[][] {BOX}, 0));
        List<ImageTruth> twoTruths = List.of(truth(new double[][] {BOX}, 0), truth(new double[0][]));
        expectRejected("averagePrecision(detections of 1 image, truths of 2 images, 0, 0.5)",
                () -> MeanAp.averagePrecision(one, twoTruths, 0, 0.5));
        INDArray twoBoxes = SceneInputs.boxes(new double[][] {BOX, FAR});
        expectRejected("averagePrecision: 2 detection boxes with 1 score",
                () -> MeanAp.averagePrecision(List.of(new ImageDetections(twoBoxes, new double[] {0.9}, new int[] {0, 0})),
                        oneTruth, 0, 0.5));
        expectRejected("meanAp: 2 detection boxes with 3 labels",
                () -> MeanAp.meanAp(List.of(new ImageDetections(twoBoxes, new double[] {0.9, 0.8}, new int[] {0, 0, 0})),
                        oneTruth, 1, 0.5));
        expectRejected("averagePrecision: detection boxes of shape (1, 3)",
                () -> MeanAp.averagePrecision(List.of(new ImageDetections(Nd4j.create(new double[][] {{0, 0, 10}}),
                        new double[] {0.9}, new int[] {0})), oneTruth, 0, 0.5));
        expectRejected("meanAp: 1 ground-truth box with 2 labels",
                () -> MeanAp.meanAp(one, List.of(new ImageTruth(SceneInputs.boxes(new double[][] {BOX}), new int[] {0, 0})),
                        1, 0.5));
        for (double threshold : new double[] {0, -0.5, 1.5, Double.NaN}) {
            expectRejected("averagePrecision(..., 0, iouThreshold " + threshold + ")",
                    () -> MeanAp.averagePrecision(one, oneTruth, 0, threshold));
            expectRejected("meanAp(..., 1, iouThreshold " + threshold + ")",
                    () -> MeanAp.meanAp(one, oneTruth, 1, threshold));
        }
        expectRejected("averagePrecision(..., label -1, 0.5)", () -> MeanAp.averagePrecision(one, oneTruth, -1, 0.5));
        expectRejected("meanAp(..., numClasses 0, 0.5)", () -> MeanAp.meanAp(one, oneTruth, 0, 0.5));
        List<ImageDetections> labelTwo = List.of(detections(new double[][] {BOX}, new double[] {0.9}, 2));
        expectRejected("meanAp(a detection of class 2, ..., numClasses 2, 0.5)",
                () -> MeanAp.meanAp(labelTwo, oneTruth, 2, 0.5));
        expectRejected("cocoMeanAp(an object of class 2, ..., numClasses 2)",
                () -> MeanAp.cocoMeanAp(one, List.of(truth(new double[][] {BOX}, 2)), 2));
        double atOne;
        try {
            atOne = MeanAp.averagePrecision(one, oneTruth, 0, 1.0);
        } catch (IllegalArgumentException e) {
            throw new AssertionFailedError("averagePrecision(one exact box on its object, label 0, iouThreshold 1.0) "
                    + "threw " + e + ": the range is (0, 1], 1 included (only an exact box matches)");
        }
        Compare.assertClose("averagePrecision(one exact box on its object, label 0, iouThreshold 1.0): 1 is allowed",
                Compare.scalar(1), Compare.scalar(atOne));
    }

    private static void checkCurve(NDManager manager, double[] recall, double[] precision) {
        double actual = Guarded.call(in -> MeanAp.averagePrecision(in.copy("recall", recall),
                in.copy("precision", precision)));
        String what = String.format(Locale.ROOT, "averagePrecision(recall %s, precision %s)",
                MeanApCases.format(recall), MeanApCases.format(precision));
        Function<Interpolation, INDArray> area = how -> Compare.scalar(AveragePrecision.interpolate(
                manager.create(recall), manager.create(precision), how));
        Compare.assertClose(what, area.apply(Interpolation.ALL_POINT), Compare.scalar(actual), DOUBLE,
                MeanApDiagnoses.interpolationMistakes(area));
    }

    private static void checkClass(NDManager manager, DataSet set, int label, double threshold) {
        List<Image> images = oracle(manager, set);
        double actual = call(set, (d, t) -> MeanAp.averagePrecision(d, t, label, threshold));
        double expected = AveragePrecision.ofClass(manager, images, label, threshold, Rules.EXERCISE);
        String what = String.format(Locale.ROOT, "averagePrecision(%s, label %d, iouThreshold %.2f)", set, label,
                threshold);
        List<Mistake<INDArray>> mistakes = new ArrayList<>();
        for (Variant v : MeanApDiagnoses.variants()) {
            mistakes.add(new Mistake<>(v.diagnosis(), () -> Compare.scalar(AveragePrecision.ofClass(manager, images,
                    label, threshold, v.rules()))));
        }
        mistakes.add(new Mistake<>(MeanApDiagnoses.NO_OBJECTS_ZERO,
                () -> Double.isNaN(expected) ? Compare.scalar(0) : null));
        Compare.assertClose(what, Compare.scalar(expected), Compare.scalar(actual), DOUBLE, mistakes);
    }

    private static void checkMean(NDManager manager, DataSet set, int numClasses, double threshold) {
        List<Image> images = oracle(manager, set);
        boolean[] detected = set.detected(numClasses);
        double actual = call(set, (d, t) -> MeanAp.meanAp(d, t, numClasses, threshold));
        String what = String.format(Locale.ROOT, "meanAp(%s, numClasses %d, iouThreshold %.2f)", set, numClasses,
                threshold);
        double expected = mean(manager, images, detected, threshold, Rules.EXERCISE, Mean.WITH_OBJECTS);
        Compare.assertClose(what, Compare.scalar(expected), Compare.scalar(actual), DOUBLE, MeanApDiagnoses
                .meanMistakes((rules, which) -> mean(manager, images, detected, threshold, rules, which)));
    }

    private static void checkCoco(NDManager manager, DataSet set, int numClasses) {
        List<Image> images = oracle(manager, set);
        boolean[] detected = set.detected(numClasses);
        double actual = call(set, (d, t) -> MeanAp.cocoMeanAp(d, t, numClasses));
        String what = String.format(Locale.ROOT, "cocoMeanAp(%s, numClasses %d)", set, numClasses);
        List<Mistake<INDArray>> mistakes = new ArrayList<>(List.of(
                new Mistake<>(MeanApDiagnoses.NINE_THRESHOLDS, () -> Compare.scalar(coco(manager, images, detected, 9,
                        Rules.EXERCISE, Mean.WITH_OBJECTS))),
                new Mistake<>(MeanApDiagnoses.ELEVEN_THRESHOLDS, () -> Compare.scalar(coco(manager, images, detected,
                        11, Rules.EXERCISE, Mean.WITH_OBJECTS)))));
        mistakes.addAll(MeanApDiagnoses.meanMistakes((rules, which) -> coco(manager, images, detected, 10, rules,
                which)));
        Compare.assertClose(what, Compare.scalar(coco(manager, images, detected, 10, Rules.EXERCISE,
                Mean.WITH_OBJECTS)), Compare.scalar(actual), DOUBLE, mistakes);
    }

    private static final Tolerance DOUBLE = Tolerance.of(DataType.DOUBLE);

    private static double mean(NDManager manager, List<Image> images, boolean[] detected, double threshold,
                               Rules rules, Mean which) {
        double[] ap = AveragePrecision.perClass(manager, images, detected.length, threshold, rules);
        return AveragePrecision.mean(manager, ap, detected, which);
    }

    /** The mean over the first {@code thresholds} of 0.50, 0.55, ... of the mAP. */
    private static double coco(NDManager manager, List<Image> images, boolean[] detected, int thresholds,
                               Rules rules, Mean which) {
        double sum = 0;
        for (int t = 0; t < thresholds; t++) {
            sum += mean(manager, images, detected, (50 + 5 * t) / 100.0, rules, which);
        }
        return sum / thresholds;
    }

    /** The data set on the oracle's device; an image without boxes has none there (null). */
    private static List<Image> oracle(NDManager manager, DataSet set) {
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < set.truths().size(); i++) {
            ImageDetections d = set.detections().get(i);
            ImageTruth t = set.truths().get(i);
            images.add(new Image(d.boxes().rows() == 0 ? null : TorchOracle.toTorch(manager, d.boxes()), d.scores(),
                    d.labels(), t.boxes().rows() == 0 ? null : TorchOracle.toTorch(manager, t.boxes()), t.labels()));
        }
        return images;
    }

    private interface Metric {
        double of(List<ImageDetections> detections, List<ImageTruth> truths);
    }

    /** Hands the learner copies of every image's arrays; fails if its code changed one. */
    private static double call(DataSet set, Metric metric) {
        return Guarded.call(in -> {
            List<ImageDetections> detections = new ArrayList<>();
            List<ImageTruth> truths = new ArrayList<>();
            for (int i = 0; i < set.truths().size(); i++) {
                ImageDetections d = set.detections().get(i);
                ImageTruth t = set.truths().get(i);
                String image = "detections.get(" + i + ").";
                detections.add(new ImageDetections(in.copy(image + "boxes()", d.boxes()),
                        in.copy(image + "scores()", d.scores()), in.copy(image + "labels()", d.labels())));
                String truth = "truths.get(" + i + ").";
                truths.add(new ImageTruth(in.copy(truth + "boxes()", t.boxes()), in.copy(truth + "labels()",
                        t.labels())));
            }
            return metric.of(detections, truths);
        });
    }

    private static void expectRejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the lengths, shapes, labels and threshold before using them", call);
    }
}
