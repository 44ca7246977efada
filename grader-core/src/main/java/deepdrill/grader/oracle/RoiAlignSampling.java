package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * {@code torchvision.ops.roi_align} written with NDArray primitives: DJL has no RoI Align.
 *
 * <p>Every output bin is the mean of {@code gridH x gridW} bilinear samples whose positions form a
 * grid (the y of a sample depends only on its bin row and grid row, the x only on its bin column
 * and grid column), and torchvision's border rule (a sample with {@code y < -1 || y > H} or
 * {@code x < -1 || x > W} reads 0) is also a product of a row and a column condition. So the
 * interpolation matrix of one roi, {@code (PH * PW, H * W)}, factors into one matrix per axis:
 * row {@code p} of {@code R_y (PH, H)} is the mean over the bin's grid rows of the bilinear weights
 * of each sample row (zero for a row outside the map), and the roi's output is
 * {@code R_y x F[b] x R_x^T}, with {@code F[b] (C, H, W)} the roi's image; all rois are done in
 * one batch of matrix products, the rois' grids padded to the largest with samples of weight 0.
 * Checks build known mistakes by handing {@link #pool} boxes made the wrong way (unscaled,
 * rounded, unshifted).
 */
public final class RoiAlignSampling {

    private RoiAlignSampling() {
    }

    /**
     * torchvision's {@code roi_align(features, rois, (outH, outW), spatialScale, samplingRatio, aligned)}.
     *
     * @param features (N, C, H, W)
     * @param rois     (K, 5) rows (batchIndex, x1, y1, x2, y2) in image coordinates
     * @return (K, C, outH, outW), float64
     */
    public static NDArray forward(NDArray features, NDArray rois, int outH, int outW, double spatialScale,
                                  int samplingRatio, boolean aligned) {
        return pool(features, featureBoxes(rois, spatialScale, aligned ? 0.5 : 0), outH, outW, samplingRatio,
                !aligned);
    }

