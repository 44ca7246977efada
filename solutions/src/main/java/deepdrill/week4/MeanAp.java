package deepdrill.week4;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Average precision (AP) of a detector for one class, and its mean over classes (mAP) and over
 * IoU thresholds (COCO's headline number): the metric of every detection benchmark.
 *
 * <h2>The idea</h2>
 * Rank all detections of one class, over all images, by descending score. Walk down the ranking:
 * each detection is either a true positive (it finds an object not found before) or a false
 * positive. After each detection, precision is the fraction of the detections so far that are
 * true, recall the fraction of all objects of the class found so far. AP is the area under this
 * precision-recall curve, after replacing every precision by the best precision reachable at
 * that recall or higher (the monotone "envelope"), so that the curve never goes up again.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   I  number of images       N_i  detections in image i      M_i  ground-truth objects in image i
 *
 *   ImageDetections(boxes (N_i, 4), scores double[N_i], labels int[N_i])   one per image
 *   ImageTruth(boxes (M_i, 4), labels int[M_i])                            one per image, same order
 *   boxes are (x1, y1, x2, y2) with continuous area: area = (x2 - x1) * (y2 - y1), no +1
 *
 *   For class c: the n detections of class c over all images, sorted by descending score;
 *   P = the number of ground-truth objects of class c over all images.
 *   TP_k, FP_k = true and false positives among the first k detections (k = 1 .. n)
 *   r_k = TP_k / P                 (recall)
 *   p_k = TP_k / k                 (precision)
 *   p_interp(r_k) = max_{j >= k} p_j      (the envelope: max precision at recall >= r_k)
 *   AP = sum_{k = 1..n} (r_k - r_{k-1}) * p_interp(r_k),      r_0 = 0
 * </pre>
 *
 * <h2>The conventions</h2>
 * <ul>
 * <li>Matching (PASCAL VOC's rule): in the sorted order, a detection is compared with the
 *     ground-truth boxes of its class in its own image and takes the one with the highest IoU
 *     (the first such box on a tie in IoU). It is a true positive if that IoU is {@code >=} the
 *     threshold and that box has not been matched by an earlier detection; otherwise it is a false
 *     positive. So a duplicate detection of a found object is a false positive, and so is every
 *     detection in an image with no object of its class. (VOC's development kit tests
 *     {@code IoU > 0.5}; here it is {@code >=}, as in COCO. COCO also lets a detection fall back
 *     to the best unmatched box; here it does not.)</li>
 * <li>Ties in score keep the input order: image by image as in the list, then by index within the
 *     image (a stable sort by descending score, as COCO's evaluation does).</li>
 * <li>Interpolation: all points, as in PASCAL VOC 2010 and later. VOC 2007 averaged the envelope
 *     at the 11 recalls 0, 0.1, ..., 1; COCO samples it at 101 recalls 0, 0.01, ..., 1. Neither
 *     sampling is used here: every step of the recall counts, exactly.</li>
 * <li>A class with ground truth but no detections has AP 0. A class with no ground truth has no
 *     recall (0 / 0): its AP is {@code Double.NaN} and the mean over classes leaves it out, even
 *     if it has detections. The mean is {@code Double.NaN} only when no class has ground truth.</li>
 * <li>COCO-style mAP is the mean of mAP over the ten IoU thresholds 0.50, 0.55, ..., 0.95
 *     (threshold {@code (50 + 5 t) / 100.0} for t = 0 .. 9), written AP@[.50:.05:.95]. COCO's
 *     area ranges and its limit of 100 detections per image are left out.</li>
 * <li>Mismatched lengths, boxes that are not (N, 4), a negative label, a label outside
 *     [0, numClasses) or a threshold outside (0, 1] throw an {@link IllegalArgumentException}.</li>
 * </ul>
 *
 * <h2>What interviewers ask</h2>
 * "Walk me through computing mAP." "Why interpolate?" (the raw curve zigzags: each false
 * positive drops the precision, each true positive raises it; the envelope makes AP insensitive
 * to these wiggles and equal to the best precision you could get by picking a score cut-off at
 * that recall or above). "11-point vs all-point?" "What is mAP@0.5 vs mAP@[.5:.95]?" (the latter
 * rewards tight boxes). "Why is a duplicate detection a false positive?" (NMS exists to remove
 * them). "Why does AP not depend on the score values, only on their order?"
 *
 * <h2>Hint</h2>
 * Compute the precision-recall points in one pass over the sorted detections, with a
 * {@code boolean[]} per image that marks the matched objects; then compute the envelope with one
 * backward pass ({@code p[k] = max(p[k], p[k + 1])}) before summing the rectangles. Use
 * {@code boxes.toDoubleMatrix()} to get at the coordinates.
 *
 * @see <a href="https://doi.org/10.1007/s11263-009-0275-4">Everingham et al., The PASCAL Visual
 *      Object Classes (VOC) Challenge, IJCV 2010, section 4.2</a>
 * @see <a href="https://arxiv.org/abs/1405.0312">Lin et al., Microsoft COCO: Common Objects in
 *      Context (2014)</a>
 * @see <a href="https://github.com/cocodataset/cocoapi/blob/master/PythonAPI/pycocotools/cocoeval.py">
 *      COCO's evaluation code (cocoeval.py)</a>
 */
public final class MeanAp {

    private MeanAp() {
    }

    /**
     * The detections of one image.
     *
     * @param boxes  (N, 4) boxes (x1, y1, x2, y2); (0, 4) for none
     * @param scores N confidence scores; any numbers but NaN (only their order counts, infinities included)
     * @param labels N class labels, each at least 0
     */
    public record ImageDetections(INDArray boxes, double[] scores, int[] labels) {
    }

    /**
     * The ground-truth objects of one image.
     *
     * @param boxes  (M, 4) boxes (x1, y1, x2, y2); (0, 4) for none
     * @param labels M class labels, each at least 0
     */
    public record ImageTruth(INDArray boxes, int[] labels) {
    }

    /**
     * The interpolation step alone: the area under the envelope of a precision-recall curve.
     *
     * @param recall    r_1 .. r_n, never decreasing; not modified
     * @param precision p_1 .. p_n, the same length; not modified
     * @return sum_k (r_k - r_{k-1}) * max_{j >= k} p_j with r_0 = 0; 0 for empty arrays
     * @throws IllegalArgumentException if the lengths differ or the recall decreases
     */
    public static double averagePrecision(double[] recall, double[] precision) {
        if (recall.length != precision.length) {
            throw new IllegalArgumentException("recall has " + recall.length + " points, precision "
                    + precision.length);
        }
        double[] envelope = precision.clone();
        for (int k = envelope.length - 2; k >= 0; k--) {
            envelope[k] = Math.max(envelope[k], envelope[k + 1]);
        }
        double ap = 0;
        double previous = 0;
        for (int k = 0; k < recall.length; k++) {
            if (recall[k] < previous) {
                throw new IllegalArgumentException("recall must not decrease: r[" + k + "] = " + recall[k]);
            }
            ap += (recall[k] - previous) * envelope[k];
            previous = recall[k];
        }
        return ap;
    }

    /**
     * The average precision of one class over a data set.
     *
     * @param detections   the detections of every image; not modified
     * @param truths       the ground truth of every image, in the same order; not modified
     * @param label        the class, at least 0
     * @param iouThreshold the IoU a true positive needs at least, in (0, 1]
     * @return AP in [0, 1]; 0 if the class has ground truth but no detections; NaN if it has no
     *         ground truth
     * @throws IllegalArgumentException on mismatched lengths, boxes not (N, 4), a negative label or a
     *                                  threshold outside (0, 1]
     */
    public static double averagePrecision(List<ImageDetections> detections, List<ImageTruth> truths, int label,
                                          double iouThreshold) {
        validate(detections, truths, iouThreshold);
        if (label < 0) {
            throw new IllegalArgumentException("label must be at least 0, got " + label);
        }
        return classAp(detections, truths, label, iouThreshold);
    }

    /**
     * The mean AP over the classes that have ground truth.
     *
     * @param detections   the detections of every image; not modified
     * @param truths       the ground truth of every image, in the same order; not modified
     * @param numClasses   K, at least 1; every label must be in [0, K)
     * @param iouThreshold the IoU a true positive needs at least, in (0, 1]
     * @return the mean of the K per-class APs that are not NaN; NaN if no class has ground truth
     * @throws IllegalArgumentException as {@link #averagePrecision(List, List, int, double)}, or if a
     *                                  label is outside [0, numClasses)
     */
    public static double meanAp(List<ImageDetections> detections, List<ImageTruth> truths, int numClasses,
                                double iouThreshold) {
        validate(detections, truths, iouThreshold);
        validateLabels(detections, truths, numClasses);
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < numClasses; c++) {
            double ap = classAp(detections, truths, c, iouThreshold);
            if (!Double.isNaN(ap)) {
                sum += ap;
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /**
     * COCO-style mAP: the mean of {@link #meanAp} over the IoU thresholds 0.50, 0.55, ..., 0.95.
     *
     * @param detections the detections of every image; not modified
     * @param truths     the ground truth of every image, in the same order; not modified
     * @param numClasses K, at least 1; every label must be in [0, K)
     * @return AP@[.50:.05:.95]; NaN if no class has ground truth
     * @throws IllegalArgumentException as {@link #meanAp}
     */
    public static double cocoMeanAp(List<ImageDetections> detections, List<ImageTruth> truths, int numClasses) {
        double sum = 0;
        for (int t = 0; t < 10; t++) {
            sum += meanAp(detections, truths, numClasses, (50 + 5 * t) / 100.0);
        }
        return sum / 10;
    }

    // A detection of the class being evaluated: its image, its box and its score.
    private record Candidate(int image, double[] box, double score) {
    }

    private static double classAp(List<ImageDetections> detections, List<ImageTruth> truths, int label,
                                  double iouThreshold) {
        int images = truths.size();
        double[][][] objects = new double[images][][];
        boolean[][] matched = new boolean[images][];
        List<Candidate> candidates = new ArrayList<>();
        int positives = 0;
        for (int i = 0; i < images; i++) {
            objects[i] = ofClass(truths.get(i).boxes(), truths.get(i).labels(), label);
            matched[i] = new boolean[objects[i].length];
            positives += objects[i].length;
            ImageDetections d = detections.get(i);
            double[][] boxes = rows(d.boxes());
            for (int j = 0; j < boxes.length; j++) {
                if (d.labels()[j] == label) {
                    candidates.add(new Candidate(i, boxes[j], d.scores()[j]));
                }
            }
        }
        if (positives == 0) {
            return Double.NaN;
        }
        // List.sort is stable: equal scores keep the input order (image, then index).
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());

        double[] recall = new double[candidates.size()];
        double[] precision = new double[candidates.size()];
        int truePositives = 0;
        for (int k = 0; k < candidates.size(); k++) {
            Candidate d = candidates.get(k);
            double[][] truth = objects[d.image()];
            int best = -1;
            double bestIou = 0;
            for (int m = 0; m < truth.length; m++) {
                double overlap = iou(d.box(), truth[m]);
                if (best < 0 || overlap > bestIou) {
                    best = m;
                    bestIou = overlap;
                }
            }
            if (best >= 0 && bestIou >= iouThreshold && !matched[d.image()][best]) {
                matched[d.image()][best] = true;
                truePositives++;
            }
            recall[k] = truePositives / (double) positives;
            precision[k] = truePositives / (double) (k + 1);
        }
        return averagePrecision(recall, precision);
    }

    // Continuous area: no +1 on the sides.
    private static double iou(double[] a, double[] b) {
        double w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double intersection = w * h;
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection;
        return union > 0 ? intersection / union : 0;
    }

    private static double[][] ofClass(INDArray boxes, int[] labels, int label) {
        double[][] all = rows(boxes);
        List<double[]> picked = new ArrayList<>();
        for (int m = 0; m < all.length; m++) {
            if (labels[m] == label) {
                picked.add(all[m]);
            }
        }
        return picked.toArray(new double[0][]);
    }

    private static double[][] rows(INDArray boxes) {
        return boxes.rows() == 0 ? new double[0][] : boxes.toDoubleMatrix();
    }

    private static void validate(List<ImageDetections> detections, List<ImageTruth> truths, double iouThreshold) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("iouThreshold must be in (0, 1], got " + iouThreshold);
        }
        if (detections.size() != truths.size()) {
            throw new IllegalArgumentException(detections.size() + " images of detections but " + truths.size()
                    + " of ground truth");
        }
        for (int i = 0; i < detections.size(); i++) {
            ImageDetections d = detections.get(i);
            long n = boxCount("image " + i + ": detection boxes", d.boxes());
            if (d.scores().length != n || d.labels().length != n) {
                throw new IllegalArgumentException("image " + i + ": " + n + " detection boxes, "
                        + d.scores().length + " scores, " + d.labels().length + " labels");
            }
            ImageTruth t = truths.get(i);
            long m = boxCount("image " + i + ": ground-truth boxes", t.boxes());
            if (t.labels().length != m) {
                throw new IllegalArgumentException("image " + i + ": " + m + " ground-truth boxes, "
                        + t.labels().length + " labels");
            }
        }
    }

    private static long boxCount(String what, INDArray boxes) {
        if (boxes.rank() != 2 || boxes.size(1) != 4) {
            throw new IllegalArgumentException(what + " must be (N, 4), got " + Arrays.toString(boxes.shape()));
        }
        return boxes.size(0);
    }

    private static void validateLabels(List<ImageDetections> detections, List<ImageTruth> truths, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        for (int i = 0; i < truths.size(); i++) {
            for (int label : detections.get(i).labels()) {
                if (label < 0 || label >= numClasses) {
                    throw new IllegalArgumentException("image " + i + ": detection label " + label
                            + " is outside [0, " + numClasses + ")");
                }
            }
            for (int label : truths.get(i).labels()) {
                if (label < 0 || label >= numClasses) {
                    throw new IllegalArgumentException("image " + i + ": ground-truth label " + label
                            + " is outside [0, " + numClasses + ")");
                }
            }
        }
    }
}
