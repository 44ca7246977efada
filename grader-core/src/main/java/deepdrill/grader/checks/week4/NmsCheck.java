package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import deepdrill.datasets.SyntheticScenes;
import deepdrill.datasets.SyntheticScenes.Config;
import deepdrill.datasets.SyntheticScenes.Detection;
import deepdrill.grader.checks.support.CheckContext;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareIndices;
import deepdrill.grader.checks.support.CompareIndices.WrongIndices;
import deepdrill.grader.checks.support.SceneInputs;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.oracle.BoxIou;
import deepdrill.grader.oracle.NmsOracle;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.Nms;
import deepdrill.week4.Nms.SoftMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code nms} against {@link NmsOracle}: the IoU matrix, the suppression decisions and the
 * soft-NMS weights computed on PyTorch's device ({@link BoxIou}), the selection on a sorted-index
 * queue with masks. Boxes come from seeded synthetic scenes (near-duplicates, false positives, ties
 * in score) and from hand-built edge cases: equal scores, identical boxes, touching edges, an IoU
 * exactly at the threshold, thresholds 0 and 1, no boxes at all.
 */
@Tag("nms")
@DisplayName("nms")
class NmsCheck {

    private static final String GREATER_OR_EQUAL = "suppressed boxes whose IoU equals the threshold (>= instead of "
            + ">): a box is suppressed only when its IoU with a kept box is strictly greater than t, as in "
            + "torchvision.";
    private static final String INDEX_ORDER = "returned the kept indices in index order: return them in descending "
            + "score order, the order in which they were kept.";
    private static final String PIXEL_IOU = "computed the IoU with the +1 pixel convention (side = x2 - x1 + 1), "
            + "which makes boxes that only touch overlap: areas here are continuous, (x2 - x1) * (y2 - y1).";
    private static final String UNSORTED = "visited the boxes in index order instead of by descending score: sort "
            + "first, so that a box is only ever suppressed by a kept box that scores higher.";
    private static final String TIES_TO_HIGHER = "broke ties in score to the higher index (a reversed ascending "
            + "sort?): equal scores go to the lower index first, as a stable sort by descending score gives.";
    private static final String IGNORED_CLASSES = "ignored the labels: in batched NMS a box only suppresses boxes of "
            + "its own class.";
    private static final String CLASS_BY_CLASS = "returned the classes one after another: merge the kept boxes of all "
            + "classes into one list in descending score order.";
    private static final String LINEAR_EVERYWHERE = "applied the linear decay without the threshold: s *= 1 - IoU only "
            + "when IoU > t; a box that overlaps less keeps its score.";
    private static final String LINEAR_AT_THRESHOLD = "decayed boxes whose IoU equals the threshold (>= instead of >): "
            + "the linear decay applies only when IoU > t.";
    private static final String HARD = "removed the overlapping boxes as greedy NMS does: soft-NMS keeps them with a "
            + "lower score.";
    private static final String NOT_REORDERED = "selected the boxes in the order of their original scores: scores "
            + "change after every selection, so search for the highest CURRENT score at every step.";
    private static final String TWO_SIGMA_SQUARED = "used exp(-IoU^2 / (2 sigma^2)): the Gaussian decay of the paper, "
            + "used here, is exp(-IoU^2 / sigma).";
    private static final String GAUSSIAN_WITH_THRESHOLD = "applied the IoU threshold to the Gaussian decay: it decays "
            + "every remaining box by exp(-IoU^2 / sigma), whatever its IoU.";

    /** Two thin boxes that share an edge: continuous IoU 0, but 9 / 13.5 = 0.67 with the +1 convention. */
    private static final double[] THIN_LEFT = {100, 0, 100.25, 8};
    private static final double[] THIN_RIGHT = {100.25, 0, 100.5, 8};

    private static final Config DEFAULT = Config.defaults();
    /** Many duplicates per object, so that NMS has work to do. */
    private static final Config CROWDED = new Config(640, 480, 8, 3, 0.95, 0.7, 2.0, 0.05);
    /** A busy image, to merge into hundreds of boxes. */
    private static final Config BUSY = new Config(640, 480, 20, 3, 0.9, 0.6, 3.0, 0.05);

    private NDManager manager;
    /** Each case's boxes on the device and their IoU matrix, computed once per case (400 boxes: 400 x 400). */
    private final Map<Boxes, OnDevice> onDevice = new IdentityHashMap<>();

