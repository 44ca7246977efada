package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDManager;
import deepdrill.datasets.SyntheticScenes;
import deepdrill.datasets.SyntheticScenes.Scene;
import deepdrill.grader.checks.support.CheckContext;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.SceneInputs;
import deepdrill.grader.checks.support.Rejection;
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
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code mean-ap} against {@link AveragePrecision}, which ranks, matches, accumulates and
 * takes the area under the precision envelope on PyTorch's device, with the IoU of {@code BoxIou}.
 * Data sets come from the synthetic scenes (near-duplicates, false positives, images without
 * objects, ties in score) next to hand-made cases where one rule decides the answer: a duplicate,
 * a tie in score, an IoU of exactly the threshold, one that only the {@code +1} convention lifts over it.
 */
@Tag("mean-ap")
@DisplayName("mean-ap")
class MeanApCheck {

    private static final String ELEVEN_POINT = "used the 11-point interpolation of PASCAL VOC 2007 (the mean of the "
            + "envelope at recall 0, 0.1, ..., 1): here every recall step counts (all-point, VOC 2010 and later), "
            + "AP = sum (r_k - r_{k-1}) * max_{j >= k} p_j.";
    private static final String COCO_101 = "sampled the envelope at COCO's 101 recalls 0, 0.01, ..., 1: here every "
            + "recall step counts exactly, AP = sum (r_k - r_{k-1}) * max_{j >= k} p_j.";
    private static final String NO_ENVELOPE = "used no interpolation (the raw precision p_k times each recall step): "
            + "take the envelope first, p_interp(r_k) = max_{j >= k} p_j, with one backward pass "
            + "p[k] = max(p[k], p[k + 1]).";
    private static final String FORWARD_ENVELOPE = "ran the envelope forwards (a running max over the detections "
            + "before k): it is the max over k and the detections after it, a backward pass p[k] = max(p[k], p[k + 1]).";
    private static final String DUPLICATES = "counted duplicate detections as true positives: mark an object as "
            + "matched when a detection takes it; a later detection whose best object is already matched is a false "
            + "positive.";
    private static final String TIES = "put detections with equal scores in reverse input order (sorted ascending "
            + "and reversed, or a sort that is not stable?): equal scores keep the input order, image by image, then "
            + "by index within the image.";
    private static final String STRICT = "used IoU > threshold (as PASCAL VOC's code does): here an IoU equal to the "
            + "threshold makes a true positive, IoU >= threshold.";
    private static final String PIXEL = "used the +1 pixel convention in the IoU (side = x2 - x1 + 1): boxes here have "
            + "continuous area, side = x2 - x1.";
    private static final String COCO_MATCHING = "let a detection fall back to the best object not matched yet (COCO's "
            + "rule): here a detection takes the object with the highest IoU and is a false positive if that object "
            + "is already matched.";
    private static final String NO_OBJECTS_ZERO = "gave a class without ground truth an AP of 0: its recall is 0 / 0, "
            + "so its AP is undefined; return Double.NaN.";
    private static final String ABSENT_AS_ZERO = "averaged the classes without ground truth in as 0: leave out the "
            + "classes whose AP is NaN (divide by the number of classes with objects, not by K).";
    private static final String SKIP_UNDETECTED = "left the classes without detections out of the mean: a class with "
            + "objects but no detections has AP 0 and counts.";
    private static final String NAN_MEAN = "let a NaN into the mean: leave out the classes without ground truth.";
    private static final String NINE_THRESHOLDS = "stopped the IoU thresholds at 0.90: AP@[.50:.05:.95] averages the 10 "
            + "thresholds 0.50, 0.55, ..., 0.95.";
    private static final String ELEVEN_THRESHOLDS = "went on to the IoU threshold 1.00: AP@[.50:.05:.95] stops at 0.95 "
            + "(10 thresholds).";

    private static final double[] BOX = {0, 0, 10, 10};
    private static final double[] FAR = {50, 50, 60, 60};

    private NDManager manager;
    private final Map<DataSet, List<Image>> onDevice = new IdentityHashMap<>();

    @BeforeEach
    void openManager() {
        manager = TorchOracle.newManager();
    }

    @AfterEach
    void closeManager() {
        onDevice.clear();
        manager.close();
    }

