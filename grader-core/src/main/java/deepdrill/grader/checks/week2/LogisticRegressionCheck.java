package deepdrill.grader.checks.week2;

import static deepdrill.grader.checks.week2.LinearModelArrays.labels;
import static deepdrill.grader.checks.week2.LinearModelArrays.map;
import static deepdrill.grader.checks.week2.LinearModelArrays.matrix;
import static deepdrill.grader.checks.week2.LinearModelArrays.sumSquares;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import deepdrill.datasets.Iris;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareScalar;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.checks.support.Overflow;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.Autograd;
import deepdrill.week2.LogisticRegression;
import deepdrill.week2.LogisticRegression.Gradient;
import deepdrill.week2.LogisticRegression.Model;
import deepdrill.week2.LogisticRegression.Multinomial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Checks {@code logistic-regression} against PyTorch through DJL and against procedures written
 * again here. The sigmoid is PyTorch's; the loss is the mean binary cross-entropy written in DJL
 * operations from the logits; the gradient is PyTorch autograd's of that loss, and also a float64
 * centred difference of the loss written here in plain Java; the fit is gradient descent written
 * again here (its path is fixed by the Javadoc: zeros, simultaneous steps), and on Iris (versicolor
 * against virginica, the two classes that overlap, features standardised here) the fitted model
 * must also be an optimum, where autograd's gradient of the regularised loss is ~0, and without a
 * penalty its training predictions must agree with Tribuo's {@code LinearSGDTrainer} on the
 * logistic loss (AdaGrad, 100 epochs) on at least 97 of the 100 flowers.
 *
 * <p>Covered: sigmoid at 0 (exactly 0.5), at +-36, +-40, +-700, +-745, +-800 and at -0.0; the loss
 * with logits of +-800 (finite, about 800 per wrong row), lambda 0 and lambda &gt; 0, one row, one
 * feature; gradients at large logits (finite), at a random point, and at zero weights; a fit of 0
 * iterations (the zero model), 1 iteration, and many; separable data without a penalty (the
 * weights grow between 100 and 200 iterations, every training row is classified right) and with
 * one (a finite optimum, gradient ~0); one class only (every label 1: the intercept grows, every
 * prediction is 1); a probability exactly on the threshold (w = 0, b = 0 gives 0.5 at threshold
 * 0.5: class 1), thresholds 0 and 1; rejected: no rows, an empty row, ragged rows, NaN and infinite
 * features, y of the wrong length, labels -1 and 2 (with the message "labels must be 0 or 1"), a
 * weight vector of the wrong length, a NaN weight, negative or NaN lambda, a learning rate of 0 or
 * NaN, negative iterations, a threshold of -0.1, 1.5 or NaN. Every input must be left unchanged,
 * and every answer must be a new array. Named: the gradient not divided by n, the loss summed
 * rather than averaged, the intercept regularised, the gradient's sign flipped (gradient ascent),
 * the penalty's factor (lambda ||w||^2, or lambda/2 w in the gradient), the sigmoid overflowing to
 * NaN, the loss as log(sigmoid) (infinite at large logits), the labels swapped, the threshold's
 * comparison on the wrong side, one step too many or too few, and b updated from the new w.
 *
 * <p>Softmax regression: the loss against PyTorch's {@code logSoftmax} picked at the labels, the
 * gradient against autograd's, the path written again, on all three Iris classes an optimum
 * (autograd's gradient ~0) and without a penalty agreement with Tribuo on at least 145 of 150
 * flowers. Covered: the zero model (the loss is exactly log k, every prediction a tie won by class
 * 0), logits of +-1000, k from 2 to 4, a class with no rows, rows tied between two classes;
 * rejected: k = 1, a label of k or -1 (with the message "labels must be in 0 .. k-1"), k weight
 * rows against another number of intercepts, a weight row of the wrong length, negative lambda.
 * Named: exp of the raw logits (NaN at 1000), the gradient not divided by n, the intercepts
 * regularised, the sign, the penalty's factor, a step too many or too few, a tie given to the last
 * class.
 */
@ExerciseCheck
class LogisticRegressionCheck {

    /** Held here: java.util.logging keeps only weak references to its loggers, and their levels with them. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    private static final Tolerance EXACT = new Tolerance(1e-12, 1e-10);
    private static final Tolerance SIGMOID = new Tolerance(1e-15, 1e-12);
    /** Gradient descent re-run in another summation order drifts a little over hundreds of steps. */
    private static final Tolerance PATH = new Tolerance(1e-9, 1e-7);

    private static final String OVERFLOW = "computed the sigmoid as exp(z) / (1 + exp(z)) (or 1 / (1 + exp(-z)) "
            + "for negative z as exp(-z) / ...): exp(800) is Infinity in double and Infinity / Infinity is NaN. Use "
            + "the form whose exponent is -|z|: 1 / (1 + exp(-z)) for z >= 0, exp(z) / (1 + exp(z)) below 0.";
    private static final String LOG_SIGMOID = "computed the loss as -log(sigmoid(z)) (or -log(1 - sigmoid(z))): once "
            + "the sigmoid rounds to 0 or 1 that is -log(0) = Infinity, or 0 * Infinity = NaN. Work from the logit: "
            + "log(1 + exp(z)) - y z, with log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)).";
    private static final String NEGATED_Z = "computed 1 / (1 + exp(z)), which is sigmoid(-z): the sign inside exp is "
            + "minus z.";
    private static final String NOT_DIVIDED = "did not divide the gradient's data part by n: the loss is the mean over "
            + "the n rows, so its gradient is (1/n) sum (p_i - y_i) x_i (plus lambda w).";
    private static final String SUMMED = "summed the cross-entropy over the rows instead of averaging it: the loss is "
            + "the mean over the n rows (plus (lambda/2) ||w||^2).";
    private static final String REG_INTERCEPT = "regularised the intercept: the penalty (lambda/2) ||w||^2 covers the "
            + "weights only, so dloss/db = (1/n) sum (p_i - y_i) with no lambda b.";
    private static final String SIGN = "flipped the gradient's sign (y_i - p_i instead of p_i - y_i, or a step along "
            + "the gradient): that climbs the loss. dloss/dw = (1/n) sum (p_i - y_i) x_i + lambda w, and descent "
            + "subtracts eta times it.";
    private static final String DOUBLE_PENALTY = "used the penalty lambda ||w||^2 (gradient 2 lambda w): the "
            + "convention is (lambda/2) ||w||^2, whose gradient is lambda w.";
    private static final String HALF_GRADIENT = "gave the penalty the gradient (lambda/2) w: the derivative of "
            + "(lambda/2) ||w||^2 is lambda w.";
    private static final String NO_PENALTY = "left the L2 penalty out: add (lambda/2) ||w||^2 to the loss and lambda w "
            + "to the weights' gradient.";
    private static final String SWAPPED_LABELS = "swapped the labels' roles: the loss is log(1 + exp(z)) - y z, i.e. "
            + "-log(p) for y = 1 and -log(1 - p) for y = 0, with p = sigmoid(z).";
    private static final String WRONG_SIDE = "compared with '>' where '>=' belongs: a probability exactly equal to "
            + "the threshold is class 1.";
    private static final String ONE_MORE = "took one step too many: fit takes exactly `iterations` steps "
            + "(0 iterations returns the zero model).";
    private static final String ONE_LESS = "took one step too few: fit takes exactly `iterations` steps.";
    private static final String SEQUENTIAL = "updated the intercept from the already-updated weights: both steps must "
            + "use the same gradient, taken at the start of the iteration.";

    private static final String NO_MAX = "computed exp of the raw logits: exp(1000) is Infinity in double, and "
            + "Infinity / Infinity is NaN. Subtract each row's largest logit first (the softmax does not change), "
            + "and take the loss as m + log(sum exp(z - m)) - z_y.";
    private static final String TIE_LAST = "gave a tie to the last of the tied classes ('>=' while scanning): a tie "
            + "goes to the smallest class index.";

    @Test
    @DisplayName("sigmoid: PyTorch's values, finite for z = -800 and +800")
    void sigmoid(NDManager manager, Random random) {
        double[] z = {0, -0.0, 1, -1, 2.5, -2.5, 10, -10, 36, -36, 40, -40, 700, -700, 745, -745, 800, -800,
            random.nextGaussian() * 5, random.nextGaussian() * 50};
        double[] expected = Activation.sigmoid(manager.create(z)).toDoubleArray();
        for (int i = 0; i < z.length; i++) {
            double zi = z[i];
            double actual = Guarded.call(in -> LogisticRegression.sigmoid(zi));
            String what = "sigmoid(" + zi + ")";
            Overflow.assertFinite(what, expected[i], actual, OVERFLOW);
            CompareScalar.assertClose(what, expected[i], actual, SIGMOID,
                    List.of(Mistake.giving(NEGATED_Z, expected[i] == 0.5 ? null : 1 - expected[i])));
        }
    }

    @Test
    @DisplayName("loss: mean cross-entropy plus (lambda/2) ||w||^2, finite at large logits")
    void loss(NDManager manager, Random random) {
        // One row with z = 0: log 2 whatever the label, a value that pins the natural log.
        checkLoss(manager, new double[][] {{1}}, new int[] {1}, new Model(new double[] {0}, 0), 0);
        checkLoss(manager, new double[][] {{1, 2}, {-1, 0.5}, {0, -3}}, new int[] {1, 0, 0},
                new Model(new double[] {0.5, -1}, 0.25), 0);
        checkLoss(manager, new double[][] {{1, 2}, {-1, 0.5}, {0, -3}}, new int[] {1, 0, 1},
                new Model(new double[] {0.5, -1}, 2), 0.3);
        // Logits +800 and -800 on the wrong side: about 800 per row, never Infinity or NaN.
        checkLoss(manager, new double[][] {{100}, {-100}, {1}}, new int[] {0, 1, 1}, new Model(new double[] {8}, 0), 0.01);
        checkLoss(manager, new double[][] {{100}, {-100}}, new int[] {1, 0}, new Model(new double[] {8}, 0), 0);
        for (int c = 0; c < 3; c++) {
            Data data = synthetic(random, 1 + random.nextInt(30), 1 + random.nextInt(5));
            checkLoss(manager, data.x(), data.y(), randomModel(random, data.d()), 0.05 + random.nextDouble());
        }
    }

    @Test
    @DisplayName("gradient: PyTorch autograd's, and a centred difference of the loss")
    void gradient(NDManager manager, Random random) {
        checkGradient(manager, new double[][] {{1, 2}, {-1, 0.5}, {0, -3}}, new int[] {1, 0, 0},
                new Model(new double[] {0.5, -1}, 0.25), 0.4, true);
        checkGradient(manager, new double[][] {{1}, {2}}, new int[] {1, 1}, new Model(new double[] {0}, 0), 0, true);
        checkGradient(manager, new double[][] {{100}, {-100}, {1}}, new int[] {0, 1, 1},
                new Model(new double[] {8}, 1), 0.1, false);
        for (int c = 0; c < 3; c++) {
            Data data = synthetic(random, 2 + random.nextInt(30), 1 + random.nextInt(5));
            checkGradient(manager, data.x(), data.y(), randomModel(random, data.d()), 0.05 + random.nextDouble(), c == 0);
        }
    }

    @Test
    @DisplayName("fit: gradient descent from zeros along the stated path")
    void fit(Random random) {
        Data small = new Data(new double[][] {{1, 2}, {-1, 0.5}, {0, -3}, {2, 1}}, new int[] {1, 0, 0, 1});
        checkFit(small, 0.1, 0.5, 0);
        checkFit(small, 0.1, 0.5, 1);
        checkFit(small, 0.1, 0.5, 2);
        checkFit(small, 0.7, 0.3, 60);
        for (int c = 0; c < 3; c++) {
            Data data = synthetic(random, 5 + random.nextInt(40), 1 + random.nextInt(5));
            checkFit(data, random.nextDouble(), 0.1 + 0.4 * random.nextDouble(), 20 + random.nextInt(80));
        }
    }

    @Test
    @DisplayName("Iris versicolor against virginica: the path, an optimum, and Tribuo's predictions")
    void iris(NDManager manager) {
        Data iris = irisVersicolorVirginica();
        // Regularised: strongly convex, so 400 steps reach the optimum to many digits.
        Model fitted = checkFit(iris, 0.1, 1.0, 400);
        assertStationary(manager, iris, fitted, 0.1, "fit(Iris versicolor/virginica, lambda 0.1, eta 1, 400 steps)");
        // No penalty: compare the training predictions with Tribuo's logistic regression.
        Model free = checkFit(iris, 0, 1.0, 1000);
        int[] ours = Guarded.fresh(in -> LogisticRegression.predict(in.copy("x", iris.x()), in.copy("model", free), 0.5));
        int[] tribuo = tribuoPredictions(iris);
        int agree = 0;
        for (int i = 0; i < ours.length; i++) {
            agree += ours[i] == tribuo[i] ? 1 : 0;
        }
        if (agree < 97) {
            throw new AssertionFailedError("predict(Iris, fit(lambda 0, eta 1, 1000 steps), 0.5) agrees with Tribuo's "
                    + "logistic regression on only " + agree + " of 100 flowers (at least 97 expected)");
        }
    }

    @Test
    @DisplayName("separable data and one class only")
    void separableAndOneClass(NDManager manager, Random random) {
        double[][] x = new double[16][2];
        int[] y = new int[16];
        for (int i = 0; i < x.length; i++) {
            y[i] = i % 2;
            double side = y[i] == 1 ? 1 : -1;
            x[i][0] = side * (0.5 + random.nextDouble());      // separated by x0 = 0
            x[i][1] = random.nextGaussian();
        }
        Data separable = new Data(x, y);
        Model early = checkFit(separable, 0, 0.5, 100);
        Model late = checkFit(separable, 0, 0.5, 200);
        if (!(norm(late.weights()) > norm(early.weights()))) {
            throw new AssertionFailedError("separable data without a penalty: ||w|| should keep growing, but it is "
                    + norm(early.weights()) + " after 100 steps and " + norm(late.weights()) + " after 200");
        }
        int[] predicted = Guarded.fresh(in -> LogisticRegression.predict(in.copy("x", x), in.copy("model", late), 0.5));
        if (!Arrays.equals(predicted, y)) {
            throw new AssertionFailedError("separable data: the fitted model should classify every training row right; "
                    + "expected " + Arrays.toString(y) + ", got " + Arrays.toString(predicted));
        }
        Model penalised = checkFit(separable, 0.5, 0.5, 300);
        assertStationary(manager, separable, penalised, 0.5, "fit(separable data, lambda 0.5, eta 0.5, 300 steps)");

        Data oneClass = new Data(new double[][] {{1, 0}, {2, 1}, {-1, 3}}, new int[] {1, 1, 1});
        Model ones = checkFit(oneClass, 0.1, 0.5, 50);
        int[] all = Guarded.fresh(in -> LogisticRegression.predict(in.copy("x", oneClass.x()), in.copy("model", ones), 0.5));
        if (!Arrays.equals(all, new int[] {1, 1, 1})) {
            throw new AssertionFailedError("one class only (every label 1): every prediction should be 1, got "
                    + Arrays.toString(all));
        }
    }

    @Test
    @DisplayName("probabilities, and classes at a threshold (a probability equal to it is class 1)")
    void predictions(NDManager manager, Random random) {
        // w = 0, b = 0: every probability is exactly 0.5, on a 0.5 threshold.
        double[][] x = {{1, -2}, {0, 3}};
        Model zero = new Model(new double[] {0, 0}, 0);
        checkProba(manager, x, zero);
        checkPredict(manager, x, zero, 0.5);
        double[][] wide = {{100}, {-100}, {0.1}, {-0.1}, {0}};
        Model steep = new Model(new double[] {8}, 0);
        checkProba(manager, wide, steep);
        checkPredict(manager, wide, steep, 0);
        checkPredict(manager, wide, steep, 1);
        checkPredict(manager, wide, steep, 0.5);
        for (int c = 0; c < 3; c++) {
            Data data = synthetic(random, 1 + random.nextInt(30), 1 + random.nextInt(4));
            Model model = randomModel(random, data.d());
            checkProba(manager, data.x(), model);
            checkPredict(manager, data.x(), model, 0.05 + 0.9 * random.nextDouble());
        }
    }

    @Test
    @DisplayName("softmax regression: the loss and its gradient against PyTorch, finite at logits of 1000")
    void softmaxLossAndGradient(NDManager manager, Random random) {
        // The zero model: every class has probability 1/3, so the loss is exactly log 3.
        double[][] x = {{1, 2}, {-1, 0.5}, {0, -3}};
        checkSoftmax(manager, x, new int[] {0, 2, 1}, new Multinomial(new double[3][2], new double[3]), 0);
        checkSoftmax(manager, x, new int[] {0, 2, 2}, new Multinomial(new double[][] {{0.5, -1}, {1, 0}, {-0.5, 0.25}},
                new double[] {0.25, -1, 0}), 0.3);
        // Logits of +-1000.
        checkSoftmax(manager, new double[][] {{100}, {-100}}, new int[] {1, 0},
                new Multinomial(new double[][] {{10}, {-10}, {0}}, new double[] {0, 0, 1}), 0.01);
        for (int c = 0; c < 3; c++) {
            int k = 2 + random.nextInt(3);
            Data data = syntheticClasses(random, 2 + random.nextInt(30), 1 + random.nextInt(4), k);
            checkSoftmax(manager, data.x(), data.y(), randomMultinomial(random, k, data.d()), 0.05 + random.nextDouble());
        }
    }

    @Test
    @DisplayName("softmax regression: the path, an optimum on the three Iris classes, predictions with ties")
    void softmaxFitAndPredict(NDManager manager, Random random) {
        Data three = new Data(new double[][] {{1, 2}, {-1, 0.5}, {0, -3}, {2, 1}}, new int[] {0, 1, 2, 1});
        checkFitSoftmax(three, 3, 0.1, 0.5, 0);
        checkFitSoftmax(three, 3, 0.1, 0.5, 1);
        checkFitSoftmax(three, 4, 0.1, 0.5, 20);          // class 3 has no rows
        Data data = syntheticClasses(random, 10 + random.nextInt(30), 1 + random.nextInt(4), 3);
        checkFitSoftmax(data, 3, random.nextDouble(), 0.5, 30 + random.nextInt(50));

        Data iris = irisAllClasses();
        Multinomial fitted = checkFitSoftmax(iris, 3, 0.1, 1.0, 300);
        double[] g = torchSoftmaxGradient(manager, iris.x(), iris.y(), fitted, 0.1);
        double largest = Arrays.stream(g).map(Math::abs).max().orElse(0);
        if (!(largest < 1e-8)) {
            throw new AssertionFailedError("fitSoftmax(Iris, 3 classes, lambda 0.1, eta 1, 300 steps) is not an "
                    + "optimum: the largest |component| of PyTorch's gradient there is " + largest + " (below 1e-8 "
                    + "expected)");
        }
        Multinomial free = checkFitSoftmax(iris, 3, 0, 1.0, 1000);
        int[] ours = Guarded.call(in -> LogisticRegression.predictSoftmax(in.copy("x", iris.x()), in.copy("model", free)));
        int[] tribuo = tribuoPredictions(iris);
        int agree = 0;
        for (int i = 0; i < ours.length; i++) {
            agree += ours[i] == tribuo[i] ? 1 : 0;
        }
        if (agree < 145) {
            throw new AssertionFailedError("predictSoftmax(Iris, fitSoftmax(lambda 0, eta 1, 1000 steps)) agrees with "
                    + "Tribuo's logistic regression on only " + agree + " of 150 flowers (at least 145 expected)");
        }

        // Ties: the zero model ties every class (class 0 wins); equal rows tie classes 1 and 2.
        checkPredictSoftmax(manager, new double[][] {{1, 2}, {-3, 0.5}}, new Multinomial(new double[3][2], new double[3]));
        checkPredictSoftmax(manager, new double[][] {{1, 2}, {-3, 0.5}, {0, 0}},
                new Multinomial(new double[][] {{0, 0}, {1, 1}, {1, 1}}, new double[] {0, 0.5, 0.5}));
        Data more = syntheticClasses(random, 20, 3, 4);
        checkPredictSoftmax(manager, more.x(), randomMultinomial(random, 4, 3));
    }

    @Test
    @DisplayName("bad input throws IllegalArgumentException")
    void rejectsBadInput() {
        double[][] x = {{1, 2}, {3, 4}};
        int[] y = {0, 1};
        Model m = new Model(new double[] {0.1, 0.2}, 0);
        Rejection.expectRejectedSaying("loss(x with no rows, ...)", null, () -> LogisticRegression.loss(new double[0][], new int[0],
                new Model(new double[] {}, 0), 0));
        Rejection.expectRejectedSaying("fit({{}}, {1}, ...)", null, () -> LogisticRegression.fit(new double[][] {{}}, new int[] {1}, 0, 0.1, 1));
        Rejection.expectRejectedSaying("fit(ragged rows {{1, 2}, {3}}, ...)", null, () -> LogisticRegression.fit(new double[][] {{1, 2}, {3}},
                y, 0, 0.1, 1));
        Rejection.expectRejectedSaying("fit(x with NaN, ...)", null, () -> LogisticRegression.fit(new double[][] {{1, Double.NaN}, {3, 4}},
                y, 0, 0.1, 1));
        Rejection.expectRejectedSaying("predictProba(x with Infinity, ...)", null, () -> LogisticRegression.predictProba(
                new double[][] {{1, Double.POSITIVE_INFINITY}}, m));
        Rejection.expectRejectedSaying("fit(x, y of length 3, ...)", null, () -> LogisticRegression.fit(x, new int[] {0, 1, 1}, 0, 0.1, 1));
        Rejection.expectRejectedSaying("fit(x, {-1, 1}, ...)", "labels must be 0 or 1", () -> LogisticRegression.fit(x, new int[] {-1, 1},
                0, 0.1, 1));
        Rejection.expectRejectedSaying("gradient(x, {0, 2}, ...)", "labels must be 0 or 1", () -> LogisticRegression.gradient(x,
                new int[] {0, 2}, m, 0));
        Rejection.expectRejectedSaying("loss(x, y, 3 weights for 2 features, 0)", null, () -> LogisticRegression.loss(x, y,
                new Model(new double[] {1, 2, 3}, 0), 0));
        Rejection.expectRejectedSaying("gradient(x, y, a NaN weight, 0)", null, () -> LogisticRegression.gradient(x, y,
                new Model(new double[] {Double.NaN, 0}, 0), 0));
        Rejection.expectRejectedSaying("loss(x, y, model, lambda -1)", null, () -> LogisticRegression.loss(x, y, m, -1));
        Rejection.expectRejectedSaying("gradient(x, y, model, lambda NaN)", null, () -> LogisticRegression.gradient(x, y, m, Double.NaN));
        Rejection.expectRejectedSaying("fit(x, y, 0, learningRate 0, 10)", null, () -> LogisticRegression.fit(x, y, 0, 0, 10));
        Rejection.expectRejectedSaying("fit(x, y, 0, learningRate NaN, 10)", null, () -> LogisticRegression.fit(x, y, 0, Double.NaN, 10));
        Rejection.expectRejectedSaying("fit(x, y, 0, 0.1, iterations -1)", null, () -> LogisticRegression.fit(x, y, 0, 0.1, -1));
        Rejection.expectRejectedSaying("predict(x, model, threshold -0.1)", null, () -> LogisticRegression.predict(x, m, -0.1));
        Rejection.expectRejectedSaying("predict(x, model, threshold 1.5)", null, () -> LogisticRegression.predict(x, m, 1.5));
        Rejection.expectRejectedSaying("predict(x, model, threshold NaN)", null, () -> LogisticRegression.predict(x, m, Double.NaN));
        Multinomial three = new Multinomial(new double[3][2], new double[3]);
        Rejection.expectRejectedSaying("fit(x, y, lambda -1, 0.1, 1)", null, () -> LogisticRegression.fit(x, y, -1, 0.1, 1));
        Rejection.expectRejectedSaying("fitSoftmax(x, y, k 3, 0, learningRate 0, 1)", null,
                () -> LogisticRegression.fitSoftmax(x, y, 3, 0, 0, 1));
        Rejection.expectRejectedSaying("predictProba(x, 3 weights for 2 features)", null,
                () -> LogisticRegression.predictProba(x, new Model(new double[] {1, 2, 3}, 0)));
        Rejection.expectRejectedSaying("softmaxGradient(x, {0, 3}, k 3, 0)", "labels must be in 0 .. k-1",
                () -> LogisticRegression.softmaxGradient(x, new int[] {0, 3}, three, 0));
        Rejection.expectRejectedSaying("softmaxGradient(x, y, model, lambda -1)", null,
                () -> LogisticRegression.softmaxGradient(x, y, three, -1));
        Rejection.expectRejectedSaying("softmaxLoss(x, y, model, lambda NaN)", null,
                () -> LogisticRegression.softmaxLoss(x, y, three, Double.NaN));
        Rejection.expectRejectedSaying("fitSoftmax(x, y, k 1, ...)", null, () -> LogisticRegression.fitSoftmax(x, new int[] {0, 0}, 1, 0, 0.1, 1));
        Rejection.expectRejectedSaying("fitSoftmax(x, {0, 3}, k 3, ...)", "labels must be in 0 .. k-1", () -> LogisticRegression.fitSoftmax(x,
                new int[] {0, 3}, 3, 0, 0.1, 1));
        Rejection.expectRejectedSaying("softmaxLoss(x, {-1, 0}, model, 0)", "labels must be in 0 .. k-1", () -> LogisticRegression.softmaxLoss(
                x, new int[] {-1, 0}, three, 0));
        Rejection.expectRejectedSaying("softmaxGradient(x, y, 3 weight rows and 2 intercepts, 0)", null, () -> LogisticRegression
                .softmaxGradient(x, y, new Multinomial(new double[3][2], new double[2]), 0));
        Rejection.expectRejectedSaying("softmaxLoss(x, y, a weight row of 3 for 2 features, 0)", null, () -> LogisticRegression.softmaxLoss(x,
                y, new Multinomial(new double[][] {{0, 0}, {0, 0, 0}}, new double[2]), 0));
        Rejection.expectRejectedSaying("predictSoftmax(x, one class only)", null, () -> LogisticRegression.predictSoftmax(x,
                new Multinomial(new double[1][2], new double[1])));
        Rejection.expectRejectedSaying("fitSoftmax(x, y, 3, lambda -1, ...)", null, () -> LogisticRegression.fitSoftmax(x, y, 3, -1, 0.1, 1));
    }

    // ---- one case each ---------------------------------------------------------------------------

    private static void checkLoss(NDManager manager, double[][] x, int[] y, Model model, double lambda) {
        double actual = Guarded.call(in -> LogisticRegression.loss(in.copy("x", x), in.copy("y", y),
                in.copy("model", model), lambda));
        double expected = torchLoss(manager, x, y, model.weights(), model.intercept(), lambda);
        String what = "loss(" + describe(x, y, model) + ", lambda " + lambda + ")";
        Overflow.assertFinite(what, expected, actual, LOG_SIGMOID);
        int n = x.length;
        double penalty = lambda / 2 * sumSquares(model.weights());
        double data = expected - penalty;
        double b = model.intercept();
        List<Mistake<Double>> mistakes = new ArrayList<>();
        mistakes.add(Mistake.giving(SUMMED, n == 1 ? null : data * n + penalty));
        mistakes.add(Mistake.giving(REG_INTERCEPT, lambda == 0 || b == 0 ? null : expected + lambda / 2 * b * b));
        mistakes.add(Mistake.giving(DOUBLE_PENALTY, penalty == 0 ? null : expected + penalty));
        mistakes.add(Mistake.giving(NO_PENALTY, penalty == 0 ? null : data));
        int[] flipped = Arrays.stream(y).map(v -> 1 - v).toArray();
        mistakes.add(Mistake.giving(SWAPPED_LABELS, torchLoss(manager, x, flipped, model.weights(), b, lambda)));
        CompareScalar.assertClose(what, expected, actual, EXACT, mistakes);
    }

    private static void checkGradient(NDManager manager, double[][] x, int[] y, Model model, double lambda,
            boolean numerical) {
        Gradient actual = Guarded.call(in -> LogisticRegression.gradient(in.copy("x", x), in.copy("y", y),
                in.copy("model", model), lambda));
        String what = "gradient(" + describe(x, y, model) + ", lambda " + lambda + ")";
        if (actual == null || actual.weights() == null) {
            throw new AssertionFailedError(what + ": got null, expected a Gradient with " + model.weights().length
                    + " weights");
        }
        double[] expected = torchGradient(manager, x, y, model, lambda);
        double[] got = withIntercept(actual.weights(), actual.intercept());
        Overflow.assertFinite(what, Compare.vector(expected), Compare.vector(got), OVERFLOW);
        int n = x.length;
        int d = model.weights().length;
        double[] w = model.weights();
        Compare.assertClose(what + ", weights then intercept (last)", Compare.vector(expected), Compare.vector(got),
                Tolerance.of(org.nd4j.linalg.api.buffer.DataType.DOUBLE), List.of(
                        mistake(NOT_DIVIDED, () -> n == 1 ? null : map(expected, (j, v) -> j < d ? (v - lambda * w[j]) * n
                                + lambda * w[j] : v * n)),
                        mistake(SIGN, () -> map(expected, (j, v) -> -v)),
                        mistake(SIGN, () -> lambda == 0 ? null
                                : map(expected, (j, v) -> j < d ? 2 * lambda * w[j] - v : -v)),
                        mistake(REG_INTERCEPT, () -> lambda == 0 || model.intercept() == 0 ? null
                                : map(expected, (j, v) -> j < d ? v : v + lambda * model.intercept())),
                        mistake(DOUBLE_PENALTY, () -> lambda == 0 ? null : map(expected, (j, v) -> j < d ? v + lambda * w[j] : v)),
                        mistake(HALF_GRADIENT, () -> lambda == 0 ? null
                                : map(expected, (j, v) -> j < d ? v - lambda / 2 * w[j] : v)),
                        mistake(NO_PENALTY, () -> lambda == 0 ? null : map(expected, (j, v) -> j < d ? v - lambda * w[j] : v))));
        if (numerical) {
            double[] centred = centredDifference(x, y, model, lambda);
            Compare.assertClose(what + " against a centred difference of the loss", Compare.vector(centred),
                    Compare.vector(got), NumericalGradient.TOLERANCE);
        }
    }

    private static Model checkFit(Data data, double lambda, double eta, int iterations) {
        Model actual = Guarded.call(in -> LogisticRegression.fit(in.copy("x", data.x()), in.copy("y", data.y()),
                lambda, eta, iterations));
        String what = String.format(Locale.ROOT, "fit(%d x %d features, lambda %s, learningRate %s, %d iterations)",
                data.x().length, data.d(), lambda, eta, iterations);
        if (actual == null || actual.weights() == null) {
            throw new AssertionFailedError(what + ": got null, expected a Model with " + data.d() + " weights");
        }
        double[] expected = descend(data, lambda, eta, iterations, Flaw.NONE);
        Compare.assertClose(what + ", weights then intercept (last)", Compare.vector(expected),
                Compare.vector(withIntercept(actual.weights(), actual.intercept())), PATH, List.of(
                        mistake(NOT_DIVIDED, () -> data.x().length == 1 ? null : descend(data, lambda, eta, iterations, Flaw.NOT_DIVIDED)),
                        mistake(SIGN, () -> descend(data, lambda, eta, iterations, Flaw.ASCENT)),
                        mistake(SIGN, () -> lambda == 0 ? null : descend(data, lambda, eta, iterations, Flaw.RESIDUAL_SIGN)),
                        mistake(REG_INTERCEPT, () -> lambda == 0 ? null : descend(data, lambda, eta, iterations, Flaw.INTERCEPT)),
                        mistake(DOUBLE_PENALTY, () -> lambda == 0 ? null : descend(data, lambda, eta, iterations, Flaw.DOUBLE)),
                        mistake(ONE_MORE, () -> descend(data, lambda, eta, iterations + 1, Flaw.NONE)),
                        mistake(ONE_LESS, () -> iterations == 0 ? null : descend(data, lambda, eta, iterations - 1, Flaw.NONE)),
                        mistake(SEQUENTIAL, () -> descend(data, lambda, eta, iterations, Flaw.SEQUENTIAL))));
        return actual;
    }

    private static void checkProba(NDManager manager, double[][] x, Model model) {
        double[] actual = Guarded.call(in -> LogisticRegression.predictProba(in.copy("x", x), in.copy("model", model)));
        double[] expected = torchProba(manager, x, model);
        String what = "predictProba(" + describe(x, null, model) + ")";
        Overflow.assertFinite(what, Compare.vector(expected), Compare.vector(actual), OVERFLOW);
        Compare.assertClose(what, Compare.vector(expected), Compare.vector(actual), SIGMOID,
                List.of(mistake(NEGATED_Z, () -> map(expected, (j, v) -> 1 - v))));
    }

    private static void checkPredict(NDManager manager, double[][] x, Model model, double threshold) {
        int[] actual = Guarded.call(in -> LogisticRegression.predict(in.copy("x", x), in.copy("model", model), threshold));
        double[] p = torchProba(manager, x, model);
        int[] expected = new int[p.length];
        int[] strict = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            expected[i] = p[i] >= threshold ? 1 : 0;
            strict[i] = p[i] > threshold ? 1 : 0;
        }
        if (Arrays.equals(expected, actual)) {
            return;
        }
        String diagnosis = Arrays.equals(strict, actual) ? Mistake.PREFIX + WRONG_SIDE + "\n" : "";
        throw new AssertionFailedError(diagnosis + "predict(" + describe(x, null, model) + ", threshold " + threshold
                + "): expected " + Arrays.toString(expected) + ", got " + Arrays.toString(actual) + " (probabilities "
                + Arrays.toString(p) + ")");
    }

    /** Autograd's gradient at the learner's model must vanish: an optimum, whatever path led there. */
    private static void assertStationary(NDManager manager, Data data, Model model, double lambda, String what) {
        double[] g = torchGradient(manager, data.x(), data.y(), model, lambda);
        double largest = Arrays.stream(g).map(Math::abs).max().orElse(0);
        if (!(largest < 1e-8)) {
            throw new AssertionFailedError(what + " is not an optimum: PyTorch's gradient of the loss there is "
                    + Arrays.toString(g) + " (largest |component| " + largest + ", expected below 1e-8)");
        }
    }

    private static void checkSoftmax(NDManager manager, double[][] x, int[] y, Multinomial model, double lambda) {
        String what = "(" + describe(x, y, model) + ", lambda " + lambda + ")";
        double loss = Guarded.call(in -> LogisticRegression.softmaxLoss(in.copy("x", x), in.copy("y", y),
                in.copy("model", model), lambda));
        double expected = torchSoftmaxLoss(manager, x, y, model, lambda);
        Overflow.assertFinite("softmaxLoss" + what, expected, loss, NO_MAX);
        double penalty = 0;
        for (double[] row : model.weights()) {
            penalty += lambda / 2 * sumSquares(row);
        }
        double data = expected - penalty;
        double bias = sumSquares(model.intercepts());
        int n = x.length;
        double p = penalty;
        CompareScalar.assertClose("softmaxLoss" + what, expected, loss, EXACT, List.of(
                Mistake.giving(SUMMED, n == 1 ? null : data * n + p),
                Mistake.giving(REG_INTERCEPT, lambda == 0 || bias == 0 ? null : expected + lambda / 2 * bias),
                Mistake.giving(DOUBLE_PENALTY, p == 0 ? null : expected + p),
                Mistake.giving(NO_PENALTY, p == 0 ? null : data)));

        Multinomial gradient = Guarded.call(in -> LogisticRegression.softmaxGradient(in.copy("x", x), in.copy("y", y),
                in.copy("model", model), lambda));
        if (gradient == null || gradient.weights() == null || gradient.intercepts() == null) {
            throw new AssertionFailedError("softmaxGradient" + what + ": got null or a gradient with null parts");
        }
        double[] want = torchSoftmaxGradient(manager, x, y, model, lambda);
        double[] got = flatten(gradient);
        Overflow.assertFinite("softmaxGradient" + what, Compare.vector(want), Compare.vector(got), NO_MAX);
        double[] w = flatten(model);
        int kd = model.weights().length * x[0].length;
        Compare.assertClose("softmaxGradient" + what + ", W row by row then b", Compare.vector(want),
                Compare.vector(got), Tolerance.of(org.nd4j.linalg.api.buffer.DataType.DOUBLE), List.of(
                        mistake(NOT_DIVIDED, () -> n == 1 ? null
                                : map(want, (j, v) -> j < kd ? (v - lambda * w[j]) * n + lambda * w[j] : v * n)),
                        mistake(SIGN, () -> map(want, (j, v) -> -v)),
                        mistake(SIGN, () -> lambda == 0 ? null : map(want, (j, v) -> j < kd ? 2 * lambda * w[j] - v : -v)),
                        mistake(REG_INTERCEPT, () -> lambda == 0 || bias == 0 ? null
                                : map(want, (j, v) -> j < kd ? v : v + lambda * w[j])),
                        mistake(DOUBLE_PENALTY, () -> lambda == 0 ? null : map(want, (j, v) -> j < kd ? v + lambda * w[j] : v)),
                        mistake(NO_PENALTY, () -> lambda == 0 ? null : map(want, (j, v) -> j < kd ? v - lambda * w[j] : v))));
    }

    private static Multinomial checkFitSoftmax(Data data, int k, double lambda, double eta, int iterations) {
        Multinomial actual = Guarded.call(in -> LogisticRegression.fitSoftmax(in.copy("x", data.x()), in.copy("y",
                data.y()), k, lambda, eta, iterations));
        String what = String.format(Locale.ROOT, "fitSoftmax(%d x %d features, k %d, lambda %s, learningRate %s, "
                + "%d iterations)", data.x().length, data.d(), k, lambda, eta, iterations);
        if (actual == null || actual.weights() == null || actual.intercepts() == null) {
            throw new AssertionFailedError(what + ": got null, expected a Multinomial with " + k + " rows");
        }
        for (double[] row : actual.weights()) {
            if (row == null) {
                throw new AssertionFailedError(what + ": a row of the weights is null");
            }
        }
        int n = data.x().length;
        Compare.assertClose(what + ", W row by row then b", Compare.vector(descendSoftmax(data, k, lambda, eta,
                iterations, Flaw.NONE)), Compare.vector(flatten(actual)), PATH, List.of(
                        mistake(NOT_DIVIDED, () -> n == 1 ? null : descendSoftmax(data, k, lambda, eta, iterations,
                                Flaw.NOT_DIVIDED)),
                        mistake(SIGN, () -> descendSoftmax(data, k, lambda, eta, iterations, Flaw.ASCENT)),
                        mistake(REG_INTERCEPT, () -> lambda == 0 ? null : descendSoftmax(data, k, lambda, eta,
                                iterations, Flaw.INTERCEPT)),
                        mistake(ONE_MORE, () -> descendSoftmax(data, k, lambda, eta, iterations + 1, Flaw.NONE)),
                        mistake(ONE_LESS, () -> iterations == 0 ? null
                                : descendSoftmax(data, k, lambda, eta, iterations - 1, Flaw.NONE))));
        return actual;
    }

    private static void checkPredictSoftmax(NDManager manager, double[][] x, Multinomial model) {
        int[] actual = Guarded.call(in -> LogisticRegression.predictSoftmax(in.copy("x", x), in.copy("model", model)));
        double[] z = softmaxLogits(manager, x, model).toDoubleArray();
        int k = model.weights().length;
        int[] expected = new int[x.length];
        int[] last = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int c = 1; c < k; c++) {
                expected[i] = z[i * k + c] > z[i * k + expected[i]] ? c : expected[i];
                last[i] = z[i * k + c] >= z[i * k + last[i]] ? c : last[i];
            }
        }
        if (Arrays.equals(expected, actual)) {
            return;
        }
        String diagnosis = Arrays.equals(last, actual) ? Mistake.PREFIX + TIE_LAST + "\n" : "";
        throw new AssertionFailedError(diagnosis + "predictSoftmax(" + describe(x, null, model) + "): expected "
                + Arrays.toString(expected) + ", got " + Arrays.toString(actual));
    }

    // ---- the oracles -----------------------------------------------------------------------------

    private static NDArray softmaxLogits(NDManager manager, double[][] x, Multinomial model) {
        return matrix(manager, x).matMul(matrix(manager, model.weights()).transpose()).add(manager.create(model.intercepts()));
    }

    private static NDArray softmaxLossGraph(NDArray x, NDArray oneHot, NDArray w, NDArray b, double lambda) {
        NDArray logProbabilities = x.matMul(w.transpose()).add(b).logSoftmax(1);
        return logProbabilities.mul(oneHot).sum().neg().div(x.getShape().get(0)).add(w.mul(w).sum().mul(lambda / 2));
    }

    private static NDArray oneHot(NDManager manager, int[] y, int k) {
        double[] flat = new double[y.length * k];
        for (int i = 0; i < y.length; i++) {
            flat[i * k + y[i]] = 1;
        }
        return manager.create(flat, new Shape(y.length, k));
    }

    private static double torchSoftmaxLoss(NDManager manager, double[][] x, int[] y, Multinomial model, double lambda) {
        return softmaxLossGraph(matrix(manager, x), oneHot(manager, y, model.weights().length),
                matrix(manager, model.weights()), manager.create(model.intercepts()), lambda).getDouble();
    }

    private static double[] torchSoftmaxGradient(NDManager manager, double[][] x, int[] y, Multinomial model,
            double lambda) {
        NDArray tx = matrix(manager, x);
        NDArray hot = oneHot(manager, y, model.weights().length);
        NDArray[] g = Autograd.gradients(in -> softmaxLossGraph(tx, hot, in.get(0), in.get(1), lambda),
                manager.create(1.0), matrix(manager, model.weights()), manager.create(model.intercepts()));
        double[] w = g[0].toDoubleArray();
        double[] b = g[1].toDoubleArray();
        double[] out = Arrays.copyOf(w, w.length + b.length);
        System.arraycopy(b, 0, out, w.length, b.length);
        return out;
    }

    /** Softmax-regression gradient descent, written again (or with one flaw built in): W row by row, then b. */
    private static double[] descendSoftmax(Data data, int k, double lambda, double eta, int iterations, Flaw flaw) {
        double[][] x = data.x();
        int n = x.length;
        int d = data.d();
        double[][] w = new double[k][d];
        double[] b = new double[k];
        double scale = flaw == Flaw.NOT_DIVIDED ? 1 : 1.0 / n;
        double sign = flaw == Flaw.ASCENT ? -1 : 1;
        for (int t = 0; t < iterations; t++) {
            double[][] gw = new double[k][d];
            double[] gb = new double[k];
            for (int i = 0; i < n; i++) {
                double[] z = new double[k];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    z[c] = b[c];
                    for (int j = 0; j < d; j++) {
                        z[c] += x[i][j] * w[c][j];
                    }
                    max = Math.max(max, z[c]);
                }
                double total = 0;
                for (int c = 0; c < k; c++) {
                    total += Math.exp(z[c] - max);
                }
                for (int c = 0; c < k; c++) {
                    double r = Math.exp(z[c] - max) / total - (data.y()[i] == c ? 1 : 0);
                    for (int j = 0; j < d; j++) {
                        gw[c][j] += r * x[i][j];
                    }
                    gb[c] += r;
                }
            }
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    w[c][j] -= sign * eta * (gw[c][j] * scale + lambda * w[c][j]);
                }
                b[c] -= sign * eta * (gb[c] * scale + (flaw == Flaw.INTERCEPT ? lambda * b[c] : 0));
            }
        }
        return flatten(new Multinomial(w, b));
    }


    private static NDArray lossGraph(NDArray x, NDArray y, NDArray w, NDArray b, double lambda) {
        NDArray z = x.matMul(w.reshape(-1, 1)).reshape(-1).add(b);
        // log(1 + exp(z)) - y z, as PyTorch's binary_cross_entropy_with_logits computes it.
        NDArray terms = z.maximum(0).sub(z.mul(y)).add(z.abs().neg().exp().add(1).log());
        return terms.mean().add(w.mul(w).sum().mul(lambda / 2));
    }

    private static double torchLoss(NDManager manager, double[][] x, int[] y, double[] w, double b, double lambda) {
        return lossGraph(matrix(manager, x), labels(manager, y), manager.create(w), manager.create(new double[] {b}),
                lambda).getDouble();
    }

    private static double[] torchGradient(NDManager manager, double[][] x, int[] y, Model model, double lambda) {
        NDArray tx = matrix(manager, x);
        NDArray ty = labels(manager, y);
        NDArray[] g = Autograd.gradients(in -> lossGraph(tx, ty, in.get(0), in.get(1), lambda),
                manager.create(1.0), manager.create(model.weights()), manager.create(new double[] {model.intercept()}));
        return withIntercept(g[0].toDoubleArray(), g[1].toDoubleArray()[0]);
    }

    private static double[] torchProba(NDManager manager, double[][] x, Model model) {
        NDArray z = matrix(manager, x).matMul(manager.create(model.weights()).reshape(-1, 1)).reshape(-1)
                .add(model.intercept());
        return Activation.sigmoid(z).toDoubleArray();
    }

    /** Tribuo's multinomial logistic regression (two classes: the binary model), trained by AdaGrad. */
    private static int[] tribuoPredictions(Data data) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> set = new MutableDataset<>(new SimpleDataSourceProvenance("iris", factory), factory);
        String[] names = new String[data.d()];
        for (int j = 0; j < names.length; j++) {
            names[j] = "f" + j;
        }
        for (int i = 0; i < data.x().length; i++) {
            set.add(new ArrayExample<>(new Label(Integer.toString(data.y()[i])), names, data.x()[i]));
        }
        // Tribuo logs each epoch's loss at INFO level: that would count as the learner's output.
        TRIBUO_LOG.setLevel(Level.WARNING);
        var model = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5), 100, Integer.MAX_VALUE, 1L).train(set);
        int[] predicted = new int[data.x().length];
        int i = 0;
        for (var example : set) {
            predicted[i++] = Integer.parseInt(model.predict(example).getOutput().getLabel());
        }
        return predicted;
    }

    private enum Flaw { NONE, NOT_DIVIDED, ASCENT, RESIDUAL_SIGN, INTERCEPT, DOUBLE, SEQUENTIAL }

    /** Gradient descent as the Javadoc states it, written again (or with one flaw built in). */
    private static double[] descend(Data data, double lambda, double eta, int iterations, Flaw flaw) {
        double[][] x = data.x();
        int n = x.length;
        int d = data.d();
        double[] w = new double[d];
        double b = 0;
        double scale = flaw == Flaw.NOT_DIVIDED ? 1 : 1.0 / n;
        double sign = flaw == Flaw.ASCENT ? -1 : 1;
        double penalty = flaw == Flaw.DOUBLE ? 2 * lambda : lambda;
        for (int t = 0; t < iterations; t++) {
            double[] r = residuals(x, data.y(), w, b, flaw);
            double[] step = new double[d];
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += r[i] * x[i][j];
                }
                step[j] = s * scale + penalty * w[j];
            }
            for (int j = 0; j < d; j++) {
                w[j] -= sign * eta * step[j];
            }
            if (flaw == Flaw.SEQUENTIAL) {
                r = residuals(x, data.y(), w, b, flaw);
            }
            double db = Arrays.stream(r).sum() * scale + (flaw == Flaw.INTERCEPT ? lambda * b : 0);
            b -= sign * eta * db;
        }
        return withIntercept(w, b);
    }

    private static double[] residuals(double[][] x, int[] y, double[] w, double b, Flaw flaw) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
                z += x[i][j] * w[j];
            }
            r[i] = (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))) - y[i];
            r[i] = flaw == Flaw.RESIDUAL_SIGN ? -r[i] : r[i];
        }
        return r;
    }

    /** The loss in plain Java, for the centred difference. */
    private static double plainLoss(double[][] x, int[] y, double[] w, double b, double lambda) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
                z += x[i][j] * w[j];
            }
            s += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
        }
        return s / x.length + lambda / 2 * sumSquares(w);
    }

    private static double[] centredDifference(double[][] x, int[] y, Model model, double lambda) {
        int d = model.weights().length;
        double[] g = new double[d + 1];
        double h = 1e-6;
        for (int k = 0; k <= d; k++) {
            double[] wPlus = model.weights().clone();
            double[] wMinus = model.weights().clone();
            double bPlus = model.intercept();
            double bMinus = model.intercept();
            if (k < d) {
                wPlus[k] += h;
                wMinus[k] -= h;
            } else {
                bPlus += h;
                bMinus -= h;
            }
            g[k] = (plainLoss(x, y, wPlus, bPlus, lambda) - plainLoss(x, y, wMinus, bMinus, lambda)) / (2 * h);
        }
        return g;
    }

    // ---- data ------------------------------------------------------------------------------------

    private record Data(double[][] x, int[] y) {
        int d() {
            return x[0].length;
        }
    }

    /** Gaussian features, labels drawn from a logistic model with random weights. */
    private static Data synthetic(Random random, int n, int d) {
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = 2 * random.nextGaussian();
        }
        double b = random.nextGaussian();
        double[][] x = new double[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double z = b;
            for (int j = 0; j < d; j++) {
                x[i][j] = random.nextGaussian();
                z += w[j] * x[i][j];
            }
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        return new Data(x, y);
    }

    /** Gaussian features around k random class centres. */
    private static Data syntheticClasses(Random random, int n, int d, int k) {
        double[][] centres = new double[k][d];
        for (double[] centre : centres) {
            for (int j = 0; j < d; j++) {
                centre[j] = 1.5 * random.nextGaussian();
            }
        }
        double[][] x = new double[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(k);
            for (int j = 0; j < d; j++) {
                x[i][j] = centres[y[i]][j] + random.nextGaussian();
            }
        }
        return new Data(x, y);
    }

    private static Multinomial randomMultinomial(Random random, int k, int d) {
        double[][] w = new double[k][d];
        double[] b = new double[k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                w[c][j] = random.nextGaussian();
            }
            b[c] = random.nextGaussian();
        }
        return new Multinomial(w, b);
    }

    private static Model randomModel(Random random, int d) {
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = random.nextGaussian();
        }
        return new Model(w, random.nextGaussian());
    }

    /** Iris rows 50-149 (versicolor 0, virginica 1), each feature standardised to mean 0 and variance 1. */
    private static Data irisVersicolorVirginica() {
        Iris iris = Iris.load();
        double[][] x = new double[100][];
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            x[i] = iris.features()[50 + i].clone();
            y[i] = iris.labels()[50 + i] == 2 ? 1 : 0;
        }
        return standardised(x, y);
    }

    /** All 150 Iris flowers (setosa 0, versicolor 1, virginica 2), features standardised. */
    private static Data irisAllClasses() {
        Iris iris = Iris.load();
        double[][] x = new double[150][];
        for (int i = 0; i < 150; i++) {
            x[i] = iris.features()[i].clone();
        }
        return standardised(x, iris.labels().clone());
    }

    private static Data standardised(double[][] x, int[] y) {
        for (int j = 0; j < x[0].length; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j] / x.length;
            }
            double var = 0;
            for (double[] row : x) {
                var += (row[j] - mean) * (row[j] - mean) / x.length;
            }
            for (double[] row : x) {
                row[j] = (row[j] - mean) / Math.sqrt(var);
            }
        }
        return new Data(x, y);
    }

    // ---- small helpers ---------------------------------------------------------------------------

    /** A known wrong answer as a vector, computed only once the learner's answer is already wrong. */
    private static Mistake<org.nd4j.linalg.api.ndarray.INDArray> mistake(String diagnosis, Supplier<double[]> answer) {
        return new Mistake<>(diagnosis, () -> {
            double[] wrong = answer.get();
            return wrong == null ? null : Compare.vector(wrong);
        });
    }

    private static double[] withIntercept(double[] w, double b) {
        double[] out = Arrays.copyOf(w, w.length + 1);
        out[w.length] = b;
        return out;
    }

    private static double norm(double[] w) {
        return Math.sqrt(sumSquares(w));
    }

    private static double[] flatten(Multinomial model) {
        int k = model.weights().length;
        double[] out = new double[0];
        for (int c = 0; c < k; c++) {
            out = withAll(out, model.weights()[c]);
        }
        return withAll(out, model.intercepts());
    }

    private static double[] withAll(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String describe(double[][] x, int[] y, Multinomial model) {
        String rows = x.length <= 4 ? "x " + Arrays.deepToString(x) : "x " + x.length + " x " + x[0].length;
        String labels = y == null ? "" : y.length <= 6 ? ", y " + Arrays.toString(y) : "";
        return rows + labels + ", W " + Arrays.deepToString(model.weights()) + ", b " + Arrays.toString(model.intercepts());
    }

    private static String describe(double[][] x, int[] y, Model model) {
        String rows = x.length <= 4 ? "x " + Arrays.deepToString(x) : "x " + x.length + " x " + x[0].length;
        String labels = y == null ? "" : y.length <= 6 ? ", y " + Arrays.toString(y) : "";
        return rows + labels + ", w " + Arrays.toString(model.weights()) + ", b " + model.intercept();
    }
}
