package deepdrill.grader.checks.week4;

import static deepdrill.grader.checks.week4.NmsScenes.CROWDED;
import static deepdrill.grader.checks.week4.NmsScenes.DEFAULT;
import static deepdrill.grader.checks.week4.NmsScenes.THIN_LEFT;
import static deepdrill.grader.checks.week4.NmsScenes.THIN_RIGHT;
import static deepdrill.grader.checks.week4.NmsScenes.hand;
import static deepdrill.grader.checks.week4.NmsScenes.number;
import static deepdrill.grader.checks.week4.NmsScenes.scene;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.CompareIndices;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.SceneInputs;
import deepdrill.grader.checks.week4.NmsScenes.Boxes;
import deepdrill.grader.oracle.BoxIou;
import deepdrill.grader.oracle.NmsOracle;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.Nms;
import deepdrill.week4.Nms.SoftMethod;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code nms} against {@link NmsOracle}: the IoU matrix, the suppression decisions and the
 * soft-NMS weights computed on PyTorch's device ({@link BoxIou}), the selection on a sorted-index
 * queue with masks. The cases are built in {@link NmsScenes}, the failure messages in
 * {@link NmsDiagnoses}.
 *
 * <p>Covered: seeded synthetic scenes (near-duplicates, false positives, ties in score), float32
 * boxes, 400 boxes; equal scores, identical boxes, boxes that only touch, an IoU exactly at the
 * threshold, thresholds 0 and 1; no boxes at all and a single box; scores that are negative, 0,
 * +/-Infinity and Double.MAX_VALUE (logits, not probabilities); soft-NMS scores that start or decay
 * exactly onto scoreThreshold, a scoreThreshold of 0, a box below it from the start; bad thresholds
 * (NaN included), shapes, lengths and sigma. Not applicable: a fresh result (the answers are Java
 * arrays of indices, built anew), batch and channel axes.
 */
@ExerciseCheck
class NmsCheck {

