package deepdrill.grader.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The classic losses written with DJL primitives, each the mean the losses exercise states. DJL's
 * own {@code Loss} classes fold in weights and batch axes of their own, so the formulas are spelt
 * out here, on the oracle's device, where autograd differentiates them.
 */
public final class LossOracles {

    private LossOracles() {
    }

    /** One-hot rows, (N, K), in float64: the labels as an array that the oracle can multiply with. */
    public static NDArray oneHot(NDManager manager, int[] labels, long classes) {
        double[] rows = new double[(int) (labels.length * classes)];
        for (int i = 0; i < labels.length; i++) {
            rows[(int) (i * classes + labels[i])] = 1;
        }
        return manager.create(rows, new ai.djl.ndarray.types.Shape(labels.length, classes));
    }

    /** {@code mean_n -log softmax(logits[n])[y_n]}, with PyTorch's stable {@code log_softmax}. */
    public static NDArray softmaxCrossEntropy(NDArray logits, NDArray oneHot) {
        return logits.logSoftmax(1).mul(oneHot).sum().neg().div(logits.getShape().get(0));
    }

    /**
     * {@code mean(max(z, 0) - z y + log(1 + exp(-|z|)))}: binary cross-entropy of
     * {@code sigmoid(z)} against targets {@code y}, in the form that never overflows.
     */
    public static NDArray binaryCrossEntropyWithLogits(NDArray logits, NDArray targets) {
        NDArray softplus = logits.abs().neg().exp().add(1).log();
        return logits.maximum(0).sub(logits.mul(targets)).add(softplus).mean();
    }

    /** {@code mean((p - y)^2)} over all elements. */
    public static NDArray meanSquaredError(NDArray predictions, NDArray targets) {
        return predictions.sub(targets).square().mean();
    }

    /**
     * The multiclass SVM loss with margin 1, CS231n's convention:
     * {@code (1/N) sum_n sum_{j != y_n} max(0, s[n, j] - s[n, y_n] + 1)}.
     */
    public static NDArray multiclassHinge(NDArray scores, NDArray oneHot) {
        NDArray correct = scores.mul(oneHot).sum(new int[] {1}, true);
        NDArray margins = scores.sub(correct).add(1).mul(oneHot.neg().add(1));
        return margins.maximum(0).sum().div(scores.getShape().get(0));
    }
}