    /**
     * The rois on the feature map: rows {@code (batchIndex, x1 * s - offset, y1 * s - offset,
     * x2 * s - offset, y2 * s - offset)}, read to the host (their sizes decide the adaptive grids).
     */
    public static double[][] featureBoxes(NDArray rois, double spatialScale, double offset) {
        double[] r = rois.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] boxes = new double[r.length / 5][5];
        for (int k = 0; k < boxes.length; k++) {
            boxes[k][0] = r[5 * k];
            for (int j = 1; j < 5; j++) {
                boxes[k][j] = r[5 * k + j] * spatialScale - offset;
            }
        }
        return boxes;
    }

    /**
     * RoI Align of boxes already on the feature map, all rois at once.
     *
     * @param boxes           rows (batchIndex, x1, y1, x2, y2) in feature-map coordinates
     * @param samplingRatio   samples per bin and axis; 0 or less: {@code ceil(roi size / bins)}
     * @param atLeastOnePixel force the roi's width and height to at least 1 (torchvision's unaligned mode)
     * @return (K, C, outH, outW), float64
     */
    public static NDArray pool(NDArray features, double[][] boxes, int outH, int outW, int samplingRatio,
                               boolean atLeastOnePixel) {
        return pool(features, boxes, outH, outW, samplingRatio, atLeastOnePixel, true);
    }

    /**
     * As {@link #pool(NDArray, double[][], int, int, int, boolean)}; with {@code farSamplesZero}
     * false, samples beyond one pixel outside the map read the border instead of 0 (a mistake).
     */
    public static NDArray pool(NDArray features, double[][] boxes, int outH, int outW, int samplingRatio,
                               boolean atLeastOnePixel, boolean farSamplesZero) {
        NDManager m = features.getManager();
        NDArray x = features.toType(DataType.FLOAT64, false);
        long[] shape = x.getShape().getShape();
        int k = boxes.length;
        double[] image = new double[k];
        double[][] y = new double[3][k];   // start, length, grid of every roi along y
        double[][] xs = new double[3][k];
        for (int i = 0; i < k; i++) {
            double[] box = boxes[i];
            image[i] = box[0];
            double width = box[3] - box[1];
            double height = box[4] - box[2];
            if (atLeastOnePixel) {
                width = Math.max(width, 1);
                height = Math.max(height, 1);
            }
            y[0][i] = box[2];
            y[1][i] = height;
            y[2][i] = samplingRatio > 0 ? samplingRatio : Math.ceil(height / outH);
            xs[0][i] = box[1];
            xs[1][i] = width;
            xs[2][i] = samplingRatio > 0 ? samplingRatio : Math.ceil(width / outW);
        }
        if (k == 0) {
            return m.zeros(new Shape(0, shape[1], outH, outW), DataType.FLOAT64);
        }
        NDArray rows = axisWeights(m, y[0], y[1], y[2], outH, (int) shape[2], farSamplesZero);     // (K, outH, H)
        NDArray cols = axisWeights(m, xs[0], xs[1], xs[2], outW, (int) shape[3], farSamplesZero);  // (K, outW, W)
        // Each roi's image, picked by a one-hot (K, N) matrix: (K, C, H, W).
        NDArray pick = m.create(image).reshape(k, 1).eq(m.arange((int) shape[0]).toType(DataType.FLOAT64, false)
                .reshape(1, shape[0])).toType(DataType.FLOAT64, false);
        NDArray maps = pick.matMul(x.reshape(shape[0], -1)).reshape(k, shape[1], shape[2], shape[3]);
        return rows.expandDims(1).matMul(maps).matMul(cols.transpose(0, 2, 1).expandDims(1));
    }

    /**
     * The interpolation matrices of one axis, one per roi: row {@code p} of roi {@code k} is the
     * mean, over the {@code grid[k]} samples {@code start[k] + (p + (i + 0.5) / grid[k]) * length[k] / bins}
     * of bin {@code p}, of their bilinear weights over the {@code size} pixels: 0 for a sample below
     * -1 or above {@code size} (when {@code farSamplesZero}), otherwise the weights of the position
     * clamped to {@code [0, size - 1]}. A roi with a grid of 0 (an empty adaptive grid) has a zero matrix.
     *
     * @return a (K, bins, size) float64 array
     */
    public static NDArray axisWeights(NDManager m, double[] start, double[] length, double[] grid, int bins,
                                      int size, boolean farSamplesZero) {
        int k = start.length;
        double most = 1;
        for (double g : grid) {
            most = Math.max(most, g);
        }
        // Rois with smaller grids get padded samples of weight 0; a grid of 0 divides by 1 instead.
        NDArray gridK = m.create(grid).reshape(k, 1, 1);
        NDArray step = gridK.maximum(1.0);
        NDArray sample = m.arange((int) most).toType(DataType.FLOAT64, false).reshape(1, 1, -1);
        NDArray bin = m.arange(bins).toType(DataType.FLOAT64, false).reshape(1, -1, 1);
        NDArray position = bin.add(sample.add(0.5).div(step)).mul(m.create(length).reshape(k, 1, 1).div(bins))
                .add(m.create(start).reshape(k, 1, 1));                                   // (K, bins, most)
        NDArray used = sample.lt(gridK);
        if (farSamplesZero) {
            used = used.logicalAnd(position.gte(-1.0)).logicalAnd(position.lte((double) size));
        }
        NDArray weight = used.toType(DataType.FLOAT64, false).div(step);
        NDArray clamped = position.clip(0, size - 1);
        NDArray low = clamped.floor();
        NDArray frac = clamped.sub(low).expandDims(3);
        NDArray high = low.add(1).minimum(size - 1);
        NDArray pixels = m.arange(size).toType(DataType.FLOAT64, false).reshape(1, 1, 1, size);
        NDArray bilinear = pixels.eq(low.expandDims(3)).toType(DataType.FLOAT64, false).mul(frac.neg().add(1))
                .add(pixels.eq(high.expandDims(3)).toType(DataType.FLOAT64, false).mul(frac));
        return bilinear.mul(weight.expandDims(3)).sum(new int[] {2});
    }
}
