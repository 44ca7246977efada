package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Pairwise overlap of two box sets, written from NDArray primitives on the oracle's device.
 *
 * <p>Boxes are {@code (N, 4)} rows {@code (x1, y1, x2, y2)} with continuous area: a box's area is
 * {@code (x2 - x1) * (y2 - y1)}. DJL's {@code Rectangle.getIoU} counts pixels ({@code +1} on every
 * side length), the convention of the PASCAL VOC development kit, so it is not an oracle here;
 * {@link #pixelIou} computes that convention on purpose, to recognise a learner who used it.
 *
 * <p>The intersection of boxes {@code a} and {@code b} is
 * {@code max(0, min(a.x2, b.x2) - max(a.x1, b.x1)) * max(0, min(a.y2, b.y2) - max(a.y1, b.y1))};
 * broadcasting a {@code (N, 1)} column against a {@code (1, M)} row gives all {@code N x M}
 * pairs at once. GIoU is Rezatofighi et al., "Generalized Intersection over Union", CVPR 2019
 * (arXiv:1902.09630): {@code IoU - (|C| - |A u B|) / |C|} with {@code C} the smallest box enclosing
 * both.
 */
public final class BoxIou {

    private BoxIou() {
    }

    /** {@code (N, M)} IoU of every box of {@code a} (N, 4) with every box of {@code b} (M, 4). */
    public static NDArray iou(NDArray a, NDArray b) {
        return overlap(a, b, 0).iou();
    }

    /** {@code (N, M)} IoU with the {@code +1} pixel convention: side = x2 - x1 + 1. */
    public static NDArray pixelIou(NDArray a, NDArray b) {
        return overlap(a, b, 1).iou();
    }

    /** {@code (N, M)} generalized IoU, in [-1, 1]. */
    public static NDArray giou(NDArray a, NDArray b) {
        Overlap o = overlap(a, b, 0);
        NDArray enclosing = side(column(a, 2).maximum(row(b, 2)), column(a, 0).minimum(row(b, 0)), 0)
                .mul(side(column(a, 3).maximum(row(b, 3)), column(a, 1).minimum(row(b, 1)), 0));
        return o.iou().sub(enclosing.sub(o.union()).div(enclosing));
    }

    /** {@code (N)} areas of {@code (N, 4)} boxes, continuous. */
    public static NDArray area(NDArray boxes) {
        return boxes.get(new NDIndex(":, 2")).sub(boxes.get(new NDIndex(":, 0")))
                .mul(boxes.get(new NDIndex(":, 3")).sub(boxes.get(new NDIndex(":, 1"))));
    }

    private record Overlap(NDArray intersection, NDArray union) {
        NDArray iou() {
            return intersection.div(union);
        }
    }

    private static Overlap overlap(NDArray a, NDArray b, double plus) {
        NDArray width = side(column(a, 2).minimum(row(b, 2)), column(a, 0).maximum(row(b, 0)), plus);
        NDArray height = side(column(a, 3).minimum(row(b, 3)), column(a, 1).maximum(row(b, 1)), plus);
        NDArray intersection = width.mul(height);
        NDArray areaA = side(column(a, 2), column(a, 0), plus).mul(side(column(a, 3), column(a, 1), plus));
        NDArray areaB = side(row(b, 2), row(b, 0), plus).mul(side(row(b, 3), row(b, 1), plus));
        return new Overlap(intersection, areaA.add(areaB).sub(intersection));
    }

    /** {@code max(0, high - low + plus)}. */
    private static NDArray side(NDArray high, NDArray low, double plus) {
        return high.sub(low).add(plus).maximum(0);
    }

    /** Coordinate {@code k} of every box of {@code a} as an (N, 1) column. */
    private static NDArray column(NDArray a, int k) {
        return a.get(new NDIndex(":, " + k)).reshape(-1, 1);
    }

    /** Coordinate {@code k} of every box of {@code b} as a (1, M) row. */
    private static NDArray row(NDArray b, int k) {
        return b.get(new NDIndex(":, " + k)).reshape(1, -1);
    }
}
