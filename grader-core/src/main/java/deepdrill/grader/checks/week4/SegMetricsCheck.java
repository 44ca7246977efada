package deepdrill.grader.checks.week4;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.oracle.ConfusionMatrix;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week4.SegMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks {@code seg-metrics} against a confusion matrix built on PyTorch's device from one-hot
 * encodings and a matrix product ({@link ConfusionMatrix}). Every case has a class in neither map
 * (NaN) and most a class in only one of them (0), where the conventions differ.
 *
 * <p>Covered: random maps of 37 to 150 pixels and 3 to 6 classes, with a class only in the
 * prediction, a class in neither map and the background most frequent; a perfect prediction; all
 * background predicted (a class only in the target); a single class (K = 1); empty maps (P = 0:
 * every class absent, IoU and Dice all NaN, mean IoU NaN; pixel accuracy rejects them); the
 * integer-division variant of every ratio named; maps of different lengths and labels outside
 * [0, K) rejected; the maps only read, never changed.
 */
@ExerciseCheck
class SegMetricsCheck {

    private static final String NO_BACKGROUND = "left the background (class 0) out of the pixel accuracy: it counts "
            + "every pixel, #{predicted == target} / P.";
    private static final String ABSENT_AS_ZERO = "averaged the absent classes as 0: a class in neither map has IoU "
            + "0 / 0 = NaN and is left out of the mean (divide by the number of classes present, not by K).";
    private static final String NAN_MEAN = "averaged over all classes, NaN included: leave out the classes whose IoU "
            + "is NaN (in neither map).";
    private static final String DICE_AS_IOU = "used the IoU formula for Dice: Dice = 2 TP / (2 TP + FP + FN) = "
            + "2 |A and B| / (|A| + |B|), which is larger than TP / (TP + FP + FN).";
    private static final String INTEGER_DIVISION = "divided integers: TP / (TP + FP + FN) (or 2 TP / (...)) in int "
            + "or long arithmetic is 0 unless the prediction is perfect; divide in double, tp / (double) union.";
    private static final String INTEGER_ACCURACY = "divided integers: correct / P in int arithmetic is 0 unless "
            + "every pixel is right; divide in double, correct / (double) P.";
    private static final String ABSENT_NOT_NAN = "gave a class in neither map a number: its 0 / 0 is undefined, "
            + "return Double.NaN.";

    /** A pair of label maps and the number of classes. */
    private record Maps(int[] predicted, int[] target, int numClasses, String name) {
        @Override
        public String toString() {
            return name + " (P = " + target.length + ", numClasses " + numClasses + ")";
        }
    }

    /**
     * Seeded maps: the target uses classes 0 .. K - 3, the prediction is right with probability
     * {@code pRight} and otherwise any of 0 .. K - 2; so class K - 2 appears only in the prediction
     * (IoU 0) and K - 1 in neither (NaN). The background, 0, is the most frequent class.
     */
    private static List<Maps> cases(Random random) {
        List<Maps> cases = new ArrayList<>();
        int[][] configs = {{64, 4}, {100, 5}, {37, 3}, {150, 6}};
        for (int[] config : configs) {
            int pixels = config[0];
            int k = config[1];
            int[] target = new int[pixels];
            int[] predicted = new int[pixels];
            for (int i = 0; i < pixels; i++) {
                target[i] = random.nextDouble() < 0.5 ? 0 : random.nextInt(k - 2);
                predicted[i] = random.nextDouble() < 0.6 ? target[i] : random.nextInt(k - 1);
            }
            cases.add(new Maps(predicted, target, k, "random maps"));
        }
        int[] perfect = {0, 0, 1, 2, 2, 0, 1, 1, 0};
        cases.add(new Maps(perfect.clone(), perfect.clone(), 4, "a perfect prediction"));
        cases.add(new Maps(new int[] {0, 0, 0, 0, 0, 0}, new int[] {0, 0, 0, 1, 1, 0}, 3,
                "all background predicted"));
        cases.add(new Maps(new int[] {0, 0, 0, 0}, new int[] {0, 0, 0, 0}, 1, "a single class"));
        return cases;
    }

    /** The cases plus empty maps, which the per-class metrics accept (every class absent); pixel accuracy does not. */
    private static List<Maps> withEmpty(List<Maps> cases) {
        List<Maps> all = new ArrayList<>(cases);
        all.add(new Maps(new int[0], new int[0], 3, "empty maps"));
        return all;
    }

    @Test
    @DisplayName("pixel accuracy counts every pixel, background included")
    void pixelAccuracy(NDManager manager, Random random) {
        for (Maps maps : cases(random)) {
            NDArray m = confusion(manager, maps);
            double actual = call(maps, SegMetrics::pixelAccuracy);
            Compare.assertClose("pixelAccuracy for " + maps, Compare.scalar(ConfusionMatrix.pixelAccuracy(m)), Compare.scalar(actual),
                    new Mistake<>(NO_BACKGROUND, () -> Compare.scalar(ConfusionMatrix.foregroundAccuracy(m))),
                    new Mistake<>(INTEGER_ACCURACY, () -> Compare.scalar(Math.floor(ConfusionMatrix.pixelAccuracy(m)))));
        }
    }

