package deepdrill.grader.checks.week4;

import static deepdrill.grader.checks.week4.NmsScenes.number;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import deepdrill.grader.checks.support.CompareIndices;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.checks.week4.NmsScenes.Boxes;
import deepdrill.grader.oracle.BoxIou;
import deepdrill.grader.oracle.NmsOracle;
import deepdrill.week4.Nms;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.opentest4j.AssertionFailedError;

/**
 * What {@link NmsCheck} tells a learner whose NMS is wrong: the mistakes it recognises, and for a
 * list that matches none, why the first differing position is wrong in terms of scores and IoUs.
 */
final class NmsDiagnoses {

    static final String GREATER_OR_EQUAL = "suppressed boxes whose IoU equals the threshold (>= instead of >): a box "
            + "is suppressed only when its IoU with a kept box is strictly greater than t, as in torchvision.";
    static final String INDEX_ORDER = "returned the kept indices in index order: return them in descending score "
            + "order, the order in which they were kept.";
    static final String PIXEL_IOU = "computed the IoU with the +1 pixel convention (side = x2 - x1 + 1), which makes "
            + "boxes that only touch overlap: areas here are continuous, (x2 - x1) * (y2 - y1).";
    static final String UNSORTED = "visited the boxes in index order instead of by descending score: sort first, so "
            + "that a box is only ever suppressed by a kept box that scores higher.";
    static final String TIES_TO_HIGHER = "broke ties in score to the higher index (a reversed ascending sort?): equal "
            + "scores go to the lower index first, as a stable sort by descending score gives.";
    static final String POSITIVE_ONLY = "dropped the boxes whose score is 0 or below (or never picked them): scores "
            + "are any numbers, negative and -Infinity included (a detector's logits), and every box takes part.";
    static final String IGNORED_CLASSES = "ignored the labels: in batched NMS a box only suppresses boxes of its own "
            + "class.";
    static final String CLASS_BY_CLASS = "returned the classes one after another: merge the kept boxes of all classes "
            + "into one list in descending score order.";
    static final String LINEAR_EVERYWHERE = "applied the linear decay without the threshold: s *= 1 - IoU only when "
            + "IoU > t; a box that overlaps less keeps its score.";
    static final String LINEAR_AT_THRESHOLD = "decayed boxes whose IoU equals the threshold (>= instead of >): the "
            + "linear decay applies only when IoU > t.";
    static final String HARD = "removed the overlapping boxes as greedy NMS does: soft-NMS keeps them with a lower "
            + "score.";
    static final String NOT_REORDERED = "selected the boxes in the order of their original scores: scores change "
            + "after every selection, so search for the highest CURRENT score at every step.";
    static final String TWO_SIGMA_SQUARED = "used exp(-IoU^2 / (2 sigma^2)): the Gaussian decay of the paper, used "
            + "here, is exp(-IoU^2 / sigma).";
    static final String GAUSSIAN_WITH_THRESHOLD = "applied the IoU threshold to the Gaussian decay: it decays every "
            + "remaining box by exp(-IoU^2 / sigma), whatever its IoU.";
    static final String SCORE_THRESHOLD_STRICT = "dropped boxes whose score equals scoreThreshold (> instead of >=): a "
            + "box is dropped only when its score, decayed or not, is strictly below scoreThreshold.";

    private NmsDiagnoses() {
    }

    /** The mistakes of greedy NMS, as the lists of kept boxes they give. */
    static List<Mistake<int[]>> greedyMistakes(NDArray boxes, NDArray iou, Boxes c, double t, int[] expected) {
        int[] order = NmsOracle.scoreOrder(c.scores());
        return List.of(
                new Mistake<>(GREATER_OR_EQUAL, () -> NmsOracle.greedy(iou.gte(t), order)),
                new Mistake<>(PIXEL_IOU, () -> NmsOracle.greedy(BoxIou.pixelIou(boxes, boxes).gt(t), order)),
                new Mistake<>(INDEX_ORDER, () -> IntStream.of(expected).sorted().toArray()),
                new Mistake<>(UNSORTED, () -> NmsOracle.greedy(iou.gt(t), IntStream.range(0, c.n()).toArray())),
                new Mistake<>(TIES_TO_HIGHER, () -> NmsOracle.greedy(iou.gt(t), tiesToHigher(c.scores()))),
                new Mistake<>(POSITIVE_ONLY, () -> NmsOracle.greedy(iou.gt(t), positiveOnly(c.scores()))));
    }

