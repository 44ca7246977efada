package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.CheckContext;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareGradient;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
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
 * hinge loss; NaN or an infinity where the answer is finite is named as an overflow.
 */
@Tag("losses")
@DisplayName("losses")
class LossesCheck {

    private static final String CE_UNSTABLE = "computed log(softmax) without subtracting the row's maximum first: "
            + "exp(1000) overflows to Infinity (and a softmax that rounds to 0 gives log(0) = -Infinity). Use "
            + "logsumexp(z) = m + log(sum_j exp(z_j - m)) with m the row's maximum, and log softmax(z)_y = z_y - "
            + "logsumexp(z).";
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
    private static final String HINGE_NO_CORRECT_GRADIENT = "forgot the correct class's gradient: dL/ds[n, y_n] = "
            + "-(number of j != y_n with a positive margin) / N.";

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = TorchOracle.newManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    /** A loss under test: the learner's answer, the oracle, and the wrong answers to recognise. */
    private record Case(String call, INDArray input, Losses.LossAndGradient actual, Function<NDArray, NDArray> oracle,
                        List<WrongLoss> wrongLosses, List<WrongGradient> wrongGradients, String overflow) {
    }

    /** A wrong loss, from the right one. */
    private record WrongLoss(String diagnosis, Function<Double, Double> loss) {
    }

    /** A wrong gradient, from the input and the right gradient. */
    private record WrongGradient(String diagnosis, BiFunction<NDArray, NDArray, NDArray> gradient) {
    }

    @Test
    @DisplayName("softmax cross-entropy: loss and dlogits, batch 1, two classes")
    void softmaxCrossEntropy() {
        Random random = CheckContext.random("softmaxCrossEntropy");
        crossEntropy(random, Inputs.normal(random, 4, 5).mul(2), true);
        crossEntropy(random, Inputs.normal(random, 1, 3), true);   // batch 1
        crossEntropy(random, Inputs.normal(random, 6, 2), true);   // two classes
        crossEntropy(random, Inputs.normal(random, 3, 7).mul(4), true);
    }

    @Test
    @DisplayName("softmax cross-entropy and BCE with logits of magnitude 1000: finite, no NaN")
    void largeLogits() {
        Random random = CheckContext.random("largeLogits");
        INDArray offsets = Inputs.normal(random, 4, 5).mul(3);
        double[] v = offsets.dup('c').data().asDouble();
        for (int i = 0; i < v.length; i++) {
            v[i] += (i / 5) % 2 == 0 ? 1000 : -1000;   // rows near +1000 and near -1000
        }
        crossEntropy(random, Nd4j.create(v, new long[] {4, 5}, DataType.DOUBLE), true, ", rows near +1000 and -1000");
        crossEntropy(random, Inputs.normal(random, 3, 4).mul(1000), true, ", 1000 * normal");   // huge losses
        INDArray z = Nd4j.create(new double[] {-1000, -800, -40, -1, 0.5, 40, 800, 1000}, new long[] {2, 4},
                DataType.DOUBLE);
        binaryCrossEntropy(z, Nd4j.create(new double[] {0, 1, 1, 0, 1, 0, 0, 1}, new long[] {2, 4}, DataType.DOUBLE),
                true);
        binaryCrossEntropy(z, Nd4j.create(new double[] {1, 0, 0.5, 0.3, 0, 1, 1, 0}, new long[] {2, 4},
                DataType.DOUBLE), true);
    }

    @Test
    @DisplayName("binary cross-entropy with logits: hard and soft targets, any shape")
    void binaryCrossEntropy() {
        Random random = CheckContext.random("binaryCrossEntropy");
        binaryCrossEntropy(Inputs.normal(random, 4, 3).mul(2), bits(random, 4, 3), true);
        binaryCrossEntropy(Inputs.normal(random, 5).mul(3), uniform(random, 5), true);
        binaryCrossEntropy(Inputs.normal(random, 2, 3, 2), uniform(random, 2, 3, 2), true);
        binaryCrossEntropy(Inputs.normal(random, 1, 1), bits(random, 1, 1), true);
    }

    @Test
    @DisplayName("mean squared error: loss and gradient, the mean over all elements")
    void mse() {
        Random random = CheckContext.random("mse");
        mse(Inputs.normal(random, 4, 3), Inputs.normal(random, 4, 3), true);
        mse(Inputs.normal(random, 6), Inputs.normal(random, 6), true);
        mse(Inputs.normal(random, 2, 2, 3), Inputs.normal(random, 2, 2, 3), true);
        mse(Inputs.normal(random, 1, 1), Inputs.normal(random, 1, 1), true);
    }

