package deepdrill.week4;

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
        // TODO: check the lengths; compute the envelope max_{j >= k} p_j with one backward pass, then add up
        // (r_k - r_{k-1}) * envelope_k with r_0 = 0 (and reject a recall that decreases).
        throw new UnsupportedOperationException("Not implemented yet: MeanAp.averagePrecision(recall, precision)");
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
        // TODO: validate; collect the detections of this class with their image and sort them by descending
        // score (stably); each takes the best-IoU object of its class in its image and is a true positive if
        // IoU >= iouThreshold and that object is not matched yet; then build the precision-recall points and
        // call averagePrecision(recall, precision). NaN when the class has no objects.
        throw new UnsupportedOperationException(
                "Not implemented yet: MeanAp.averagePrecision(detections, truths, label, iouThreshold)");
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
        // TODO: validate the labels, then average the per-class APs that are not NaN.
        throw new UnsupportedOperationException("Not implemented yet: MeanAp.meanAp");
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
        // TODO: average meanAp over the thresholds (50 + 5 t) / 100.0, t = 0 .. 9.
        throw new UnsupportedOperationException("Not implemented yet: MeanAp.cocoMeanAp");
    }
}