    @BeforeEach
    void openManager() {
        manager = TorchOracle.newManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    /** Boxes with their scores and labels; {@code name} describes them, or null to list them. */
    private record Boxes(INDArray boxes, double[] scores, int[] labels, String name) {
        int n() {
            return scores.length;
        }

        @Override
        public String toString() {
            if (name != null) {
                return name + " (N = " + n() + " boxes)";
            }
            double[][] rows = n() == 0 ? new double[0][] : boxes.toDoubleMatrix();
            StringBuilder s = new StringBuilder("boxes {");
            for (int i = 0; i < rows.length; i++) {
                s.append(i == 0 ? "(" : ", (").append(number(rows[i][0])).append(", ").append(number(rows[i][1]))
                        .append(", ").append(number(rows[i][2])).append(", ").append(number(rows[i][3])).append(")");
            }
            s.append("}, scores ").append(Arrays.toString(scores));
            return s.append(labels == null ? "" : ", labels " + Arrays.toString(labels)).toString();
        }
    }

    @Test
    @DisplayName("scene detections: near-duplicates removed, true positives kept")
    void sceneDetections() {
        Random random = CheckContext.random("sceneDetections");
        double[] thresholds = {0.5, 0.3, 0.7, 0.5, 0.45};
        for (int k = 0; k < thresholds.length; k++) {
            checkGreedy(scene(random, k, k % 2 == 0 ? DEFAULT : CROWDED), thresholds[k]);
        }
        Boxes scene = scene(random, thresholds.length, CROWDED);
        Boxes float32 = new Boxes(scene.boxes().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), scene.scores(),
                null, scene.name() + ", float32 boxes");
        checkGreedy(float32, 0.5);
    }

    @Test
    @DisplayName("the kept boxes come in descending score order, not index order")
    void scoreOrder() {
        Random random = CheckContext.random("scoreOrder");
        for (int k = 0; k < 3; k++) {
            checkGreedy(scene(random, k, CROWDED), 0.5, true);
        }
        for (int k = 3; k < 5; k++) {
            checkBatched(scene(random, k, CROWDED), 0.5, true);
        }
    }

    @Test
    @DisplayName("ties in score: the lower index first (a stable sort)")
    void ties() {
        Random random = CheckContext.random("ties");
        // Two overlapping boxes with the same score: the lower index is kept.
        checkGreedy(hand(new double[][] {{0, 0, 10, 10}, {1, 0, 11, 10}}, 0.8, 0.8), 0.5);
        checkGreedy(hand(new double[][] {{50, 50, 60, 60}, {1, 0, 11, 10}, {0, 0, 10, 10}}, 0.5, 0.8, 0.8), 0.5);
        // A chain A - B - C of equal scores: A suppresses B, so C survives; the other way round, C suppresses B.
        checkGreedy(hand(new double[][] {{0, 0, 10, 10}, {3, 0, 13, 10}, {6, 0, 16, 10}}, 0.7, 0.7, 0.7), 0.5);
        for (int k = 0; k < 3; k++) {
            Boxes c = scene(random, k, CROWDED);
            double[] coarse = Arrays.stream(c.scores()).map(s -> Math.round(s * 10) / 10.0).toArray();
            checkGreedy(new Boxes(c.boxes(), coarse, null, c.name() + ", scores rounded to 0.1"), 0.5);
        }
    }

    @Test
    @DisplayName("identical boxes: only the best is kept, the lower index among equal scores")
    void identicalBoxes() {
        Random random = CheckContext.random("identicalBoxes");
        double[] box = {10, 20, 30, 50};
        double[] other = {100, 100, 140, 120};
        checkGreedy(hand(new double[][] {box, box, other, box}, 0.6, 0.9, 0.5, 0.75), 0.5);
        checkGreedy(hand(new double[][] {other, box, box, box}, 0.4, 0.5, 0.5, 0.5), 0.7);
        Boxes c = scene(random, 0, DEFAULT);
        double[][] rows = c.boxes().toDoubleMatrix();
        double[][] twice = new double[2 * rows.length][];
        double[] scores = new double[2 * rows.length];
        for (int i = 0; i < rows.length; i++) {
            twice[2 * i] = rows[i];
            twice[2 * i + 1] = rows[i];
            scores[2 * i] = c.scores()[i];
            scores[2 * i + 1] = c.scores()[i];
        }
        checkGreedy(new Boxes(SceneInputs.boxes(twice), scores, null, c.name() + " with every box twice"), 0.5);
    }

