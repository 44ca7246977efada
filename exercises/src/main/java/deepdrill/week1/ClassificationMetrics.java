package deepdrill.week1;

/**
 * The metrics every classifier is judged by: the confusion matrix and, from it, precision,
 * recall, F1 and specificity per class with their macro and micro averages; from the scores of a
 * binary classifier, the ROC curve and its area (AUC), the precision-recall curve and average
 * precision; and from its probabilities, the log loss.
 *
 * <h2>The idea</h2>
 * Accuracy hides what kind of errors a model makes, and on imbalanced data it rewards predicting
 * the majority class. The confusion matrix counts every (actual, predicted) pair; precision asks
 * "of what I flagged, how much was right?", recall "of what was there, how much did I find?".
 * A ranking metric (ROC AUC, average precision) judges the scores before any threshold is chosen;
 * the log loss judges whether the probabilities are calibrated, and punishes confident mistakes
 * without bound.
 *
 * <h2>Formulas</h2>
 * <pre>
 *   M[a][p]  = #{i : actual[i] == a and predicted[i] == p}       rows = actual, columns = predicted
 *   TP_c = M[c][c]    FN_c = row sum of c - TP_c    FP_c = column sum of c - TP_c
 *   TN_c = n - TP_c - FN_c - FP_c
 *
 *   precision_c   = TP_c / (TP_c + FP_c)          recall_c = TP_c / (TP_c + FN_c)   (sensitivity, TPR)
 *   F1_c          = 2 TP_c / (2 TP_c + FP_c + FN_c)   (= 2 P R / (P + R), the harmonic mean)
 *   specificity_c = TN_c / (TN_c + FP_c)           (TNR = 1 - FPR)
 *
 *   macro F1 = the mean of F1_c over the classes present (in actual or predicted)
 *   micro F1 = 2 sum TP / (2 sum TP + sum FP + sum FN)   (pool the counts, then divide; = accuracy here)
 *
 *   binary scores s[i], labels y[i] in {0, 1}; P = #positives, N = #negatives
 *   ROC point at threshold t: (FPR(t), TPR(t)) = (#{y = 0, s >= t} / N, #{y = 1, s >= t} / P)
 *   AUC = (#{(i, j) : y_i = 1, y_j = 0, s_i > s_j} + 1/2 #{... s_i = s_j}) / (P N)    (Mann-Whitney U / PN)
 *   PR point at threshold t: (recall(t), precision(t)) = (TP(t) / P, TP(t) / #{s >= t})
 *   AP = sum_n (R_n - R_{n-1}) P_n,  over the thresholds t_1 > t_2 > ..., R_0 = 0
 *   log loss = -(1/n) sum_i [y_i ln q_i + (1 - y_i) ln(1 - q_i)],  q_i = min(max(p_i, eps), 1 - eps)
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   n  samples      K  classes, labelled 0 .. K - 1
 *
 *   actual, predicted   int[n]       class labels, each in [0, K)
 *   m                   long[K][K]   a confusion matrix, m[actual][predicted]
 *   scores              double[n]    any real score (higher = more positive), not NaN; infinities allowed
 *   labels              int[n]       0 (negative) or 1 (positive)
 *   probabilities       double[n]    the predicted probability of class 1, in [0, 1]
 *   Curve(x, y, thresholds)          three arrays of the same length, thresholds decreasing
 * </pre>
 *
 * <h2>The conventions</h2>
 * <ul>
 * <li>Rows are the actual class, columns the predicted class (scikit-learn's
 *     {@code confusion_matrix}); some textbooks and Wikipedia's binary table put the prediction in
 *     the rows.</li>
 * <li>A ratio 0 / 0 is 0, as scikit-learn's {@code zero_division=0}: a class never predicted has
 *     precision 0, a class that never occurs has recall 0 and F1 0.</li>
 * <li>The macro average leaves out a class that occurs in neither {@code actual} nor
 *     {@code predicted} (its row and column of {@code m} are 0): scikit-learn averages over the
 *     labels it sees. Every class is in the micro average's pooled counts. Macro F1 is the mean of
 *     the per-class F1, not the F1 of the macro precision and macro recall.</li>
 * <li>Ties in scores: the curves have one point per distinct score, from the highest to the lowest
 *     ({@code drop_intermediate=False} in scikit-learn); a group of tied samples enters at once, so
 *     the ROC curve steps diagonally through a tie, and the trapezoid under that diagonal counts
 *     each tied positive-negative pair as 1/2. The ROC curve starts at (0, 0) with threshold
 *     {@code +infinity} (scikit-learn 1.3 and later); the PR curve has no extra point
 *     (scikit-learn appends recall 0, precision 1 and lists the points in the other order).</li>
 * <li>A ranking metric of labels with a single class: AUC is 0 / 0, {@code Double.NaN}
 *     (scikit-learn raises an error); the ROC curve's TPR (no positive) or FPR (no negative) is NaN
 *     everywhere; with no positive, recall and AP are NaN too. All scores equal give AUC 1/2.</li>
 * <li>Log loss clips every probability to [eps, 1 - eps] with {@code eps = 1e-15} (scikit-learn's
 *     historical default), so a confident miss costs about 34.5, not infinity. Natural log.</li>
 * <li>Empty inputs, arrays of different lengths, a label outside [0, K) (or not 0 / 1 for the
 *     binary metrics), a NaN score, a probability outside [0, 1] or NaN, a matrix that is not
 *     square or has a negative count, and K &lt; 1 throw an {@link IllegalArgumentException}.
 *     Inputs are never changed; every array returned is new.</li>
 * </ul>
 *
 * <h2>What interviewers ask</h2>
 * "Precision or recall for cancer screening? For spam?" (recall: a missed tumour costs more;
 * precision: a lost e-mail costs more). "What does AUC mean?" (the probability that a random
 * positive scores above a random negative, ties 1/2). "ROC or PR on a 1:1000 data set?" (PR: the
 * FPR barely moves when negatives dominate, so ROC looks good while precision is poor; a random
 * classifier has AUC 0.5 but AP equal to the positive rate). "Macro or micro?" (macro weighs every
 * class equally and shows the rare ones; micro weighs every sample, and in single-label
 * multi-class it equals accuracy). "Why clip in log loss?" (ln 0 is -infinity). "How do you handle
 * class imbalance?" (report per-class or macro metrics and PR curves, pick the threshold on a
 * validation set, reweight or resample the training data; never judge by accuracy alone).
 *
 * <h2>Hint</h2>
 * Build everything from counts: the per-class metrics from the row sums, column sums and diagonal
 * of {@code m}; the curves from one sort by descending score and running counts of positives and
 * negatives, emitting a point only where the next score differs.
 *
 * @see <a href="https://scikit-learn.org/stable/modules/model_evaluation.html">scikit-learn, Metrics and
 *      scoring (precision_recall_fscore_support, roc_curve, average_precision_score, log_loss)</a>
 * @see <a href="https://doi.org/10.1016/j.patrec.2005.10.010">Fawcett, An introduction to ROC analysis,
 *      Pattern Recognition Letters 27 (2006)</a>
 */