    /** The mistakes of batched NMS; {@code same} is the (N, N) same-label mask. */
    static List<Mistake<int[]>> batchedMistakes(NDArray boxes, NDArray iou, NDArray same, Boxes c, double t,
                                                int[] expected) {
        int[] order = NmsOracle.scoreOrder(c.scores());
        return List.of(
                new Mistake<>(IGNORED_CLASSES, () -> NmsOracle.greedy(iou.gt(t), order)),
                new Mistake<>(CLASS_BY_CLASS, () -> IntStream.of(expected).boxed()
                        .sorted((i, j) -> Integer.compare(c.labels()[i], c.labels()[j])).mapToInt(i -> i).toArray()),
                new Mistake<>(GREATER_OR_EQUAL, () -> NmsOracle.greedy(iou.gte(t).logicalAnd(same), order)),
                new Mistake<>(PIXEL_IOU, () -> NmsOracle.greedy(BoxIou.pixelIou(boxes, boxes).gt(t)
                        .logicalAnd(same), order)),
                new Mistake<>(INDEX_ORDER, () -> IntStream.of(expected).sorted().toArray()),
                new Mistake<>(TIES_TO_HIGHER, () -> NmsOracle.greedy(iou.gt(t).logicalAnd(same),
                        tiesToHigher(c.scores()))),
                new Mistake<>(POSITIVE_ONLY, () -> NmsOracle.greedy(iou.gt(t).logicalAnd(same),
                        positiveOnly(c.scores()))));
    }

    /** The mistakes of soft-NMS, as the results they give; {@code weights} are the right decay factors. */
    static List<Mistake<NmsOracle.Soft>> softMistakes(NDArray boxes, NDArray iou, NDArray weights, Boxes c,
                                                      Nms.SoftMethod method, double t, double sigma, double thr) {
        double[] s = c.scores();
        boolean linear = method == Nms.SoftMethod.LINEAR;
        List<Mistake<NmsOracle.Soft>> mistakes = new ArrayList<>();
        if (linear) {
            mistakes.add(new Mistake<>(LINEAR_EVERYWHERE, () -> NmsOracle.soft(iou.neg().add(1), s, thr)));
            mistakes.add(new Mistake<>(LINEAR_AT_THRESHOLD, () -> NmsOracle.soft(
                    NDArrays.where(iou.gte(t), iou.neg().add(1), iou.onesLike()), s, thr)));
            mistakes.add(new Mistake<>(HARD, () -> NmsOracle.soft(iou.lte(t).toType(DataType.FLOAT64, false), s, thr)));
            mistakes.add(new Mistake<>(PIXEL_IOU, () -> NmsOracle.soft(NmsOracle.linearWeights(
                    BoxIou.pixelIou(boxes, boxes), t), s, thr)));
        } else {
            mistakes.add(new Mistake<>(TWO_SIGMA_SQUARED,
                    () -> NmsOracle.soft(NmsOracle.gaussianWeights(iou, 2 * sigma * sigma), s, thr)));
            mistakes.add(new Mistake<>(GAUSSIAN_WITH_THRESHOLD, () -> NmsOracle.soft(
                    NDArrays.where(iou.gt(t), NmsOracle.gaussianWeights(iou, sigma), iou.onesLike()), s, thr)));
            mistakes.add(new Mistake<>(PIXEL_IOU, () -> NmsOracle.soft(NmsOracle.gaussianWeights(
                    BoxIou.pixelIou(boxes, boxes), sigma), s, thr)));
        }
        mistakes.add(new Mistake<>(NOT_REORDERED, () -> NmsOracle.softWithoutReordering(weights, s, thr)));
        // Strictly above the threshold is the same as at least its next double up.
        mistakes.add(new Mistake<>(SCORE_THRESHOLD_STRICT, () -> NmsOracle.soft(weights, s, Math.nextUp(thr))));
        return mistakes;
    }

