package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * Box format conversions, written from NDArray primitives on the oracle's device (DJL has no
 * {@code box_convert}). Boxes are {@code (N, 4)}, {@code N} may be 0; coordinates are continuous:
 * {@code w = x2 - x1}, no {@code +1}. The formats are torchvision's names: {@code xyxy} corners,
 * {@code cxcywh} centre and size, {@code xywh} top-left corner and size (COCO's json).
 */
public final class BoxConversion {

    private BoxConversion() {
    }

    /** {@code (x1, y1, x2, y2)} to {@code (cx, cy, w, h)}. */
    public static NDArray xyxyToCxcywh(NDArray boxes) {
        NDArray w = coordinate(boxes, 2).sub(coordinate(boxes, 0));
        NDArray h = coordinate(boxes, 3).sub(coordinate(boxes, 1));
        return rows(coordinate(boxes, 0).add(w.div(2)), coordinate(boxes, 1).add(h.div(2)), w, h);
    }

    /** {@code (cx, cy, w, h)} to {@code (x1, y1, x2, y2)}. */
    public static NDArray cxcywhToXyxy(NDArray boxes) {
        NDArray halfW = coordinate(boxes, 2).div(2);
        NDArray halfH = coordinate(boxes, 3).div(2);
        return rows(coordinate(boxes, 0).sub(halfW), coordinate(boxes, 1).sub(halfH),
                coordinate(boxes, 0).add(halfW), coordinate(boxes, 1).add(halfH));
    }

    /** {@code (x1, y1, x2, y2)} to {@code (x, y, w, h)}. */
    public static NDArray xyxyToXywh(NDArray boxes) {
        return rows(coordinate(boxes, 0), coordinate(boxes, 1), coordinate(boxes, 2).sub(coordinate(boxes, 0)),
                coordinate(boxes, 3).sub(coordinate(boxes, 1)));
    }

    /** {@code (x, y, w, h)} to {@code (x1, y1, x2, y2)}. */
    public static NDArray xywhToXyxy(NDArray boxes) {
        return rows(coordinate(boxes, 0), coordinate(boxes, 1), coordinate(boxes, 0).add(coordinate(boxes, 2)),
                coordinate(boxes, 1).add(coordinate(boxes, 3)));
    }

    /** Column {@code k} of {@code (N, 4)} boxes, as an {@code (N)} vector. */
    public static NDArray coordinate(NDArray boxes, int k) {
        return boxes.get(new NDIndex(":, " + k));
    }

    /** Four {@code (N)} vectors side by side: the {@code (N, 4)} boxes whose columns they are. */
    public static NDArray rows(NDArray c0, NDArray c1, NDArray c2, NDArray c3) {
        return NDArrays.stack(new NDList(c0, c1, c2, c3), 1);
    }
}
