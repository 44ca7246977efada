package deepdrill.week4;

/**
 * The standard metrics of semantic segmentation, computed from a predicted and a true label map:
 * pixel accuracy, per-class intersection over union (IoU, the Jaccard index), mean IoU (the
 * headline number of PASCAL VOC and Cityscapes) and the Dice coefficient (the F1 score of
 * medical imaging).
 *
 * <h2>The idea</h2>
 * Everything follows from the confusion matrix {@code M (K, K)}: {@code M[t][p]} counts the pixels
 * of true class {@code t} predicted as class {@code p}. For one class {@code c}, the true
 * positives are the pixels predicted {@code c} that are {@code c}; the false positives are
 * predicted {@code c} but are not; the false negatives are {@code c} but were predicted as
 * something else.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   P  number of pixels     K  number of classes, labelled 0 .. K - 1 (0 is often the background)
 *
 *   predicted  int[P]       the predicted class of every pixel (a flattened label map)
 *   target     int[P]       the true class of every pixel, in the same order
 *
 *   TP_c = #{i : predicted[i] == c and target[i] == c}
 *   FP_c = #{i : predicted[i] == c and target[i] != c}
 *   FN_c = #{i : predicted[i] != c and target[i] == c}
 *
 *   pixel accuracy = #{i : predicted[i] == target[i]} / P          (every pixel, background included)
 *   IoU_c          = TP_c / (TP_c + FP_c + FN_c)                    (intersection / union of the two masks)
 *   Dice_c         = 2 TP_c / (2 TP_c + FP_c + FN_c)                (2 |A and B| / (|A| + |B|))
 *   mean IoU       = the mean of IoU_c over the classes present in predicted or target
 * </pre>
 *
 * <h2>The convention: absent classes</h2>
 * A class that appears in neither map has {@code 0 / 0}: its IoU and its Dice are
 * {@code Double.NaN} ("undefined", not 0 and not 1), and the mean IoU leaves those classes out
 * (like {@code numpy.nanmean}). A class that appears in only one of the two maps has IoU 0 and
 * Dice 0 and does count in the mean. Labels outside {@code [0, K)}, or maps of different lengths,
 * are rejected with an {@link IllegalArgumentException}. Metrics here are for one image (or
 * for pixels pooled over a data set, by concatenating the maps).
 *
 * <h2>What interviewers ask</h2>
 * "Why not just pixel accuracy?" (the background dominates: predicting background everywhere
 * scores 90% on an image that is 90% background, but its IoU for the object is 0). "IoU vs Dice?"
 * ({@code Dice = 2 IoU / (1 + IoU)}: the same ranking per class, Dice is always the larger; Dice is
 * differentiable as a soft loss, popular for small structures in medical images). "What do you
 * do with a class absent from an image?" (leave it out of the mean, as here, or pool over the
 * data set before dividing). "Per-image or data-set mean IoU?" (benchmarks accumulate one
 * confusion matrix over the whole data set).
 *
 * <h2>Hint</h2>
 * Build the {@code K x K} confusion matrix in one pass over the pixels; every metric is then a
 * few lines over its diagonal, row sums ({@code TP + FN}) and column sums ({@code TP + FP}).
 *
 * @see <a href="https://en.wikipedia.org/wiki/Jaccard_index">Jaccard index (IoU)</a>
 * @see <a href="https://en.wikipedia.org/wiki/S%C3%B8rensen%E2%80%93Dice_coefficient">Sørensen-Dice
 *      coefficient</a>
 * @see <a href="https://arxiv.org/abs/1411.4038">Long, Shelhamer and Darrell, Fully convolutional
 *      networks for semantic segmentation (2015), section 5: the metrics</a>
 */
public final class SegMetrics {

    private SegMetrics() {
    }

    /**
     * The fraction of pixels whose predicted class is the true class.
     *
     * @param predicted the predicted class of every pixel; not modified
     * @param target    the true class of every pixel, the same length; not modified
     * @return a number in [0, 1]
     * @throws IllegalArgumentException if the lengths differ or are 0
     */
    public static double pixelAccuracy(int[] predicted, int[] target) {
        if (predicted.length != target.length || predicted.length == 0) {
            throw new IllegalArgumentException("predicted and target must have the same, non-zero length");
        }
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == target[i]) {
                correct++;
            }
        }
        return correct / (double) predicted.length;
    }

    /**
     * Intersection over union of every class.
     *
     * @param predicted  the predicted class of every pixel, each in [0, numClasses); not modified
     * @param target     the true class of every pixel, the same length; not modified
     * @param numClasses K, at least 1
     * @return K values: IoU_c in [0, 1], or NaN for a class in neither map
     * @throws IllegalArgumentException if the lengths differ or a label is outside [0, numClasses)
     */
    public static double[] perClassIou(int[] predicted, int[] target, int numClasses) {
        long[][] m = confusion(predicted, target, numClasses);
        double[] iou = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            long tp = m[c][c];
            long union = rowSum(m, c) + columnSum(m, c) - tp;
            iou[c] = union == 0 ? Double.NaN : tp / (double) union;
        }
        return iou;
    }

    /**
     * The mean of the per-class IoU over the classes present in either map.
     *
     * @param predicted  the predicted class of every pixel, each in [0, numClasses); not modified
     * @param target     the true class of every pixel, the same length; not modified
     * @param numClasses K, at least 1
     * @return a number in [0, 1], or NaN when no class is present at all (empty maps: 0 / 0 again)
     * @throws IllegalArgumentException if the lengths differ or a label is outside [0, numClasses)
     */
    public static double meanIou(int[] predicted, int[] target, int numClasses) {
        double sum = 0;
        int present = 0;
        for (double v : perClassIou(predicted, target, numClasses)) {
            if (!Double.isNaN(v)) {
                sum += v;
                present++;
            }
        }
        return sum / present;
    }

    /**
     * The Dice coefficient of every class.
     *
     * @param predicted  the predicted class of every pixel, each in [0, numClasses); not modified
     * @param target     the true class of every pixel, the same length; not modified
     * @param numClasses K, at least 1
     * @return K values: Dice_c in [0, 1], or NaN for a class in neither map
     * @throws IllegalArgumentException if the lengths differ or a label is outside [0, numClasses)
     */
    public static double[] dice(int[] predicted, int[] target, int numClasses) {
        long[][] m = confusion(predicted, target, numClasses);
        double[] dice = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            long sizes = rowSum(m, c) + columnSum(m, c);   // |target mask| + |predicted mask|
            dice[c] = sizes == 0 ? Double.NaN : 2.0 * m[c][c] / sizes;
        }
        return dice;
    }

    // m[t][p]: how many pixels of true class t were predicted as class p.
    private static long[][] confusion(int[] predicted, int[] target, int numClasses) {
        if (predicted.length != target.length) {
            throw new IllegalArgumentException("predicted has " + predicted.length + " pixels, target "
                    + target.length);
        }
        long[][] m = new long[numClasses][numClasses];
        for (int i = 0; i < predicted.length; i++) {
            int p = predicted[i];
            int t = target[i];
            if (p < 0 || p >= numClasses || t < 0 || t >= numClasses) {
                throw new IllegalArgumentException("pixel " + i + ": labels must be in [0, " + numClasses + ")");
            }
            m[t][p]++;
        }
        return m;
    }

    private static long rowSum(long[][] m, int row) {
        long sum = 0;
        for (long v : m[row]) {
            sum += v;
        }
        return sum;
    }

    private static long columnSum(long[][] m, int column) {
        long sum = 0;
        for (long[] row : m) {
            sum += row[column];
        }
        return sum;
    }
}