    @Test
    @DisplayName("per-class IoU, NaN for a class in neither map")
    void perClassIou(NDManager manager, Random random) {
        for (Maps maps : withEmpty(cases(random))) {
            NDArray m = confusion(manager, maps);
            INDArray expected = TorchOracle.toNd4j(ConfusionMatrix.iou(m));
            double[] actual = call(maps, (p, t) -> SegMetrics.perClassIou(p, t, maps.numClasses()));
            Compare.assertClose("perClassIou for " + maps, expected, Compare.vector(actual),
                    new Mistake<>(INTEGER_DIVISION, () -> floored(expected)),
                    new Mistake<>(ABSENT_NOT_NAN, () -> nanTo(expected, 0)),
                    new Mistake<>(ABSENT_NOT_NAN, () -> nanTo(expected, 1)));
        }
    }

    @Test
    @DisplayName("mean IoU over the classes present in either map")
    void meanIou(NDManager manager, Random random) {
        for (Maps maps : withEmpty(cases(random))) {
            NDArray m = confusion(manager, maps);
            double actual = call(maps, (p, t) -> SegMetrics.meanIou(p, t, maps.numClasses()));
            Compare.assertClose("meanIou for " + maps, Compare.scalar(ConfusionMatrix.meanIou(m, false)), Compare.scalar(actual),
                    new Mistake<>(ABSENT_AS_ZERO, () -> Compare.scalar(ConfusionMatrix.meanIou(m, true))),
                    new Mistake<>(NAN_MEAN, () -> Compare.scalar(Double.NaN)));
        }
    }

    @Test
    @DisplayName("Dice per class: 2 TP / (2 TP + FP + FN)")
    void dice(NDManager manager, Random random) {
        for (Maps maps : withEmpty(cases(random))) {
            NDArray m = confusion(manager, maps);
            INDArray expected = TorchOracle.toNd4j(ConfusionMatrix.dice(m));
            double[] actual = call(maps, (p, t) -> SegMetrics.dice(p, t, maps.numClasses()));
            Compare.assertClose("dice for " + maps, expected, Compare.vector(actual),
                    new Mistake<>(DICE_AS_IOU, () -> TorchOracle.toNd4j(ConfusionMatrix.iou(m))),
                    new Mistake<>(INTEGER_DIVISION, () -> floored(expected)),
                    new Mistake<>(ABSENT_NOT_NAN, () -> nanTo(expected, 0)),
                    new Mistake<>(ABSENT_NOT_NAN, () -> nanTo(expected, 1)));
        }
    }

    @Test
    @DisplayName("maps of different lengths and labels outside [0, numClasses) throw IllegalArgumentException")
    void rejectsBadInput() {
        int[] three = {0, 1, 1};
        int[] four = {0, 1, 1, 0};
        expectRejected("pixelAccuracy(predicted of 3 pixels, target of 4)", () -> SegMetrics.pixelAccuracy(three, four));
        expectRejected("pixelAccuracy(predicted of 0 pixels, target of 0) (no pixel: 0 / 0)",
                () -> SegMetrics.pixelAccuracy(new int[0], new int[0]));
        expectRejected("perClassIou(predicted of 3 pixels, target of 4, numClasses 2)",
                () -> SegMetrics.perClassIou(three, four, 2));
        expectRejected("meanIou(predicted of 4 pixels, target of 3, numClasses 2)", () -> SegMetrics.meanIou(four, three, 2));
        expectRejected("dice(predicted of 3 pixels, target of 4, numClasses 2)", () -> SegMetrics.dice(three, four, 2));
        int[] withTwo = {0, 2, 1};
        int[] withMinusOne = {0, -1, 1};
        expectRejected("perClassIou(predicted {0, 2, 1}, target {0, 1, 1}, numClasses 2)",
                () -> SegMetrics.perClassIou(withTwo, three, 2));
        expectRejected("meanIou(predicted {0, 1, 1}, target {0, -1, 1}, numClasses 2)",
                () -> SegMetrics.meanIou(three, withMinusOne, 2));
        expectRejected("dice(predicted {0, 2, 1}, target {0, 1, 1}, numClasses 2)", () -> SegMetrics.dice(withTwo, three, 2));
        // Each bound on each map: a target label of exactly numClasses, a predicted label of -1.
        expectRejected("perClassIou(predicted {0, 1, 1}, target {0, 2, 1}, numClasses 2)",
                () -> SegMetrics.perClassIou(three, withTwo, 2));
        expectRejected("dice(predicted {0, -1, 1}, target {0, 1, 1}, numClasses 2)",
                () -> SegMetrics.dice(withMinusOne, three, 2));
    }

    private static NDArray confusion(NDManager manager, Maps maps) {
        return ConfusionMatrix.of(manager, maps.predicted(), maps.target(), maps.numClasses());
    }

    /** Hands the learner copies of the maps (guarded: its code must only read them). */
    private static <T> T call(Maps maps, BiFunction<int[], int[], T> code) {
        return Guarded.call(in -> code.apply(in.copy("predicted", maps.predicted()), in.copy("target", maps.target())));
    }

    private static void expectRejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the lengths and the labels before indexing with them", call);
    }

    /** Every value rounded down, NaN kept: what a division in integers gives; null when nothing changes. */
    private static INDArray floored(INDArray x) {
        double[] v = x.dup('c').data().asDouble();
        boolean any = false;
        for (int i = 0; i < v.length; i++) {
            any |= Double.isFinite(v[i]) && v[i] != Math.floor(v[i]);
            v[i] = Math.floor(v[i]);
        }
        return any ? Compare.vector(v) : null;
    }

    private static INDArray nanTo(INDArray x, double value) {
        double[] v = x.dup('c').data().asDouble();
        boolean any = false;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                v[i] = value;
                any = true;
            }
        }
        return any ? Compare.vector(v) : null;
    }
}
