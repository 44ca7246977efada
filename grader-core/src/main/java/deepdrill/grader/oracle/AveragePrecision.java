package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Average precision of one class over a set of images, and its mean over classes, on the oracle's
 * device: the ranking, the IoU of every detection with every object ({@link BoxIou}), the cumulative
 * true and false positives, the precision envelope and the area under it are NDArray operations.
 * Only the greedy matching walks the ranking in Java, because it is sequential by nature (whether a
 * detection is a true positive depends on which objects the higher-scored ones took).
 *
 * <p>The convention (the exercise's): detections of the class sorted by descending score, ties in
 * input order (image, then index); each takes the object of its class in its image with the highest
 * IoU (the first on a tie) and is a true positive if that IoU {@code >=} the threshold and the object
 * is not matched yet; precision and recall after every detection; AP is the area under the envelope
 * {@code p_interp(r_k) = max_{j >= k} p_j}, summed over every recall step (all-point interpolation,
 * PASCAL VOC 2010 and later). A class without objects has AP NaN; the mean leaves it out.
 *
 * <p>{@link Rules} builds the known mistakes in on purpose (11-point or 101-point sampling, no
 * envelope, duplicates counted, {@code >} for {@code >=}, the {@code +1} pixel IoU, ties reversed,
 * COCO's fall-back to the best unmatched object), so that a check can name them.
 */
public final class AveragePrecision {

    private AveragePrecision() {
    }

    /** How the area under the precision-recall curve is taken. */
    public enum Interpolation {
        /** The exercise's: every recall step times the envelope (max precision at this recall or above). */
        ALL_POINT,
        /** Every recall step times the raw precision: no envelope. */
        NO_ENVELOPE,
        /** The envelope taken over the detections before (a running max forwards) instead of after. */
        FORWARD_ENVELOPE,
        /** PASCAL VOC 2007: the mean of the envelope at recalls 0, 0.1, ..., 1 (0 beyond the last recall). */
        ELEVEN_POINT,
        /** COCO: the mean of the envelope at recalls 0, 0.01, ..., 1. */
        COCO_101,
        /**
         * The envelope's backward pass stopped one point early: the first point keeps its raw
         * precision. Equal to {@link #ALL_POINT} on every curve that ranked detections give (their
         * first point has precision 1, or recall 0), but not on every curve the signature allows.
         */
        FIRST_POINT_RAW
    }

    /**
     * The rules of one evaluation; {@link #EXERCISE} is the exercise's, the others each build one
     * mistake in.
     *
     * @param interpolation   how the area is taken
     * @param markMatched     whether a matched object is marked used (false: duplicates count as true)
     * @param strictThreshold {@code IoU > threshold} instead of {@code >=}
     * @param pixelIou        the {@code +1} pixel convention for the IoU
     * @param tiesReversed    equal scores in reverse input order
     * @param bestUnmatched   COCO's matching: the best object not yet matched with IoU >= threshold
     */
    public record Rules(Interpolation interpolation, boolean markMatched, boolean strictThreshold, boolean pixelIou,
                        boolean tiesReversed, boolean bestUnmatched) {

        public static final Rules EXERCISE = new Rules(Interpolation.ALL_POINT, true, false, false, false, false);

        public Rules interpolated(Interpolation how) {
            return new Rules(how, markMatched, strictThreshold, pixelIou, tiesReversed, bestUnmatched);
        }

        public static Rules duplicatesCounted() {
            return new Rules(Interpolation.ALL_POINT, false, false, false, false, false);
        }

        public static Rules strict() {
            return new Rules(Interpolation.ALL_POINT, true, true, false, false, false);
        }

        public static Rules pixel() {
            return new Rules(Interpolation.ALL_POINT, true, false, true, false, false);
        }

        public static Rules reversedTies() {
            return new Rules(Interpolation.ALL_POINT, true, false, false, true, false);
        }

        public static Rules cocoMatching() {
            return new Rules(Interpolation.ALL_POINT, true, false, false, false, true);
        }
    }

    /**
     * One image: its detections and its objects, with the IoU of every detection with every object
     * computed once on the oracle's device (continuous, and with the {@code +1} convention).
     *
     * @param scores      N scores
     * @param labels      N labels
     * @param truthLabels M labels
     * @param iou         (N, M) continuous IoU, null when N or M is 0
     * @param pixelIou    (N, M) IoU with the {@code +1} pixel convention, null when N or M is 0
     */
    public record Image(double[] scores, int[] labels, int[] truthLabels, double[][] iou, double[][] pixelIou) {

        /**
         * @param boxes      (N, 4) detection boxes on the oracle's device, or null for none
         * @param truthBoxes (M, 4) ground-truth boxes on the oracle's device, or null for none
         */
        public Image(NDArray boxes, double[] scores, int[] labels, NDArray truthBoxes, int[] truthLabels) {
            this(scores, labels, truthLabels, overlaps(boxes, truthBoxes, labels.length, truthLabels.length, false),
                    overlaps(boxes, truthBoxes, labels.length, truthLabels.length, true));
        }
    }

    /**
     * The area under a precision-recall curve.
     *
     * @param recall    (n) recall after each detection, never decreasing
     * @param precision (n) precision after each detection
     */
    public static double interpolate(NDArray recall, NDArray precision, Interpolation how) {
        long n = recall.getShape().get(0);
        if (n == 0) {
            return 0;
        }
        NDManager manager = recall.getManager();
        NDArray k = manager.arange((int) n).reshape(n, 1);
        NDArray j = manager.arange((int) n).reshape(1, n);
        NDArray previous = manager.zeros(new Shape(1), recall.getDataType()).concat(recall.get(new NDIndex(":-1")), 0);
        NDArray steps = recall.sub(previous);
        NDArray rowOfPrecision = precision.reshape(1, n);
        // Precisions are >= 0, so a mask of zeros leaves the max over the kept entries unchanged.
        NDArray envelope = rowOfPrecision.mul(j.gte(k).toType(DataType.FLOAT64, false)).max(new int[] {1});
        return switch (how) {
            case ALL_POINT -> steps.mul(envelope).sum().getDouble();
            case FIRST_POINT_RAW -> steps.mul(precision.get(new NDIndex("0:1"))
                    .concat(envelope.get(new NDIndex("1:")), 0)).sum().getDouble();
            case FORWARD_ENVELOPE -> steps.mul(rowOfPrecision.mul(j.lte(k).toType(DataType.FLOAT64, false))
                    .max(new int[] {1})).sum().getDouble();
            case NO_ENVELOPE -> steps.mul(precision).sum().getDouble();
            case ELEVEN_POINT -> sampled(recall, rowOfPrecision, 10);
            case COCO_101 -> sampled(recall, rowOfPrecision, 100);
        };
    }

    /** The mean over t = i / points (i = 0 .. points) of the max precision at recall >= t, 0 if none. */
    private static double sampled(NDArray recall, NDArray rowOfPrecision, int points) {
        NDManager manager = recall.getManager();
        NDArray thresholds = manager.arange(points + 1).toType(DataType.FLOAT64, false).div(points)
                .reshape(points + 1, 1);
        NDArray reached = recall.reshape(1, -1).gte(thresholds).toType(DataType.FLOAT64, false);
        return rowOfPrecision.mul(reached).max(new int[] {1}).mean().getDouble();
    }

    /**
     * AP of class {@code label}.
     *
     * @return AP, or NaN when no image has an object of the class
     */
    public static double ofClass(NDManager manager, List<Image> images, int label, double iouThreshold, Rules rules) {
        int positives = 0;
        int candidates = 0;
        for (Image image : images) {
            positives += count(image.truthLabels(), label);
            candidates += count(image.labels(), label);
        }
        if (positives == 0) {
            return Double.NaN;
        }
        int[] imageOf = new int[candidates];
        int[] indexOf = new int[candidates];
        double[] scores = new double[candidates];
        int c = 0;
        for (int i = 0; i < images.size(); i++) {
            int[] labels = images.get(i).labels();
            for (int d = 0; d < labels.length; d++) {
                if (labels[d] == label) {
                    imageOf[c] = i;
                    indexOf[c] = d;
                    scores[c++] = images.get(i).scores()[d];
                }
            }
        }
        int[] order = stableDescending(manager, scores, rules.tiesReversed());
        boolean[][] matched = new boolean[images.size()][];
        for (int i = 0; i < images.size(); i++) {
            matched[i] = new boolean[images.get(i).truthLabels().length];
        }
        double[] truePositive = new double[candidates];
        for (int k = 0; k < candidates; k++) {
            int i = imageOf[order[k]];
            int[] truthLabels = images.get(i).truthLabels();
            double[][] overlaps = rules.pixelIou() ? images.get(i).pixelIou() : images.get(i).iou();
            double[] row = overlaps == null ? null : overlaps[indexOf[order[k]]];
            int best = -1;
            double bestIou = 0;
            for (int m = 0; m < truthLabels.length; m++) {
                boolean candidate = truthLabels[m] == label
                        && (!rules.bestUnmatched() || !matched[i][m] && reaches(row[m], iouThreshold, rules));
                if (!candidate) {
                    continue;
                }
                if (best < 0 || row[m] > bestIou) {
                    best = m;
                    bestIou = row[m];
                }
            }
            if (best >= 0 && reaches(bestIou, iouThreshold, rules) && !matched[i][best]) {
                matched[i][best] = rules.markMatched();
                truePositive[k] = 1;
            }
        }
        NDArray tp = manager.create(truePositive);
        NDArray cumulativeTp = tp.cumSum(0);
        NDArray cumulativeFp = tp.neg().add(1).cumSum(0);
        NDArray recall = cumulativeTp.div(positives);
        NDArray precision = cumulativeTp.div(cumulativeTp.add(cumulativeFp));
        return interpolate(recall, precision, rules.interpolation());
    }

    /** AP of every class 0 .. numClasses - 1 (NaN for a class without objects). */
    public static double[] perClass(NDManager manager, List<Image> images, int numClasses, double iouThreshold,
                                    Rules rules) {
        double[] ap = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            ap[c] = ofClass(manager, images, c, iouThreshold, rules);
        }
        return ap;
    }

    /** Which classes are averaged. */
    public enum Mean {
        /** The exercise's: the classes with objects (AP not NaN). */
        WITH_OBJECTS,
        /** Every class, a class without objects counted as 0. */
        ABSENT_AS_ZERO,
        /** Only the classes with objects and at least one detection. */
        WITH_DETECTIONS
    }

    /**
     * The mean of per-class APs.
     *
     * @param ap       per-class AP, NaN for a class without objects
     * @param detected whether each class has at least one detection
     * @return the mean, or NaN when no class is averaged
     */
    public static double mean(NDManager manager, double[] ap, boolean[] detected, Mean which) {
        NDArray values = manager.create(ap);
        NDArray withObjects = values.isNaN().logicalNot();
        NDArray kept = switch (which) {
            case WITH_OBJECTS -> withObjects;
            case ABSENT_AS_ZERO -> withObjects.onesLike();
            case WITH_DETECTIONS -> withObjects.logicalAnd(manager.create(detected));
        };
        NDArray zeroed = NDArrays.where(withObjects, values, values.zerosLike());
        NDArray keptAsOne = kept.toType(DataType.FLOAT64, false);
        return zeroed.mul(keptAsOne).sum().div(keptAsOne.sum()).getDouble();
    }

    /** The order of a stable sort by descending score, from pairwise comparisons: rank = #higher + #equal before. */
    private static int[] stableDescending(NDManager manager, double[] scores, boolean tiesReversed) {
        int n = scores.length;
        if (n == 0) {
            return new int[0];
        }
        NDArray s = manager.create(scores);
        NDArray mine = s.reshape(n, 1);
        NDArray others = s.reshape(1, n);
        NDArray index = manager.arange(n);
        NDArray before = tiesReversed ? index.reshape(1, n).gt(index.reshape(n, 1))
                : index.reshape(1, n).lt(index.reshape(n, 1));
        NDArray rank = others.gt(mine).toType(DataType.INT64, false).sum(new int[] {1})
                .add(others.eq(mine).logicalAnd(before).toType(DataType.INT64, false).sum(new int[] {1}));
        long[] ranks = rank.toLongArray();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[(int) ranks[i]] = i;
        }
        return order;
    }

    /** The (N, M) IoU of detections with objects, or null when either is empty. */
    private static double[][] overlaps(NDArray boxes, NDArray truthBoxes, int n, int m, boolean pixel) {
        if (boxes == null || truthBoxes == null || n == 0 || m == 0) {
            return null;
        }
        NDArray iou = pixel ? BoxIou.pixelIou(boxes, truthBoxes) : BoxIou.iou(boxes, truthBoxes);
        double[] flat = iou.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] rows = new double[n][m];
        for (int d = 0; d < n; d++) {
            System.arraycopy(flat, d * m, rows[d], 0, m);
        }
        return rows;
    }

    private static boolean reaches(double iou, double threshold, Rules rules) {
        return rules.strictThreshold() ? iou > threshold : iou >= threshold;
    }

    private static int count(int[] labels, int label) {
        int count = 0;
        for (int l : labels) {
            if (l == label) {
                count++;
            }
        }
        return count;
    }
}