    @Test
    @DisplayName("multiclass hinge (SVM) loss with margin 1: loss and gradient")
    void hinge() {
        Random random = CheckContext.random("hinge");
        hinge(random, Inputs.normal(random, 4, 5), true);
        hinge(random, Inputs.normal(random, 1, 3), true);   // batch 1
        hinge(random, Inputs.normal(random, 5, 2).mul(0.5), true);
        hinge(random, Inputs.normal(random, 3, 6).mul(3), true);   // many margins below 0
        // Integer scores make margins of exactly 0 likely: they add nothing to the loss. (The
        // gradient is not compared there: PyTorch's autograd splits a tie, CS231n's convention gives 0.)
        INDArray ties = Inputs.smallIntegers(random, 2, 4, 4);
        int[] labels = labels(random, 4, 4);
        Losses.LossAndGradient actual = Losses.hinge(ties.dup(), labels.clone());
        NDArray oneHot = LossOracles.oneHot(manager, labels, 4);
        double expected = LossOracles.multiclassHinge(TorchOracle.toTorch(manager, ties), oneHot).getDouble();
        assertLoss("loss of hinge(scores (4, 4) of small integers, labels " + Arrays.toString(labels) + ")", expected,
                actual.loss(), Tolerance.of(DataType.DOUBLE),
                List.of(new WrongLoss(HINGE_CORRECT_CLASS, right -> right + 1)));
    }

    @Test
    @DisplayName("float32 logits give a float32 gradient")
    void float32() {
        Random random = CheckContext.random("float32");
        crossEntropy(random, Inputs.normal(random, 4, 5).mul(2).castTo(DataType.FLOAT), false);
        binaryCrossEntropy(Inputs.normal(random, 3, 4).mul(2).castTo(DataType.FLOAT),
                bits(random, 3, 4).castTo(DataType.FLOAT), false);
        mse(Inputs.normal(random, 3, 4).castTo(DataType.FLOAT), Inputs.normal(random, 3, 4).castTo(DataType.FLOAT),
                false);
        hinge(random, Inputs.normal(random, 3, 4).castTo(DataType.FLOAT), false);
    }

    private void crossEntropy(Random random, INDArray logits, boolean numerical) {
        crossEntropy(random, logits, numerical, "");
    }

    /** @param note how the logits were made, when that matters to reproduce the case */
    private void crossEntropy(Random random, INDArray logits, boolean numerical, String note) {
        long n = logits.size(0);
        int[] labels = labels(random, (int) n, (int) logits.size(1));
        INDArray passed = logits.dup();
        int[] passedLabels = labels.clone();
        Losses.LossAndGradient actual = Losses.softmaxCrossEntropy(passed, passedLabels);
        Compare.assertUnchanged("logits", logits, passed);
        assertLabelsUnchanged(labels, passedLabels);
        NDArray oneHot = LossOracles.oneHot(manager, labels, logits.size(1));
        check(new Case("softmaxCrossEntropy(logits " + Nchw.shape(logits) + note + ", labels " + Arrays.toString(labels)
                + ")",
                logits, actual, z -> LossOracles.softmaxCrossEntropy(z, oneHot),
                List.of(new WrongLoss(String.format(SUMMED, "N = " + n), right -> right * n)),
                List.of(new WrongGradient(String.format(NO_MEAN_IN_GRADIENT, "N", "N = " + n), (z, g) -> g.mul(n)),
                        new WrongGradient(CE_NO_ONE_HOT, (z, g) -> z.softmax(1).div(n))),
                CE_UNSTABLE), numerical);
    }

    private void binaryCrossEntropy(INDArray logits, INDArray targets, boolean numerical) {
        INDArray passed = logits.dup();
        INDArray passedTargets = targets.dup();
        Losses.LossAndGradient actual = Losses.binaryCrossEntropyWithLogits(passed, passedTargets);
        Compare.assertUnchanged("logits", logits, passed);
        Compare.assertUnchanged("targets", targets, passedTargets);
        NDArray y = TorchOracle.toTorch(manager, targets);
        long count = logits.length();
        check(new Case("binaryCrossEntropyWithLogits(logits " + brief(logits) + ", targets "
                + brief(targets) + ")", logits, actual, z -> LossOracles.binaryCrossEntropyWithLogits(z, y),
                List.of(new WrongLoss(String.format(SUMMED, "the number of elements, " + count), right -> right * count)),
                List.of(new WrongGradient(String.format(NO_MEAN_IN_GRADIENT, "count", "the number of elements, "
                        + count), (z, g) -> g.mul(count))),
                BCE_UNSTABLE), numerical);
    }