    @Test
    @DisplayName("no boxes: an empty result; one box: kept")
    void emptyInput() {
        Boxes none = new Boxes(SceneInputs.boxes(new double[0][]), new double[0], new int[0], null);
        CompareIndices.assertEqual("greedy(" + none + ", iouThreshold 0.5)", new int[0], greedy(none, 0.5), p -> "", List.of());
        CompareIndices.assertEqual("batched(" + none + ", iouThreshold 0.5)", new int[0], batched(none, 0.5), p -> "", List.of());
        Nms.SoftResult soft = soft(none, SoftMethod.GAUSSIAN, 0.3, 0.5, 0.001);
        assertSoft("soft(" + none + ", GAUSSIAN, sigma 0.5, scoreThreshold 0.001)", none,
                new NmsOracle.Soft(new int[0], new double[0]), soft);
        Boxes one = hand(new double[][] {{1, 2, 3, 4}}, 0.3);
        checkGreedy(one, 0.5);
        checkSoft(one, SoftMethod.LINEAR, 0.3, 0.5, 0.001);
        checkSoft(one, SoftMethod.LINEAR, 0.3, 0.5, 0.5);   // below the score threshold from the start
    }

    @Test
    @DisplayName("threshold 0: any overlap suppresses, boxes that only touch survive")
    void thresholdZero() {
        Random random = CheckContext.random("thresholdZero");
        checkGreedy(hand(new double[][] {{0, 0, 10, 10}, {10, 0, 20, 10}, {19.999, 0, 30, 10}, {0, 10, 10, 20}},
                0.9, 0.8, 0.7, 0.6), 0);
        for (int k = 0; k < 3; k++) {
            checkGreedy(scene(random, k, DEFAULT), 0);
        }
    }

    @Test
    @DisplayName("threshold 1: nothing is suppressed, not even identical boxes")
    void thresholdOne() {
        Random random = CheckContext.random("thresholdOne");
        double[] box = {5, 5, 25, 15};
        checkGreedy(hand(new double[][] {box, box, {6, 5, 25, 15}, box}, 0.2, 0.9, 0.9, 0.4), 1);
        for (int k = 0; k < 2; k++) {
            checkGreedy(scene(random, k, CROWDED), 1);
        }
    }

    @Test
    @DisplayName("boxes that touch at an edge do not overlap (no +1 in the areas)")
    void touchingEdges() {
        Random random = CheckContext.random("touchingEdges");
        // A 3 x 3 grid of 3 x 3 tiles: neighbours share an edge (continuous IoU 0; with +1, 4 / 28 = 0.14).
        double[][] tiles = new double[9][];
        for (int i = 0; i < 9; i++) {
            tiles[i] = new double[] {3 * (i % 3), 3 * (i / 3), 3 * (i % 3) + 3, 3 * (i / 3) + 3};
        }
        double[] scores = IntStream.range(0, 9).mapToDouble(i -> Math.round(random.nextDouble() * 100) / 100.0)
                .toArray();
        checkGreedy(hand(tiles, scores), 0.1);
        checkGreedy(hand(tiles, scores), 0);
        // A row of boxes 2 to 4 wide, each starting where the previous one ends.
        double[][] row = new double[6][];
        double x = 0;
        for (int i = 0; i < row.length; i++) {
            double w = 2 + random.nextInt(3);
            row[i] = new double[] {x, 0, x + w, 3};
            x += w;
        }
        checkGreedy(hand(row, 0.9, 0.3, 0.8, 0.5, 0.7, 0.6), 0.1);
        checkBatched(hand(row, new int[] {0, 0, 0, 1, 1, 1}, 0.9, 0.3, 0.8, 0.5, 0.7, 0.6), 0.1);
    }

    @Test
    @DisplayName("an IoU exactly at the threshold does not suppress (IoU > t, not >=)")
    void iouEqualToThreshold() {
        // IoU 2 / 4 = 0.5, 8 / 16 = 0.5 (one inside the other), 2 / 6 = 1/3, 2 / 8 = 0.25: exact in float64.
        // The two thin boxes that touch (IoU 0; 0.67 with +1) tell >= apart from the +1 convention.
        checkGreedy(hand(new double[][] {{0, 0, 3, 1}, {1, 0, 4, 1}, THIN_LEFT, THIN_RIGHT}, 0.9, 0.8, 0.3, 0.2), 0.5);
        checkGreedy(hand(new double[][] {{0, 0, 4, 4}, {0, 0, 4, 2}, THIN_LEFT, THIN_RIGHT}, 0.7, 0.9, 0.3, 0.2), 0.5);
        checkGreedy(hand(new double[][] {{0, 0, 2, 2}, {1, 0, 3, 2}, THIN_LEFT, THIN_RIGHT}, 0.6, 0.8, 0.3, 0.2),
                1.0 / 3);
        checkGreedy(hand(new double[][] {{0, 0, 5, 1}, {3, 0, 8, 1}, {20, 0, 25, 1}, THIN_LEFT, THIN_RIGHT}, 0.5, 0.9,
                0.4, 0.3, 0.2), 0.25);
        checkGreedy(hand(new double[][] {{0, 0, 4, 3}, {0, 1, 4, 4}, {0, 2, 4, 5}}, 0.9, 0.8, 0.7), 0.5);
        checkBatched(hand(new double[][] {{0, 0, 3, 1}, {1, 0, 4, 1}, {1, 0, 4, 1}}, new int[] {2, 2, 0}, 0.9, 0.8,
                0.7), 0.5);
        // With a pair at IoU 1/9, below the threshold: it must keep its scores.
        checkSoft(hand(new double[][] {{0, 0, 3, 1}, {1, 0, 4, 1}, {0, 5, 5, 6}, {4, 5, 9, 6}}, 0.9, 0.8, 0.7, 0.6),
                SoftMethod.LINEAR, 0.5, 0.5, 0.001);
    }

