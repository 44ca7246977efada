package deepdrill.week4;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Intersection over union (IoU, the Jaccard index of two boxes), for every pair of boxes of two
 * sets at once, and its generalization GIoU. IoU is how detection measures overlap: a detection
 * matches an object when their IoU reaches a threshold (0.5 for PASCAL VOC's mAP, 0.5 to 0.95 for
 * COCO's), NMS drops a box whose IoU with a better one is too high, and Faster R-CNN's region
 * proposal network labels an anchor positive above 0.7 and negative below 0.3.
 *
 * <h2>Symbols, shapes and formulas</h2>
 * <pre>
 *   N  boxes in a      M  boxes in b      (either may be 0)
 *
 *   a      (N, 4)   rows (x1, y1, x2, y2), x1 &lt;= x2 and y1 &lt;= y2
 *   b      (M, 4)   rows (x1, y1, x2, y2)
 *   area   (N)      area(boxes)[i] of box i
 *   iou    (N, M)   pairwise(a, b)[i, j]    = IoU of box i of a with box j of b
 *   giou   (N, M)   generalized(a, b)[i, j] = GIoU of the same pair
 *
 *   area(A) = (x2 - x1) * (y2 - y1)
 *   iw      = max(0, min(A.x2, B.x2) - max(A.x1, B.x1))     the overlap along x, 0 if there is none
 *   ih      = max(0, min(A.y2, B.y2) - max(A.y1, B.y1))     the overlap along y
 *   inter   = iw * ih
 *   union   = area(A) + area(B) - inter                      (the overlap is in both areas: count it once)
 *   IoU     = inter / union                                  in [0, 1]
 *
 *   C       = (min(A.x1, B.x1), min(A.y1, B.y1), max(A.x2, B.x2), max(A.y2, B.y2))
 *             the smallest box that encloses both
 *   GIoU    = IoU - (area(C) - union) / area(C)              in (-1, 1]
 * </pre>
 * Clamp each side at 0 before multiplying: two boxes apart along both axes have two negative
 * overlaps, whose product is positive, a phantom intersection.
 *
 * <h2>The broadcasting trick</h2>
 * In NumPy or PyTorch the whole {@code (N, M)} matrix takes no loop: view a's coordinates as an
 * {@code (N, 1)} column and b's as a {@code (1, M)} row; {@code max}, {@code min} and arithmetic
 * between them broadcast to {@code (N, M)}, one entry per pair. torchvision's {@code box_iou}
 * writes {@code lt = max(a[:, None, :2], b[:, :2])}, {@code rb = min(a[:, None, 2:], b[:, 2:])},
 * {@code wh = (rb - lt).clamp(min=0)}. A double loop over {@code i} and {@code j} on flat arrays
 * computes the same thing, and is what to write here.
 *
 * <h2>The convention: continuous coordinates</h2>
 * A box is a region of the plane: its width is {@code x2 - x1}, with no {@code +1}, as in
 * torchvision, detectron2 and the COCO evaluation. Boxes that only touch along an edge share no
 * area: IoU 0. The PASCAL VOC development kit (and DJL's {@code Rectangle.getIoU}) counted pixels
 * instead, {@code w = x2 - x1 + 1}: there, touching boxes share a line of pixels and small boxes
 * get larger IoUs. The results are float64, whatever the data type of the boxes (they are
 * ratios, compared against thresholds); a pair of zero-area boxes has IoU {@code 0 / 0 = NaN}, as
 * in torchvision. Boxes that are not {@code (N, 4)} are rejected with an
 * {@link IllegalArgumentException}; the inputs are never modified.
 *
 * <h2>GIoU, and why</h2>
 * IoU is 0 for every pair of boxes that do not overlap, whether they nearly touch or lie at
 * opposite corners of the image: as a loss, {@code 1 - IoU} is flat there and gives no gradient to
 * move a predicted box towards its target. GIoU subtracts the fraction of the enclosing box
 * {@code C} that neither box covers; it keeps falling as the boxes move apart (towards -1 for
 * small boxes far away), equals IoU when one box contains the other, and is 0 for boxes that touch
 * along an edge. {@code 1 - GIoU}, in [0, 2), is a box-regression loss (DETR uses it); DIoU and
 * CIoU (Zheng et al. 2020) add the distance between the centres and the aspect ratio.
 *
 * <h2>What interviewers ask</h2>
 * "Write IoU of two boxes" (the classic whiteboard question: the clamp and the {@code - inter}
 * in the union are what people forget). "Now for N x M boxes without loops" (broadcasting, above).
 * "What is the {@code +1} in old code?" (the pixel convention). "Why train boxes with an IoU loss
 * rather than L2 on the coordinates, and why not plain IoU?" (L2 is not scale-invariant and does
 * not track the overlap; {@code 1 - IoU} has no gradient without overlap; GIoU has). "What IoU
 * threshold do VOC and COCO use?" (0.5; the mean over 0.5, 0.55, ..., 0.95).
 *
 * <h2>Hint: fast data access</h2>
 * Read the coordinates at once with {@code boxes.dup('c').data().asDouble()} (box {@code i} is at
 * {@code [4 * i .. 4 * i + 3]}), fill a flat {@code double[N * M]} with entry {@code (i, j)} at
 * {@code i * M + j}, and wrap it with {@code Nd4j.create(out, new long[] {N, M}, DataType.DOUBLE)};
 * this also works when N or M is 0, where ND4J's column ops throw.
 *
 * @see <a href="https://arxiv.org/abs/1902.09630">Rezatofighi et al., Generalized Intersection over
 *      Union: a metric and a loss for bounding box regression (CVPR 2019)</a>
 * @see <a href="https://pytorch.org/vision/stable/generated/torchvision.ops.box_iou.html">torchvision.ops.box_iou</a>
 * @see <a href="http://host.robots.ox.ac.uk/pascal/VOC/">Everingham et al., The PASCAL Visual Object
 *      Classes (VOC) challenge (IJCV 2010)</a>
 */
public final class Iou {

    private Iou() {
    }

    /**
     * The area of every box.
     *
     * @param boxes (N, 4) rows (x1, y1, x2, y2); not modified
     * @return a new (N) float64 array: (x2 - x1) * (y2 - y1) per box
     * @throws IllegalArgumentException if {@code boxes} is not (N, 4)
     */
    public static INDArray area(INDArray boxes) {
        // TODO: check the shape, then (x2 - x1) * (y2 - y1) per box, in a float64 array of length N.
        throw new UnsupportedOperationException("Not implemented yet: Iou.area");
    }

    /**
     * IoU of every box of {@code a} with every box of {@code b}.
     *
     * @param a (N, 4) rows (x1, y1, x2, y2); not modified
     * @param b (M, 4) rows (x1, y1, x2, y2); not modified
     * @return a new (N, M) float64 array, entry (i, j) the IoU of a's box i and b's box j
     * @throws IllegalArgumentException if {@code a} or {@code b} is not (., 4)
     */
    public static INDArray pairwise(INDArray a, INDArray b) {
        // TODO: check both shapes; for every pair (i, j): clamp each overlap at 0, inter = iw * ih,
        // union = areaA + areaB - inter, IoU = inter / union.
        throw new UnsupportedOperationException("Not implemented yet: Iou.pairwise");
    }

    /**
     * Generalized IoU of every box of {@code a} with every box of {@code b}.
     *
     * @param a (N, 4) rows (x1, y1, x2, y2); not modified
     * @param b (M, 4) rows (x1, y1, x2, y2); not modified
     * @return a new (N, M) float64 array, entry (i, j) the GIoU of a's box i and b's box j
     * @throws IllegalArgumentException if {@code a} or {@code b} is not (., 4)
     */
    public static INDArray generalized(INDArray a, INDArray b) {
        // TODO: as pairwise, plus the enclosing box C (min of the x1s and y1s, max of the x2s and y2s):
        // GIoU = IoU - (area(C) - union) / area(C).
        throw new UnsupportedOperationException("Not implemented yet: Iou.generalized");
    }
}