    private void mse(INDArray predictions, INDArray targets, boolean numerical) {
        INDArray passed = predictions.dup();
        INDArray passedTargets = targets.dup();
        Losses.LossAndGradient actual = Losses.mse(passed, passedTargets);
        Compare.assertUnchanged("predictions", predictions, passed);
        Compare.assertUnchanged("targets", targets, passedTargets);
        NDArray y = TorchOracle.toTorch(manager, targets);
        long count = predictions.length();
        long n = predictions.size(0);
        check(new Case("mse(predictions " + Nchw.shape(predictions) + ", targets " + Nchw.shape(targets) + ")",
                predictions, actual, p -> LossOracles.meanSquaredError(p, y),
                List.of(new WrongLoss(String.format(SUMMED, "the number of elements, " + count), right -> right * count),
                        new WrongLoss(String.format(MSE_PER_ROW, count), right -> n == count ? null : right * count / n)),
                List.of(new WrongGradient(MSE_NO_TWO, (p, g) -> g.div(2)),
                        new WrongGradient(String.format(NO_MEAN_IN_GRADIENT, "count", "the number of elements, "
                                + count), (p, g) -> g.mul(count)),
                        new WrongGradient(String.format(MSE_PER_ROW, count), (p, g) -> n == count ? null
                                : g.mul(count / (double) n))),
                null), numerical);
    }

    private void hinge(Random random, INDArray scores, boolean numerical) {
        long n = scores.size(0);
        int[] labels = labels(random, (int) n, (int) scores.size(1));
        INDArray passed = scores.dup();
        int[] passedLabels = labels.clone();
        Losses.LossAndGradient actual = Losses.hinge(passed, passedLabels);
        Compare.assertUnchanged("scores", scores, passed);
        assertLabelsUnchanged(labels, passedLabels);
        NDArray oneHot = LossOracles.oneHot(manager, labels, scores.size(1));
        check(new Case("hinge(scores " + Nchw.shape(scores) + ", labels " + Arrays.toString(labels) + ")", scores,
                actual, s -> LossOracles.multiclassHinge(s, oneHot),
                List.of(new WrongLoss(HINGE_CORRECT_CLASS, right -> right + 1),
                        new WrongLoss(String.format(SUMMED, "N = " + n), right -> right * n)),
                List.of(new WrongGradient(String.format(NO_MEAN_IN_GRADIENT, "N", "N = " + n), (s, g) -> g.mul(n)),
                        new WrongGradient(HINGE_NO_CORRECT_GRADIENT, (s, g) -> g.mul(oneHot.neg().add(1)))),
                null), numerical);
    }

    private void check(Case k, boolean numerical) {
        DataType type = k.input().dataType();
        String call = k.call() + (type == DataType.DOUBLE ? "" : ", " + type);
        if (k.actual() == null) {
            throw new AssertionFailedError(call + " returned null instead of LossAndGradient(loss, dlogits)");
        }
        NDArray input = TorchOracle.toTorch(manager, k.input());
        double expectedLoss = k.oracle().apply(input).getDouble();
        if (k.overflow() != null) {
            Overflow.assertFinite("loss of " + call, expectedLoss, k.actual().loss(), k.overflow());
        }
        assertLoss("loss of " + call, expectedLoss, k.actual().loss(), Tolerance.of(type), k.wrongLosses());

        NDArray grad = Autograd.gradients(in -> k.oracle().apply(in.singletonOrThrow()), manager.create(1.0), input)[0];
        INDArray expected = Nchw.expected(grad, type);
        if (k.overflow() != null) {
            Overflow.assertFinite("dlogits for " + call, expected, k.actual().dlogits(), k.overflow());
        }
        Mistake[] mistakes = k.wrongGradients().stream().map(w -> new Mistake(w.diagnosis(),
                () -> Nchw.expected(w.gradient().apply(input, grad), type))).toArray(Mistake[]::new);
        CompareGradient.assertClose("dlogits for " + call, expected, numerical
                        ? NumericalGradient.ofScalar(v -> k.oracle().apply(TorchOracle.toTorch(manager, v)).getDouble(),
                                k.input()) : null,
                k.actual().dlogits(), mistakes);
    }

    private static void assertLoss(String what, double expected, double actual, Tolerance tolerance,
                                   List<WrongLoss> wrongs) {
        Mistake[] mistakes = wrongs.stream().map(w -> new Mistake(w.diagnosis(), () -> {
            Double wrong = w.loss().apply(expected);
            return wrong == null ? null : Nd4j.scalar(wrong);
        })).toArray(Mistake[]::new);
        Compare.assertClose(what, Nd4j.scalar(expected), Nd4j.scalar(actual), tolerance, mistakes);
    }

    private static void assertLabelsUnchanged(int[] labels, int[] passed) {
        if (!Arrays.equals(labels, passed)) {
            throw new AssertionFailedError("your code modified its input 'labels'; it must only read it.");
        }
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