public final class ClassificationMetrics {

    /** The clipping of {@link #logLoss}: probabilities are taken in [EPS, 1 - EPS]. */
    public static final double EPS = 1e-15;

    private ClassificationMetrics() {
    }

    /**
     * A curve of a binary classifier's scores: point {@code k} is {@code (x[k], y[k])}, reached by
     * predicting positive every sample with a score {@code >= thresholds[k]}.
     *
     * @param x          FPR for the ROC curve, recall for the PR curve
     * @param y          TPR for the ROC curve, precision for the PR curve
     * @param thresholds decreasing: the distinct scores, from the highest (the ROC curve's first is
     *                   {@code +infinity})
     */
    public record Curve(double[] x, double[] y, double[] thresholds) {
    }

    /**
     * The confusion matrix.
     *
     * @param actual     the true class of every sample, each in [0, numClasses); not modified
     * @param predicted  the predicted class of every sample, the same length; not modified
     * @param numClasses K, at least 1
     * @return a new K x K matrix, {@code m[a][p]} = the number of samples of class a predicted as p
     * @throws IllegalArgumentException if the arrays are empty or differ in length, K &lt; 1, or a
     *                                  label is outside [0, K)
     */
    public static long[][] confusionMatrix(int[] actual, int[] predicted, int numClasses) {
        // TODO: check K and the lengths, then count m[actual[i]][predicted[i]]++, rejecting labels outside [0, K).
        throw new UnsupportedOperationException("Not implemented yet: ClassificationMetrics.confusionMatrix");
    }

