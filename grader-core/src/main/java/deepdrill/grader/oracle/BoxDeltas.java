package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * Faster R-CNN's box deltas, torchvision's {@code BoxCoder} written with NDArray primitives on the
 * oracle's device (DJL has no box coder). Boxes are {@code (N, 4)} rows {@code (x1, y1, x2, y2)}
 * with continuous sizes; deltas are {@code (dx, dy, dw, dh)}:
 * <pre>
 *   dx = wx (gx - px) / pw     dw = ww log(gw / pw)      (likewise y, h)
 *   decode: c = p + (d / w) * size_p,   size = size_p * exp(min(d / w, clip))
 * </pre>
 */
public final class BoxDeltas {

    private BoxDeltas() {
    }

    /** {@code (N, 4)} rows {@code (cx, cy, w, h)} of {@code (N, 4)} corner boxes. */
    public static NDArray centreSize(NDArray boxes) {
        NDArray low = boxes.get(new NDIndex(":, 0:2"));
        NDArray size = boxes.get(new NDIndex(":, 2:4")).sub(low);
        return low.add(size.div(2)).concat(size, 1);
    }

    /** The deltas of {@code target} relative to {@code reference}, both {@code (N, 4)}. */
    public static NDArray encode(NDArray reference, NDArray target, double[] weights) {
        NDArray p = centreSize(reference);
        NDArray g = centreSize(target);
        NDArray pSize = p.get(new NDIndex(":, 2:4"));
        NDArray offset = g.get(new NDIndex(":, 0:2")).sub(p.get(new NDIndex(":, 0:2"))).div(pSize);
        NDArray scale = g.get(new NDIndex(":, 2:4")).div(pSize).log();
        return offset.concat(scale, 1).mul(reference.getManager().create(weights));
    }

    /**
     * The boxes that {@code deltas} make of {@code reference}.
     *
     * @param clip the largest {@code dw / ww} and {@code dh / wh} exponentiated (torchvision:
     *             {@code log(1000 / 16)}); {@code Double.POSITIVE_INFINITY} for none
     */
    public static NDArray decode(NDArray deltas, NDArray reference, double[] weights, double clip) {
        NDArray p = centreSize(reference);
        NDArray pSize = p.get(new NDIndex(":, 2:4"));
        NDArray d = deltas.div(deltas.getManager().create(weights));
        NDArray centre = d.get(new NDIndex(":, 0:2")).mul(pSize).add(p.get(new NDIndex(":, 0:2")));
        NDArray size = d.get(new NDIndex(":, 2:4")).minimum(clip).exp().mul(pSize);
        return NDArrays.concat(new NDList(centre.sub(size.div(2)), centre.add(size.div(2))), 1);
    }
}
