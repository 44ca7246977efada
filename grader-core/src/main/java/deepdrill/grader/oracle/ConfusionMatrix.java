package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Segmentation metrics from a confusion matrix built on the oracle's device with one-hot
 * encodings and one matrix product: {@code M = onehot(target)^T onehot(predicted)}, so that
 * {@code M[t, p]} counts the pixels of true class {@code t} predicted as {@code p}. Its diagonal
 * holds the true positives, its row sums {@code TP + FN}, its column sums {@code TP + FP}. A class
 * in neither map has 0 / 0, which the engine turns into NaN, the convention of the exercise.
 */
public final class ConfusionMatrix {

    private ConfusionMatrix() {
    }

    /**
     * @param predicted  predicted labels, each in [0, numClasses)
     * @param target     true labels, the same length
     * @param numClasses K
     * @return the (K, K) float64 confusion matrix, true class first
     */
    public static NDArray of(NDManager manager, int[] predicted, int[] target, int numClasses) {
        return oneHot(manager, target, numClasses).transpose().matMul(oneHot(manager, predicted, numClasses));
    }

    private static NDArray oneHot(NDManager manager, int[] labels, int numClasses) {
        NDArray classes = manager.arange(numClasses).reshape(1, numClasses);
        return manager.create(labels).reshape(labels.length, 1).eq(classes).toType(DataType.FLOAT64, false);
    }

    /** The true positives of every class: the diagonal. */
    public static NDArray truePositives(NDArray m) {
        int k = (int) m.getShape().get(0);
        return m.mul(m.getManager().eye(k).toType(DataType.FLOAT64, false)).sum(new int[] {1});
    }

    /** TP + FP + FN of every class: the size of the union of its two masks. */
    public static NDArray unions(NDArray m) {
        return m.sum(new int[] {1}).add(m.sum(new int[] {0})).sub(truePositives(m));
    }

    /** The fraction of pixels on the diagonal. */
    public static double pixelAccuracy(NDArray m) {
        return truePositives(m).sum().div(m.sum()).getDouble();
    }

    /** The fraction of the pixels of classes 1 .. K - 1 that are right: background left out. */
    public static double foregroundAccuracy(NDArray m) {
        NDArray foreground = m.get(new NDIndex("1:"));
        return truePositives(m).get(new NDIndex("1:")).sum().div(foreground.sum()).getDouble();
    }

    /** TP / (TP + FP + FN) per class; NaN for a class in neither map. */
    public static NDArray iou(NDArray m) {
        return truePositives(m).div(unions(m));
    }

    /** 2 TP / (2 TP + FP + FN) per class; NaN for a class in neither map. */
    public static NDArray dice(NDArray m) {
        NDArray tp = truePositives(m);
        return tp.mul(2).div(m.sum(new int[] {1}).add(m.sum(new int[] {0})));
    }

    /**
     * The mean IoU over the classes present in either map, or, with {@code absentAsZero}, over all
     * K classes with the absent ones counted as 0 (a known mistake).
     */
    public static double meanIou(NDArray m, boolean absentAsZero) {
        NDArray unions = unions(m);
        NDArray present = unions.gt(0).toType(DataType.FLOAT64, false);
        NDArray iouOrZero = truePositives(m).div(unions.maximum(1.0)).mul(present);
        NDArray count = absentAsZero ? present.onesLike().sum() : present.sum();
        return iouOrZero.sum().div(count).getDouble();
    }
}