    @Test
    @DisplayName("scene detections: near-duplicates removed, true positives kept")
    void sceneDetections(NDManager manager, Random random) {
        double[] thresholds = {0.5, 0.3, 0.7, 0.5, 0.45};
        for (int k = 0; k < thresholds.length; k++) {
            checkGreedy(manager, scene(random, k, k % 2 == 0 ? DEFAULT : CROWDED), thresholds[k]);
        }
        Boxes scene = scene(random, thresholds.length, CROWDED);
        Boxes float32 = new Boxes(scene.boxes().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), scene.scores(),
                null, scene.name() + ", float32 boxes");
        checkGreedy(manager, float32, 0.5);
    }

    @Test
    @DisplayName("the kept boxes come in descending score order, not index order")
    void scoreOrder(NDManager manager, Random random) {
        for (int k = 0; k < 3; k++) {
            checkGreedy(manager, scene(random, k, CROWDED), 0.5, true);
        }
        for (int k = 3; k < 5; k++) {
            checkBatched(manager, scene(random, k, CROWDED), 0.5, true);
        }
        // Scores are any doubles (a detector's logits): negative, 0, infinite and the largest double.
        double[][] rows = {{0, 0, 10, 10}, {1, 0, 11, 10}, {30, 0, 40, 10}, {31, 1, 41, 11}, {60, 0, 70, 10},
            {61, 0, 71, 10}, {90, 0, 100, 10}};
        double[] logits = {-1, Double.NEGATIVE_INFINITY, 0, -0.5, Double.POSITIVE_INFINITY, Double.MAX_VALUE, -7};
        checkGreedy(manager, hand(rows, logits), 0.5, true);
        checkBatched(manager, hand(rows, new int[] {0, 1, 0, 0, 1, 1, 0}, logits), 0.5, true);
        Boxes c = scene(random, 5, CROWDED);
        double[] centred = Arrays.stream(c.scores()).map(v -> 10 * (v - 0.6)).toArray();
        checkGreedy(manager, c.rescored(centred, "scores turned into logits 10 * (s - 0.6)"), 0.5, true);
    }

    @Test
    @DisplayName("ties in score: the lower index first (a stable sort)")
    void ties(NDManager manager, Random random) {
        // Two overlapping boxes with the same score: the lower index is kept.
        checkGreedy(manager, hand(new double[][] {{0, 0, 10, 10}, {1, 0, 11, 10}}, 0.8, 0.8), 0.5);
        checkGreedy(manager, hand(new double[][] {{50, 50, 60, 60}, {1, 0, 11, 10}, {0, 0, 10, 10}}, 0.5, 0.8, 0.8), 0.5);
        // A chain A - B - C of equal scores: A suppresses B, so C survives; the other way round, C suppresses B.
        checkGreedy(manager, hand(new double[][] {{0, 0, 10, 10}, {3, 0, 13, 10}, {6, 0, 16, 10}}, 0.7, 0.7, 0.7), 0.5);
        for (int k = 0; k < 3; k++) {
            Boxes c = scene(random, k, CROWDED);
            double[] coarse = Arrays.stream(c.scores()).map(s -> Math.round(s * 10) / 10.0).toArray();
            checkGreedy(manager, new Boxes(c.boxes(), coarse, null, c.name() + ", scores rounded to 0.1"), 0.5);
        }
    }

    @Test
    @DisplayName("identical boxes: only the best is kept, the lower index among equal scores")
    void identicalBoxes(NDManager manager, Random random) {
        double[] box = {10, 20, 30, 50};
        double[] other = {100, 100, 140, 120};
        checkGreedy(manager, hand(new double[][] {box, box, other, box}, 0.6, 0.9, 0.5, 0.75), 0.5);
        checkGreedy(manager, hand(new double[][] {other, box, box, box}, 0.4, 0.5, 0.5, 0.5), 0.7);
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
        checkGreedy(manager, new Boxes(SceneInputs.boxes(twice), scores, null, c.name() + " with every box twice"), 0.5);
    }

    @Test
    @DisplayName("no boxes: an empty result; one box: kept")
    void emptyInput(NDManager manager) {
        Boxes none = new Boxes(SceneInputs.boxes(new double[0][]), new double[0], new int[0], null);
        CompareIndices.assertEqual("greedy(" + none + ", iouThreshold 0.5)", new int[0], greedy(none, 0.5), p -> "", List.of());
        CompareIndices.assertEqual("batched(" + none + ", iouThreshold 0.5)", new int[0], batched(none, 0.5), p -> "", List.of());
        Nms.SoftResult soft = soft(none, SoftMethod.GAUSSIAN, 0.3, 0.5, 0.001);
        NmsDiagnoses.assertSoft("soft(" + none + ", GAUSSIAN, sigma 0.5, scoreThreshold 0.001)",
                new NmsOracle.Soft(new int[0], new double[0]), soft, List.of());
        Boxes one = hand(new double[][] {{1, 2, 3, 4}}, 0.3);
        checkGreedy(manager, one, 0.5);
        checkSoft(manager, one, SoftMethod.LINEAR, 0.3, 0.5, 0.001);
        checkSoft(manager, one, SoftMethod.LINEAR, 0.3, 0.5, 0.5);   // below the score threshold from the start
    }

    @Test
    @DisplayName("threshold 0: any overlap suppresses, boxes that only touch survive")
    void thresholdZero(NDManager manager, Random random) {
        checkGreedy(manager, hand(new double[][] {{0, 0, 10, 10}, {10, 0, 20, 10}, {19.999, 0, 30, 10}, {0, 10, 10, 20}},
                0.9, 0.8, 0.7, 0.6), 0);
        for (int k = 0; k < 3; k++) {
            checkGreedy(manager, scene(random, k, DEFAULT), 0);
        }
    }

    @Test
    @DisplayName("threshold 1: nothing is suppressed, not even identical boxes")
    void thresholdOne(NDManager manager, Random random) {
        double[] box = {5, 5, 25, 15};
        checkGreedy(manager, hand(new double[][] {box, box, {6, 5, 25, 15}, box}, 0.2, 0.9, 0.9, 0.4), 1);
        for (int k = 0; k < 2; k++) {
            checkGreedy(manager, scene(random, k, CROWDED), 1);
        }
    }

    @Test
    @DisplayName("boxes that touch at an edge do not overlap (no +1 in the areas)")
    void touchingEdges(NDManager manager, Random random) {
        // A 3 x 3 grid of 3 x 3 tiles: neighbours share an edge (continuous IoU 0; with +1, 4 / 28 = 0.14).
        double[][] tiles = new double[9][];
        for (int i = 0; i < 9; i++) {
            tiles[i] = new double[] {3 * (i % 3), 3 * (i / 3), 3 * (i % 3) + 3, 3 * (i / 3) + 3};
        }
        double[] scores = IntStream.range(0, 9).mapToDouble(i -> Math.round(random.nextDouble() * 100) / 100.0)
                .toArray();
        checkGreedy(manager, hand(tiles, scores), 0.1);
        checkGreedy(manager, hand(tiles, scores), 0);
        // A row of boxes 2 to 4 wide, each starting where the previous one ends.
        double[][] row = new double[6][];
        double x = 0;
        for (int i = 0; i < row.length; i++) {
            double w = 2 + random.nextInt(3);
            row[i] = new double[] {x, 0, x + w, 3};
            x += w;
        }
        checkGreedy(manager, hand(row, 0.9, 0.3, 0.8, 0.5, 0.7, 0.6), 0.1);
        checkBatched(manager, hand(row, new int[] {0, 0, 0, 1, 1, 1}, 0.9, 0.3, 0.8, 0.5, 0.7, 0.6), 0.1);
    }

    @Test
    @DisplayName("an IoU exactly at the threshold does not suppress (IoU > t, not >=)")
    void iouEqualToThreshold(NDManager manager) {
        // IoU 2 / 4 = 0.5, 8 / 16 = 0.5 (one inside the other), 2 / 6 = 1/3, 2 / 8 = 0.25: exact in float64.
        // The two thin boxes that touch (IoU 0; 0.67 with +1) tell >= apart from the +1 convention.
        checkGreedy(manager, hand(new double[][] {{0, 0, 3, 1}, {1, 0, 4, 1}, THIN_LEFT, THIN_RIGHT}, 0.9, 0.8, 0.3, 0.2), 0.5);
        checkGreedy(manager, hand(new double[][] {{0, 0, 4, 4}, {0, 0, 4, 2}, THIN_LEFT, THIN_RIGHT}, 0.7, 0.9, 0.3, 0.2), 0.5);
        checkGreedy(manager, hand(new double[][] {{0, 0, 2, 2}, {1, 0, 3, 2}, THIN_LEFT, THIN_RIGHT}, 0.6, 0.8, 0.3, 0.2),
                1.0 / 3);
        checkGreedy(manager, hand(new double[][] {{0, 0, 5, 1}, {3, 0, 8, 1}, {20, 0, 25, 1}, THIN_LEFT, THIN_RIGHT}, 0.5, 0.9,
                0.4, 0.3, 0.2), 0.25);
        checkGreedy(manager, hand(new double[][] {{0, 0, 4, 3}, {0, 1, 4, 4}, {0, 2, 4, 5}}, 0.9, 0.8, 0.7), 0.5);
        checkBatched(manager, hand(new double[][] {{0, 0, 3, 1}, {1, 0, 4, 1}, {1, 0, 4, 1}}, new int[] {2, 2, 0}, 0.9, 0.8,
                0.7), 0.5);
        // With a pair at IoU 1/9, below the threshold: it must keep its scores.
        checkSoft(manager, hand(new double[][] {{0, 0, 3, 1}, {1, 0, 4, 1}, {0, 5, 5, 6}, {4, 5, 9, 6}}, 0.9, 0.8, 0.7, 0.6),
                SoftMethod.LINEAR, 0.5, 0.5, 0.001);
    }

    @Test
    @DisplayName("hundreds of boxes: 400 detections of several merged scenes")
    void manyBoxes(NDManager manager, Random random) {
        Boxes c = NmsScenes.merged(random, 400);
        checkGreedy(manager, c, 0.5);
        checkBatched(manager, c, 0.5);
        checkSoft(manager, c, SoftMethod.GAUSSIAN, 0.3, 0.5, 0.05);
    }

    @Test
    @DisplayName("batched: boxes of different classes never suppress each other")
    void batchedClasses(NDManager manager, Random random) {
        double[] box = {0, 0, 10, 10};
        checkBatched(manager, hand(new double[][] {box, box}, new int[] {0, 1}, 0.9, 0.8), 0.5);
        checkBatched(manager, hand(new double[][] {box, {1, 1, 11, 11}, {2, 0, 12, 10}, {30, 30, 40, 40}},
                new int[] {1, 0, 1, 0}, 0.6, 0.9, 0.8, 0.7), 0.5);
        for (int k = 0; k < 3; k++) {
            checkBatched(manager, scene(random, k, CROWDED), 0.5);
        }
        for (int k = 3; k < 5; k++) {
            Boxes c = scene(random, k, CROWDED);
            int[] labels = IntStream.range(0, c.n()).map(i -> random.nextInt(2)).toArray();
            checkBatched(manager, new Boxes(c.boxes(), c.scores(), labels, c.name() + ", labels drawn at random from {0, 1}"),
                    0.5);
        }
    }

    @Test
    @DisplayName("soft-NMS, linear: s *= 1 - IoU when IoU > t")
    void softLinear(NDManager manager, Random random) {
        // B overlaps A by 0.68 and falls below C; D overlaps C by 0.25, under the threshold 0.3.
        Boxes hand = hand(new double[][] {{0, 0, 10, 10}, {1, 1, 11, 11}, {20, 20, 30, 30}, {26, 20, 36, 30}},
                0.9, 0.8, 0.7, 0.6);
        checkSoft(manager, hand, SoftMethod.LINEAR, 0.3, 0.5, 0.001);
        checkSoft(manager, hand, SoftMethod.LINEAR, 0.3, 0.5, 0.3);
        // IoU(0, 1) = 2 / 4 = 0.5 exactly, so box 1 decays to 0.5 * 0.5 = 0.25 = scoreThreshold and stays; box 2
        // starts at the threshold and stays too (a tie with box 1: the lower index first); box 3 is below it.
        Boxes onThreshold = hand(new double[][] {{0, 0, 3, 1}, {1, 0, 4, 1}, {10, 0, 11, 1}, {20, 0, 21, 1}},
                0.8, 0.5, 0.25, 0.2);
        checkSoft(manager, onThreshold, SoftMethod.LINEAR, 0.3, 0.5, 0.25);
        checkSoft(manager, onThreshold, SoftMethod.LINEAR, 0.3, 0.5, 0);
        double[][] settings = {{0.3, 0.001}, {0.5, 0.05}, {0.3, 0}, {0.4, 0.2}};
        for (int k = 0; k < settings.length; k++) {
            checkSoft(manager, scene(random, k, CROWDED), SoftMethod.LINEAR, settings[k][0], 0.5, settings[k][1]);
        }
    }

    @Test
    @DisplayName("soft-NMS, Gaussian: s *= exp(-IoU^2 / sigma)")
    void softGaussian(NDManager manager, Random random) {
        Boxes hand = hand(new double[][] {{0, 0, 10, 10}, {1, 1, 11, 11}, {20, 20, 30, 30}, {26, 20, 36, 30}},
                0.9, 0.8, 0.7, 0.6);
        checkSoft(manager, hand, SoftMethod.GAUSSIAN, 0.3, 0.3, 0.001);
        double[][] settings = {{0.5, 0.001}, {0.3, 0.05}, {1.0, 0.1}, {0.8, 0}};
        for (int k = 0; k < settings.length; k++) {
            checkSoft(manager, scene(random, k, CROWDED), SoftMethod.GAUSSIAN, 0.3, settings[k][0], settings[k][1]);
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

    private static void expectRejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the shapes, lengths and thresholds before using them", call);
    }

    // ---- calls on copies ----

    private static int[] greedy(Boxes c, double t) {
        return Guarded.call(in -> Nms.greedy(in.copy("boxes", c.boxes()), in.copy("scores", c.scores()), t));
    }

    private static int[] batched(Boxes c, double t) {
        return Guarded.call(in -> Nms.batched(in.copy("boxes", c.boxes()), in.copy("scores", c.scores()),
                in.copy("labels", c.labels()), t));
    }

    private static Nms.SoftResult soft(Boxes c, SoftMethod method, double t, double sigma, double scoreThreshold) {
        return Guarded.call(in -> Nms.soft(in.copy("boxes", c.boxes()), in.copy("scores", c.scores()), method, t,
                sigma, scoreThreshold));
    }

    // ---- greedy, batched and soft against the oracle ----

    private record OnDevice(NDArray boxes, NDArray iou) {
        static OnDevice of(NDManager manager, Boxes c) {
            NDArray boxes = TorchOracle.toTorch(manager, c.boxes());
            return new OnDevice(boxes, BoxIou.iou(boxes, boxes));
        }
    }

    private static void checkGreedy(NDManager manager, Boxes c, double t) {
        checkGreedy(manager, c, t, false);
    }

    /** With {@code orderFirst}, the order of the learner's list is checked on its own before the comparison. */
    private static void checkGreedy(NDManager manager, Boxes c, double t, boolean orderFirst) {
        int[] actual = greedy(c, t);
        OnDevice d = OnDevice.of(manager, c);
        NDArray iou = d.iou();
        int[] order = NmsOracle.scoreOrder(c.scores());
        int[] expected = NmsOracle.greedy(iou, c.scores(), t);
        String what = "greedy(" + c + ", iouThreshold " + number(t) + ")";
        List<Mistake<int[]>> mistakes = NmsDiagnoses.greedyMistakes(d.boxes(), iou, c, t, expected);
        if (orderFirst) {
            NmsDiagnoses.assertDescending(what, c, actual, mistakes);
        }
        CompareIndices.assertEqual(what, expected, actual,
                p -> NmsDiagnoses.explain(p, c, iou, null, t, expected, actual), mistakes);
    }

    private static void checkBatched(NDManager manager, Boxes c, double t) {
        checkBatched(manager, c, t, false);
    }

    private static void checkBatched(NDManager manager, Boxes c, double t, boolean orderFirst) {
        int[] actual = batched(c, t);
        OnDevice d = OnDevice.of(manager, c);
        NDArray iou = d.iou();
        NDArray same = NmsOracle.sameClass(manager, c.labels());
        int[] order = NmsOracle.scoreOrder(c.scores());
        int[] expected = NmsOracle.batched(iou, c.scores(), c.labels(), t);
        String what = "batched(" + c + ", iouThreshold " + number(t) + ")";
        List<Mistake<int[]>> mistakes = NmsDiagnoses.batchedMistakes(d.boxes(), iou, same, c, t, expected);
        if (orderFirst) {
            NmsDiagnoses.assertDescending(what, c, actual, mistakes);
        }
        CompareIndices.assertEqual(what, expected, actual,
                p -> NmsDiagnoses.explain(p, c, iou, c.labels(), t, expected, actual), mistakes);
    }

    private static void checkSoft(NDManager manager, Boxes c, SoftMethod method, double t, double sigma,
                                  double scoreThreshold) {
        Nms.SoftResult actual = soft(c, method, t, sigma, scoreThreshold);
        OnDevice d = OnDevice.of(manager, c);
        NDArray iou = d.iou();
        NDArray weights = method == SoftMethod.LINEAR ? NmsOracle.linearWeights(iou, t) : NmsOracle.gaussianWeights(iou, sigma);
        String what = "soft(" + c + ", " + method + ", iouThreshold " + number(t) + ", sigma " + number(sigma)
                + ", scoreThreshold " + number(scoreThreshold) + ")";
        NmsDiagnoses.assertSoft(what, NmsOracle.soft(weights, c.scores(), scoreThreshold), actual,
                NmsDiagnoses.softMistakes(d.boxes(), iou, weights, c, method, t, sigma, scoreThreshold));
    }
}
