package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.IntStream;

/**
 * Non-maximum suppression on an {@code (N, N)} IoU matrix computed on the oracle's device
 * ({@link BoxIou}): greedy, class-aware and soft (linear and Gaussian), with the conventions of the
 * {@code nms} exercise.
 *
 * <p>Every decision about a pair of boxes (IoU above the threshold, same class, the soft-NMS decay
 * weight) is computed on the device as a whole {@code (N, N)} matrix; only the selection, which is
 * sequential by nature, runs on the host: a queue of indices in descending score order (a stable
 * sort, so ties go to the lower index) and a mask of suppressed boxes, where each kept box marks at
 * once every box it suppresses.
 *
 * <p>Soft-NMS is Bodla et al., "Soft-NMS: Improving Object Detection With One Line of Code", ICCV
 * 2017 (arXiv:1704.04503): each step selects the box with the highest current score and multiplies
 * the score of every remaining box by a weight of their IoU; a box whose score falls below the score
 * threshold is dropped.
 */
public final class NmsOracle {

    private NmsOracle() {
    }

    /** Kept indices and their (decayed) scores, in the order they were selected. */
    public record Soft(int[] indices, double[] scores) {
    }

    /** The indices {@code 0 .. N - 1} by descending score, ties to the lower index (a stable sort). */
    public static int[] scoreOrder(double[] scores) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
                .mapToInt(Integer::intValue).toArray();
    }

    /** {@code (N, N)} boolean: box {@code i}, once kept, suppresses box {@code j} when {@code IoU > threshold}. */
    public static NDArray suppresses(NDArray iou, double threshold) {
        return iou.gt(threshold);
    }

    /** {@code (N, N)} boolean: the two boxes have the same label. */
    public static NDArray sameClass(NDManager manager, int[] labels) {
        NDArray l = manager.create(labels);
        return l.reshape(-1, 1).eq(l.reshape(1, -1));
    }

    /** Greedy NMS: the kept indices in descending score order. */
    public static int[] greedy(NDArray iou, double[] scores, double threshold) {
        return greedy(suppresses(iou, threshold), scoreOrder(scores));
    }

    /** Class-aware NMS: boxes suppress only boxes of their own label. */
    public static int[] batched(NDArray iou, double[] scores, int[] labels, double threshold) {
        NDArray mask = suppresses(iou, threshold).logicalAnd(sameClass(iou.getManager(), labels));
        return greedy(mask, scoreOrder(scores));
    }

    /**
     * The greedy selection: candidates leave the queue in {@code order}; one that no kept box has
     * suppressed is kept, and suppresses its row of {@code suppresses}.
     *
     * @param suppresses {@code (N, N)} boolean, {@code [i, j]} true when kept box {@code i} removes box {@code j}
     * @param order      the order in which candidates are considered, a permutation of {@code 0 .. N - 1}, or
     *                   a part of one (a mistake that leaves boxes out: those are never kept and suppress nothing)
     * @return the kept indices, in the order they were kept
     */
    public static int[] greedy(NDArray suppresses, int[] order) {
        int n = Math.toIntExact(suppresses.getShape().get(0));
        boolean[] mask = suppresses.toBooleanArray();
        boolean[] suppressed = new boolean[n];
        Deque<Integer> queue = new ArrayDeque<>();
        Arrays.stream(order).forEach(queue::add);
        int[] kept = new int[n];
        int count = 0;
        while (!queue.isEmpty()) {
            int i = queue.poll();
            if (suppressed[i]) {
                continue;
            }
            kept[count++] = i;
            for (int j = 0; j < n; j++) {
                suppressed[j] |= mask[i * n + j];
            }
        }
        return Arrays.copyOf(kept, count);
    }

    /** {@code (N, N)} linear soft-NMS weights: {@code 1 - IoU} where {@code IoU > nt}, else 1. */
    public static NDArray linearWeights(NDArray iou, double nt) {
        return NDArrays.where(iou.gt(nt), iou.neg().add(1), iou.onesLike());
    }

    /** {@code (N, N)} Gaussian soft-NMS weights: {@code exp(-IoU^2 / sigma)} for every pair. */
    public static NDArray gaussianWeights(NDArray iou, double sigma) {
        return iou.square().neg().div(sigma).exp();
    }

    /**
     * Soft-NMS with a precomputed weight matrix: boxes whose score is below {@code scoreThreshold}
     * are dropped at the start; then, until none is left, the box with the highest current score
     * (ties to the lower index) is selected, and every remaining box {@code j} has its score
     * multiplied by {@code weights[i, j]} and is dropped if it falls below {@code scoreThreshold}.
     *
     * @param weights {@code (N, N)} float64, {@code [i, j]} the factor selected box {@code i} applies to box {@code j}
     */
    public static Soft soft(NDArray weights, double[] scores, double scoreThreshold) {
        return soft(weights, scores, scoreThreshold, true);
    }

    /**
     * The mistake of selecting by the original scores: boxes are visited once in their initial
     * score order (as in greedy NMS), so a box whose score decayed is still selected before boxes
     * that now score higher. Scores decay as in {@link #soft(NDArray, double[], double)}.
     */
    public static Soft softWithoutReordering(NDArray weights, double[] scores, double scoreThreshold) {
        return soft(weights, scores, scoreThreshold, false);
    }

    private static Soft soft(NDArray weights, double[] scores, double scoreThreshold, boolean reorder) {
        int n = scores.length;
        double[] w = weights.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] current = scores.clone();
        boolean[] alive = new boolean[n];
        for (int j = 0; j < n; j++) {
            alive[j] = current[j] >= scoreThreshold;
        }
        int[] initialOrder = scoreOrder(scores);
        int[] indices = new int[n];
        double[] kept = new double[n];
        int count = 0;
        while (true) {
            int i = reorder ? highestAlive(current, alive) : firstAlive(initialOrder, alive);
            if (i < 0) {
                break;
            }
            indices[count] = i;
            kept[count++] = current[i];
            alive[i] = false;
            for (int j = 0; j < n; j++) {
                if (alive[j]) {
                    current[j] *= w[i * n + j];
                    alive[j] = current[j] >= scoreThreshold;
                }
            }
        }
        return new Soft(Arrays.copyOf(indices, count), Arrays.copyOf(kept, count));
    }

    /** The alive box with the highest current score, the lowest index among equals; -1 if none. */
    private static int highestAlive(double[] current, boolean[] alive) {
        int best = -1;
        for (int j = 0; j < current.length; j++) {
            if (alive[j] && (best < 0 || current[j] > current[best])) {
                best = j;
            }
        }
        return best;
    }

    private static int firstAlive(int[] order, boolean[] alive) {
        for (int i : order) {
            if (alive[i]) {
                return i;
            }
        }
        return -1;
    }
}