    @Test
    @DisplayName("hundreds of boxes: 400 detections of several merged scenes")
    void manyBoxes() {
        Random random = CheckContext.random("manyBoxes");
        List<Detection> merged = new ArrayList<>();
        long seed = random.nextLong();
        while (merged.size() < 400) {
            merged.addAll(SyntheticScenes.generate(seed++, BUSY).detections());
        }
        List<Detection> detections = merged.subList(0, 400);
        Boxes c = new Boxes(SceneInputs.detectionBoxes(detections), SceneInputs.scores(detections),
                SceneInputs.labels(detections), "400 detections of merged scenes");
        checkGreedy(c, 0.5);
        checkBatched(c, 0.5);
        checkSoft(c, SoftMethod.GAUSSIAN, 0.3, 0.5, 0.05);
    }

    @Test
    @DisplayName("batched: boxes of different classes never suppress each other")
    void batchedClasses() {
        Random random = CheckContext.random("batchedClasses");
        double[] box = {0, 0, 10, 10};
        checkBatched(hand(new double[][] {box, box}, new int[] {0, 1}, 0.9, 0.8), 0.5);
        checkBatched(hand(new double[][] {box, {1, 1, 11, 11}, {2, 0, 12, 10}, {30, 30, 40, 40}},
                new int[] {1, 0, 1, 0}, 0.6, 0.9, 0.8, 0.7), 0.5);
        for (int k = 0; k < 3; k++) {
            checkBatched(scene(random, k, CROWDED), 0.5);
        }
        for (int k = 3; k < 5; k++) {
            Boxes c = scene(random, k, CROWDED);
            int[] labels = IntStream.range(0, c.n()).map(i -> random.nextInt(2)).toArray();
            checkBatched(new Boxes(c.boxes(), c.scores(), labels, c.name() + ", labels drawn at random from {0, 1}"),
                    0.5);
        }
    }

    @Test
    @DisplayName("soft-NMS, linear: s *= 1 - IoU when IoU > t")
    void softLinear() {
        Random random = CheckContext.random("softLinear");
        // B overlaps A by 0.68 and falls below C; D overlaps C by 0.25, under the threshold 0.3.
        Boxes hand = hand(new double[][] {{0, 0, 10, 10}, {1, 1, 11, 11}, {20, 20, 30, 30}, {26, 20, 36, 30}},
                0.9, 0.8, 0.7, 0.6);
        checkSoft(hand, SoftMethod.LINEAR, 0.3, 0.5, 0.001);
        checkSoft(hand, SoftMethod.LINEAR, 0.3, 0.5, 0.3);
        double[][] settings = {{0.3, 0.001}, {0.5, 0.05}, {0.3, 0}, {0.4, 0.2}};
        for (int k = 0; k < settings.length; k++) {
            checkSoft(scene(random, k, CROWDED), SoftMethod.LINEAR, settings[k][0], 0.5, settings[k][1]);
        }
    }

    @Test
    @DisplayName("soft-NMS, Gaussian: s *= exp(-IoU^2 / sigma)")
    void softGaussian() {
        Random random = CheckContext.random("softGaussian");
        Boxes hand = hand(new double[][] {{0, 0, 10, 10}, {1, 1, 11, 11}, {20, 20, 30, 30}, {26, 20, 36, 30}},
                0.9, 0.8, 0.7, 0.6);
        checkSoft(hand, SoftMethod.GAUSSIAN, 0.3, 0.3, 0.001);
        double[][] settings = {{0.5, 0.001}, {0.3, 0.05}, {1.0, 0.1}, {0.8, 0}};
        for (int k = 0; k < settings.length; k++) {
            checkSoft(scene(random, k, CROWDED), SoftMethod.GAUSSIAN, 0.3, settings[k][0], settings[k][1]);
        }
    }

