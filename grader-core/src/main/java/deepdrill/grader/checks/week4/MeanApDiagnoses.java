package deepdrill.grader.checks.week4;

import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.oracle.AveragePrecision.Interpolation;
import deepdrill.grader.oracle.AveragePrecision.Mean;
import deepdrill.grader.oracle.AveragePrecision.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mistakes {@link MeanApCheck} recognises, each with the rules or interpolation that the
 * oracle ({@code AveragePrecision}) applies to compute the answer it gives.
 */
final class MeanApDiagnoses {

    static final String ELEVEN_POINT = "used the 11-point interpolation of PASCAL VOC 2007 (the mean of the "
            + "envelope at recall 0, 0.1, ..., 1): here every recall step counts (all-point, VOC 2010 and later), "
            + "AP = sum (r_k - r_{k-1}) * max_{j >= k} p_j.";
    static final String COCO_101 = "sampled the envelope at COCO's 101 recalls 0, 0.01, ..., 1: here every "
            + "recall step counts exactly, AP = sum (r_k - r_{k-1}) * max_{j >= k} p_j.";
    static final String NO_ENVELOPE = "used no interpolation (the raw precision p_k times each recall step): "
            + "take the envelope first, p_interp(r_k) = max_{j >= k} p_j, with one backward pass "
            + "p[k] = max(p[k], p[k + 1]).";
    static final String FORWARD_ENVELOPE = "ran the envelope forwards (a running max over the detections "
            + "before k): it is the max over k and the detections after it, a backward pass p[k] = max(p[k], p[k + 1]).";
    static final String FIRST_POINT_RAW = "stopped the envelope's backward pass before the first point (k >= 1 "
            + "instead of k >= 0): the first point too takes the max over itself and every later point. Curves from "
            + "ranked detections hide it (their first point has precision 1 or recall 0); this curve does not.";
    static final String DUPLICATES = "counted duplicate detections as true positives: mark an object as "
            + "matched when a detection takes it; a later detection whose best object is already matched is a false "
            + "positive.";
    static final String TIES = "put detections with equal scores in reverse input order (sorted ascending "
            + "and reversed, or a sort that is not stable?): equal scores keep the input order, image by image, then "
            + "by index within the image.";
    static final String STRICT = "used IoU > threshold (as PASCAL VOC's code does): here an IoU equal to the "
            + "threshold makes a true positive, IoU >= threshold.";
    static final String PIXEL = "used the +1 pixel convention in the IoU (side = x2 - x1 + 1): boxes here have "
            + "continuous area, side = x2 - x1.";
    static final String COCO_MATCHING = "let a detection fall back to the best object not matched yet (COCO's "
            + "rule): here a detection takes the object with the highest IoU and is a false positive if that object "
            + "is already matched.";
    static final String NO_OBJECTS_ZERO = "gave a class without ground truth an AP of 0: its recall is 0 / 0, "
            + "so its AP is undefined; return Double.NaN.";
    static final String ABSENT_AS_ZERO = "averaged the classes without ground truth in as 0: leave out the "
            + "classes whose AP is NaN (divide by the number of classes with objects, not by K).";
    static final String SKIP_UNDETECTED = "left the classes without detections out of the mean: a class with "
            + "objects but no detections has AP 0 and counts.";
    static final String NAN_MEAN = "let a NaN into the mean: leave out the classes without ground truth.";
    static final String NINE_THRESHOLDS = "stopped the IoU thresholds at 0.90: AP@[.50:.05:.95] averages the 10 "
            + "thresholds 0.50, 0.55, ..., 0.95.";
    static final String ELEVEN_THRESHOLDS = "went on to the IoU threshold 1.00: AP@[.50:.05:.95] stops at 0.95 "
            + "(10 thresholds).";

    private MeanApDiagnoses() {
    }

    /** A mistake in the per-class rules and its diagnosis. */
    record Variant(String diagnosis, Rules rules) {
    }

    /** The interpolations a learner gets wrong, for the curve alone; {@code area} computes one. */
    static List<Mistake<INDArray>> interpolationMistakes(Function<Interpolation, INDArray> area) {
        return List.of(
                // First: on a two-point curve it gives what no envelope gives, and only hand-made curves show it.
                new Mistake<>(FIRST_POINT_RAW, () -> area.apply(Interpolation.FIRST_POINT_RAW)),
                new Mistake<>(NO_ENVELOPE, () -> area.apply(Interpolation.NO_ENVELOPE)),
                new Mistake<>(FORWARD_ENVELOPE, () -> area.apply(Interpolation.FORWARD_ENVELOPE)),
                new Mistake<>(ELEVEN_POINT, () -> area.apply(Interpolation.ELEVEN_POINT)),
                new Mistake<>(COCO_101, () -> area.apply(Interpolation.COCO_101)));
    }

    /** Every per-class mistake, as the rules the oracle follows to make it. */
    static List<Variant> variants() {
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

    /** A mean over classes (mAP, or its COCO average) under some rules and way of averaging. */
    interface MeanOf {
        double of(Rules rules, Mean which);
    }

    /** The mistakes of averaging over classes, then every per-class mistake inside the mean. */
    static List<Mistake<INDArray>> meanMistakes(MeanOf mean) {
        List<Mistake<INDArray>> mistakes = new ArrayList<>();
        mistakes.add(new Mistake<>(ABSENT_AS_ZERO, () -> Compare.scalar(mean.of(Rules.EXERCISE, Mean.ABSENT_AS_ZERO))));
        mistakes.add(new Mistake<>(SKIP_UNDETECTED,
                () -> Compare.scalar(mean.of(Rules.EXERCISE, Mean.WITH_DETECTIONS))));
        mistakes.add(Mistake.giving(NAN_MEAN, Compare.scalar(Double.NaN)));
        for (Variant v : variants()) {
            mistakes.add(new Mistake<>(v.diagnosis(), () -> Compare.scalar(mean.of(v.rules(), Mean.WITH_OBJECTS))));
        }
        return mistakes;
    }
}
