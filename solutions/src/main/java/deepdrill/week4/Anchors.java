package deepdrill.week4;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Anchor boxes over a feature map: the fixed reference boxes that a region proposal network
 * (Faster R-CNN), RetinaNet or SSD scores and refines. Every cell of a feature map with stride
 * {@code s} looks at the image around {@code (x * s, y * s)}; at each cell the detector places
 * {@code A} boxes of different sizes and shapes, and predicts for each one an objectness score
 * and the offsets that move it onto an object (see {@code box-coder}).
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   H, W  feature-map height and width (cells)     s  stride: image pixels per cell
 *   S     number of sizes    R  number of aspect ratios    A = R * S anchors per cell
 *
 *   sizes         double[S]    the side of a square anchor of the same area, in image pixels
 *   aspectRatios  double[R]    r = h / w (r = 2 is tall, r = 0.5 is wide)
 *   result        (H * W * A, 4) float64 rows (x1, y1, x2, y2)
 *
 *   w = size / sqrt(r)      h = size * sqrt(r)      (so w * h = size^2 and h / w = r)
 *   centre (cx, cy) = (x * s, y * s)    for the cell in column x in [0, W) and row y in [0, H)
 *   anchor = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
 * </pre>
 *
 * <h2>The convention: torchvision's AnchorGenerator, without its rounding</h2>
 * The centres are {@code (x * s, y * s)}: the first cell's anchors are centred on the image's
 * top-left corner, as torchvision's shifts ({@code arange(0, W) * stride}) put them. Some
 * implementations centre them on the middle of the cell instead, {@code ((x + 0.5) * s,
 * (y + 0.5) * s)}, a common interview question ("where exactly is the anchor of cell (0, 0)?");
 * both work if training and inference agree. torchvision rounds its base anchors to whole pixels;
 * here they are not rounded.
 *
 * <p>The order of the rows is part of the answer, because the network's outputs are matched to
 * anchors by position: location-major, the cells in row-major order (row {@code y}, then
 * column {@code x}), and for each cell its {@code A} anchors ratio-major (for each ratio, for each
 * size). Row {@code ((y * W + x) * R + i) * S + j} is the anchor of cell {@code (y, x)} with ratio
 * {@code aspectRatios[i]} and size {@code sizes[j]}. This matches a head that outputs
 * {@code (N, A * 4, H, W)} reshaped to {@code (N, H, W, A, 4)}.
 *
 * <h2>What interviewers ask</h2>
 * "How many anchors does Faster R-CNN have?" ({@code H * W * A}: a 600 x 1000 image at stride 16
 * gives a 38 x 63 map, and 3 sizes x 3 ratios make about 20 000 anchors). "Why anchors at all?"
 * (regressing small offsets from a nearby prior is easier than regressing absolute boxes; several
 * shapes per cell let one cell detect overlapping objects). "How does an FPN assign sizes?" (one
 * size per level, growing with the stride: 32 on stride 4 up to 512 on stride 64). "What is the
 * aspect ratio?" (here and in torchvision h / w; some code uses w / h, which swaps tall and wide).
 *
 * <h2>Hint</h2>
 * Compute the {@code A} zero-centred base anchors once, {@code (-w / 2, -h / 2, w / 2, h / 2)},
 * then add the shift {@code (cx, cy, cx, cy)} of every cell; write them into a flat
 * {@code double[H * W * A * 4]} and wrap it with
 * {@code Nd4j.create(data, new long[] {H * W * A, 4}, DataType.DOUBLE)}.
 *
 * @see <a href="https://arxiv.org/abs/1506.01497">Ren, He, Girshick and Sun, Faster R-CNN: towards
 *      real-time object detection with region proposal networks (2015), section 3.1.1: anchors</a>
 * @see <a href="https://github.com/pytorch/vision/blob/main/torchvision/models/detection/anchor_utils.py">torchvision,
 *      AnchorGenerator</a>
 */
public final class Anchors {

    private Anchors() {
    }

    /**
     * The anchors of every cell of an {@code H x W} feature map, in the order stated above.
     *
     * @param featureHeight H, at least 1
     * @param featureWidth  W, at least 1
     * @param stride        s, image pixels per cell, at least 1
     * @param sizes         the anchor sizes, each positive; at least one; not modified
     * @param aspectRatios  the aspect ratios h / w, each positive; at least one; not modified
     * @return a new (H * W * A, 4) float64 array of (x1, y1, x2, y2) rows, A = R * S
     * @throws IllegalArgumentException if a count or the stride is below 1, an array is empty, or a
     *                                  size or ratio is not positive and finite (NaN and infinity are rejected)
     */
    public static INDArray generate(int featureHeight, int featureWidth, int stride, double[] sizes,
                                    double[] aspectRatios) {
        validate(featureHeight, featureWidth, sizes, aspectRatios);
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1, got " + stride);
        }
        int a = sizes.length * aspectRatios.length;
        double[] halfW = new double[a];
        double[] halfH = new double[a];
        int k = 0;
        for (double r : aspectRatios) {
            for (double size : sizes) {
                halfW[k] = size / Math.sqrt(r) / 2;
                halfH[k] = size * Math.sqrt(r) / 2;
                k++;
            }
        }
        double[] out = new double[featureHeight * featureWidth * a * 4];
        int o = 0;
        for (int y = 0; y < featureHeight; y++) {
            double cy = (double) y * stride;
            for (int x = 0; x < featureWidth; x++) {
                double cx = (double) x * stride;
                for (int i = 0; i < a; i++) {
                    out[o++] = cx - halfW[i];
                    out[o++] = cy - halfH[i];
                    out[o++] = cx + halfW[i];
                    out[o++] = cy + halfH[i];
                }
            }
        }
        return Nd4j.create(out, new long[] {(long) featureHeight * featureWidth * a, 4}, DataType.DOUBLE);
    }

    /**
     * How many anchors {@link #generate} returns for this feature map.
     *
     * @param featureHeight H, at least 1
     * @param featureWidth  W, at least 1
     * @param sizes         the anchor sizes, each positive; at least one; not modified
     * @param aspectRatios  the aspect ratios h / w, each positive; at least one; not modified
     * @return H * W * A, A = R * S
     * @throws IllegalArgumentException as {@link #generate}
     */
    public static int count(int featureHeight, int featureWidth, double[] sizes, double[] aspectRatios) {
        validate(featureHeight, featureWidth, sizes, aspectRatios);
        return featureHeight * featureWidth * sizes.length * aspectRatios.length;
    }

    private static void validate(int featureHeight, int featureWidth, double[] sizes, double[] aspectRatios) {
        if (featureHeight < 1 || featureWidth < 1) {
            throw new IllegalArgumentException("the feature map must be at least 1 x 1, got " + featureHeight + " x "
                    + featureWidth);
        }
        positive("sizes", sizes);
        positive("aspectRatios", aspectRatios);
    }

    private static void positive(String name, double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        for (double v : values) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
            }
        }
    }
}