    /** Descending score order with ties to the higher index: a reversed stable ascending sort. */
    static int[] tiesToHigher(double[] scores) {
        int[] ascending = IntStream.range(0, scores.length).boxed()
                .sorted((i, j) -> Double.compare(scores[i], scores[j])).mapToInt(i -> i).toArray();
        return IntStream.range(0, ascending.length).map(k -> ascending[ascending.length - 1 - k]).toArray();
    }

    /** The descending score order of the boxes whose score is positive: the others left out. */
    static int[] positiveOnly(double[] scores) {
        return IntStream.of(NmsOracle.scoreOrder(scores)).filter(i -> scores[i] > 0).toArray();
    }

    /** Why the lists differ at position {@code p}, in terms of scores and IoUs. */
    static String explain(int p, Boxes c, NDArray iouMatrix, int[] labels, double t, int[] expected, int[] actual) {
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
    static void assertDescending(String what, Boxes c, int[] actual, List<Mistake<int[]>> mistakes) {
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
                String diagnosis = Mistake.matching(wrong -> CompareIndices.firstDifference(wrong, actual) < 0, mistakes);
                throw new AssertionFailedError(diagnosis + what
                        + ": the kept boxes must come in descending score order" + (s[i] == s[j]
                        ? " (equal scores: the lower index first)" : "") + ", but position " + k + " holds box " + i
                        + " (score " + number(s[i]) + ") and position " + (k + 1) + " box " + j + " (score "
                        + number(s[j]) + "); you returned " + CompareIndices.list(actual, k));
            }
        }
    }

    /** Fails unless {@code actual} has the oracle's indices and scores; names the first matching mistake. */
    static void assertSoft(String what, NmsOracle.Soft expected, Nms.SoftResult actual,
                           List<Mistake<NmsOracle.Soft>> mistakes) {
        if (actual == null || actual.indices() == null || actual.scores() == null) {
            throw new AssertionFailedError(what + ": got null; return a SoftResult of two arrays (empty when no box "
                    + "is selected)");
        }
        if (actual.indices().length != actual.scores().length) {
            throw new AssertionFailedError(what + ": SoftResult has " + actual.indices().length + " indices but "
                    + actual.scores().length + " scores; give every selected box its score");
        }
        String problem = softProblem(expected, actual);
        if (problem != null) {
            String diagnosis = Mistake.matching(wrong -> softProblem(wrong, actual) == null, mistakes);
            throw new AssertionFailedError(diagnosis + what + ": " + problem);
        }
    }

    /** Null when the results agree: the same indices, scores within the float64 tolerance. */
    private static String softProblem(NmsOracle.Soft expected, Nms.SoftResult actual) {
        int[] e = expected.indices();
        int[] a = actual.indices();
        Tolerance tolerance = Tolerance.of(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        int p = CompareIndices.firstDifference(e, a);
        if (p >= 0) {
            String next = p < e.length ? ": box " + e[p] + " with score " + number(expected.scores()[p])
                    + " is selected next" : ": no box is left to select";
            String yours = "";
            if (p < a.length) {
                boolean tie = p < e.length && tolerance.accepts(expected.scores()[p], actual.scores()[p]);
                // On a tie the learner's box is not worse, only later in index order: say so.
                yours = tie ? ", you selected box " + a[p] + ", which has the same score " + number(actual.scores()[p])
                        + ": among equal current scores the lower index is selected first"
                        : ", you selected box " + a[p] + " (with score " + number(actual.scores()[p]) + ")";
            }
            return "expected the selected indices " + CompareIndices.list(e, p) + ", got " + CompareIndices.list(a, p)
                    + "; first difference at position " + p + next + yours;
        }
        for (int k = 0; k < e.length; k++) {
            if (!tolerance.accepts(expected.scores()[k], actual.scores()[k])) {
                return String.format(Locale.ROOT, "the right boxes, in the right order, but the score of box %d "
                        + "(position %d) is wrong: expected %.10g, got %.10g", e[k], k, expected.scores()[k],
                        actual.scores()[k]);
            }
        }
        return null;
    }
}