    /**
     * Precision of every class, TP / (TP + FP), 0 for a class never predicted.
     *
     * @param m a confusion matrix, rows = actual; not modified
     * @return K values in [0, 1]
     * @throws IllegalArgumentException if m is empty, not square, has a negative count or counts no sample
     */
    public static double[] precision(long[][] m) {
        // TODO: TP = m[c][c] over the column sum of c (0 when the column is empty).
        throw new UnsupportedOperationException("Not implemented yet: ClassificationMetrics.precision");
    }

    /**
     * Recall of every class, TP / (TP + FN), 0 for a class that never occurs.
     *
     * @param m a confusion matrix, rows = actual; not modified
     * @return K values in [0, 1]
     * @throws IllegalArgumentException if m is empty, not square, has a negative count or counts no sample
     */
    public static double[] recall(long[][] m) {
        // TODO: TP = m[c][c] over the row sum of c (0 when the row is empty).
        throw new UnsupportedOperationException("Not implemented yet: ClassificationMetrics.recall");
    }

    /**
     * F1 of every class, 2 TP / (2 TP + FP + FN), 0 for a class in neither actual nor predicted.
     *
     * @param m a confusion matrix, rows = actual; not modified
     * @return K values in [0, 1]
     * @throws IllegalArgumentException if m is empty, not square, has a negative count or counts no sample
     */
    public static double[] f1(long[][] m) {
        // TODO: 2 TP over (row sum + column sum) of c (0 when both are empty).
        throw new UnsupportedOperationException("Not implemented yet: ClassificationMetrics.f1");
    }

    /**
     * Specificity of every class, TN / (TN + FP), 0 when every sample is of that class.
     *
     * @param m a confusion matrix, rows = actual; not modified
     * @return K values in [0, 1]
     * @throws IllegalArgumentException if m is empty, not square, has a negative count or counts no sample
     */
    public static double[] specificity(long[][] m) {
        // TODO: TN + FP = n - row sum of c; FP = column sum of c - TP.
        throw new UnsupportedOperationException("Not implemented yet: ClassificationMetrics.specificity");
    }

    /**
     * Macro F1: the mean of the per-class F1 over the classes that occur in actual or predicted.
     *
     * @param m a confusion matrix, rows = actual; not modified
     * @return a number in [0, 1]
     * @throws IllegalArgumentException if m is empty, not square, has a negative count or counts no sample
     */
    public static double macroF1(long[][] m) {
        // TODO: average f1(m) over the classes whose row or column is not empty.
        throw new UnsupportedOperationException("Not implemented yet: ClassificationMetrics.macroF1");
    }

    /**
     * Micro F1: F1 of the counts pooled over all classes, 2 sum TP / (2 sum TP + sum FP + sum FN).
     *
     * @param m a confusion matrix, rows = actual; not modified
     * @return a number in [0, 1] (the accuracy, for one label per sample)
     * @throws IllegalArgumentException if m is empty, not square, has a negative count or counts no sample
     */
    public static double microF1(long[][] m) {
        // TODO: pool TP, FP and FN over the classes first, then divide once.
        throw new UnsupportedOperationException("Not implemented yet: ClassificationMetrics.microF1");
    }

