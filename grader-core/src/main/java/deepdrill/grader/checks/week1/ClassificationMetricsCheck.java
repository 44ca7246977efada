package deepdrill.grader.checks.week1;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.oracle.AveragePrecision;
import deepdrill.grader.oracle.ConfusionMatrix;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week1.ClassificationMetrics;
import deepdrill.week1.ClassificationMetrics.Curve;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code classification-metrics} against oracles that share no code with the solution: the
 * confusion matrix from one-hot encodings and a matrix product on PyTorch's device
 * ({@link ConfusionMatrix}, rows = true class, as the exercise); precision, recall, F1,
 * specificity and the macro and micro F1 by counting samples directly (a hand-made matrix is
 * first expanded into its samples); every ROC and PR point by counting, for each distinct score
 * t, the samples with score {@code >= t}; the AUC by brute-force counting of every
 * positive-negative pair (Mann-Whitney, a tie 1/2); average precision by
 * {@link AveragePrecision#interpolate} without the envelope (scikit-learn's step sum) on the
 * counted points; the log loss from its formula with the clipping written out.
 *
 * <p>Covered: seeded random labels of 3 to 5 classes with a class that never occurs (in neither
 * array), a class only predicted and a class only actual (precision or recall 0 / 0 = 0); a
 * perfect prediction; one class (K = 1, specificity 0 / 0); a hand-made matrix with an empty row
 * and column; n = 1; binary scores with many ties, all scores equal (AUC 1/2, one PR point),
 * scores of +infinity and -infinity, a perfect and an inverted ranking (AUC 1 and 0), labels with
 * a single class (AUC, TPR or FPR, recall and AP NaN), a lone positive ranked last; probabilities
 * of exactly 0 and 1, on the right and on the wrong side (clipping at 1e-15: 34.539 per confident
 * miss); bad arguments rejected (empty, lengths differ, labels out of range or not 0 / 1, NaN
 * scores and probabilities, probabilities outside [0, 1], a matrix that is not square, negative or
 * all zero, K = 0); the inputs only read, never changed. Named: the matrix transposed, precision
 * and recall swapped, 0 / 0 as NaN or 1, F1 as the arithmetic mean, specificity as recall or as
 * the FPR, macro and micro mixed up, macro over absent classes, macro F1 as F1 of the macro
 * averages, ties counted 0 or 1 or walked one sample at a time, a point per sample, a missing
 * (0, 0), a single class given a number, AP with the envelope (VOC) or trapezoids, log loss
 * without clipping, with another eps, in another log base, summed.
 */
@ExerciseCheck
class ClassificationMetricsCheck {

    private static final String TRANSPOSED = "transposed the confusion matrix: rows are the actual class, columns "
            + "the predicted one, m[actual[i]][predicted[i]]++.";
    private static final String SWAPPED_TO_RECALL = "computed recall where precision belongs (precision and recall "
            + "swapped): precision = TP / (TP + FP) divides by the column sum (all predicted as c), recall by the "
            + "row sum (all actually c).";
    private static final String SWAPPED_TO_PRECISION = "computed precision where recall belongs (precision and "
            + "recall swapped): recall = TP / (TP + FN) divides by the row sum (all actually c), precision by the "
            + "column sum.";
    private static final String ZERO_AS_NAN = "gave 0 / 0 the value NaN: this exercise follows scikit-learn's "
            + "zero_division=0, so a class with an empty denominator gets 0.";
    private static final String ZERO_AS_ONE = "gave 0 / 0 the value 1: this exercise follows scikit-learn's "
            + "zero_division=0, so a class with an empty denominator gets 0.";
    private static final String ARITHMETIC_F1 = "averaged precision and recall arithmetically: F1 is their harmonic "
            + "mean, 2 P R / (P + R) = 2 TP / (2 TP + FP + FN).";
    private static final String SPECIFICITY_AS_RECALL = "returned the recall (sensitivity, TP / (TP + FN)): "
            + "specificity is the recall of the negatives, TN / (TN + FP).";
    private static final String SPECIFICITY_AS_FPR = "returned the false positive rate FP / (TN + FP), which is "
            + "1 - specificity.";
    private static final String MICRO_FOR_MACRO = "computed the micro average where the macro one belongs (macro and "
            + "micro mixed up): macro F1 is the plain mean of the per-class F1, micro pools TP, FP and FN first.";
    private static final String MACRO_FOR_MICRO = "computed the macro average where the micro one belongs (macro and "
            + "micro mixed up): micro F1 pools TP, FP and FN over the classes, then divides once.";
    private static final String MACRO_ABSENT = "averaged over all K classes: a class in neither actual nor predicted "
            + "is left out of the macro average (it would count as 0).";
    private static final String MACRO_OF_MEANS = "took the F1 of the macro precision and macro recall: macro F1 is "
            + "the mean of the per-class F1 scores.";
    private static final String TIES_ZERO = "ignored ties in the AUC (a tied positive-negative pair counted 0): it "
            + "counts 1/2, the trapezoid under the ROC curve's diagonal step through the tie.";
    private static final String TIES_ONE = "counted a tied positive-negative pair as 1: it counts 1/2 (the trapezoid "
            + "under the diagonal step through the tie).";
    private static final String TIES_WALKED = "walked tied samples one at a time in input order: the answer then "
            + "depends on the order of the input; a group of equal scores must enter the curve together.";
    private static final String TIES_WALKED_REVERSED = "walked tied samples one at a time (in reverse input order): "
            + "a group of equal scores must enter the curve together.";
    private static final String INVERTED = "ranked in the wrong direction (ascending scores or labels flipped): a "
            + "higher score means more positive, so this gives 1 - AUC.";
    private static final String SINGLE_CLASS = "gave the AUC of labels with a single class a number: with no "
            + "positive or no negative it is 0 / 0, return Double.NaN.";
    private static final String AP_ENVELOPE = "interpolated the precision (the VOC envelope, max precision at this "
            + "recall or above): scikit-learn's AP is the plain step sum, sum (R_n - R_{n-1}) P_n.";
    private static final String AP_TRAPEZOID = "integrated the PR curve with trapezoids: AP is the step sum "
            + "sum (R_n - R_{n-1}) P_n, each recall step times the precision at its end.";
    private static final String AP_NO_POSITIVE = "gave AP a number without a positive: recall is 0 / 0, return "
            + "Double.NaN.";
    private static final String NO_CLIPPING = "did not clip the probabilities: ln 0 is -infinity, so clip p to "
            + "[EPS, 1 - EPS] with EPS = 1e-15 first.";
    private static final String OTHER_EPS = "clipped with another eps than 1e-15 (Keras's 1e-7, or the float "
            + "machine epsilon): use ClassificationMetrics.EPS.";
    private static final String LOG2 = "used log base 2: the log loss uses the natural log (Math.log).";
    private static final String LOG10 = "used log base 10: the log loss uses the natural log (Math.log).";
    private static final String SUMMED = "summed the losses: the log loss is their mean, divided by n.";

    /** Labels of n samples and K classes. */
    private record Labels(int[] actual, int[] predicted, int numClasses, String name) {
        @Override
        public String toString() {
            return name + " (n = " + actual.length + ", K = " + numClasses + ")";
        }
    }

    /** Binary scores and labels. */
    private record Scored(double[] scores, int[] labels, String name) {
        @Override
        public String toString() {
            return name + " (n = " + scores.length + ", " + positives(labels) + " positives)";
        }
    }

    // ---------------------------------------------------------------- cases

    /**
     * Seeded labels: actual in 0 .. K - 3 with class K - 3 rare, predicted right with probability 0.6,
     * otherwise any of 0 .. K - 2; so class K - 2 is only predicted and K - 1 in neither array.
     */
    private static List<Labels> labelCases(Random random) {
        List<Labels> cases = new ArrayList<>();
        int[][] configs = {{40, 4}, {73, 5}, {25, 3}};
        for (int[] config : configs) {
            int n = config[0];
            int k = config[1];
            int[] actual = new int[n];
            int[] predicted = new int[n];
            for (int i = 0; i < n; i++) {
                actual[i] = k == 3 ? 0 : random.nextInt(k - 2);
                predicted[i] = random.nextDouble() < 0.6 ? actual[i] : random.nextInt(k - 1);
            }
            cases.add(new Labels(actual, predicted, k, "random labels"));
        }
        int[] perfect = {0, 2, 1, 1, 0, 2, 2};
        cases.add(new Labels(perfect.clone(), perfect.clone(), 3, "a perfect prediction"));
        cases.add(new Labels(new int[] {0, 0, 0}, new int[] {0, 0, 0}, 1, "a single class"));
        cases.add(new Labels(new int[] {1}, new int[] {0}, 2, "one sample, wrong"));
        cases.add(new Labels(new int[] {0, 0, 1, 1, 1, 2}, new int[] {0, 1, 1, 1, 1, 1}, 4,
                "a class actual but never predicted"));
        return cases;
    }

    /** Seeded scores with ties, hand-made rankings and the edges of the contract. */
    private static List<Scored> scoredCases(Random random) {
        List<Scored> cases = new ArrayList<>();
        for (int n : new int[] {30, 57}) {
            double[] s = new double[n];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = random.nextDouble() < 0.4 ? 1 : 0;
                // Scores on a coarse grid: many ties, positives a little higher on average.
                s[i] = (random.nextInt(6) + 2 * y[i]) / 4.0;
            }
            cases.add(new Scored(s, y, "scores with ties"));
        }
        double[] continuous = new double[20];
        int[] yc = new int[20];
        for (int i = 0; i < 20; i++) {
            yc[i] = i % 3 == 0 ? 1 : 0;
            continuous[i] = random.nextGaussian() + yc[i];
        }
        cases.add(new Scored(continuous, yc, "distinct scores"));
        cases.add(new Scored(new double[] {0.3, 0.3, 0.3, 0.3, 0.3}, new int[] {1, 0, 0, 1, 0}, "all scores equal"));
        cases.add(new Scored(new double[] {0.9, 0.8, 0.7, 0.2, 0.1}, new int[] {1, 1, 1, 0, 0}, "a perfect ranking"));
        cases.add(new Scored(new double[] {0.9, 0.8, 0.7, 0.2, 0.1}, new int[] {0, 0, 1, 1, 1}, "an inverted ranking"));
        cases.add(new Scored(new double[] {Double.POSITIVE_INFINITY, 2, 2, Double.NEGATIVE_INFINITY, 0, 2},
                new int[] {1, 0, 1, 0, 1, 0}, "infinite scores and a tie"));
        cases.add(new Scored(new double[] {0.1, 0.5, 0.4, 0.8}, new int[] {1, 0, 0, 0}, "a lone positive ranked last"));
        cases.add(new Scored(new double[] {0.5}, new int[] {1}, "one sample"));
        return cases;
    }

    private static List<Scored> singleClass() {
        return List.of(new Scored(new double[] {0.2, 0.7, 0.7}, new int[] {0, 0, 0}, "only negatives"),
                new Scored(new double[] {0.2, 0.7, 0.7, 0.1}, new int[] {1, 1, 1, 1}, "only positives"));
    }

    // ---------------------------------------------------------------- tasks

    @Test
    @DisplayName("the confusion matrix counts m[actual][predicted]: rows are the actual class")
    void confusionMatrix(NDManager manager, Random random) {
        for (Labels c : labelCases(random)) {
            INDArray expected = TorchOracle.toNd4j(ConfusionMatrix.of(manager, c.predicted(), c.actual(), c.numClasses()));
            long[][] actual = Guarded.call(in -> ClassificationMetrics.confusionMatrix(in.copy("actual", c.actual()),
                    in.copy("predicted", c.predicted()), c.numClasses()));
            Compare.assertClose("confusionMatrix for " + c, expected, matrix(actual, c.numClasses()),
                    new Mistake<>(TRANSPOSED, () -> expected.transpose().dup()));
        }
    }

    @Test
    @DisplayName("precision TP / (TP + FP) and recall TP / (TP + FN) per class, 0 / 0 = 0")
    void precisionAndRecall(Random random) {
        for (Labels c : matrixCases(random)) {
            long[][] m = counted(c);
            double[] precision = perClass(c, Metric.PRECISION, 0);
            double[] recall = perClass(c, Metric.RECALL, 0);
            compare("precision for " + c, precision, callOn(m, ClassificationMetrics::precision),
                    Mistake.giving(SWAPPED_TO_RECALL, vectorOrNull(recall, precision)),
                    Mistake.giving(ZERO_AS_NAN, vectorOrNull(perClass(c, Metric.PRECISION, Double.NaN), precision)),
                    Mistake.giving(ZERO_AS_ONE, vectorOrNull(perClass(c, Metric.PRECISION, 1), precision)));
            compare("recall for " + c, recall, callOn(m, ClassificationMetrics::recall),
                    Mistake.giving(SWAPPED_TO_PRECISION, vectorOrNull(precision, recall)),
                    Mistake.giving(ZERO_AS_NAN, vectorOrNull(perClass(c, Metric.RECALL, Double.NaN), recall)),
                    Mistake.giving(ZERO_AS_ONE, vectorOrNull(perClass(c, Metric.RECALL, 1), recall)));
        }
    }

    @Test
    @DisplayName("F1 per class, the harmonic mean 2 TP / (2 TP + FP + FN), 0 / 0 = 0")
    void f1(Random random) {
        for (Labels c : matrixCases(random)) {
            double[] f1 = perClass(c, Metric.F1, 0);
            double[] p = perClass(c, Metric.PRECISION, 0);
            double[] r = perClass(c, Metric.RECALL, 0);
            double[] arithmetic = new double[f1.length];
            for (int k = 0; k < f1.length; k++) {
                arithmetic[k] = (p[k] + r[k]) / 2;
            }
            compare("f1 for " + c, f1, callOn(counted(c), ClassificationMetrics::f1),
                    Mistake.giving(ARITHMETIC_F1, vectorOrNull(arithmetic, f1)),
                    Mistake.giving(ZERO_AS_NAN, vectorOrNull(perClass(c, Metric.F1, Double.NaN), f1)),
                    Mistake.giving(ZERO_AS_ONE, vectorOrNull(perClass(c, Metric.F1, 1), f1)));
        }
    }

    @Test
    @DisplayName("specificity TN / (TN + FP) per class, 0 when every sample is of that class")
    void specificity(Random random) {
        for (Labels c : matrixCases(random)) {
            double[] expected = perClass(c, Metric.SPECIFICITY, 0);
            double[] fpr = perClass(c, Metric.FPR, 0);
            compare("specificity for " + c, expected, callOn(counted(c), ClassificationMetrics::specificity),
                    Mistake.giving(SPECIFICITY_AS_RECALL, vectorOrNull(perClass(c, Metric.RECALL, 0), expected)),
                    Mistake.giving(SPECIFICITY_AS_FPR, vectorOrNull(fpr, expected)),
                    Mistake.giving(ZERO_AS_NAN, vectorOrNull(perClass(c, Metric.SPECIFICITY, Double.NaN), expected)),
                    Mistake.giving(ZERO_AS_ONE, vectorOrNull(perClass(c, Metric.SPECIFICITY, 1), expected)));
        }
    }

    @Test
    @DisplayName("macro F1 (mean over the classes present) and micro F1 (pooled counts)")
    void macroAndMicroF1(Random random) {
        for (Labels c : matrixCases(random)) {
            long[][] m = counted(c);
            double macro = macro(c, perClass(c, Metric.F1, 0), false);
            double micro = microF1(c);
            double overAll = macro(c, perClass(c, Metric.F1, 0), true);
            double mp = macro(c, perClass(c, Metric.PRECISION, 0), false);
            double mr = macro(c, perClass(c, Metric.RECALL, 0), false);
            double ofMeans = mp + mr == 0 ? 0 : 2 * mp * mr / (mp + mr);
            compare("macroF1 for " + c, new double[] {macro},
                    callOn(m, x -> new double[] {ClassificationMetrics.macroF1(x)}),
                    Mistake.giving(MICRO_FOR_MACRO, scalarOrNull(micro, macro)),
                    Mistake.giving(MACRO_ABSENT, scalarOrNull(overAll, macro)),
                    Mistake.giving(MACRO_OF_MEANS, scalarOrNull(ofMeans, macro)));
            compare("microF1 for " + c, new double[] {micro},
                    callOn(m, x -> new double[] {ClassificationMetrics.microF1(x)}),
                    Mistake.giving(MACRO_FOR_MICRO, scalarOrNull(macro, micro)));
        }
    }

    @Test
    @DisplayName("ROC curve: (FPR, TPR) from (0, 0) at +infinity, one point per distinct score")
    void rocCurve(Random random) {
        List<Scored> cases = new ArrayList<>(scoredCases(random));
        cases.addAll(singleClass());
        for (Scored c : cases) {
            Curve expected = countedCurve(c, true);
            Curve actual = Guarded.call(in -> ClassificationMetrics.rocCurve(in.copy("scores", c.scores()),
                    in.copy("labels", c.labels())));
            assertCurve("rocCurve for " + c, c, expected, actual, true);
        }
    }

    @Test
    @DisplayName("ROC AUC: P(a positive scores above a negative), a tie 1/2; NaN with one class")
    void rocAuc(Random random) {
        List<Scored> cases = new ArrayList<>(scoredCases(random));
        cases.removeIf(c -> c.scores().length == 1);
        for (Scored c : cases) {
            double expected = pairs(c, 0.5, false, false);
            double actual = callScored(c, ClassificationMetrics::rocAuc);
            Compare.assertClose("rocAuc for " + c, Compare.scalar(expected), Compare.scalar(actual),
                    Mistake.giving(TIES_ZERO, scalarOrNull(pairs(c, 0, false, false), expected)),
                    Mistake.giving(TIES_ONE, scalarOrNull(pairs(c, 1, false, false), expected)),
                    Mistake.giving(TIES_WALKED, scalarOrNull(pairs(c, 0, true, false), expected)),
                    Mistake.giving(TIES_WALKED_REVERSED, scalarOrNull(pairs(c, 0, true, true), expected)),
                    Mistake.giving(INVERTED, scalarOrNull(1 - expected, expected)));
        }
        for (Scored c : singleClass()) {
            double actual = callScored(c, ClassificationMetrics::rocAuc);
            Compare.assertClose("rocAuc for " + c, Compare.scalar(Double.NaN), Compare.scalar(actual),
                    Mistake.giving(SINGLE_CLASS, Compare.scalar(actual)));
        }
    }

    @Test
    @DisplayName("precision-recall curve: (recall, precision) at every distinct score, highest first")
    void precisionRecallCurve(Random random) {
        List<Scored> cases = new ArrayList<>(scoredCases(random));
        cases.addAll(singleClass());
        for (Scored c : cases) {
            Curve expected = countedCurve(c, false);
            Curve actual = Guarded.call(in -> ClassificationMetrics.precisionRecallCurve(in.copy("scores", c.scores()),
                    in.copy("labels", c.labels())));
            assertCurve("precisionRecallCurve for " + c, c, expected, actual, false);
        }
    }

    @Test
    @DisplayName("average precision: the step sum of (R_n - R_{n-1}) P_n, no interpolation; NaN without a positive")
    void averagePrecision(NDManager manager, Random random) {
        List<Scored> cases = new ArrayList<>(scoredCases(random));
        cases.addAll(singleClass());
        for (Scored c : cases) {
            Curve pr = countedCurve(c, false);
            double expected = positives(c.labels()) == 0 ? Double.NaN : area(manager, pr, AveragePrecision.Interpolation.NO_ENVELOPE);
            double actual = callScored(c, ClassificationMetrics::averagePrecision);
            if (positives(c.labels()) == 0) {
                Compare.assertClose("averagePrecision for " + c, Compare.scalar(expected), Compare.scalar(actual),
                        Mistake.giving(AP_NO_POSITIVE, Compare.scalar(actual)));
                continue;
            }
            Compare.assertClose("averagePrecision for " + c, Compare.scalar(expected), Compare.scalar(actual),
                    Mistake.giving(AP_ENVELOPE, scalarOrNull(area(manager, pr, AveragePrecision.Interpolation.ALL_POINT),
                            expected)),
                    Mistake.giving(AP_TRAPEZOID, scalarOrNull(trapezoids(pr), expected)),
                    Mistake.giving(TIES_WALKED, scalarOrNull(walkedAp(c, false), expected)),
                    Mistake.giving(TIES_WALKED_REVERSED, scalarOrNull(walkedAp(c, true), expected)));
        }
    }

    @Test
    @DisplayName("log loss: the mean of -ln q or -ln(1 - q), q clipped to [1e-15, 1 - 1e-15]")
    void logLoss(Random random) {
        List<Scored> cases = new ArrayList<>();
        double[] p = new double[25];
        int[] y = new int[25];
        for (int i = 0; i < p.length; i++) {
            y[i] = random.nextInt(2);
            p[i] = random.nextDouble();
        }
        cases.add(new Scored(p, y, "random probabilities"));
        cases.add(new Scored(new double[] {1, 0, 0.7, 0.2}, new int[] {1, 0, 1, 0}, "probabilities 0 and 1, right"));
        cases.add(new Scored(new double[] {0, 1, 0.5}, new int[] {1, 0, 1}, "probabilities 0 and 1, wrong"));
        cases.add(new Scored(new double[] {1e-20, 1 - 1e-17, 0.999}, new int[] {1, 0, 1}, "probabilities beyond eps"));
        cases.add(new Scored(new double[] {0.5}, new int[] {0}, "one sample"));
        for (Scored c : cases) {
            double expected = logLoss(c, 1e-15, Math.E, true);
            double actual = callScored(c, "probabilities", ClassificationMetrics::logLoss);
            Compare.assertClose("logLoss for " + c, Compare.scalar(expected), Compare.scalar(actual),
                    Mistake.giving(NO_CLIPPING, scalarOrNull(logLoss(c, 0, Math.E, true), expected)),
                    Mistake.giving(OTHER_EPS, scalarOrNull(logLoss(c, 1e-7, Math.E, true), expected)),
                    Mistake.giving(OTHER_EPS, scalarOrNull(logLoss(c, Math.ulp(1.0), Math.E, true), expected)),
                    Mistake.giving(LOG2, scalarOrNull(logLoss(c, 1e-15, 2, true), expected)),
                    Mistake.giving(LOG10, scalarOrNull(logLoss(c, 1e-15, 10, true), expected)),
                    Mistake.giving(SUMMED, scalarOrNull(logLoss(c, 1e-15, Math.E, false), expected)));
        }
    }

    @Test
    @DisplayName("bad arguments (empty, lengths differ, labels out of range, NaN, bad matrices) throw IllegalArgumentException")
    void rejectsBadInput() {
        int[] two = {0, 1};
        int[] three = {0, 1, 1};
        double[] s3 = {0.1, 0.5, 0.9};
        reject("confusionMatrix(actual of 2, predicted of 3, K = 2)",
                () -> ClassificationMetrics.confusionMatrix(two, three, 2));
        reject("confusionMatrix(actual of 0, predicted of 0, K = 2)",
                () -> ClassificationMetrics.confusionMatrix(new int[0], new int[0], 2));
        reject("confusionMatrix(actual {0, 2}, predicted {0, 1}, K = 2)",
                () -> ClassificationMetrics.confusionMatrix(new int[] {0, 2}, two, 2));
        reject("confusionMatrix(actual {0, 1}, predicted {-1, 1}, K = 2)",
                () -> ClassificationMetrics.confusionMatrix(two, new int[] {-1, 1}, 2));
        reject("confusionMatrix(actual {0, 0}, predicted {0, 0}, K = 0)",
                () -> ClassificationMetrics.confusionMatrix(new int[] {0, 0}, new int[] {0, 0}, 0));
        long[][][] badMatrices = {{{1, 2}, {3}}, {{1, -1}, {0, 2}}, {{0, 0}, {0, 0}}, {}};
        String[] why = {"{{1, 2}, {3}} (not square)", "{{1, -1}, {0, 2}} (a negative count)",
            "{{0, 0}, {0, 0}} (no sample)", "{} (empty)"};
        for (int b = 0; b < badMatrices.length; b++) {
            long[][] m = badMatrices[b];
            reject("precision(" + why[b] + ")", () -> ClassificationMetrics.precision(m));
            reject("recall(" + why[b] + ")", () -> ClassificationMetrics.recall(m));
            reject("f1(" + why[b] + ")", () -> ClassificationMetrics.f1(m));
            reject("specificity(" + why[b] + ")", () -> ClassificationMetrics.specificity(m));
            reject("macroF1(" + why[b] + ")", () -> ClassificationMetrics.macroF1(m));
            reject("microF1(" + why[b] + ")", () -> ClassificationMetrics.microF1(m));
        }
        List<String> calls = List.of("rocCurve", "rocAuc", "precisionRecallCurve", "averagePrecision", "logLoss");
        for (String name : calls) {
            Function<double[], Function<int[], Object>> f = s -> y -> switch (name) {
                case "rocCurve" -> ClassificationMetrics.rocCurve(s, y);
                case "rocAuc" -> ClassificationMetrics.rocAuc(s, y);
                case "precisionRecallCurve" -> ClassificationMetrics.precisionRecallCurve(s, y);
                case "averagePrecision" -> ClassificationMetrics.averagePrecision(s, y);
                default -> ClassificationMetrics.logLoss(s, y);
            };
            reject(name + "(scores of 3, labels of 2)", () -> f.apply(s3).apply(two));
            reject(name + "(scores of 0, labels of 0)", () -> f.apply(new double[0]).apply(new int[0]));
            reject(name + "(labels {0, 2, 1})", () -> f.apply(s3).apply(new int[] {0, 2, 1}));
            reject(name + "(labels {-1, 0, 1})", () -> f.apply(s3).apply(new int[] {-1, 0, 1}));
            reject(name + "(scores {0.1, NaN, 0.9})", () -> f.apply(new double[] {0.1, Double.NaN, 0.9}).apply(three));
        }
        reject("logLoss(probabilities {0.1, 1.5, 0.9})", () -> ClassificationMetrics.logLoss(new double[] {0.1, 1.5, 0.9}, three));
        reject("logLoss(probabilities {-0.01, 0.5, 0.9})",
                () -> ClassificationMetrics.logLoss(new double[] {-0.01, 0.5, 0.9}, three));
    }

    // ---------------------------------------------------------------- oracles

    private enum Metric { PRECISION, RECALL, F1, SPECIFICITY, FPR }

    /** The label cases plus a hand-made matrix with an empty row and column, expanded into samples. */
    private static List<Labels> matrixCases(Random random) {
        List<Labels> cases = labelCases(random);
        cases.add(expand(new long[][] {{5, 0, 2, 0}, {1, 3, 0, 0}, {0, 0, 0, 0}, {4, 1, 0, 0}},
                "a hand-made matrix (class 2 in neither array, class 3 never predicted)"));
        return cases;
    }

    /** The samples of a matrix: m[a][p] pairs (a, p), row by row. */
    private static Labels expand(long[][] m, String name) {
        List<int[]> pairs = new ArrayList<>();
        for (int a = 0; a < m.length; a++) {
            for (int p = 0; p < m.length; p++) {
                for (long i = 0; i < m[a][p]; i++) {
                    pairs.add(new int[] {a, p});
                }
            }
        }
        int[] actual = pairs.stream().mapToInt(x -> x[0]).toArray();
        int[] predicted = pairs.stream().mapToInt(x -> x[1]).toArray();
        return new Labels(actual, predicted, m.length, name);
    }

    /** The matrix handed to the learner, counted sample by sample. */
    private static long[][] counted(Labels c) {
        long[][] m = new long[c.numClasses()][c.numClasses()];
        for (int i = 0; i < c.actual().length; i++) {
            m[c.actual()[i]][c.predicted()[i]]++;
        }
        return m;
    }

    /** A per-class metric by counting samples; {@code zeroByZero} is what 0 / 0 gives. */
    private static double[] perClass(Labels c, Metric metric, double zeroByZero) {
        double[] out = new double[c.numClasses()];
        for (int k = 0; k < out.length; k++) {
            long tp = 0;
            long fp = 0;
            long fn = 0;
            long tn = 0;
            for (int i = 0; i < c.actual().length; i++) {
                boolean isK = c.actual()[i] == k;
                boolean saysK = c.predicted()[i] == k;
                tp += isK && saysK ? 1 : 0;
                fp += !isK && saysK ? 1 : 0;
                fn += isK && !saysK ? 1 : 0;
                tn += !isK && !saysK ? 1 : 0;
            }
            long[] nd = switch (metric) {
                case PRECISION -> new long[] {tp, tp + fp};
                case RECALL -> new long[] {tp, tp + fn};
                case F1 -> new long[] {2 * tp, 2 * tp + fp + fn};
                case SPECIFICITY -> new long[] {tn, tn + fp};
                case FPR -> new long[] {fp, tn + fp};
            };
            out[k] = nd[1] == 0 ? zeroByZero : (double) nd[0] / nd[1];
        }
        return out;
    }

    /** The mean of per-class values over the classes in either array, or over all K. */
    private static double macro(Labels c, double[] values, boolean allClasses) {
        double sum = 0;
        int count = 0;
        for (int k = 0; k < values.length; k++) {
            boolean present = false;
            for (int i = 0; i < c.actual().length; i++) {
                present |= c.actual()[i] == k || c.predicted()[i] == k;
            }
            if (present || allClasses) {
                sum += values[k];
                count++;
            }
        }
        return sum / count;
    }

    /** Micro F1 of one label per sample: every error is one FP and one FN, so 2 TP / 2 n. */
    private static double microF1(Labels c) {
        long correct = 0;
        for (int i = 0; i < c.actual().length; i++) {
            correct += c.actual()[i] == c.predicted()[i] ? 1 : 0;
        }
        return (double) correct / c.actual().length;
    }

    /** Every point by counting the samples with score >= t, for each distinct score t (and +infinity first for ROC). */
    private static Curve countedCurve(Scored c, boolean roc) {
        TreeSet<Double> distinct = new TreeSet<>();
        for (double s : c.scores()) {
            distinct.add(s == 0 ? 0.0 : s);   // -0.0 and 0.0 are one score
        }
        List<Double> thresholds = new ArrayList<>(distinct.descendingSet());
        long pos = positives(c.labels());
        long neg = c.labels().length - pos;
        int n = thresholds.size() + (roc ? 1 : 0);
        double[] x = new double[n];
        double[] y = new double[n];
        double[] t = new double[n];
        int k = 0;
        if (roc) {
            t[k++] = Double.POSITIVE_INFINITY;
        }
        for (double threshold : thresholds) {
            long tp = 0;
            long fp = 0;
            for (int i = 0; i < c.scores().length; i++) {
                if (c.scores()[i] >= threshold) {
                    tp += c.labels()[i];
                    fp += 1 - c.labels()[i];
                }
            }
            x[k] = roc ? (double) fp / neg : (double) tp / pos;
            y[k] = roc ? (double) tp / pos : (double) tp / (tp + fp);
            t[k++] = threshold;
        }
        if (roc) {
            x[0] = neg == 0 ? Double.NaN : 0;
            y[0] = pos == 0 ? Double.NaN : 0;
        }
        return new Curve(x, y, t);
    }

    /**
     * AUC by brute force over every positive-negative pair: a win counts 1, a tie {@code tie}; with
     * {@code walked}, a tie counts 1 when the positive comes first in input order (reversed: last),
     * what walking the tied samples one at a time after a stable sort gives.
     */
    private static double pairs(Scored c, double tie, boolean walked, boolean reversed) {
        double sum = 0;
        long count = 0;
        double[] s = c.scores();
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (c.labels()[i] == 1 && c.labels()[j] == 0) {
                    count++;
                    if (s[i] > s[j]) {
                        sum += 1;
                    } else if (s[i] == s[j]) {
                        sum += walked ? ((i < j) != reversed ? 1 : 0) : tie;
                    }
                }
            }
        }
        return sum / count;
    }

    /** AP through the oracle's PR-area code, on the counted points. */
    private static double area(NDManager manager, Curve pr, AveragePrecision.Interpolation how) {
        NDArray recall = manager.create(pr.x());
        NDArray precision = manager.create(pr.y());
        return AveragePrecision.interpolate(recall, precision, how);
    }

    private static double trapezoids(Curve pr) {
        double area = 0;
        double r = 0;
        double p = 1;
        for (int k = 0; k < pr.x().length; k++) {
            area += (pr.x()[k] - r) * (pr.y()[k] + p) / 2;
            r = pr.x()[k];
            p = pr.y()[k];
        }
        return area;
    }

    /** AP with a point after every sample, tied samples in input order (or reversed). */
    private static double walkedAp(Scored c, boolean reversed) {
        int n = c.scores().length;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(reversed ? n - 1 - i : i);
        }
        order.sort((a, b) -> Double.compare(c.scores()[b], c.scores()[a]));
        long pos = positives(c.labels());
        double ap = 0;
        long tp = 0;
        for (int k = 0; k < n; k++) {
            int i = order.get(k);
            tp += c.labels()[i];
            if (c.labels()[i] == 1) {
                ap += (1.0 / pos) * tp / (k + 1);
            }
        }
        return ap;
    }

    /** The log loss with clipping {@code eps} (0: none), in log base {@code base}, mean or sum. */
    private static double logLoss(Scored c, double eps, double base, boolean mean) {
        double sum = 0;
        for (int i = 0; i < c.scores().length; i++) {
            double q = Math.min(Math.max(c.scores()[i], eps), 1 - eps);
            double likelihood = c.labels()[i] == 1 ? q : 1 - q;
            sum -= Math.log(likelihood) / Math.log(base);
        }
        return mean ? sum / c.scores().length : sum;
    }

    // ---------------------------------------------------------------- comparing

    private static void assertCurve(String what, Scored c, Curve expected, Curve actual, boolean roc) {
        if (actual == null || actual.x() == null || actual.y() == null || actual.thresholds() == null) {
            throw new AssertionFailedError(what + ": got a null curve or a null array in it");
        }
        int want = expected.x().length;
        int got = actual.x().length;
        if (got != actual.y().length || got != actual.thresholds().length) {
            throw new AssertionFailedError(what + ": x, y and thresholds must have the same length; got " + got + ", "
                    + actual.y().length + " and " + actual.thresholds().length);
        }
        if (got != want) {
            String diagnosis = "";
            if (got == c.scores().length + (roc ? 1 : 0) && got != want) {
                diagnosis = Mistake.PREFIX + "emitted a point after every sample: tied samples enter the curve "
                        + "together, one point per distinct score.\n";
            } else if (roc && got == want - 1) {
                diagnosis = Mistake.PREFIX + "left out the ROC curve's first point, (0, 0) at threshold +infinity.\n";
            } else if (!roc && got == want + 1) {
                diagnosis = Mistake.PREFIX + "added a point (scikit-learn's recall 0, precision 1?): this curve has "
                        + "exactly one point per distinct score.\n";
            }
            throw new AssertionFailedError(diagnosis + what + ": wrong number of points: expected " + want + ", got "
                    + got + " (the distinct scores" + (roc ? ", plus (0, 0) first" : "") + ")");
        }
        Compare.assertClose(what + ", thresholds", Compare.vector(expected.thresholds()),
                Compare.vector(actual.thresholds()),
                Mistake.giving("listed the thresholds in increasing order: the curve runs from the highest score "
                        + "down.", reversed(expected.thresholds())));
        String xName = roc ? "FPR (x)" : "recall (x)";
        String yName = roc ? "TPR (y)" : "precision (y)";
        Compare.assertClose(what + ", " + xName, Compare.vector(expected.x()), Compare.vector(actual.x()),
                Mistake.giving((roc ? "put TPR in x: x is the FPR, y the TPR." : "put precision in x: x is the "
                        + "recall, y the precision."), vectorOrNull(expected.y(), expected.x())));
        Compare.assertClose(what + ", " + yName, Compare.vector(expected.y()), Compare.vector(actual.y()));
    }

    private static INDArray reversed(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[v.length - 1 - i];
        }
        return Compare.vector(r);
    }

    @SafeVarargs
    private static void compare(String what, double[] expected, double[] actual, Mistake<INDArray>... mistakes) {
        Compare.assertClose(what, Compare.vector(expected), Compare.vector(actual), mistakes);
    }

    private static double[] callOn(long[][] m, Function<long[][], double[]> code) {
        return Guarded.call(in -> code.apply(in.copy("m", m)));
    }

    private interface ScoredCall {
        double apply(double[] scores, int[] labels);
    }

    private static double callScored(Scored c, ScoredCall code) {
        return callScored(c, "scores", code);
    }

    private static double callScored(Scored c, String firstName, ScoredCall code) {
        return Guarded.call(in -> code.apply(in.copy(firstName, c.scores()), in.copy("labels", c.labels())));
    }

    /** The learner's matrix as float64 (K, K); a wrong row count or ragged rows become an error message. */
    private static INDArray matrix(long[][] m, int k) {
        if (m == null) {
            return null;
        }
        if (m.length != k) {
            throw new AssertionFailedError("confusionMatrix: expected " + k + " rows (one per class), got " + m.length);
        }
        double[][] d = new double[k][];
        for (int a = 0; a < k; a++) {
            if (m[a] == null || m[a].length != k) {
                throw new AssertionFailedError("confusionMatrix: row " + a + " must have " + k + " columns, got "
                        + (m[a] == null ? "null" : m[a].length));
            }
            d[a] = new double[k];
            for (int p = 0; p < k; p++) {
                d[a][p] = m[a][p];
            }
        }
        return Nd4j.create(d).castTo(DataType.DOUBLE);
    }

    /** The vector, or null where it equals {@code correct} (the mistake makes no difference here). */
    private static INDArray vectorOrNull(double[] wrong, double[] correct) {
        return java.util.Arrays.equals(wrong, correct) ? null : Compare.vector(wrong);
    }

    private static INDArray scalarOrNull(double wrong, double correct) {
        return Double.compare(wrong, correct) == 0 ? null : Compare.scalar(wrong);
    }

    private static long positives(int[] labels) {
        long p = 0;
        for (int y : labels) {
            p += y == 1 ? 1 : 0;
        }
        return p;
    }

    private static void reject(String what, Runnable call) {
        Rejection.expectRejected(what, "check the lengths, the labels, the scores and the matrix before using them",
                call);
    }
}
