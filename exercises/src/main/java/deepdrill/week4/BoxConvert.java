package deepdrill.week4;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conversions between the three ways detection code writes a box: corners, centre and size, and
 * top-left corner and size. Every data set, model and library picks one, and mixing them up is
 * the most common silent bug of a detection pipeline: nothing crashes, the boxes are just wrong.
 *
 * <h2>The three formats</h2>
 * <pre>
 *   xyxy    (x1, y1, x2, y2)   top-left and bottom-right corners: torchvision (box_iou, nms, the
 *                              outputs of its detection models), detectron2, PASCAL VOC's XML
 *                              (xmin, ymin, xmax, ymax), and every other exercise here
 *   cxcywh  (cx, cy, w, h)     centre and size: YOLO's label files (divided by the image size,
 *                              so in [0, 1]), DETR's predictions, the box-regression targets of
 *                              Faster R-CNN (see box-coder)
 *   xywh    (x, y, w, h)       top-left corner and size: COCO's json annotations ("bbox"), OpenCV's
 *                              Rect, DJL's Rectangle
 * </pre>
 * x grows to the right and y downwards (image coordinates), so {@code (x1, y1)} is the top-left
 * corner.
 *
 * <h2>Symbols, shapes and formulas</h2>
 * <pre>
 *   N  number of boxes (0 is allowed)
 *
 *   boxes  (N, 4)   one box per row, in the format the method's name starts with
 *   out    (N, 4)   a new array, one box per row in the other format, with the data type of boxes
 *
 *   w  = x2 - x1                h  = y2 - y1
 *   cx = x1 + w / 2             cy = y1 + h / 2             (= (x1 + x2) / 2, the midpoint)
 *   x1 = cx - w / 2             x2 = cx + w / 2             (likewise y1, y2 with cy, h)
 *   x  = x1, y = y1             x2 = x + w,  y2 = y + h
 * </pre>
 * Only xyxy converts to and from the other two, as in torchvision's {@code box_convert}: to go
 * from cxcywh to xywh, pass through xyxy.
 *
 * <h2>The convention: continuous coordinates</h2>
 * A box is a region of the plane, not a set of pixels: its width is {@code x2 - x1}, with no
 * {@code +1}, so a box from 10 to 20 is 10 wide and a box with {@code x1 == x2} has width 0. The
 * PASCAL VOC development kit, and detectors written for it, counted pixels instead: a box from
 * pixel 10 to pixel 20 inclusive covers 11 of them, so {@code w = x2 - x1 + 1}. torchvision,
 * detectron2 and COCO use the continuous convention, as here. Nothing is rounded, and a box whose
 * {@code x2 < x1} is converted as it is (its width is negative), not rejected.
 *
 * <p>An input that is not a 2-d array with 4 columns ({@code (N, 3)}, {@code (N, 5)}, a single box
 * as a 1-d {@code (4)} array) is rejected with an {@link IllegalArgumentException}. An empty
 * {@code (0, 4)} input gives an empty {@code (0, 4)} output. The input is never modified.
 *
 * <h2>What interviewers ask</h2>
 * "Convert this COCO box to what the model wants" (the formulas above, on the whiteboard). "Which
 * format does COCO / YOLO / torchvision use?" (xywh / normalised cxcywh / xyxy). "Why do detectors
 * regress the centre and the size rather than the corners?" (the translation and the scale of a
 * box are decoupled, and both can be normalised by the anchor's size: see box-coder). "What is the
 * {@code +1} in old detection code?" (the inclusive pixel convention above; mixing the two
 * conventions shifts boxes by a pixel and inflates IoUs of small boxes). "How do you catch a format
 * mix-up?" (draw the boxes on the image before training; check that x2 >= x1 for every box).
 *
 * <h2>Hint: fast data access</h2>
 * Read all the coordinates at once with {@code boxes.dup('c').data().asDouble()} (box {@code i}
 * is at {@code [4 * i .. 4 * i + 3]}), fill a {@code double[]} of the same length, and wrap it
 * with {@code Nd4j.create(out, new long[] {n, 4}, boxes.dataType())}. Beware ND4J's column ops
 * ({@code getColumn}, {@code hstack}, arithmetic on slices): they throw on empty arrays, while
 * the flat route just works for {@code N = 0}.
 *
 * @see <a href="https://pytorch.org/vision/stable/generated/torchvision.ops.box_convert.html">torchvision's
 *      box_convert</a>
 * @see <a href="https://cocodataset.org/#format-data">COCO data format: "bbox": [x, y, width, height]</a>
 * @see <a href="https://arxiv.org/abs/1405.0312">Lin et al., Microsoft COCO: Common Objects in Context (2014)</a>
 */
public final class BoxConvert {

    private BoxConvert() {
    }

    /**
     * Corners to centre and size.
     *
     * @param boxes (N, 4) rows (x1, y1, x2, y2); not modified
     * @return a new (N, 4) array of rows (cx, cy, w, h), with the data type of {@code boxes}
     * @throws IllegalArgumentException if {@code boxes} is not (N, 4)
     */
    public static INDArray xyxyToCxcywh(INDArray boxes) {
        // TODO: check the shape, then w = x2 - x1, h = y2 - y1, cx = x1 + w / 2, cy = y1 + h / 2 for every row.
        throw new UnsupportedOperationException("Not implemented yet: BoxConvert.xyxyToCxcywh");
    }

    /**
     * Centre and size to corners.
     *
     * @param boxes (N, 4) rows (cx, cy, w, h); not modified
     * @return a new (N, 4) array of rows (x1, y1, x2, y2), with the data type of {@code boxes}
     * @throws IllegalArgumentException if {@code boxes} is not (N, 4)
     */
    public static INDArray cxcywhToXyxy(INDArray boxes) {
        // TODO: check the shape, then x1 = cx - w / 2, y1 = cy - h / 2, x2 = cx + w / 2, y2 = cy + h / 2 for every row.
        throw new UnsupportedOperationException("Not implemented yet: BoxConvert.cxcywhToXyxy");
    }

    /**
     * Corners to top-left corner and size (COCO's format).
     *
     * @param boxes (N, 4) rows (x1, y1, x2, y2); not modified
     * @return a new (N, 4) array of rows (x, y, w, h), with the data type of {@code boxes}
     * @throws IllegalArgumentException if {@code boxes} is not (N, 4)
     */
    public static INDArray xyxyToXywh(INDArray boxes) {
        // TODO: check the shape, then keep (x1, y1) and replace the far corner by w = x2 - x1, h = y2 - y1.
        throw new UnsupportedOperationException("Not implemented yet: BoxConvert.xyxyToXywh");
    }

    /**
     * Top-left corner and size (COCO's format) to corners.
     *
     * @param boxes (N, 4) rows (x, y, w, h); not modified
     * @return a new (N, 4) array of rows (x1, y1, x2, y2), with the data type of {@code boxes}
     * @throws IllegalArgumentException if {@code boxes} is not (N, 4)
     */
    public static INDArray xywhToXyxy(INDArray boxes) {
        // TODO: check the shape, then keep (x, y) and add the size: x2 = x + w, y2 = y + h.
        throw new UnsupportedOperationException("Not implemented yet: BoxConvert.xywhToXyxy");
    }
}
