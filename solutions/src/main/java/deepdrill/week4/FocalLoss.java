package deepdrill.week4;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sigmoid focal loss of RetinaNet: binary cross-entropy with every term scaled down by how
 * well it is already classified, so that the ~100 000 easy background anchors of a one-stage
 * detector do not drown the few hard ones.
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   logits   x, any shape (typically (anchors, classes)); one independent binary problem per element
 *   targets  t, the same shape, every value 0 or 1
 *   alpha    the weight of the positives, in [0, 1]; a negative alpha means no weighting (alpha_t = 1)
 *   gamma    the focusing parameter, at least 0
 *
 *   p     = sigmoid(x)
 *   p_t   = p        if t == 1,   1 - p      if t == 0      (the probability of the right answer)
 *   alpha_t = alpha  if t == 1,   1 - alpha  if t == 0
 *   FL    = -alpha_t * (1 - p_t)^gamma * log(p_t)          (per element, the shape of x)
 *   mean  = sum(FL) / (number of elements)                 sum = sum(FL)
 * </pre>
 *
 * <h2>The convention: torchvision's sigmoid_focal_loss</h2>
 * The per-element loss and its {@code "mean"} and {@code "sum"} reductions follow
 * {@code torchvision.ops.sigmoid_focal_loss}: the mean is over ALL elements. RetinaNet itself
 * normalises the sum by the number of anchors assigned to an object (the positives), not by the
 * number of elements: the easy negatives add almost nothing to the sum, so dividing by all
 * anchors would make the loss vanish. That choice is a favourite interview question; for
 * RetinaNet's normalisation, divide {@link #sum} by the number of positives. With {@code gamma = 0} the loss is the
 * alpha-weighted binary cross-entropy; {@code alpha = 0.25, gamma = 2} are the paper's defaults
 * (alpha weights the positives down, because gamma already silences the easy negatives).
 *
 * <h2>Numerical stability</h2>
 * {@code log(sigmoid(x))} as written fails: for {@code x = 100}, {@code 1 - sigmoid(x)} is exactly 0
 * in double and {@code log(0) = -Infinity}, and the loss becomes {@code Infinity} or {@code NaN}.
 * Use the log-sigmoid form: {@code log(p) = -softplus(-x)} and {@code log(1 - p) = -softplus(x)},
 * with {@code softplus(z) = max(z, 0) + log1p(exp(-|z|))}, which never overflows; then
 * {@code -log(p_t)} is binary cross-entropy with logits. Compute {@code sigmoid} without
 * {@code exp} of a large positive number too.
 *
 * <h2>The gradient</h2>
 * With {@code s = +1} for a positive and {@code -1} for a negative, {@code p_t = sigmoid(s x)} and
 * {@code q = 1 - p_t}:
 * <pre>
 *   dFL/dx = alpha_t * s * q^gamma * (gamma * p_t * log(p_t) - q)
 * </pre>
 * (for {@code gamma = 0} and alpha unweighted this is {@code p - t}, the BCE gradient).
 *
 * <h2>What interviewers ask</h2>
 * "Why does focal loss help one-stage detectors?" (class imbalance: the modulating factor
 * {@code (1 - p_t)^gamma} is about 0 for well-classified examples, so the loss concentrates on hard
 * ones). "What do alpha and gamma do, and what values did the paper use?" (0.25 and 2). "How is
 * it normalised?" (by the number of positive anchors in RetinaNet). "Why initialise the last
 * layer's bias to {@code -log((1 - pi) / pi)}, pi = 0.01?" (so that the first iterations are not
 * swamped by the loss of the background).
 *
 * <h2>Hint</h2>
 * One loop over flat copies ({@code x.dup('c').data().asDouble()}); return per-element values
 * and gradients with {@code Nd4j.create(out, logits.shape(), logits.dataType())}.
 *
 * @see <a href="https://arxiv.org/abs/1708.02002">Lin, Goyal, Girshick, He and Dollár, Focal loss for dense
 *      object detection (2017)</a>
 * @see <a href="https://pytorch.org/vision/stable/generated/torchvision.ops.sigmoid_focal_loss.html">torchvision,
 *      sigmoid_focal_loss</a>
 */
