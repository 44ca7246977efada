package deepdrill.week4;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RoI Align: cuts a fixed-size feature grid out of a feature map for every region of interest
 * (a proposal box), the step between the region proposal network and the box and mask heads of a
 * two-stage detector. Introduced with Mask R-CNN (He, Gkioxari, Dollar and Girshick 2017,
 * arXiv:1703.06870); this exercise follows {@code torchvision.ops.roi_align} exactly.
 *
 * <h2>The idea</h2>
 * A box in image coordinates is scaled onto the feature map (a stride-8 backbone has
 * {@code spatialScale = 1/8}), split into {@code outputHeight x outputWidth} equal bins, and each
 * bin becomes the average of a few bilinear samples taken at regularly spaced points inside it.
 * No coordinate is ever rounded: the samples sit at real-valued positions, and bilinear
 * interpolation reads the feature map there.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  images    C  channels    H, W  feature-map height and width    K  number of rois
 *   PH, PW  outputHeight, outputWidth        s  spatialScale        G  samplingRatio
 *
 *   features  (N, C, H, W)   any data type (the result keeps it)
 *   rois      (K, 5)         rows (batchIndex, x1, y1, x2, y2), in input-image coordinates;
 *                            batchIndex is an integer in [0, N) naming the image of the roi
 *   out       (K, C, PH, PW) out[k, c] is roi k cut out of channel c of image batchIndex
 * </pre>
 *
 * <h2>The formula (torchvision's)</h2>
 * <pre>
 *   offset = aligned ? 0.5 : 0
 *   startX = x1 * s - offset      endX = x2 * s - offset        (likewise startY, endY from y1, y2)
 *   roiW = endX - startX          roiH = endY - startY
 *   if (!aligned) { roiW = max(roiW, 1); roiH = max(roiH, 1); }   (no clamp when aligned)
 *   binW = roiW / PW              binH = roiH / PH
 *   gridW = G > 0 ? G : ceil(roiW / PW)      gridH = G > 0 ? G : ceil(roiH / PH)   (adaptive when G <= 0)
 *
 *   sample (iy, ix) of bin (ph, pw), for iy in [0, gridH) and ix in [0, gridW):
 *     y = startY + ph * binH + (iy + 0.5) * binH / gridH
 *     x = startX + pw * binW + (ix + 0.5) * binW / gridW
 *   out[k, c, ph, pw] = (sum of bilinear(features[batchIndex, c], y, x) over the samples) / max(gridH * gridW, 1)
 * </pre>
 *
 * <h2>Bilinear sampling and the border rule</h2>
 * <pre>
 *   if (y < -1 || y > H || x < -1 || x > W) the sample is 0         (but still counts in the average)
 *   y = max(y, 0); x = max(x, 0)
 *   y0 = floor(y); if (y0 >= H - 1) { y0 = y1 = H - 1; y = y0; } else { y1 = y0 + 1; }   (likewise x0, x1)
 *   ly = y - y0, lx = x - x0
 *   bilinear = (1 - ly) * ((1 - lx) * f[y0][x0] + lx * f[y0][x1]) + ly * ((1 - lx) * f[y1][x0] + lx * f[y1][x1])
 * </pre>
 * So a sample up to one pixel outside the map reads the border, a sample further out is 0, and a
 * roi partly outside the map is averaged over samples some of which are 0.
 *
 * <h2>The convention: aligned and the -0.5</h2>
 * Pixel {@code i} of the feature map is a unit square whose centre is at {@code i + 0.5} in
 * continuous coordinates, but bilinear interpolation indexes pixels by their centres
 * ({@code f[i]} is the value at position {@code i}). With {@code aligned = true} (what Detectron2
 * and current torchvision models use) the scaled box is shifted by {@code -0.5} to move from
 * continuous coordinates to pixel-centre indices: a box covering exactly pixel {@code i}, from
 * {@code i} to {@code i + 1}, is then centred on position {@code i} (with one sample per bin it
 * returns {@code f[i]} itself). The original Mask R-CNN code ({@code aligned = false}) did not
 * shift, so that box was centred on {@code i + 0.5}, half a pixel off, between pixels {@code i}
 * and {@code i + 1}; it also forced every roi to be at least 1 x 1.
 *
 * <h2>What interviewers ask</h2>
 * "Why did RoI Align replace RoI Pool?" RoI Pool (Fast R-CNN) quantises twice: it rounds the
 * scaled box to integer feature cells, then splits it into bins with integer boundaries, and
 * max-pools each bin. On a stride-16 map, rounding a coordinate moves the box by up to 8 image
 * pixels: harmless for classification, but it misaligns the features with the object, which
 * ruins pixel-accurate masks and small boxes. RoI Align keeps every coordinate real-valued and
 * samples by bilinear interpolation; Mask R-CNN reports large mask and box AP gains from this
 * alone. Also asked: "Is it differentiable?" (yes, in the features: the output is a weighted sum
 * of feature values; the gradient flows back to the four neighbours of every sample), "What is
 * samplingRatio?" (samples per bin axis; the paper notes that even one sample per bin, at its
 * centre, works nearly as well as four), and "Why max(roi, 1)?" (in the unaligned code, so that
 * degenerate boxes still read one pixel).
 *
 * <h2>Hint: fast data access</h2>
 * Read both inputs once ({@code features.dup('c').data().asDouble()}, where {@code (n, c, h, w)}
 * sits at {@code ((n * C + c) * H + h) * W + w}, and {@code rois.dup('c').data().asDouble()}, row
 * {@code k} at {@code 5 * k}), compute the rows and columns of every sample of one roi first
 * (the y samples depend only on {@code ph, iy}, the x samples only on {@code pw, ix}), then loop;
 * wrap the flat result with {@code Nd4j.create(out, new long[] {K, C, PH, PW}, features.dataType())}.
 *
 * @see <a href="https://arxiv.org/abs/1703.06870">He, Gkioxari, Dollar and Girshick, Mask R-CNN
 *      (2017), section 3: RoIAlign</a>
 * @see <a href="https://arxiv.org/abs/1504.08083">Girshick, Fast R-CNN (2015): RoI Pool</a>
 * @see <a href="https://pytorch.org/vision/stable/generated/torchvision.ops.roi_align.html">torchvision.ops.roi_align</a>
 */