    @Test
    @DisplayName("bad input throws IllegalArgumentException: thresholds, shapes, lengths, sigma")
    void rejectsBadInput() {
        INDArray three = SceneInputs.boxes(new double[][] {{0, 0, 2, 2}, {1, 1, 3, 3}, {5, 5, 6, 6}});
        double[] s3 = {0.9, 0.8, 0.7};
        INDArray fiveColumns = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3, 5);
        INDArray flat = Nd4j.create(new double[] {0, 0, 2, 2});
        expectRejected("greedy(3 boxes, 3 scores, iouThreshold -0.1)", () -> Nms.greedy(three, s3, -0.1));
        expectRejected("greedy(3 boxes, 3 scores, iouThreshold 1.5)", () -> Nms.greedy(three, s3, 1.5));
        expectRejected("greedy(3 boxes, 3 scores, iouThreshold NaN)", () -> Nms.greedy(three, s3, Double.NaN));
        expectRejected("greedy(boxes (3, 5), 3 scores, iouThreshold 0.5)", () -> Nms.greedy(fiveColumns, s3, 0.5));
        expectRejected("greedy(boxes (4), 1 score, iouThreshold 0.5)", () -> Nms.greedy(flat, new double[] {1}, 0.5));
        expectRejected("greedy(3 boxes, 2 scores, iouThreshold 0.5)", () -> Nms.greedy(three, new double[2], 0.5));
        expectRejected("batched(3 boxes, 3 scores, 2 labels, iouThreshold 0.5)",
                () -> Nms.batched(three, s3, new int[2], 0.5));
        expectRejected("batched(3 boxes, 3 scores, 3 labels, iouThreshold 1.1)",
                () -> Nms.batched(three, s3, new int[3], 1.1));
        expectRejected("soft(3 boxes, LINEAR, iouThreshold 1.5, sigma 0.5, scoreThreshold 0.001)",
                () -> Nms.soft(three, s3, SoftMethod.LINEAR, 1.5, 0.5, 0.001));
        expectRejected("soft(3 boxes, GAUSSIAN, iouThreshold 0.3, sigma 0, scoreThreshold 0.001)",
                () -> Nms.soft(three, s3, SoftMethod.GAUSSIAN, 0.3, 0, 0.001));
        expectRejected("soft(3 boxes, GAUSSIAN, iouThreshold 0.3, sigma -1, scoreThreshold 0.001)",
                () -> Nms.soft(three, s3, SoftMethod.GAUSSIAN, 0.3, -1, 0.001));
        expectRejected("soft(3 boxes, LINEAR, iouThreshold 0.3, sigma 0.5, scoreThreshold -0.1)",
                () -> Nms.soft(three, s3, SoftMethod.LINEAR, 0.3, 0.5, -0.1));
        expectRejected("soft(3 boxes, 2 scores, LINEAR, iouThreshold 0.3, sigma 0.5, scoreThreshold 0.001)",
                () -> Nms.soft(three, new double[2], SoftMethod.LINEAR, 0.3, 0.5, 0.001));
    }

    // ---- cases ----

    /** Scene {@code k} of a task, with at least 6 detections, seeded from the task's random source. */
    private static Boxes scene(Random random, int k, Config config) {
        SyntheticScenes.Scene scene = SceneInputs.sceneWithDetections(random.nextLong(), 6, config);
        List<Detection> d = scene.detections();
        return new Boxes(SceneInputs.detectionBoxes(d), SceneInputs.scores(d), SceneInputs.labels(d),
                "scene " + k + " of this task");
    }

    private static Boxes hand(double[][] rows, double... scores) {
        return new Boxes(SceneInputs.boxes(rows), scores, null, null);
    }

    private static Boxes hand(double[][] rows, int[] labels, double... scores) {
        return new Boxes(SceneInputs.boxes(rows), scores, labels, null);
    }

    // ---- calls on copies ----

    private static int[] greedy(Boxes c, double t) {
        INDArray boxes = c.boxes().dup();
        double[] scores = c.scores().clone();
        int[] result = Nms.greedy(boxes, scores, t);
        assertUnchanged(c, boxes, scores, null);
        return result;
    }

    private static int[] batched(Boxes c, double t) {
        INDArray boxes = c.boxes().dup();
        double[] scores = c.scores().clone();
        int[] labels = c.labels().clone();
        int[] result = Nms.batched(boxes, scores, labels, t);
        assertUnchanged(c, boxes, scores, labels);
        return result;
    }

    private static Nms.SoftResult soft(Boxes c, SoftMethod method, double t, double sigma, double scoreThreshold) {
        INDArray boxes = c.boxes().dup();
        double[] scores = c.scores().clone();
        Nms.SoftResult result = Nms.soft(boxes, scores, method, t, sigma, scoreThreshold);
        assertUnchanged(c, boxes, scores, null);
        return result;
    }

    /** {@code labels} is null for the calls that take none. */
    private static void assertUnchanged(Boxes c, INDArray boxes, double[] scores, int[] labels) {
        if (c.n() > 0) {
            Compare.assertUnchanged("boxes", c.boxes(), boxes);
        }
        Compare.assertUnchanged("scores", c.scores(), scores);
        if (labels != null) {
            Compare.assertUnchanged("labels", c.labels(), labels);
        }
    }


    // ---- greedy and batched against the oracle ----

    private void checkGreedy(Boxes c, double t) {
        checkGreedy(c, t, false);
    }

    /** With {@code orderFirst}, the order of the learner's list is checked on its own before the comparison. */
    private void checkGreedy(Boxes c, double t, boolean orderFirst) {
        int[] actual = greedy(c, t);
        NDArray tb = onDevice(c).boxes();
        NDArray iou = onDevice(c).iou();
        int[] order = NmsOracle.scoreOrder(c.scores());
        int[] expected = NmsOracle.greedy(iou, c.scores(), t);
        String what = "greedy(" + c + ", iouThreshold " + number(t) + ")";
        WrongIndices[] mistakes = {
                new WrongIndices(GREATER_OR_EQUAL, () -> NmsOracle.greedy(iou.gte(t), order)),
                new WrongIndices(PIXEL_IOU, () -> NmsOracle.greedy(BoxIou.pixelIou(tb, tb).gt(t), order)),
                new WrongIndices(INDEX_ORDER, () -> IntStream.of(expected).sorted().toArray()),
                new WrongIndices(UNSORTED, () -> NmsOracle.greedy(iou.gt(t), IntStream.range(0, c.n()).toArray())),
                new WrongIndices(TIES_TO_HIGHER, () -> NmsOracle.greedy(iou.gt(t), tiesToHigher(c.scores())))};
        if (orderFirst) {
            assertDescending(what, c, actual, mistakes);
        }
        CompareIndices.assertEqual(what, expected, actual, p -> explain(p, c, iou, null, t, expected, actual),
                mistakes);
    }

    private void checkBatched(Boxes c, double t) {
        checkBatched(c, t, false);
    }

    private void checkBatched(Boxes c, double t, boolean orderFirst) {
        int[] actual = batched(c, t);
        NDArray tb = onDevice(c).boxes();
        NDArray iou = onDevice(c).iou();
        NDArray same = NmsOracle.sameClass(manager, c.labels());
        int[] order = NmsOracle.scoreOrder(c.scores());
        int[] expected = NmsOracle.batched(iou, c.scores(), c.labels(), t);
        String what = "batched(" + c + ", iouThreshold " + number(t) + ")";
        WrongIndices[] mistakes = {
                new WrongIndices(IGNORED_CLASSES, () -> NmsOracle.greedy(iou.gt(t), order)),
                new WrongIndices(CLASS_BY_CLASS, () -> IntStream.of(expected).boxed()
                        .sorted((i, j) -> Integer.compare(c.labels()[i], c.labels()[j])).mapToInt(i -> i).toArray()),
                new WrongIndices(GREATER_OR_EQUAL, () -> NmsOracle.greedy(iou.gte(t).logicalAnd(same), order)),
                new WrongIndices(PIXEL_IOU, () -> NmsOracle.greedy(BoxIou.pixelIou(tb, tb).gt(t).logicalAnd(same),
                        order)),
                new WrongIndices(INDEX_ORDER, () -> IntStream.of(expected).sorted().toArray()),
                new WrongIndices(TIES_TO_HIGHER, () -> NmsOracle.greedy(iou.gt(t).logicalAnd(same),
                        tiesToHigher(c.scores())))};
        if (orderFirst) {
            assertDescending(what, c, actual, mistakes);
        }
        CompareIndices.assertEqual(what, expected, actual, p -> explain(p, c, iou, c.labels(), t, expected, actual),
                mistakes);
    }

    private record OnDevice(NDArray boxes, NDArray iou) {
    }

    private OnDevice onDevice(Boxes c) {
        return onDevice.computeIfAbsent(c, k -> {
            NDArray boxes = TorchOracle.toTorch(manager, k.boxes());
            return new OnDevice(boxes, BoxIou.iou(boxes, boxes));
        });
    }

    /** Descending score order with ties to the higher index: a reversed stable ascending sort. */
    private static int[] tiesToHigher(double[] scores) {
        int[] ascending = IntStream.range(0, scores.length).boxed()
                .sorted((i, j) -> Double.compare(scores[i], scores[j])).mapToInt(i -> i).toArray();
        return IntStream.range(0, ascending.length).map(k -> ascending[ascending.length - 1 - k]).toArray();
    }

    /** Why the lists differ at position {@code p}, in terms of scores and IoUs. */
    private static String explain(int p, Boxes c, NDArray iouMatrix, int[] labels, double t, int[] expected,
                                  int[] actual) {
        int n = c.n();
        double[] iou = iouMatrix.toDoubleArray();
        double[] s = c.scores();
        int[] rank = new int[n];
        int[] order = NmsOracle.scoreOrder(s);
        for (int k = 0; k < n; k++) {
            rank[order[k]] = k;
        }
        if (p < actual.length) {
            int a = actual[p];
            if (a < 0 || a >= n) {
                return "index " + a + " is not a box (there are " + n + ")";
            }
            if (IntStream.of(actual).limit(p).anyMatch(i -> i == a)) {
                return "box " + a + " is listed twice";
            }
            if (IntStream.of(expected).noneMatch(i -> i == a)) {
                for (int k : expected) {
                    if (rank[k] < rank[a] && (labels == null || labels[k] == labels[a]) && iou[k * n + a] > t) {
                        return String.format(Locale.ROOT, "box %d (score %s) should be suppressed: box %d (score %s), "
                                + "kept before it, overlaps it with IoU %.6f > %s", a, number(s[a]), k, number(s[k]),
                                iou[k * n + a], number(t));
                    }
                }
                return "box " + a + " (score " + number(s[a]) + ") should be suppressed";
            }
        }
        if (p < expected.length && IntStream.of(actual).noneMatch(i -> i == expected[p])) {
            int e = expected[p];
            double largest = IntStream.of(expected).limit(p).filter(k -> labels == null || labels[k] == labels[e])
                    .mapToDouble(k -> iou[k * n + e]).max().orElse(0);
            return String.format(Locale.ROOT, "box %d (score %s) should be kept: no box kept before it%s overlaps it "
                    + "by more than %s (the largest IoU is %.6f)", e, number(s[e]),
                    labels == null ? "" : " of its class", number(t), largest);
        }
        if (p >= expected.length) {
            return "your list goes on after all the kept boxes";
        }
        return "box " + expected[p] + " (score " + number(s[expected[p]]) + ") comes next, you have box " + actual[p]
                + " (score " + number(s[actual[p]]) + "): list the kept boxes by descending score, equal scores by "
                + "ascending index";
    }

    /** The explicit order check, with its own message, before the comparison with the oracle. */
    private static void assertDescending(String what, Boxes c, int[] actual, WrongIndices... mistakes) {
        if (actual == null) {
            return;
        }
        double[] s = c.scores();
        for (int k = 0; k + 1 < actual.length; k++) {
            int i = actual[k];
            int j = actual[k + 1];
            if (i < 0 || j < 0 || i >= c.n() || j >= c.n()) {
                return;
            }
            if (s[i] < s[j] || (s[i] == s[j] && i > j)) {
                String diagnosis = Arrays.stream(mistakes).filter(m -> Arrays.equals(m.indices().get(), actual))
                        .findFirst().map(m -> "Looks like you " + m.diagnosis() + "\n").orElse("");
                throw new AssertionFailedError(diagnosis + what
                        + ": the kept boxes must come in descending score order" + (s[i] == s[j]
                        ? " (equal scores: the lower index first)" : "") + ", but position " + k + " holds box " + i
                        + " (score " + number(s[i]) + ") and position " + (k + 1) + " box " + j + " (score "
                        + number(s[j]) + "); you returned " + CompareIndices.list(actual, k));
            }
        }
    }

    // ---- soft-NMS against the oracle ----

    private void checkSoft(Boxes c, SoftMethod method, double t, double sigma, double scoreThreshold) {
        Nms.SoftResult actual = soft(c, method, t, sigma, scoreThreshold);
        NDArray tb = onDevice(c).boxes();
        NDArray iou = onDevice(c).iou();
        double[] s = c.scores();
        double thr = scoreThreshold;
        boolean linear = method == SoftMethod.LINEAR;
        NDArray weights = linear ? NmsOracle.linearWeights(iou, t) : NmsOracle.gaussianWeights(iou, sigma);
        String what = "soft(" + c + ", " + method + ", iouThreshold " + number(t) + ", sigma " + number(sigma)
                + ", scoreThreshold " + number(scoreThreshold) + ")";
        List<SoftMistake> mistakes = new ArrayList<>();
        if (linear) {
            mistakes.add(new SoftMistake(LINEAR_EVERYWHERE, () -> NmsOracle.soft(iou.neg().add(1), s, thr)));
            mistakes.add(new SoftMistake(LINEAR_AT_THRESHOLD, () -> NmsOracle.soft(
                    NDArrays.where(iou.gte(t), iou.neg().add(1), iou.onesLike()), s, thr)));
            mistakes.add(new SoftMistake(HARD,
                    () -> NmsOracle.soft(iou.lte(t).toType(DataType.FLOAT64, false), s, thr)));
            mistakes.add(new SoftMistake(PIXEL_IOU, () -> NmsOracle.soft(NmsOracle.linearWeights(
                    BoxIou.pixelIou(tb, tb), t), s, thr)));
        } else {
            mistakes.add(new SoftMistake(TWO_SIGMA_SQUARED,
                    () -> NmsOracle.soft(NmsOracle.gaussianWeights(iou, 2 * sigma * sigma), s, thr)));
            mistakes.add(new SoftMistake(GAUSSIAN_WITH_THRESHOLD, () -> NmsOracle.soft(
                    NDArrays.where(iou.gt(t), NmsOracle.gaussianWeights(iou, sigma), iou.onesLike()), s, thr)));
            mistakes.add(new SoftMistake(PIXEL_IOU, () -> NmsOracle.soft(NmsOracle.gaussianWeights(
                    BoxIou.pixelIou(tb, tb), sigma), s, thr)));
        }
        mistakes.add(new SoftMistake(NOT_REORDERED, () -> NmsOracle.softWithoutReordering(weights, s, thr)));
        assertSoft(what, c, NmsOracle.soft(weights, s, thr), actual, mistakes.toArray(SoftMistake[]::new));
    }

    private record SoftMistake(String diagnosis, Supplier<NmsOracle.Soft> result) {
    }

    private static void assertSoft(String what, Boxes c, NmsOracle.Soft expected, Nms.SoftResult actual,
                                   SoftMistake... mistakes) {
        if (actual == null || actual.indices() == null || actual.scores() == null) {
            throw new AssertionFailedError(what + ": got null; return a SoftResult of two arrays (empty when no box "
                    + "is selected)");
        }
        if (actual.indices().length != actual.scores().length) {
            throw new AssertionFailedError(what + ": SoftResult has " + actual.indices().length + " indices but "
                    + actual.scores().length + " scores; give every selected box its score");
        }
        String problem = softProblem(expected, actual);
        if (problem == null) {
            return;
        }
        for (SoftMistake mistake : mistakes) {
            NmsOracle.Soft wrong = mistake.result().get();
            if (softProblem(wrong, actual) == null) {
                throw new AssertionFailedError("Looks like you " + mistake.diagnosis() + "\n" + what + ": " + problem);
            }
        }
        throw new AssertionFailedError(what + ": " + problem);
    }

    /** Null when the results agree: the same indices, scores within the float64 tolerance. */
    private static String softProblem(NmsOracle.Soft expected, Nms.SoftResult actual) {
        int[] e = expected.indices();
        int[] a = actual.indices();
        int p = CompareIndices.firstDifference(e, a);
        if (p >= 0) {
            return "expected the selected indices " + CompareIndices.list(e, p) + ", got " + CompareIndices.list(a, p)
                    + "; first difference at position " + p + (p < e.length ? ": box " + e[p] + " with score "
                    + number(expected.scores()[p]) + " is selected next" : ": no box is left to select")
                    + (p < a.length ? ", you selected box " + a[p] : "");
        }
        Tolerance tolerance = Tolerance.of(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        for (int k = 0; k < e.length; k++) {
            if (!tolerance.accepts(expected.scores()[k], actual.scores()[k])) {
                return String.format(Locale.ROOT, "the right boxes, in the right order, but the score of box %d "
                        + "(position %d) is wrong: expected %.10g, got %.10g", e[k], k, expected.scores()[k],
                        actual.scores()[k]);
            }
        }
        return null;
    }

    private static void expectRejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the shapes, lengths and thresholds before using them", call);
    }

    /** A coordinate, score or threshold as a learner would type it: 3, 0.5, 19.999. */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
