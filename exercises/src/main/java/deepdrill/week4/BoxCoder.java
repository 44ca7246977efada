package deepdrill.week4;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The box parameterisation of Faster R-CNN: a detector does not predict box corners, it predicts
 * small, scale-free offsets ("deltas") that move a reference box (an anchor or a proposal) onto
 * the object. {@code encode} turns a ground-truth box into the deltas the network is trained to
 * output; {@code decode} turns predicted deltas back into a box.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  number of boxes
 *
 *   reference  (N, 4)  (x1, y1, x2, y2) anchors or proposals, "P"
 *   target     (N, 4)  (x1, y1, x2, y2) ground-truth boxes, "G", matched row by row to the references
 *   deltas     (N, 4)  (dx, dy, dw, dh)
 *   weights    double[4] = (wx, wy, ww, wh)
 *
 *   width  = x2 - x1        height = y2 - y1          (continuous, no + 1)
 *   centre = (x1 + width / 2, y1 + height / 2)
 *
 *   encode:  dx = wx * (gx - px) / pw        dy = wy * (gy - py) / ph
 *            dw = ww * log(gw / pw)          dh = wh * log(gh / ph)
 *
 *   decode:  cx = px + (dx / wx) * pw        cy = py + (dy / wy) * ph
 *            w  = pw * exp(min(dw / ww, CLIP))
 *            h  = ph * exp(min(dh / wh, CLIP))
 *            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
 * </pre>
 * where {@code (px, py, pw, ph)} is the reference's centre and size and {@code (gx, gy, gw, gh)}
 * the target's.
 *
 * <h2>The convention: torchvision's BoxCoder</h2>
 * The offsets of the centre are divided by the REFERENCE's size (the network sees the reference,
 * never the target), which makes them scale-invariant: the same deltas move a 20-pixel anchor
 * and a 500-pixel anchor by the same fraction of themselves. The sizes are log-ratios, so that
 * shrinking by half and growing by double are symmetric ({@code -log 2} and {@code +log 2}) and
 * any real number decodes to a positive size. The weights scale the deltas up to about unit
 * variance for the loss: {@code (10, 10, 5, 5)} in the second-stage (RoI) head of Faster R-CNN,
 * as torchvision and Detectron configure it, and {@code (1, 1, 1, 1)} in their RPN.
 *
 * <p>Decoding clamps {@code dw / ww} and {@code dh / wh} to at most
 * {@code CLIP = log(1000 / 16)} (torchvision's {@code bbox_xform_clip}) before the {@code exp}:
 * early in training a network can output a huge delta, and {@code exp(800)} is {@code Infinity},
 * which turns the box, then the IoU and the loss into {@code Infinity} or {@code NaN}. With the
 * clamp a box grows at most {@code 1000 / 16 = 62.5} times. There is no lower clamp: a very
 * negative delta just gives a tiny box. Each method returns the data type of its first argument.
 *
 * <h2>What interviewers ask</h2>
 * "Why divide by the anchor's width?" (scale invariance). "Why the log of the size ratio?"
 * (symmetry, positivity, and a bounded target for the smooth-L1 loss). "What are the weights for?"
 * (to balance the regression loss against the classification loss). "What happens without the
 * clamp?" (an overflow in exp, then NaN everywhere). "Is encode the inverse of decode?" (yes, up
 * to the clamp: {@code decode(encode(G, P), P) == G}).
 *
 * <h2>Hint</h2>
 * Read each array once into a flat {@code double[]} ({@code a.dup('c').data().asDouble()}: row
 * {@code i} is {@code [4 * i, 4 * i + 4)}), convert boxes to centre and size in the loop, and wrap
 * the result with {@code Nd4j.create(out, new long[] {N, 4}, reference.dataType())}.
 *
 * @see <a href="https://arxiv.org/abs/1506.01497">Ren, He, Girshick and Sun, Faster R-CNN (2015),
 *      equation (2)</a>
 * @see <a href="https://arxiv.org/abs/1311.2524">Girshick et al., R-CNN (2014), appendix C: bounding-box
 *      regression</a>
 * @see <a href="https://github.com/pytorch/vision/blob/main/torchvision/models/detection/_utils.py">torchvision,
 *      BoxCoder</a>
 */
public final class BoxCoder {

    /** The largest {@code dw / ww} and {@code dh / wh} that decode exponentiates: {@code log(1000 / 16)}. */
    public static final double CLIP = Math.log(1000.0 / 16);

    private BoxCoder() {
    }

    /**
     * The deltas that move every reference box onto its target box.
     *
     * @param reference (N, 4) boxes with positive width and height; not modified
     * @param target    (N, 4) boxes with positive width and height, row i matched to reference row i;
     *                  not modified
     * @param weights   (wx, wy, ww, wh), each positive; not modified
     * @return a new (N, 4) array of (dx, dy, dw, dh) with the data type of {@code reference}
     * @throws IllegalArgumentException if a shape is not (N, 4) with the same N, there are not 4
     *                                  positive weights, or a box has a width or height that is not positive
     */
    public static INDArray encode(INDArray reference, INDArray target, double[] weights) {
        // TODO: check the shapes and weights; per row, the centres and sizes of both boxes, then
        // dx = wx (gx - px) / pw, dy = wy (gy - py) / ph, dw = ww log(gw / pw), dh = wh log(gh / ph).
        throw new UnsupportedOperationException("Not implemented yet: BoxCoder.encode");
    }

    /**
     * The boxes that the deltas make of the reference boxes, sizes clamped as stated above.
     *
     * @param deltas    (N, 4) rows (dx, dy, dw, dh); not modified
     * @param reference (N, 4) boxes, row i the reference of delta row i; not modified
     * @param weights   (wx, wy, ww, wh), each positive; not modified
     * @return a new (N, 4) array of (x1, y1, x2, y2) with the data type of {@code deltas}
     * @throws IllegalArgumentException if a shape is not (N, 4) with the same N, or there are not 4
     *                                  positive weights
     */
    public static INDArray decode(INDArray deltas, INDArray reference, double[] weights) {
        // TODO: per row, cx = px + (dx / wx) pw, w = pw exp(min(dw / ww, CLIP)) (likewise y and h), then
        // the corners (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2).
        throw new UnsupportedOperationException("Not implemented yet: BoxCoder.decode");
    }
}
