package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Anchor boxes over a feature map, written from NDArray primitives the way torchvision's
 * {@code AnchorGenerator} builds them (without its rounding to whole pixels): zero-centred base
 * anchors {@code (-w/2, -h/2, w/2, h/2)} with {@code w = size / sqrt(r)}, {@code h = size * sqrt(r)},
 * ratio-major ({@code (R, 1)} ratios against {@code (1, S)} sizes), plus the shifts
 * {@code ((x + offset) * stride, (y + offset) * stride)} of the cells in row-major order, broadcast
 * as {@code (H * W, 1, 4) + (1, A, 4)}. DJL has no anchor generator of its own.
 */
public final class AnchorGrid {

    private AnchorGrid() {
    }

    /**
     * @param offset 0 for torchvision's centres {@code x * stride}; 0.5 for cell centres
     * @return {@code (H * W * R * S, 4)} float64 anchors, location-major, then ratio, then size
     */
    public static NDArray anchors(NDManager manager, int height, int width, double stride, double[] sizes,
                                  double[] ratios, double offset) {
        NDArray sqrtRatio = manager.create(ratios).sqrt().reshape(-1, 1);
        NDArray size = manager.create(sizes).reshape(1, -1);
        NDArray ws = size.div(sqrtRatio).reshape(-1);
        NDArray hs = size.mul(sqrtRatio).reshape(-1);
        NDArray base = NDArrays.stack(new NDList(ws.neg(), hs.neg(), ws, hs), 1).div(2);

        NDArray xs = manager.arange(width).toType(DataType.FLOAT64, false).add(offset).mul(stride).reshape(1, width);
        NDArray ys = manager.arange(height).toType(DataType.FLOAT64, false).add(offset).mul(stride).reshape(height, 1);
        NDArray cx = xs.add(ys.zerosLike()).reshape(-1);
        NDArray cy = ys.add(xs.zerosLike()).reshape(-1);
        NDArray shifts = NDArrays.stack(new NDList(cx, cy, cx, cy), 1);
        return shifts.reshape(-1, 1, 4).add(base.reshape(1, -1, 4)).reshape(-1, 4);
    }
}
