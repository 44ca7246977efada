package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareGradient;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.checks.support.Overflow;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.LossOracles;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.Losses;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code losses} against {@link LossOracles} (PyTorch's {@code log_softmax} and the stable
 * BCE-with-logits form, written with DJL primitives), their autograd gradients and centred
 * differences. Known mistakes are recognised by computing them on purpose: a sum instead of a
 * mean, a forgotten {@code 1/N}, the factor 2 of MSE left out, the correct class counted in the
 * hinge loss; NaN or an infinity where the answer is finite is named as an overflow, by what the
 * rows with a non-finite gradient show (a maximum above exp's range: not subtracted; only very
 * negative logits: a maximum started at 0).
 *
 * <p>Covered: batch 1, two classes, one element; logits near +1000 and near -1000 in the same batch
 * and 1000 * normal (beyond where float64 {@code exp} overflows and underflows), BCE logits of
 * +-1000 with hard and soft targets; hinge margins of exactly 0 (integer scores), in the loss and in
 * the gradient (no gradient there, CS231n's {@code margin > 0}); float32. The inputs must come back
 * unchanged (labels included).
 */
@ExerciseCheck
class LossesCheck {

    private static final String CE_UNSTABLE = "computed log(softmax) without subtracting the row's maximum first: "
            + "exp(1000) overflows to Infinity (and a softmax that rounds to 0 gives log(0) = -Infinity). Use "
            + "logsumexp(z) = m + log(sum_j exp(z_j - m)) with m the row's maximum, and log softmax(z)_y = z_y - "
            + "logsumexp(z).";
    private static final String CE_UNDERFLOW = "subtracted something other than the row's own maximum: row %d's "
            + "logits are all negative (largest %.6g), your dlogits for it are not finite, and exp(z - m) with m "
            + "above %.6g underflows to 0 for every j, so log(sum) = -Infinity. A running maximum that starts at 0 "
            + "instead of -Infinity does exactly this; start it at the row's first logit.";
    private static final String CE_NOT_FINITE = "produced a non-finite value in row %d (largest logit %.6g): compute "
            + "logsumexp(z) = m + log(sum_j exp(z_j - m)) with m the row's own maximum.";
    private static final String BCE_UNSTABLE = "used -y log(sigmoid(z)) - (1 - y) log(1 - sigmoid(z)) as it stands: "
            + "for z = 1000, 1 - sigmoid(z) rounds to 0 and log(0) = -Infinity (exp(-z) overflows for z = -1000). Use "
            + "the stable form max(z, 0) - z y + log(1 + exp(-|z|)), whose gradient is sigmoid(z) - y.";
    private static final String SUMMED = "summed the loss instead of taking the mean: divide by %s.";
    private static final String NO_MEAN_IN_GRADIENT = "forgot the 1/%s in dlogits: the loss is a mean, so its "
            + "gradient is divided by %s too.";
    private static final String CE_NO_ONE_HOT = "forgot to subtract the one-hot label: dL/dlogits = (softmax - "
            + "onehot(y)) / N.";
    private static final String MSE_NO_TWO = "left out the factor 2: d/dp (p - y)^2 = 2 (p - y).";
    private static final String MSE_PER_ROW = "divided by the batch size N only: the mean is over all %d elements.";
    private static final String HINGE_CORRECT_CLASS = "counted the correct class in the hinge loss: its margin "
            + "s_y - s_y + 1 = 1 adds 1 to every example's loss; sum over j != y_n only.";
    private static final String HINGE_ZERO_MARGIN = "counted a margin of exactly 0 in the gradient (margin >= 0): "
            + "max(0, margin) is flat there, and the convention is margin > 0, so such a class gets no gradient.";
    private static final String HINGE_NO_CORRECT_GRADIENT = "forgot the correct class's gradient: dL/ds[n, y_n] = "
            + "-(number of j != y_n with a positive margin) / N.";

    /**
     * A loss under test: the learner's answer, the oracle, and the wrong answers to recognise, the
     * wrong losses from the right one, the wrong gradients from the input and the right gradient.
     */
    private record Case(String call, INDArray input, Losses.LossAndGradient actual, Function<NDArray, NDArray> oracle,
                        Function<Double, List<Mistake<Double>>> wrongLosses,
                        BiFunction<NDArray, NDArray, List<Mistake<NDArray>>> wrongGradients,
                        Function<Losses.LossAndGradient, String> overflow) {
    }

    @Test
    @DisplayName("softmax cross-entropy: loss and dlogits, batch 1, two classes")
    void softmaxCrossEntropy(NDManager manager, Random random) {
        crossEntropy(manager, random, Inputs.normal(random, 4, 5).mul(2), true);
        crossEntropy(manager, random, Inputs.normal(random, 1, 3), true);   // batch 1
        crossEntropy(manager, random, Inputs.normal(random, 6, 2), true);   // two classes
        crossEntropy(manager, random, Inputs.normal(random, 3, 7).mul(4), true);
    }

    @Test
    @DisplayName("softmax cross-entropy and BCE with logits of magnitude 1000: finite, no NaN")
    void largeLogits(NDManager manager, Random random) {
        INDArray offsets = Inputs.normal(random, 4, 5).mul(3);
        double[] v = offsets.dup('c').data().asDouble();
        for (int i = 0; i < v.length; i++) {
            v[i] += (i / 5) % 2 == 0 ? 1000 : -1000;   // rows near +1000 and near -1000
        }
        crossEntropy(manager, random, Nd4j.create(v, new long[] {4, 5}, DataType.DOUBLE), true, ", rows near +1000 and -1000");
        crossEntropy(manager, random, Inputs.normal(random, 3, 4).mul(1000), true, ", 1000 * normal");   // huge losses
        INDArray z = Nd4j.create(new double[] {-1000, -800, -40, -1, 0.5, 40, 800, 1000}, new long[] {2, 4},
                DataType.DOUBLE);
        binaryCrossEntropy(manager, z, Nd4j.create(new double[] {0, 1, 1, 0, 1, 0, 0, 1}, new long[] {2, 4}, DataType.DOUBLE),
                true);
        binaryCrossEntropy(manager, z, Nd4j.create(new double[] {1, 0, 0.5, 0.3, 0, 1, 1, 0}, new long[] {2, 4},
                DataType.DOUBLE), true);
    }

    @Test
    @DisplayName("binary cross-entropy with logits: hard and soft targets, any shape")
    void binaryCrossEntropy(NDManager manager, Random random) {
        binaryCrossEntropy(manager, Inputs.normal(random, 4, 3).mul(2), bits(random, 4, 3), true);
        binaryCrossEntropy(manager, Inputs.normal(random, 5).mul(3), uniform(random, 5), true);
        binaryCrossEntropy(manager, Inputs.normal(random, 2, 3, 2), uniform(random, 2, 3, 2), true);
        binaryCrossEntropy(manager, Inputs.normal(random, 1, 1), bits(random, 1, 1), true);
    }

    @Test
    @DisplayName("mean squared error: loss and gradient, the mean over all elements")
    void mse(NDManager manager, Random random) {
        mse(manager, Inputs.normal(random, 4, 3), Inputs.normal(random, 4, 3), true);
        mse(manager, Inputs.normal(random, 6), Inputs.normal(random, 6), true);
        mse(manager, Inputs.normal(random, 2, 2, 3), Inputs.normal(random, 2, 2, 3), true);
        mse(manager, Inputs.normal(random, 1, 1), Inputs.normal(random, 1, 1), true);
    }

    @Test
    @DisplayName("multiclass hinge (SVM) loss with margin 1: loss and gradient")
    void hinge(NDManager manager, Random random) {
        hinge(manager, random, Inputs.normal(random, 4, 5), true);
        hinge(manager, random, Inputs.normal(random, 1, 3), true);   // batch 1
        hinge(manager, random, Inputs.normal(random, 5, 2).mul(0.5), true);
        hinge(manager, random, Inputs.normal(random, 3, 6).mul(3), true);   // many margins below 0
        // Integer scores make margins of exactly 0 likely: they add nothing to the loss. (The
        // gradient is not compared there: PyTorch's autograd splits a tie, CS231n's convention gives 0.)
        INDArray ties = Inputs.smallIntegers(random, 2, 4, 4);
        int[] labels = labels(random, 4, 4);
        Losses.LossAndGradient actual = Guarded.call(in -> Losses.hinge(in.copy("scores", ties),
                in.copy("labels", labels)));
        NDArray oneHot = LossOracles.oneHot(manager, labels, 4);
        double expected = LossOracles.multiclassHinge(TorchOracle.toTorch(manager, ties), oneHot).getDouble();
        String call = "hinge(scores (4, 4) of small integers, labels " + Arrays.toString(labels) + ")";
        assertLoss("loss of " + call, expected, actual.loss(), Tolerance.of(DataType.DOUBLE),
                List.of(Mistake.giving(HINGE_CORRECT_CLASS, expected + 1)));
        NDArray scores = TorchOracle.toTorch(manager, ties);
        Compare.assertClose("dlogits for " + call, Nchw.expected(hingeGradient(scores, oneHot, false), DataType.DOUBLE),
                actual.dlogits(), new Mistake<>(HINGE_ZERO_MARGIN,
                        () -> Nchw.expected(hingeGradient(scores, oneHot, true), DataType.DOUBLE)));
    }

    @Test
    @DisplayName("float32 logits give a float32 gradient")
    void float32(NDManager manager, Random random) {
        crossEntropy(manager, random, Inputs.normal(random, 4, 5).mul(2).castTo(DataType.FLOAT), false);
        binaryCrossEntropy(manager, Inputs.normal(random, 3, 4).mul(2).castTo(DataType.FLOAT),
                bits(random, 3, 4).castTo(DataType.FLOAT), false);
        mse(manager, Inputs.normal(random, 3, 4).castTo(DataType.FLOAT), Inputs.normal(random, 3, 4).castTo(DataType.FLOAT),
                false);
        hinge(manager, random, Inputs.normal(random, 3, 4).castTo(DataType.FLOAT), false);
    }

    private static void crossEntropy(NDManager manager, Random random, INDArray logits, boolean numerical) {
        crossEntropy(manager, random, logits, numerical, "");
    }

    /** @param note how the logits were made, when that matters to reproduce the case */
    private static void crossEntropy(NDManager manager, Random random, INDArray logits, boolean numerical,
                                     String note) {
        long n = logits.size(0);
        int[] labels = labels(random, (int) n, (int) logits.size(1));
        Losses.LossAndGradient actual = Guarded.call(in -> Losses.softmaxCrossEntropy(in.copy("logits", logits),
                in.copy("labels", labels)));
        NDArray oneHot = LossOracles.oneHot(manager, labels, logits.size(1));
        check(manager, new Case("softmaxCrossEntropy(logits " + Nchw.shape(logits) + note + ", labels "
                + Arrays.toString(labels) + ")",
                logits, actual, z -> LossOracles.softmaxCrossEntropy(z, oneHot),
                right -> List.of(Mistake.giving(String.format(SUMMED, "N = " + n), right * n)),
                (z, g) -> List.of(new Mistake<>(String.format(NO_MEAN_IN_GRADIENT, "N", "N = " + n), () -> g.mul(n)),
                        new Mistake<>(CE_NO_ONE_HOT, () -> z.softmax(1).div(n))),
                answer -> ceOverflow(logits, answer)), numerical);
    }

    private static void binaryCrossEntropy(NDManager manager, INDArray logits, INDArray targets, boolean numerical) {
        Losses.LossAndGradient actual = Guarded.call(in -> Losses.binaryCrossEntropyWithLogits(
                in.copy("logits", logits), in.copy("targets", targets)));
        NDArray y = TorchOracle.toTorch(manager, targets);
        long count = logits.length();
        String elements = "the number of elements, " + count;
        check(manager, new Case("binaryCrossEntropyWithLogits(logits " + brief(logits) + ", targets "
                + brief(targets) + ")", logits, actual, z -> LossOracles.binaryCrossEntropyWithLogits(z, y),
                right -> List.of(Mistake.giving(String.format(SUMMED, elements), right * count)),
                (z, g) -> List.of(new Mistake<>(String.format(NO_MEAN_IN_GRADIENT, "count", elements),
                        () -> g.mul(count))),
                answer -> BCE_UNSTABLE), numerical);
    }

    private static void mse(NDManager manager, INDArray predictions, INDArray targets, boolean numerical) {
        Losses.LossAndGradient actual = Guarded.call(in -> Losses.mse(in.copy("predictions", predictions),
                in.copy("targets", targets)));
        NDArray y = TorchOracle.toTorch(manager, targets);
        long count = predictions.length();
        long n = predictions.size(0);
        String elements = "the number of elements, " + count;
        check(manager, new Case("mse(predictions " + Nchw.shape(predictions) + ", targets " + Nchw.shape(targets) + ")",
                predictions, actual, p -> LossOracles.meanSquaredError(p, y),
                right -> List.of(Mistake.giving(String.format(SUMMED, elements), right * count),
                        Mistake.giving(String.format(MSE_PER_ROW, count), n == count ? null : right * count / n)),
                (p, g) -> List.of(new Mistake<>(MSE_NO_TWO, () -> g.div(2)),
                        new Mistake<>(String.format(NO_MEAN_IN_GRADIENT, "count", elements), () -> g.mul(count)),
                        new Mistake<>(String.format(MSE_PER_ROW, count), () -> n == count ? null
                                : g.mul(count / (double) n))),
                null), numerical);
    }

    private static void hinge(NDManager manager, Random random, INDArray scores, boolean numerical) {
        long n = scores.size(0);
        int[] labels = labels(random, (int) n, (int) scores.size(1));
        Losses.LossAndGradient actual = Guarded.call(in -> Losses.hinge(in.copy("scores", scores),
                in.copy("labels", labels)));
        NDArray oneHot = LossOracles.oneHot(manager, labels, scores.size(1));
        check(manager, new Case("hinge(scores " + Nchw.shape(scores) + ", labels " + Arrays.toString(labels) + ")",
                scores, actual, s -> LossOracles.multiclassHinge(s, oneHot),
                right -> List.of(Mistake.giving(HINGE_CORRECT_CLASS, right + 1),
                        Mistake.giving(String.format(SUMMED, "N = " + n), right * n)),
                (s, g) -> List.of(new Mistake<>(String.format(NO_MEAN_IN_GRADIENT, "N", "N = " + n), () -> g.mul(n)),
                        new Mistake<>(HINGE_NO_CORRECT_GRADIENT, () -> g.mul(oneHot.neg().add(1)))),
                null), numerical);
    }

    private static void check(NDManager manager, Case k, boolean numerical) {
        DataType type = k.input().dataType();
        String call = k.call() + (type == DataType.DOUBLE ? "" : ", " + type);
        if (k.actual() == null) {
            throw new AssertionFailedError(call + " returned null instead of LossAndGradient(loss, dlogits)");
        }
        NDArray input = TorchOracle.toTorch(manager, k.input());
        double expectedLoss = k.oracle().apply(input).getDouble();
        if (k.overflow() != null) {
            Overflow.assertFinite("loss of " + call, expectedLoss, k.actual().loss(), k.overflow().apply(k.actual()));
        }
        assertLoss("loss of " + call, expectedLoss, k.actual().loss(), Tolerance.of(type),
                k.wrongLosses().apply(expectedLoss));

        NDArray grad = Autograd.gradients(in -> k.oracle().apply(in.singletonOrThrow()), manager.create(1.0), input)[0];
        INDArray expected = Nchw.expected(grad, type);
        if (k.overflow() != null) {
            Overflow.assertFinite("dlogits for " + call, expected, k.actual().dlogits(), k.overflow().apply(k.actual()));
        }
        List<Mistake<INDArray>> mistakes = k.wrongGradients().apply(input, grad).stream()
                .map(w -> new Mistake<>(w.diagnosis(), () -> Nchw.expected(w.answer().get(), type))).toList();
        @SuppressWarnings("unchecked")
        Mistake<INDArray>[] known = mistakes.toArray(Mistake[]::new);
        CompareGradient.assertClose("dlogits for " + call, expected, numerical
                        ? NumericalGradient.ofScalar(v -> k.oracle().apply(TorchOracle.toTorch(manager, v)).getDouble(),
                                k.input()) : null,
                k.actual().dlogits(), known);
    }

    /**
     * What a non-finite cross-entropy shows, from the learner's dlogits: a row whose maximum is beyond
     * exp's range and whose gradient is not finite or does not sum to 0 (softmax - onehot always does)
     * is the forgotten maximum; failing that, a non-finite row of only very negative logits is a
     * maximum taken from the wrong start (0), whose exps all underflow.
     */
    private static String ceOverflow(INDArray logits, Losses.LossAndGradient answer) {
        int n = (int) logits.size(0);
        int k = (int) logits.size(1);
        double[] z = logits.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] g = answer.dlogits() == null || answer.dlogits().length() != z.length ? null
                : answer.dlogits().castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int first = -1;
        boolean overflows = false;
        for (int row = 0; row < n; row++) {
            boolean bad = g == null;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int j = 0; j < k; j++) {
                bad |= g != null && !Double.isFinite(g[row * k + j]);
                max = Math.max(max, z[row * k + j]);
                sum += g == null ? 0 : g[row * k + j];
            }
            first = bad && first < 0 ? row : first;
            // exp overflows above about 709.78: only code that did not subtract the maximum meets it.
            overflows |= max > 709 && (bad || Math.abs(sum) > 1e-6 / n);
        }
        if (first < 0 || overflows) {
            return CE_UNSTABLE;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z[first * k + j]);
        }
        // exp underflows to 0 below about -745.13: every exp of the row does when m is 745 above its maximum.
        return max < -745 ? String.format(Locale.ROOT, CE_UNDERFLOW, first, max, max + 745)
                : String.format(Locale.ROOT, CE_NOT_FINITE, first, max);
    }

    private static void assertLoss(String what, double expected, double actual, Tolerance tolerance,
                                   List<Mistake<Double>> wrongs) {
        List<Mistake<INDArray>> mistakes = wrongs.stream().map(w -> new Mistake<>(w.diagnosis(), () -> {
            Double wrong = w.answer().get();
            return wrong == null ? null : Compare.scalar(wrong);
        })).toList();
        Compare.assertClose(what, Compare.scalar(expected), Compare.scalar(actual), tolerance, mistakes);
    }

    /**
     * CS231n's hinge gradient, written out rather than from autograd (which splits the kink of
     * max(0, m) at m = 0): 1 / N for every class with a positive margin, minus their count at y_n.
     *
     * @param zeroCounts whether a margin of exactly 0 counts, the mistake of testing {@code >= 0}
     */
    private static NDArray hingeGradient(NDArray scores, NDArray oneHot, boolean zeroCounts) {
        NDArray correct = scores.mul(oneHot).sum(new int[] {1}, true);
        NDArray margins = scores.sub(correct).add(1);
        NDArray others = oneHot.neg().add(1);
        NDArray positive = (zeroCounts ? margins.gte(0) : margins.gt(0)).toType(ai.djl.ndarray.types.DataType.FLOAT64,
                false).mul(others);
        NDArray count = positive.sum(new int[] {1}, true);
        return positive.sub(oneHot.mul(count)).div(scores.getShape().get(0));
    }

    /** Shape and values of a small array, so that a case can be reproduced by hand. */
    private static String brief(INDArray x) {
        double[] v = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        if (v.length > 8) {
            return Nchw.shape(x);
        }
        StringBuilder s = new StringBuilder(Nchw.shape(x)).append(" = [");
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", v[i]));
        }
        return s.append("]").toString();
    }

    private static int[] labels(Random random, int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return labels;
    }

    private static INDArray bits(Random random, long... shape) {
        INDArray x = Inputs.smallIntegers(random, 1, shape);
        double[] v = x.dup('c').data().asDouble();
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] > 0 ? 1 : 0;
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }

    private static INDArray uniform(Random random, long... shape) {
        double[] v = new double[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble();
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }
}