public final class RoiAlign {

    private RoiAlign() {
    }

    /**
     * Pools every roi to an {@code outputHeight x outputWidth} grid of averaged bilinear samples.
     *
     * @param features      feature maps (N, C, H, W); not modified
     * @param rois          (K, 5) rows (batchIndex, x1, y1, x2, y2) in input-image coordinates; not modified
     * @param outputHeight  PH, the bins per roi along y, at least 1
     * @param outputWidth   PW, the bins per roi along x, at least 1
     * @param spatialScale  s, feature-map pixels per image pixel (1 / the backbone's stride), positive
     * @param samplingRatio G, samples per bin along each axis; 0 or less: {@code ceil(roi size / bins)}
     * @param aligned       shift the scaled box by -0.5 (pixel centres) and do not force it to 1 x 1
     * @return a new array (K, C, outputHeight, outputWidth) with the data type of {@code features}
     * @throws IllegalArgumentException if features is not 4-d, rois is not (K, 5), a batch index is
     *                                  not an integer in [0, N), an output size is below 1 or the
     *                                  scale is not positive
     */
    public static INDArray forward(INDArray features, INDArray rois, int outputHeight, int outputWidth,
                                   double spatialScale, int samplingRatio, boolean aligned) {
        // TODO: for every roi: scale (and shift), split into bins, average the bilinear samples of each bin.
        throw new UnsupportedOperationException("Not implemented yet: RoiAlign.forward");
    }
}