public final class FocalLoss {

    private FocalLoss() {
    }

    /**
     * The focal loss of every element.
     *
     * @param logits  x, any shape, not empty; not modified
     * @param targets t, the shape of {@code logits}, every value 0 or 1; not modified
     * @param alpha   the weight of the positives in [0, 1], or negative for no weighting
     * @param gamma   the focusing parameter, at least 0
     * @return a new array of the shape and data type of {@code logits}
     * @throws IllegalArgumentException if the shapes differ, the arrays are empty, a target is not 0
     *                                  or 1, alpha is above 1 or gamma is negative
     */
    public static INDArray perElement(INDArray logits, INDArray targets, double alpha, double gamma) {
        double[] x = logits.dup('c').data().asDouble();
        double[] t = checkedTargets(logits, targets, alpha, gamma);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = t[i] == 1 ? x[i] : -x[i];   // the logit of the right answer: p_t = sigmoid(s)
            double q = sigmoid(-s);                 // 1 - p_t, computed without cancellation
            out[i] = weight(t[i], alpha) * Math.pow(q, gamma) * softplus(-s);   // -log(p_t) = softplus(-s)
        }
        return Nd4j.create(out, logits.shape(), logits.dataType());
    }

    /**
     * The mean of {@link #perElement} over all elements (torchvision's {@code reduction="mean"}).
     *
     * @return sum(FL) / number of elements
     * @throws IllegalArgumentException as {@link #perElement}
     */
    public static double mean(INDArray logits, INDArray targets, double alpha, double gamma) {
        return sum(logits, targets, alpha, gamma) / logits.length();
    }

    /**
     * The sum of {@link #perElement} over all elements (what RetinaNet divides by its number of
     * positive anchors).
     *
     * @return sum(FL)
     * @throws IllegalArgumentException as {@link #perElement}
     */
    public static double sum(INDArray logits, INDArray targets, double alpha, double gamma) {
        double total = 0;
        for (double v : perElement(logits, targets, alpha, gamma).dup('c').data().asDouble()) {
            total += v;
        }
        return total;
    }

    /**
     * The gradient of {@link #sum} with respect to the logits: dFL/dx of every element.
     *
     * @return a new array of the shape and data type of {@code logits}
     * @throws IllegalArgumentException as {@link #perElement}
     */
    public static INDArray dlogits(INDArray logits, INDArray targets, double alpha, double gamma) {
        double[] x = logits.dup('c').data().asDouble();
        double[] t = checkedTargets(logits, targets, alpha, gamma);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double sign = t[i] == 1 ? 1 : -1;
            double s = sign * x[i];
            double pt = sigmoid(s);
            double q = sigmoid(-s);
            double logPt = -softplus(-s);
            out[i] = weight(t[i], alpha) * sign * Math.pow(q, gamma) * (gamma * pt * logPt - q);
        }
        return Nd4j.create(out, logits.shape(), logits.dataType());
    }

    // alpha_t; a negative alpha switches the weighting off, as in torchvision.
    private static double weight(double target, double alpha) {
        if (alpha < 0) {
            return 1;
        }
        return target == 1 ? alpha : 1 - alpha;
    }

    // log(1 + exp(z)) without overflow: exp is only taken of a non-positive number.
    private static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    private static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    private static double[] checkedTargets(INDArray logits, INDArray targets, double alpha, double gamma) {
        if (!Arrays.equals(logits.shape(), targets.shape())) {
            throw new IllegalArgumentException("logits " + Arrays.toString(logits.shape()) + " and targets "
                    + Arrays.toString(targets.shape()) + " must have the same shape");
        }
        if (logits.length() == 0) {
            throw new IllegalArgumentException("logits must not be empty");
        }
        if (alpha > 1 || Double.isNaN(alpha)) {
            throw new IllegalArgumentException("alpha must be at most 1 (negative for no weighting), got " + alpha);
        }
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be a finite number at least 0, got " + gamma);
        }
        double[] t = targets.dup('c').data().asDouble();
        for (double v : t) {
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException("targets must be 0 or 1, got " + v);
            }
        }
        return t;
    }
}