    /** A data set: the detections and the ground truth of every image. */
    private record DataSet(String name, List<ImageDetections> detections, List<ImageTruth> truths) {
        @Override
        public String toString() {
            int boxes = detections.stream().mapToInt(d -> d.scores().length).sum();
            int objects = truths.stream().mapToInt(t -> t.labels().length).sum();
            return name + " (" + truths.size() + " images, " + boxes + " detections, " + objects + " objects)";
        }
    }

    @Test
    @DisplayName("averagePrecision(recall, precision): the area under the precision envelope, every recall step")
    void interpolation() {
        List<double[][]> curves = new ArrayList<>();
        curves.add(curve(new boolean[] {true, false, true, false}, 2));
        curves.add(curve(new boolean[] {false, true, true}, 2));
        curves.add(curve(new boolean[] {true, false, false, true, true, false, true}, 6));
        curves.add(curve(new boolean[] {true}, 1));
        curves.add(curve(new boolean[0], 3));
        Random random = CheckContext.random("interpolation");
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
            double[] recall = curve[0].clone();
            double[] precision = curve[1].clone();
            double actual = MeanAp.averagePrecision(recall, precision);
            Compare.assertUnchanged("recall", curve[0], recall);
            Compare.assertUnchanged("precision", curve[1], precision);
            String what = String.format(Locale.ROOT, "averagePrecision(recall %s, precision %s)",
                    format(curve[0]), format(curve[1]));
            Function<Interpolation, INDArray> area = how -> Compare.scalar(AveragePrecision.interpolate(
                    manager.create(curve[0]), manager.create(curve[1]), how));
            Compare.assertClose(what, area.apply(Interpolation.ALL_POINT), Compare.scalar(actual),
                    new Mistake(NO_ENVELOPE, () -> area.apply(Interpolation.NO_ENVELOPE)),
                    new Mistake(FORWARD_ENVELOPE, () -> area.apply(Interpolation.FORWARD_ENVELOPE)),
                    new Mistake(ELEVEN_POINT, () -> area.apply(Interpolation.ELEVEN_POINT)),
                    new Mistake(COCO_101, () -> area.apply(Interpolation.COCO_101)));
        }
    }

    @Test
    @DisplayName("one class by hand: perfect, none at all, no detections, no objects, detections in empty images")
    void handCases() {
        DataSet perfect = new DataSet("perfect detections", List.of(
                detections(new double[][] {BOX, {20, 30, 60, 50}}, new double[] {0.9, 0.4}, 0, 0),
                detections(new double[][] {{5, 5, 25, 45}}, new double[] {0.7}, 0)), List.of(
                truth(new double[][] {{20, 30, 60, 50}, BOX}, 0, 0),
                truth(new double[][] {{5, 5, 25, 45}}, 0)));
        checkClass(perfect, 0, 0.5);
        DataSet none = new DataSet("no detections at all", List.of(detections(new double[0][], new double[0]),
                detections(new double[0][], new double[0])), List.of(truth(new double[][] {BOX}, 0),
                truth(new double[][] {FAR, BOX}, 0, 1)));
        checkClass(none, 0, 0.5);
        checkClass(none, 1, 0.5);
        DataSet otherClass = new DataSet("objects of class 1, detections only of class 0", List.of(
                detections(new double[][] {BOX, FAR}, new double[] {0.9, 0.3}, 0, 0)), List.of(
                truth(new double[][] {BOX, FAR}, 0, 1)));
        checkClass(otherClass, 1, 0.5);
        checkClass(otherClass, 0, 0.5);
        DataSet noObjects = new DataSet("detections of class 2, no object of class 2", List.of(
                detections(new double[][] {BOX, FAR}, new double[] {0.8, 0.6}, 0, 2)), List.of(truth(new double[][] {BOX}, 0)));
        checkClass(noObjects, 2, 0.5);
        DataSet emptyImage = new DataSet("a detection in an image without objects", List.of(
                detections(new double[][] {BOX}, new double[] {0.6}, 0),
                detections(new double[][] {FAR, BOX}, new double[] {0.9, 0.2}, 0, 1)), List.of(
                truth(new double[][] {BOX}, 0), truth(new double[0][])));
        checkClass(emptyImage, 0, 0.5);
    }

    @Test
    @DisplayName("a duplicate detection of a found object is a false positive")
    void duplicates() {
        DataSet one = new DataSet("a duplicate (IoU 0.9) ranked between two true positives", List.of(
                detections(new double[][] {BOX, {1, 0, 10, 10}, {20, 20, 30, 30}}, new double[] {0.9, 0.8, 0.7}, 0, 0, 0)),
                List.of(truth(new double[][] {BOX, {20, 20, 30, 30}}, 0, 0)));
        checkClass(one, 0, 0.5);
        DataSet many = new DataSet("three detections of one object, one missed object", List.of(
                detections(new double[][] {{0, 1, 10, 10}, BOX, {0, 0, 9, 10}}, new double[] {0.5, 0.95, 0.7}, 0, 0, 0)),
                List.of(truth(new double[][] {BOX, FAR}, 0, 0)));
        checkClass(many, 0, 0.5);
    }

    @Test
    @DisplayName("equal scores keep the input order: image by image, then by index")
    void tiesInScore() {
        DataSet farFirst = new DataSet("one object; a far box and an exact box, both score 0.8, the far one first",
                List.of(detections(new double[][] {FAR, BOX}, new double[] {0.8, 0.8}, 0, 0)),
                List.of(truth(new double[][] {BOX}, 0)));
        checkClass(farFirst, 0, 0.5);
        DataSet exactFirst = new DataSet("one object; an exact box and a far box, both score 0.8, the exact one first",
                List.of(detections(new double[][] {BOX, FAR}, new double[] {0.8, 0.8}, 0, 0)),
                List.of(truth(new double[][] {BOX}, 0)));
        checkClass(exactFirst, 0, 0.5);
        DataSet acrossImages = new DataSet("score 0.7 in three images: a miss in image 0, hits in images 1 and 2",
                List.of(detections(new double[][] {FAR}, new double[] {0.7}, 0),
                        detections(new double[][] {BOX}, new double[] {0.7}, 0),
                        detections(new double[][] {BOX}, new double[] {0.7}, 0)),
                List.of(truth(new double[][] {BOX}, 0), truth(new double[][] {BOX}, 0), truth(new double[][] {BOX}, 0)));
        checkClass(acrossImages, 0, 0.5);
    }

    @Test
    @DisplayName("IoU >= threshold makes a true positive, continuous area, the best-IoU object")
    void iouThreshold() {
        DataSet half = new DataSet("a box (0, 0, 10, 5) on the object (0, 0, 10, 10): IoU exactly 0.5", List.of(
                detections(new double[][] {{0, 0, 10, 5}}, new double[] {0.9}, 0)), List.of(truth(new double[][] {BOX}, 0)));
        checkClass(half, 0, 0.5);
        DataSet below = new DataSet("a box (0, 0, 10, 4.8) on the object (0, 0, 10, 10): IoU 0.48, 0.527 with +1",
                List.of(detections(new double[][] {{0, 0, 10, 4.8}}, new double[] {0.9}, 0)),
                List.of(truth(new double[][] {BOX}, 0)));
        checkClass(below, 0, 0.5);
        DataSet quarter = new DataSet("boxes with IoU 0.75, 0.6 and 0.25", List.of(
                detections(new double[][] {{0, 0, 10, 7.5}, {20, 0, 26, 10}, {40, 0, 42.5, 10}},
                        new double[] {0.9, 0.8, 0.7}, 0, 0, 0)),
                List.of(truth(new double[][] {BOX, {20, 0, 30, 10}, {40, 0, 50, 10}}, 0, 0, 0)));
        checkClass(quarter, 0, 0.75);
        checkClass(quarter, 0, 0.25);
        DataSet bestTaken = new DataSet("two objects (0, 0, 10, 10), (0, 0, 10, 8); a second box (0, 0, 10, 9) "
                + "overlaps them by 0.9 and 0.89", List.of(
                detections(new double[][] {BOX, {0, 0, 10, 9}}, new double[] {0.9, 0.8}, 0, 0)),
                List.of(truth(new double[][] {BOX, {0, 0, 10, 8}}, 0, 0)));
        checkClass(bestTaken, 0, 0.5);
    }

    @Test
    @DisplayName("AP per class on synthetic scenes, IoU 0.5 and 0.75 (float64 and float32 boxes)")
    void scenes() {
        Random random = CheckContext.random("scenes");
        for (int s = 0; s < 3; s++) {
            DataSet set = scenes(random, 4 + s, s == 2 ? DataType.FLOAT : DataType.DOUBLE);
            for (double threshold : new double[] {0.5, 0.75}) {
                for (int label = 0; label < 3; label++) {
                    checkClass(set, label, threshold);
                }
            }
        }
    }

    @Test
    @DisplayName("mAP: the mean over the classes with ground truth (a class without detections counts as 0)")
    void meanAp() {
        Random random = CheckContext.random("meanAp");
        for (int s = 0; s < 2; s++) {
            DataSet set = withRareClasses(scenes(random, 5, DataType.DOUBLE));
            for (double threshold : new double[] {0.5, 0.7}) {
                checkMean(set, 5, threshold);
            }
        }
        checkMean(scenes(random, 4, DataType.DOUBLE), 3, 0.5);
        checkMean(new DataSet("no objects at all", List.of(detections(new double[][] {BOX}, new double[] {0.5}, 1)),
                List.of(truth(new double[0][]))), 2, 0.5);
    }

    @Test
    @DisplayName("COCO-style mAP: the mean over IoU thresholds 0.50, 0.55, ..., 0.95")
    void cocoMeanAp() {
        Random random = CheckContext.random("cocoMeanAp");
        checkCoco(scenes(random, 5, DataType.DOUBLE), 3);
        checkCoco(withRareClasses(scenes(random, 4, DataType.DOUBLE)), 5);
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

    private void checkClass(DataSet set, int label, double threshold) {
        List<Image> images = oracle(set);
        double actual = call(set, (d, t) -> MeanAp.averagePrecision(d, t, label, threshold));
        double expected = AveragePrecision.ofClass(manager, images, label, threshold, Rules.EXERCISE);
        String what = String.format(Locale.ROOT, "averagePrecision(%s, label %d, iouThreshold %.2f)", set, label,
                threshold);
        List<Mistake> mistakes = new ArrayList<>();
        for (Variant v : variants()) {
            mistakes.add(new Mistake(v.diagnosis(), () -> Compare.scalar(AveragePrecision.ofClass(manager, images, label,
                    threshold, v.rules()))));
        }
        mistakes.add(new Mistake(NO_OBJECTS_ZERO, () -> Double.isNaN(expected) ? Compare.scalar(0) : null));
        Compare.assertClose(what, Compare.scalar(expected), Compare.scalar(actual), mistakes.toArray(Mistake[]::new));
    }

    private void checkMean(DataSet set, int numClasses, double threshold) {
        List<Image> images = oracle(set);
        boolean[] detected = detected(set, numClasses);
        double actual = call(set, (d, t) -> MeanAp.meanAp(d, t, numClasses, threshold));
        String what = String.format(Locale.ROOT, "meanAp(%s, numClasses %d, iouThreshold %.2f)", set, numClasses,
                threshold);
        double expected = mean(images, detected, threshold, Rules.EXERCISE, Mean.WITH_OBJECTS);
        Compare.assertClose(what, Compare.scalar(expected), Compare.scalar(actual),
                meanMistakes((rules, which) -> mean(images, detected, threshold, rules, which)));
    }

    private void checkCoco(DataSet set, int numClasses) {
        List<Image> images = oracle(set);
        boolean[] detected = detected(set, numClasses);
        double actual = call(set, (d, t) -> MeanAp.cocoMeanAp(d, t, numClasses));
        String what = String.format(Locale.ROOT, "cocoMeanAp(%s, numClasses %d)", set, numClasses);
        Compare.assertClose(what, Compare.scalar(coco(images, detected, 10, Rules.EXERCISE, Mean.WITH_OBJECTS)), Compare.scalar(actual),
                concat(new Mistake[] {
                    new Mistake(NINE_THRESHOLDS, () -> Compare.scalar(coco(images, detected, 9, Rules.EXERCISE, Mean.WITH_OBJECTS))),
                    new Mistake(ELEVEN_THRESHOLDS, () -> Compare.scalar(coco(images, detected, 11, Rules.EXERCISE,
                            Mean.WITH_OBJECTS)))},
                        meanMistakes((rules, which) -> coco(images, detected, 10, rules, which))));
    }

    private interface MeanOf {
        double of(Rules rules, Mean which);
    }

    private Mistake[] meanMistakes(MeanOf mean) {
        List<Mistake> mistakes = new ArrayList<>();
        mistakes.add(new Mistake(ABSENT_AS_ZERO, () -> Compare.scalar(mean.of(Rules.EXERCISE, Mean.ABSENT_AS_ZERO))));
        mistakes.add(new Mistake(SKIP_UNDETECTED, () -> Compare.scalar(mean.of(Rules.EXERCISE, Mean.WITH_DETECTIONS))));
        mistakes.add(new Mistake(NAN_MEAN, () -> Compare.scalar(Double.NaN)));
        for (Variant v : variants()) {
            mistakes.add(new Mistake(v.diagnosis(), () -> Compare.scalar(mean.of(v.rules(), Mean.WITH_OBJECTS))));
        }
        return mistakes.toArray(Mistake[]::new);
    }

    private double mean(List<Image> images, boolean[] detected, double threshold, Rules rules, Mean which) {
        double[] ap = AveragePrecision.perClass(manager, images, detected.length, threshold, rules);
        return AveragePrecision.mean(manager, ap, detected, which);
    }

    /** The mean over the first {@code thresholds} of 0.50, 0.55, ... of the mAP. */
    private double coco(List<Image> images, boolean[] detected, int thresholds, Rules rules, Mean which) {
        double sum = 0;
        for (int t = 0; t < thresholds; t++) {
            sum += mean(images, detected, (50 + 5 * t) / 100.0, rules, which);
        }
        return sum / thresholds;
    }

    /** A mistake in the per-class rules and its diagnosis. */
    private record Variant(String diagnosis, Rules rules) {
    }

    private static List<Variant> variants() {
        return List.of(
                new Variant(DUPLICATES, Rules.duplicatesCounted()),
                new Variant(TIES, Rules.reversedTies()),
                new Variant(STRICT, Rules.strict()),
                new Variant(PIXEL, Rules.pixel()),
                new Variant(COCO_MATCHING, Rules.cocoMatching()),
                new Variant(NO_ENVELOPE, Rules.EXERCISE.interpolated(Interpolation.NO_ENVELOPE)),
                new Variant(FORWARD_ENVELOPE, Rules.EXERCISE.interpolated(Interpolation.FORWARD_ENVELOPE)),
                new Variant(ELEVEN_POINT, Rules.EXERCISE.interpolated(Interpolation.ELEVEN_POINT)),
                new Variant(COCO_101, Rules.EXERCISE.interpolated(Interpolation.COCO_101)));
    }

    /**
     * Seeded scenes with the default configuration (near-duplicates, false positives, ties from
     * scores rounded to 0.01), and one image without objects whose detections are all false positives.
     */
    private static DataSet scenes(Random random, int count, DataType type) {
        List<Scene> scenes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            scenes.add(SceneInputs.sceneWithDetections(random.nextLong(), 1, SyntheticScenes.Config.defaults()));
        }
        SyntheticScenes.Config empty = new SyntheticScenes.Config(640, 480, 0, 3, 0.9, 0.5, 2.0, 0.05);
        scenes.add(random.nextInt(scenes.size() + 1), SceneInputs.sceneWithDetections(random.nextLong(), 1, empty));
        List<ImageDetections> detections = new ArrayList<>();
        List<ImageTruth> truths = new ArrayList<>();
        for (Scene scene : scenes) {
            detections.add(new ImageDetections(SceneInputs.detectionBoxes(scene.detections()).castTo(type),
                    SceneInputs.scores(scene.detections()), SceneInputs.labels(scene.detections())));
            truths.add(new ImageTruth(SceneInputs.groundTruthBoxes(scene.objects()).castTo(type),
                    scene.objects().stream().mapToInt(SyntheticScenes.GroundTruth::label).toArray()));
        }
        String name = count + " synthetic scenes and one without objects" + (type == DataType.FLOAT ? ", float32 boxes"
                : "");
        return new DataSet(name, detections, truths);
    }

    /**
     * Adds an image with an object of class 3, which is never detected, and a detection of class 4,
     * which has no object: with 5 classes, class 3 has AP 0 and class 4 AP NaN.
     */
    private static DataSet withRareClasses(DataSet set) {
        List<ImageDetections> detections = new ArrayList<>(set.detections());
        List<ImageTruth> truths = new ArrayList<>(set.truths());
        detections.add(detections(new double[][] {{100, 100, 200, 180}, {300, 50, 360, 120}}, new double[] {0.55, 0.9},
                0, 4));
        truths.add(truth(new double[][] {{100, 100, 200, 180}, {400, 300, 480, 420}}, 0, 3));
        return new DataSet(set.name() + ", plus an image with an undetected object of class 3 and a detection of "
                + "class 4, which has no objects", detections, truths);
    }

    /** The data set on the oracle's device, converted once per data set and task. */
    private List<Image> oracle(DataSet set) {
        return onDevice.computeIfAbsent(set, this::convert);
    }

    private List<Image> convert(DataSet set) {
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < set.truths().size(); i++) {
            ImageDetections d = set.detections().get(i);
            ImageTruth t = set.truths().get(i);
            images.add(new Image(d.boxes().rows() == 0 ? null : TorchOracle.toTorch(manager, d.boxes()), d.scores(),
                    d.labels(), t.boxes().rows() == 0 ? null : TorchOracle.toTorch(manager, t.boxes()), t.labels()));
        }
        return images;
    }

    private static boolean[] detected(DataSet set, int numClasses) {
        boolean[] detected = new boolean[numClasses];
        for (ImageDetections d : set.detections()) {
            for (int label : d.labels()) {
                detected[label] = true;
            }
        }
        return detected;
    }

    private interface Metric {
        double of(List<ImageDetections> detections, List<ImageTruth> truths);
    }

    /** Hands the learner copies of the data set, then fails if its code changed them. */
    private static double call(DataSet set, Metric metric) {
        List<ImageDetections> detections = new ArrayList<>();
        List<ImageTruth> truths = new ArrayList<>();
        for (int i = 0; i < set.truths().size(); i++) {
            ImageDetections d = set.detections().get(i);
            ImageTruth t = set.truths().get(i);
            detections.add(new ImageDetections(d.boxes().dup(), d.scores().clone(), d.labels().clone()));
            truths.add(new ImageTruth(t.boxes().dup(), t.labels().clone()));
        }
        double result = metric.of(detections, truths);
        for (int i = 0; i < set.truths().size(); i++) {
            String image = "image " + i + " ";
            Compare.assertUnchanged("detections", set.detections().get(i).boxes(), detections.get(i).boxes());
            Compare.assertUnchanged("truths", set.truths().get(i).boxes(), truths.get(i).boxes());
            Compare.assertUnchanged(image + "scores", set.detections().get(i).scores(), detections.get(i).scores());
            Compare.assertUnchanged(image + "labels", set.detections().get(i).labels(), detections.get(i).labels());
            Compare.assertUnchanged(image + "ground-truth labels", set.truths().get(i).labels(), truths.get(i).labels());
        }
        return result;
    }

    private static ImageDetections detections(double[][] boxes, double[] scores, int... labels) {
        return new ImageDetections(SceneInputs.boxes(boxes), scores, labels.length == 0 ? new int[boxes.length] : labels);
    }

    private static ImageTruth truth(double[][] boxes, int... labels) {
        return new ImageTruth(SceneInputs.boxes(boxes), labels);
    }

    /** The precision-recall points after each detection, for true positives marked in ranking order. */
    private static double[][] curve(boolean[] truePositive, int positives) {
        double[] recall = new double[truePositive.length];
        double[] precision = new double[truePositive.length];
        int found = 0;
        for (int k = 0; k < truePositive.length; k++) {
            found += truePositive[k] ? 1 : 0;
            recall[k] = found / (double) positives;
            precision[k] = found / (double) (k + 1);
        }
        return new double[][] {recall, precision};
    }



    private static void expectRejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the lengths, shapes, labels and threshold before using them", call);
    }

    private static String format(double[] values) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", values[i]));
        }
        return s.append("}").toString();
    }

    private static Mistake[] concat(Mistake[] first, Mistake[] second) {
        Mistake[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

}
