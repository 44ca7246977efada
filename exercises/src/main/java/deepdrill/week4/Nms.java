package deepdrill.week4;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Non-maximum suppression (NMS): the last step of almost every detector, which turns the many
 * overlapping boxes it predicts around each object into one box per object. Greedy NMS, its
 * class-aware form, and soft-NMS, which decays the scores of overlapping boxes instead of removing
 * them.
 *
 * <h2>The idea</h2>
 * A detector scores thousands of candidate boxes, and every object is covered by several of them,
 * slightly shifted. Greedy NMS keeps the highest-scoring box, removes every remaining box that
 * overlaps it too much (IoU above a threshold: they are taken as duplicates of the same object),
 * and repeats with the best of the boxes that are left.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  number of boxes      t  IoU threshold, in [0, 1]
 *
 *   boxes   (N, 4)   rows (x1, y1, x2, y2), x2 &gt; x1 and y2 &gt; y1; any data type (read as double)
 *   scores  double[N]       the score of every box
 *   labels  int[N]          the class of every box (batched only)
 *   result  int[K]          the indices (rows of boxes) of the K kept boxes, K &lt;= N
 *
 *   area(b)   = (b.x2 - b.x1) * (b.y2 - b.y1)                                  (continuous: no +1)
 *   inter(a, b) = max(0, min(a.x2, b.x2) - max(a.x1, b.x1)) * max(0, min(a.y2, b.y2) - max(a.y1, b.y1))
 *   IoU(a, b) = inter(a, b) / (area(a) + area(b) - inter(a, b))
 *
 *   greedy:  order = the indices by descending score (ties: the lower index first)
 *            kept = []
 *            for i in order:
 *                if IoU(i, k) &lt;= t for every k in kept: kept.append(i)
 *            return kept
 * </pre>
 *
 * <h2>The conventions</h2>
 * <ul>
 *   <li>A box is suppressed when its IoU with an already kept box is <em>strictly greater</em>
 *       than {@code t} (torchvision's rule): an IoU equal to the threshold survives. So {@code t = 0}
 *       removes any box with a positive overlap, but boxes that only touch at an edge (IoU 0)
 *       survive; {@code t = 1} removes nothing, not even identical boxes (IoU 1 is not above 1).</li>
 *   <li>Scores are any numbers but NaN: negative, 0 and infinite scores (a detector's logits) take
 *       part like any other, so do not start a search for the best score at 0 or drop boxes at 0.</li>
 *   <li>Ties in score go to the lower index: sort with a <em>stable</em> sort by descending score
 *       (or compare the indices when the scores are equal). Reversing an ascending sort puts ties
 *       the wrong way round.</li>
 *   <li>The result lists the kept boxes in descending score order (the order in which they were
 *       kept), never in index order. Empty input gives an empty array.</li>
 *   <li>Areas are continuous: {@code x2 - x1}, with no {@code +1}. The {@code +1} "pixel"
 *       convention of the PASCAL VOC toolkit (and of DJL's {@code Rectangle.getIoU}) makes boxes
 *       that merely touch overlap.</li>
 *   <li>{@code t} outside {@code [0, 1]} (or NaN), boxes not of shape {@code (N, 4)}, and scores or
 *       labels of another length than N throw an {@link IllegalArgumentException}.</li>
 * </ul>
 *
 * <h2>Class-aware (batched) NMS</h2>
 * Boxes of different classes never suppress each other: a person and the bicycle they ride may
 * overlap a lot, and both must stay. The result is still one list in descending score order over
 * all classes. torchvision's {@code batched_nms} does it with one call of plain NMS: it shifts
 * every box by {@code label * (max coordinate + 1)} along both axes, so that boxes of different
 * classes land in disjoint regions and cannot overlap. Interviewers like to ask for that trick;
 * looping over the classes and merging the results by score gives the same answer.
 *
 * <h2>Soft-NMS</h2>
 * Bodla et al. (2017) observed that greedy NMS deletes true objects in crowds (two people side by
 * side, IoU 0.6). Soft-NMS keeps every box but lowers the score of a box that overlaps a selected
 * one, by a weight {@code f(IoU)}:
 * <pre>
 *   linear:    f(IoU) = 1 - IoU  if IoU &gt; t  (the paper's N_t), else 1
 *   Gaussian:  f(IoU) = exp(-IoU^2 / sigma)   for every remaining box  (t is not used; the paper's sigma is 0.5)
 *
 *   s = scores (a copy); candidates = the boxes with s &gt;= scoreThreshold
 *   while candidates is not empty:
 *       i = the candidate with the highest CURRENT score s (ties: the lower index)
 *       select i with its current score s[i]; remove it from the candidates
 *       for every remaining candidate j:
 *           s[j] = s[j] * f(IoU(i, j))
 *           if s[j] &lt; scoreThreshold: drop j
 * </pre>
 * The result holds the selected indices and their decayed scores in the order of selection (so
 * the scores are non-increasing). Scores change as boxes are selected, so the best candidate must
 * be searched again at every step: one sort at the start is not enough. {@code sigma} must be
 * positive, {@code scoreThreshold} at least 0, and {@code t} in {@code [0, 1]} for both methods.
 *
 * <h2>What interviewers ask</h2>
 * "Write NMS" (the loop above, about fifteen lines, with an IoU helper). "Its complexity?"
 * ({@code O(N log N)} to sort plus {@code O(N K)} IoUs for K kept boxes, {@code O(N^2)} at worst;
 * on a GPU, torchvision computes the IoU matrix in blocks and reduces bit masks). "How do you pick
 * t?" (lower removes more duplicates but merges nearby objects; Faster R-CNN uses 0.7 for its
 * proposals, detectors often 0.5). "Why does NMS fail in crowds, and what fixes it?" (soft-NMS,
 * learned NMS, or DETR-style set prediction, which needs no NMS at all). "Class-aware or
 * class-agnostic?" (above). "Is NMS differentiable?" (no: it is a discrete post-processing step).
 *
 * <h2>Hint: fast data access</h2>
 * {@code boxes.toDoubleMatrix()} gives the boxes as {@code double[N][4]} in one call (return early
 * when N is 0); sort an {@code Integer[]} of indices, or an {@code IntStream}, with a comparator on
 * the scores.
 *
 * @see <a href="https://arxiv.org/abs/1704.04503">Bodla, Singh, Chellappa and Davis, Soft-NMS:
 *      Improving Object Detection With One Line of Code (2017)</a>
 * @see <a href="https://arxiv.org/abs/1506.01497">Ren, He, Girshick and Sun, Faster R-CNN (2015):
 *      NMS of the region proposals</a>
 * @see <a href="https://pytorch.org/vision/stable/generated/torchvision.ops.nms.html">torchvision.ops.nms
 *      and batched_nms</a>
 */
public final class Nms {

    private Nms() {
    }

    /** How soft-NMS decays the score of a box that overlaps a selected one. */
    public enum SoftMethod {
        /** {@code 1 - IoU} when {@code IoU > t}, else unchanged. */
        LINEAR,
        /** {@code exp(-IoU^2 / sigma)}, for every box. */
        GAUSSIAN
    }

    /**
     * The result of soft-NMS.
     *
     * @param indices the selected boxes, in the order of selection
     * @param scores  their decayed scores at the time of selection, the same length
     */
    public record SoftResult(int[] indices, double[] scores) {
    }

    /**
     * Greedy NMS.
     *
     * @param boxes        (N, 4) boxes (x1, y1, x2, y2); not modified
     * @param scores       N scores; not modified
     * @param iouThreshold t in [0, 1]: a box whose IoU with a kept box is above t is suppressed
     * @return the indices of the kept boxes, in descending score order (ties: lower index first)
     * @throws IllegalArgumentException for a threshold outside [0, 1], boxes not (N, 4) or N scores
     */
    public static int[] greedy(INDArray boxes, double[] scores, double iouThreshold) {
        // TODO: validate; sort indices by descending score (stable); keep a box if IoU <= t with every kept box.
        throw new UnsupportedOperationException("Not implemented yet: Nms.greedy");
    }

    /**
     * Class-aware NMS: greedy NMS in which boxes of different labels never suppress each other.
     *
     * @param boxes        (N, 4) boxes (x1, y1, x2, y2); not modified
     * @param scores       N scores; not modified
     * @param labels       N class labels; not modified
     * @param iouThreshold t in [0, 1]
     * @return the indices of the kept boxes of all classes, in descending score order (ties: lower index first)
     * @throws IllegalArgumentException for a threshold outside [0, 1], boxes not (N, 4), or N scores or labels
     */
    public static int[] batched(INDArray boxes, double[] scores, int[] labels, double iouThreshold) {
        // TODO: as greedy, but a kept box only suppresses boxes with its own label.
        throw new UnsupportedOperationException("Not implemented yet: Nms.batched");
    }

    /**
     * Soft-NMS, linear or Gaussian, as defined above.
     *
     * @param boxes          (N, 4) boxes (x1, y1, x2, y2); not modified
     * @param scores         N scores; not modified
     * @param method         the decay
     * @param iouThreshold   t in [0, 1], used by the linear decay only
     * @param sigma          the Gaussian's width, positive, used by the Gaussian decay only
     * @param scoreThreshold boxes whose score is below it are dropped; at least 0
     * @return the selected indices and their decayed scores, in the order of selection
     * @throws IllegalArgumentException for t outside [0, 1], sigma &lt;= 0, scoreThreshold &lt; 0,
     *                                  boxes not (N, 4) or N scores
     */
    public static SoftResult soft(INDArray boxes, double[] scores, SoftMethod method, double iouThreshold,
                                  double sigma, double scoreThreshold) {
        // TODO: repeatedly select the candidate with the highest current score, then decay and drop the others.
        throw new UnsupportedOperationException("Not implemented yet: Nms.soft");
    }
}
