package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Bilinear resizing of NCHW batches in both of PyTorch's {@code align_corners} conventions,
 * written with NDArray primitives: DJL exposes PyTorch's {@code interpolate} only through
 * {@code NDImageUtils.resize}, an image (HWC) operation with {@code align_corners=False} fixed,
 * which computes in float32 and, when downsampling, does not match plain two-pixel sampling.
 *
 * <p>Bilinear interpolation is separable and linear, so resizing is two matrix products:
 * {@code out = R_h x R_w^T}, where row {@code i} of {@code R (out, in)} holds the weights
 * {@code 1 - l} and {@code l} at columns {@code i0} and {@code i1} of the source coordinate
 * {@code src = i0 + l}. Checks build the matrices of known mistakes by passing mistaken source
 * coordinates to {@link #weights}.
 */
public final class BilinearResize {

    private BilinearResize() {
    }

    /**
     * @param x            input (N, C, H, W)
     * @param alignCorners PyTorch's {@code align_corners}
     * @return the resized batch (N, C, outH, outW)
     */
    public static NDArray forward(NDArray x, int outH, int outW, boolean alignCorners) {
        NDManager m = x.getManager();
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        return apply(x, weights(sourceCoordinates(m, h, outH, alignCorners), h),
                weights(sourceCoordinates(m, w, outW, alignCorners), w));
    }

    /**
     * Where each output index samples the input along one axis, in PyTorch's conventions:
     * {@code i * (in - 1) / (out - 1)} (0 when {@code out == 1}) with {@code align_corners}, else
     * {@code max((i + 0.5) * in / out - 0.5, 0)}.
     *
     * @return the {@code out} source coordinates, float64
     */
    public static NDArray sourceCoordinates(NDManager m, int in, int out, boolean alignCorners) {
        NDArray i = m.arange(out).toType(DataType.FLOAT64, false);
        if (alignCorners) {
            return out == 1 ? i.zerosLike() : i.mul((in - 1) / (double) (out - 1));
        }
        return i.add(0.5).mul(in / (double) out).sub(0.5).maximum(0.0);
    }

    /**
     * The interpolation matrix of one axis: row {@code i} has {@code 1 - l} at {@code i0} and
     * {@code l} at {@code i1}, with {@code i0 = floor(src)} kept inside the input,
     * {@code l = src - i0} and {@code i1 = min(i0 + 1, in - 1)}. A negative coordinate therefore
     * extrapolates from the first two pixels, as an unclamped loop with {@code (int) src} would.
     *
     * @param source the source coordinates, one per output index
     * @param in     the input's size along the axis
     * @return an (out, in) float64 matrix
     */
    public static NDArray weights(NDArray source, int in) {
        long out = source.size();
        NDArray i0 = source.floor().clip(0, in - 1);
        NDArray l = source.sub(i0).reshape(out, 1);
        NDArray i1 = i0.add(1).minimum(in - 1);
        NDArray columns = source.getManager().arange(in).toType(DataType.FLOAT64, false).reshape(1, in);
        NDArray first = columns.eq(i0.reshape(out, 1)).toType(DataType.FLOAT64, false);
        NDArray second = columns.eq(i1.reshape(out, 1)).toType(DataType.FLOAT64, false);
        return first.mul(l.neg().add(1)).add(second.mul(l));
    }

    /** {@code rows (outH, H) x (N, C, H, W) x cols (outW, W)^T}: the batch resized. */
    public static NDArray apply(NDArray x, NDArray rows, NDArray cols) {
        return rows.matMul(x).matMul(cols.transpose());
    }
}