    /**
     * The ROC curve: (FPR, TPR) at every distinct score, from (0, 0) at threshold +infinity to
     * (1, 1) at the lowest score.
     *
     * @param scores a score for every sample, not NaN; not modified
     * @param labels 0 or 1 for every sample, the same length; not modified
     * @return a new curve of (number of distinct scores + 1) points; TPR is NaN everywhere without a
     *         positive, FPR without a negative
     * @throws IllegalArgumentException if the arrays are empty or differ in length, a score is NaN or a
     *                                  label is not 0 or 1
     */
    public static Curve rocCurve(double[] scores, int[] labels) {
        // TODO: sort by descending score; emit (FP / N, TP / P) after the last sample of each group of equal scores.
        throw new UnsupportedOperationException("Not implemented yet: ClassificationMetrics.rocCurve");
    }

    /**
     * The area under the ROC curve: the probability that a random positive scores above a random
     * negative, a tie counting 1/2.
     *
     * @param scores a score for every sample, not NaN; not modified
     * @param labels 0 or 1 for every sample, the same length; not modified
     * @return a number in [0, 1], or NaN when only one class is present
     * @throws IllegalArgumentException if the arrays are empty or differ in length, a score is NaN or a
     *                                  label is not 0 or 1
     */
    public static double rocAuc(double[] scores, int[] labels) {
        // TODO: the trapezoids under rocCurve (a tie's diagonal step counts its pairs 1/2).
        throw new UnsupportedOperationException("Not implemented yet: ClassificationMetrics.rocAuc");
    }

    /**
     * The precision-recall curve: (recall, precision) at every distinct score, highest first.
     *
     * @param scores a score for every sample, not NaN; not modified
     * @param labels 0 or 1 for every sample, the same length; not modified
     * @return a new curve of (number of distinct scores) points; recall is NaN without a positive
     * @throws IllegalArgumentException if the arrays are empty or differ in length, a score is NaN or a
     *                                  label is not 0 or 1
     */
    public static Curve precisionRecallCurve(double[] scores, int[] labels) {
        // TODO: sort by descending score; emit (TP / P, TP / k) after each group of equal scores.
        throw new UnsupportedOperationException("Not implemented yet: ClassificationMetrics.precisionRecallCurve");
    }

    /**
     * Average precision, scikit-learn's step sum: sum_n (R_n - R_{n-1}) P_n over the PR curve, R_0 = 0
     * (no interpolation, no trapezoids).
     *
     * @param scores a score for every sample, not NaN; not modified
     * @param labels 0 or 1 for every sample, the same length; not modified
     * @return a number in [0, 1], or NaN without a positive
     * @throws IllegalArgumentException if the arrays are empty or differ in length, a score is NaN or a
     *                                  label is not 0 or 1
     */
    public static double averagePrecision(double[] scores, int[] labels) {
        // TODO: sum (R_n - R_{n-1}) P_n over the points of precisionRecallCurve, R_0 = 0.
        throw new UnsupportedOperationException("Not implemented yet: ClassificationMetrics.averagePrecision");
    }

    /**
     * The mean binary log loss (cross-entropy) of probabilities clipped to [EPS, 1 - EPS].
     *
     * @param probabilities the predicted probability of class 1 for every sample, in [0, 1]; not modified
     * @param labels        0 or 1 for every sample, the same length; not modified
     * @return a number in [0, about 34.54]
     * @throws IllegalArgumentException if the arrays are empty or differ in length, a probability is
     *                                  outside [0, 1] or NaN, or a label is not 0 or 1
     */
    public static double logLoss(double[] probabilities, int[] labels) {
        // TODO: clip p to [EPS, 1 - EPS], then the mean of -ln q (label 1) or -ln(1 - q) (label 0).
        throw new UnsupportedOperationException("Not implemented yet: ClassificationMetrics.logLoss");
    }
}
