package deepdrill.grader.checks.week2;

import deepdrill.datasets.Iris;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.week2.NaiveBayes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Variance;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code naive-bayes} against the closed forms written again from Commons Statistics:
 * per-class means from {@code Mean}, variances from {@code Variance} (unbiased, rescaled by
 * (n_k - 1) / n_k) plus eps = 1e-9 times the largest column variance, the Gaussian log joint
 * likelihood as the log prior plus a sum of {@code NormalDistribution.logDensity}; the multinomial
 * model's smoothed frequencies and its log joint likelihood from the counts; probabilities as
 * 1 / sum_c exp(jll_c - jll_k), an arrangement of the softmax that never overflows and is
 * independent of log-sum-exp. Tribuo 4.3's multinomial naive Bayes ({@code tribuo-classification-mnb})
 * is not among the grader's libraries, and it has no Gaussian one, so no library trains a model
 * here; Iris is fitted end to end and must reach the known training accuracy (144 of 150).
 *
 * <p>Covered: Iris (150 x 4, three classes); a feature with zero variance in one class (only eps
 * left), a class of one sample, one class only (every probability 1), unequal priors; 300 features
 * far from the means (a product of densities underflows to 0, the sum of logs is about -4000);
 * jll rows of -1000 and of +1000 (exp underflows and overflows), -infinity entries, ties in
 * predict, a single class; word counts with a word never seen in a class, alpha 1, 0.5 and 0 (log
 * theta = -infinity, and 0 * log 0 = 0 for an absent word), a test document made only of unseen
 * words, fractional counts. Rejected: no samples, rows of different lengths, no features, rows and
 * labels of different counts, numClasses 0, labels -1 and K, a class without samples, NaN and
 * infinite features, a negative count, every feature constant, alpha -1 and NaN, alpha 0 with a
 * class of no words, a test row of the wrong length, jll rows of NaN, +infinity or all -infinity, a
 * null model. Every input must be left unchanged. Named: priors by integer division, variances
 * divided by n_k - 1, eps left out, eps of a fixed 1e-9, priors left out (uniform), priors not
 * logged, the variance used as a standard deviation, densities multiplied before the log
 * (underflow), smoothing left out, alpha missing from the denominator, 0 * log 0 as NaN,
 * probabilities without log-sum-exp (0 / 0 or inf / inf), the running maximum started at 0, the
 * argmax tie to the larger index.
 */
@ExerciseCheck
class NaiveBayesCheck {

    private static final Tolerance TOLERANCE = new Tolerance(1e-12, 1e-9);

    private static final String N_MINUS_1 = "divided the variances by n_k - 1: the maximum-likelihood variance (and "
            + "scikit-learn's) divides by n_k.";
    private static final String NO_EPS = "left out eps: every variance gets eps = 1e-9 times the largest column variance "
            + "of the whole training set, so that a feature constant in a class keeps a finite density.";
    private static final String FIXED_EPS = "added a fixed 1e-9: eps is 1e-9 times the largest column variance of the "
            + "training set (it scales with the data).";
    private static final String NO_PRIOR = "left the priors out (as if every class were equally common): add log(n_k / n).";
    private static final String INT_DIV = "divided two integer counts (n_k / n in int arithmetic), which truncates to 0: "
            + "divide in double.";
    private static final String PRIOR_NOT_LOGGED = "stored n_k / n where its log belongs.";
    private static final String VAR_AS_SD = "used the variance as the standard deviation: the log-density is "
            + "-0.5 log(2 pi var) - (x - mu)^2 / (2 var).";
    private static final String UNDERFLOW = "multiplied the densities and took the log at the end: with many features "
            + "the product underflows to 0 and its log is -infinity; add the log-densities instead.";
    private static final String NO_SMOOTHING = "left out the smoothing: theta = (N_kj + alpha) / (N_k + alpha D), "
            + "otherwise a word never seen in a class vetoes it.";
    private static final String DENOM_NO_D = "added alpha to the denominator once: it is N_k + alpha D (alpha for each "
            + "of the D words), or the probabilities do not sum to 1.";
    private static final String NAN_ZERO = "computed 0 * log(0) as NaN for a word the document does not contain: skip "
            + "terms with x_j = 0.";
    private static final String NAIVE_SOFTMAX = "exponentiated the log joint likelihoods directly: exp(-1000) is 0 and "
            + "exp(1000) infinity, so 0 / 0 or inf / inf; subtract the row's maximum first (log-sum-exp).";
    private static final String MAX_FROM_ZERO = "started the running maximum of the row at 0 instead of -infinity (or "
            + "the first entry): for a row of values far below 0 nothing is subtracted, and exp underflows to 0 / 0.";
    private static final String TIE_LARGEST = "broke a tie towards the larger class index: the first (smallest) wins.";

    @Test
    @DisplayName("Gaussian fit: priors, per-class means, variances divided by n_k plus eps")
    void gaussianFit(Random random) {
        checkGaussianFit(new double[][] {{1, 10}, {3, 10}, {5, 14}, {6, 20}, {8, 26}}, new int[] {0, 0, 1, 1, 1}, 2);
        checkGaussianFit(new double[][] {{1, 2}, {2, 2}, {3, 2}, {4, 5}}, new int[] {0, 0, 0, 1}, 2);   // zero variance, n_k 1
        checkGaussianFit(new double[][] {{0.5}, {1.5}, {4}}, new int[] {0, 0, 0}, 1);                   // one class
        for (int i = 0; i < 3; i++) {
            int k = 2 + random.nextInt(3);
            int n = k + random.nextInt(30);
            checkGaussianFit(normal(random, n, 1 + random.nextInt(4)), everyClass(random, n, k), k);
        }
        Iris iris = Iris.load();
        checkGaussianFit(iris.features(), iris.labels(), 3);
    }

    @Test
    @DisplayName("Gaussian log joint likelihood: the log prior plus the sum of normal log-densities")
    void gaussianJointLogLikelihood(Random random) {
        double[][] x = {{1, 10}, {3, 10}, {5, 14}, {6, 20}, {8, 26}};
        int[] y = {0, 0, 1, 1, 1};
        checkGaussianJll(x, y, 2, new double[][] {{2, 10}, {7, 23}, {4, 40}, {1, 10.5}});
        checkGaussianJll(new double[][] {{1, 2}, {2, 2}, {3, 2}, {4, 5}}, new int[] {0, 0, 0, 1}, 2,
                new double[][] {{2, 2}, {2, 2.001}, {4, 5}});
        checkGaussianJll(new double[][] {{0.5}, {1.5}, {4}}, new int[] {0, 0, 0}, 1, new double[][] {{1}, {-30}});   // one class
        for (int i = 0; i < 3; i++) {
            int k = 2 + random.nextInt(3);
            int n = k + random.nextInt(30);
            int d = 1 + random.nextInt(4);
            checkGaussianJll(normal(random, n, d), everyClass(random, n, k), k, normal(random, 1 + random.nextInt(5), d));
        }
        // 300 features, test points 6 standard deviations out: each density is about 1e-8, their
        // product 1e-2400 underflows to 0, the sum of their logs does not.
        int d = 300;
        double[][] wide = new double[20][d];
        int[] labels = new int[20];
        for (int i = 0; i < 20; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < d; j++) {
                wide[i][j] = labels[i] + random.nextGaussian();
            }
        }
        double[][] far = new double[2][d];
        Arrays.fill(far[0], 6);
        Arrays.fill(far[1], -5);
        checkGaussianJll(wide, labels, 2, far);
    }

    @Test
    @DisplayName("predict and predictProba from log joint likelihoods, by log-sum-exp")
    void predictAndProba(Random random) {
        double inf = Double.NEGATIVE_INFINITY;
        checkPredictions(new double[][] {{-1, -2, -3}, {0, 0, -1}, {-5, -2, -2}, {3}, {inf, -7, inf}});
        checkPredictions(new double[][] {{-1000, -1001, -1002}, {-1e5, -1e5}, {1000, 999}, {745, 0, -745}});
        double[][] random5 = new double[5][4];
        for (double[] row : random5) {
            for (int c = 0; c < row.length; c++) {
                row[c] = -50 * random.nextDouble();
            }
        }
        checkPredictions(random5);
        checkPredictions(new double[0][]);
    }

    @Test
    @DisplayName("multinomial fit: log priors and log theta with additive smoothing alpha")
    void multinomialFit() {
        for (double alpha : new double[] {1, 0.5, 0}) {
            checkMultinomialFit(SPAM_COUNTS, SPAM_LABELS, 2, alpha);
        }
        checkMultinomialFit(new double[][] {{2, 0, 1}, {0, 0, 3}}, new int[] {0, 0}, 1, 1);           // one class
        checkMultinomialFit(new double[][] {{0.5, 1.5}, {2, 0}, {0, 0}}, new int[] {0, 1, 1}, 2, 0.1);   // fractional counts
    }

    @Test
    @DisplayName("multinomial on a small word-count corpus: log joint likelihoods, unseen words, predictions")
    void multinomialCorpus() {
        double[][] test = {
            {2, 1, 0, 0, 1, 0},   // free money win: spam
            {0, 0, 1, 1, 0, 1},   // meeting project lunch: ham ("lunch" never occurs in spam)
            {0, 0, 0, 0, 0, 2},   // only "lunch"
            {0, 0, 0, 0, 0, 0},   // an empty document: the priors decide
            {1, 0, 0, 0, 0, 1},   // "free" and "lunch"
        };
        for (double alpha : new double[] {1, 0.5, 0}) {
            checkMultinomialJll(SPAM_COUNTS, SPAM_LABELS, 2, alpha, test);
        }
    }

    @Test
    @DisplayName("Gaussian naive Bayes on Iris end to end: 144 of 150 training samples right")
    void irisEndToEnd() {
        Iris iris = Iris.load();
        double[][] x = iris.features();
        int[] y = iris.labels();
        // The model is compared first, so that a wrong fit fails here rather than in its predictions.
        NaiveBayes.Gaussian model = checkGaussianFit(x, y, 3);
        double[][] jll = Guarded.fresh(in -> NaiveBayes.gaussianJointLogLikelihood(in.copy("model", model), in.copy("x", x)));
        int[] predicted = Guarded.call(in -> NaiveBayes.predict(in.copy("jointLogLikelihood", jll)));
        double[][] expectedJll = gaussianJll(oracleGaussian(x, y, 3), x);
        compare("gaussianJointLogLikelihood(fitGaussian(Iris), Iris)", expectedJll, jll, List.of());
        int[] expected = argmax(expectedJll, false);
        int right = 0;
        for (int i = 0; i < y.length; i++) {
            if (predicted[i] != expected[i]) {
                throw new AssertionFailedError("predict on Iris row " + i + ": expected class " + expected[i] + ", got "
                        + predicted[i]);
            }
            right += predicted[i] == y[i] ? 1 : 0;
        }
        if (right != 144) {
            throw new AssertionFailedError("Gaussian naive Bayes gets 144 of the 150 Iris training samples right, yours "
                    + right);
        }
        double[][] proba = Guarded.fresh(in -> NaiveBayes.predictProba(in.copy("jointLogLikelihood", jll)));
        compare("predictProba(Iris)", softmax(expectedJll), proba, List.of());
    }

    @Test
    @DisplayName("no samples, bad labels, non-finite or negative values and bad alpha throw IllegalArgumentException")
    void rejectsBadInput() {
        double[][] x = {{1, 2}, {3, 5}};
        int[] y = {0, 1};
        rejected("fitGaussian(no rows)", () -> NaiveBayes.fitGaussian(new double[0][], new int[0], 2));
        rejected("fitGaussian(rows of lengths 2 and 1)", () -> NaiveBayes.fitGaussian(new double[][] {{1, 2}, {3}}, y, 2));
        rejected("fitGaussian(rows of no features)", () -> NaiveBayes.fitGaussian(new double[][] {{}, {}}, y, 2));
        rejected("fitGaussian(2 rows, 3 labels)", () -> NaiveBayes.fitGaussian(x, new int[] {0, 1, 1}, 2));
        rejected("fitGaussian(x, y, 0)", () -> NaiveBayes.fitGaussian(x, y, 0));
        rejected("fitGaussian(labels {0, -1})", () -> NaiveBayes.fitGaussian(x, new int[] {0, -1}, 2));
        rejected("fitGaussian(labels {0, 2}, 2 classes)", () -> NaiveBayes.fitGaussian(x, new int[] {0, 2}, 2));
        rejected("fitGaussian(labels {0, 1}, 3 classes: class 2 has no samples)", () -> NaiveBayes.fitGaussian(x, y, 3));
        rejected("fitGaussian(a NaN feature)", () -> NaiveBayes.fitGaussian(new double[][] {{1, Double.NaN}, {3, 5}}, y, 2));
        rejected("fitGaussian(every feature constant)", () -> NaiveBayes.fitGaussian(new double[][] {{1, 2}, {1, 2}}, y, 2));
        NaiveBayes.Gaussian g = new NaiveBayes.Gaussian(new double[] {0.5, 0.5}, new double[][] {{1, 2}, {3, 5}},
                new double[][] {{1, 1}, {1, 1}});
        rejected("gaussianJointLogLikelihood(model, a row of 3 features)",
                () -> NaiveBayes.gaussianJointLogLikelihood(g, new double[][] {{1, 2, 3}}));
        rejected("gaussianJointLogLikelihood(model, an infinite feature)",
                () -> NaiveBayes.gaussianJointLogLikelihood(g, new double[][] {{1, Double.POSITIVE_INFINITY}}));
        rejected("gaussianJointLogLikelihood(null, x)", () -> NaiveBayes.gaussianJointLogLikelihood(null, x));
        rejected("fitMultinomial(a negative count)", () -> NaiveBayes.fitMultinomial(new double[][] {{1, -1}, {0, 2}}, y, 2, 1));
        rejected("fitMultinomial(alpha -1)", () -> NaiveBayes.fitMultinomial(x, y, 2, -1));
        rejected("fitMultinomial(alpha NaN)", () -> NaiveBayes.fitMultinomial(x, y, 2, Double.NaN));
        rejected("fitMultinomial(alpha 0, class 1 has no words)",
                () -> NaiveBayes.fitMultinomial(new double[][] {{1, 2}, {0, 0}}, y, 2, 0));
        rejected("fitMultinomial(no rows)", () -> NaiveBayes.fitMultinomial(new double[0][], new int[0], 1, 1));
        NaiveBayes.Multinomial m = new NaiveBayes.Multinomial(new double[] {Math.log(0.5), Math.log(0.5)},
                new double[][] {{Math.log(0.5), Math.log(0.5)}, {Math.log(0.25), Math.log(0.75)}});
        rejected("multinomialJointLogLikelihood(model, a negative count)",
                () -> NaiveBayes.multinomialJointLogLikelihood(m, new double[][] {{1, -2}}));
        rejected("multinomialJointLogLikelihood(model, a row of 1 word)",
                () -> NaiveBayes.multinomialJointLogLikelihood(m, new double[][] {{1}}));
        rejected("multinomialJointLogLikelihood(null, counts)", () -> NaiveBayes.multinomialJointLogLikelihood(null, x));
        double inf = Double.NEGATIVE_INFINITY;
        rejected("predict({{-1, NaN}})", () -> NaiveBayes.predict(new double[][] {{-1, Double.NaN}}));
        rejected("predictProba({{-1, +infinity}})", () -> NaiveBayes.predictProba(new double[][] {{-1, Double.POSITIVE_INFINITY}}));
        rejected("predictProba({{-infinity, -infinity}})", () -> NaiveBayes.predictProba(new double[][] {{inf, inf}}));
        rejected("predictProba({{}})", () -> NaiveBayes.predictProba(new double[][] {{}}));
    }

    // ---- the corpus ------------------------------------------------------------------------------

    /** Words: free, money, meeting, project, win, lunch. Class 0 spam, 1 ham; "lunch" never in spam. */
    private static final double[][] SPAM_COUNTS = {
        {3, 2, 0, 0, 1, 0},
        {1, 3, 0, 0, 2, 0},
        {2, 0, 0, 1, 3, 0},
        {0, 0, 2, 3, 0, 1},
        {0, 1, 1, 2, 0, 2},
        {0, 0, 3, 1, 0, 1},
        {1, 0, 1, 1, 0, 0},
    };
    private static final int[] SPAM_LABELS = {0, 0, 0, 1, 1, 1, 1};

    // ---- one case each ---------------------------------------------------------------------------

    private static NaiveBayes.Gaussian checkGaussianFit(double[][] x, int[] y, int k) {
        NaiveBayes.Gaussian actual = Guarded.fresh(in -> NaiveBayes.fitGaussian(in.copy("x", x), in.copy("labels", y), k));
        Oracle expected = oracleGaussian(x, y, k);
        String what = "fitGaussian(" + show(x) + ", " + show(y) + ", " + k + ")";
        double uniform = 1.0 / k;
        boolean equalPriors = Arrays.stream(expected.priors).allMatch(p -> p == uniform);
        compare(what + ".priors()", new double[][] {expected.priors}, new double[][] {actual.priors()}, List.of(
                new Mistake<>(NO_PRIOR, () -> equalPriors ? null : new double[][] {filled(k, uniform)}),
                new Mistake<>(INT_DIV, () -> k == 1 ? null : new double[][] {new double[k]})));
        compare(what + ".means()", expected.means, actual.means(), List.of());
        compare(what + ".variances()", expected.variances, actual.variances(), List.of(
                new Mistake<>(N_MINUS_1, () -> expected.unbiased),
                Mistake.giving(NO_EPS, plus(expected.variances, -expected.eps)),
                Mistake.giving(FIXED_EPS, plus(expected.variances, 1e-9 - expected.eps))));
        return actual;
    }

    private static void checkGaussianJll(double[][] x, int[] y, int k, double[][] test) {
        Oracle oracle = oracleGaussian(x, y, k);
        NaiveBayes.Gaussian model = new NaiveBayes.Gaussian(oracle.priors, oracle.means, oracle.variances);
        double[][] actual = Guarded.fresh(in -> NaiveBayes.gaussianJointLogLikelihood(in.copy("model", model),
                in.copy("x", test)));
        double[][] expected = gaussianJll(oracle, test);
        String what = "gaussianJointLogLikelihood(the model fitted on " + show(x) + ", " + show(test) + ")";
        boolean underflow = Arrays.stream(actual).flatMapToDouble(Arrays::stream).anyMatch(v -> v == Double.NEGATIVE_INFINITY);
        if (underflow) {
            throw new AssertionFailedError(Mistake.PREFIX + UNDERFLOW + "\n" + what + ": expected finite values such as "
                    + fmt(expected[0][0]) + ", got -infinity");
        }
        double[][] noPrior = new double[test.length][k];
        for (int i = 0; i < test.length; i++) {
            for (int c = 0; c < k; c++) {
                noPrior[i][c] = expected[i][c] - Math.log(oracle.priors[c]) + Math.log(1.0 / k);
            }
        }
        double[][] withoutLogPrior = new double[test.length][k];
        for (int i = 0; i < test.length; i++) {
            for (int c = 0; c < k; c++) {
                withoutLogPrior[i][c] = expected[i][c] - Math.log(oracle.priors[c]);
            }
        }
        compare(what, expected, actual, List.of(
                Mistake.giving(NO_PRIOR, withoutLogPrior),
                Mistake.giving(NO_PRIOR, noPrior),
                Mistake.giving(VAR_AS_SD, gaussianJll(new Oracle(oracle.priors, oracle.means,
                        map(oracle.variances, v -> v * v), null, 0), test))));
    }

    private static void checkPredictions(double[][] jll) {
        int[] actual = Guarded.call(in -> NaiveBayes.predict(in.copy("jointLogLikelihood", jll)));
        int[] expected = argmax(jll, false);
        if (!Arrays.equals(expected, actual)) {
            String diagnosis = Arrays.equals(argmax(jll, true), actual) ? Mistake.PREFIX + TIE_LARGEST + "\n" : "";
            throw new AssertionFailedError(diagnosis + "predict(" + show(jll) + "): expected " + Arrays.toString(expected)
                    + ", got " + Arrays.toString(actual));
        }
        double[][] proba = Guarded.fresh(in -> NaiveBayes.predictProba(in.copy("jointLogLikelihood", jll)));
        String what = "predictProba(" + show(jll) + ")";
        boolean nan = Arrays.stream(proba).flatMapToDouble(Arrays::stream).anyMatch(Double::isNaN);
        if (nan) {
            throw new AssertionFailedError(Mistake.PREFIX + NAIVE_SOFTMAX + "\n" + what + ": got NaN in "
                    + show(proba));
        }
        compare(what, softmax(jll), proba, List.of(Mistake.giving(NAIVE_SOFTMAX, naiveSoftmax(jll)),
                Mistake.giving(NAIVE_SOFTMAX, logSumExp(jll, false)), Mistake.giving(MAX_FROM_ZERO, logSumExp(jll, true))));
    }

    private static void checkMultinomialFit(double[][] counts, int[] y, int k, double alpha) {
        NaiveBayes.Multinomial actual = Guarded.fresh(in -> NaiveBayes.fitMultinomial(in.copy("counts", counts),
                in.copy("labels", y), k, alpha));
        String what = "fitMultinomial(" + show(counts) + ", " + show(y) + ", " + k + ", alpha " + fmt(alpha) + ")";
        double[] priors = priors(y, k);
        double uniform = 1.0 / k;
        boolean equalPriors = Arrays.stream(priors).allMatch(p -> p == uniform);
        compare(what + ".logPriors()", new double[][] {map(priors, Math::log)}, new double[][] {actual.logPriors()}, List.of(
                Mistake.giving(PRIOR_NOT_LOGGED, new double[][] {priors}),
                new Mistake<>(NO_PRIOR, () -> equalPriors ? null : new double[][] {filled(k, Math.log(uniform))})));
        compare(what + ".logProbs()", logTheta(counts, y, k, alpha, false), actual.logProbs(), List.of(
                new Mistake<>(NO_SMOOTHING, () -> alpha == 0 ? null : logTheta(counts, y, k, 0, false)),
                new Mistake<>(DENOM_NO_D, () -> alpha == 0 ? null : logTheta(counts, y, k, alpha, true))));
    }

    private static void checkMultinomialJll(double[][] counts, int[] y, int k, double alpha, double[][] test) {
        double[][] logTheta = logTheta(counts, y, k, alpha, false);
        double[] logPriors = map(priors(y, k), Math::log);
        NaiveBayes.Multinomial model = new NaiveBayes.Multinomial(logPriors, logTheta);
        double[][] actual = Guarded.fresh(in -> NaiveBayes.multinomialJointLogLikelihood(in.copy("model", model),
                in.copy("counts", test)));
        String what = "multinomialJointLogLikelihood(the model fitted with alpha " + fmt(alpha) + ", " + show(test) + ")";
        double[][] expected = multinomialJll(logPriors, logTheta, test);
        boolean nan = Arrays.stream(actual).flatMapToDouble(Arrays::stream).anyMatch(Double::isNaN);
        if (nan) {
            throw new AssertionFailedError(Mistake.PREFIX + NAN_ZERO + "\n" + what + ": got NaN in " + show(actual)
                    + ", expected " + show(expected));
        }
        double[] uniform = filled(k, Math.log(1.0 / k));
        compare(what, expected, actual, List.of(Mistake.giving(NO_PRIOR, multinomialJll(uniform, logTheta, test)),
                Mistake.giving(NO_PRIOR, multinomialJll(new double[k], logTheta, test))));
        // The whole pipeline on the corpus: predictions and probabilities.
        int[] predicted = Guarded.call(in -> NaiveBayes.predict(in.copy("jointLogLikelihood", actual)));
        if (!Arrays.equals(argmax(expected, false), predicted)) {
            throw new AssertionFailedError("predict(" + what + "): expected " + Arrays.toString(argmax(expected, false))
                    + ", got " + Arrays.toString(predicted));
        }
    }

    // ---- the oracle ------------------------------------------------------------------------------

    /** The Gaussian model written again; {@code unbiased} are the variances divided by n_k - 1 (null if some n_k is 1). */
    private record Oracle(double[] priors, double[][] means, double[][] variances, double[][] unbiased, double eps) {
    }

    private static Oracle oracleGaussian(double[][] x, int[] y, int k) {
        int d = x[0].length;
        double maxVariance = 0;
        for (int j = 0; j < d; j++) {
            maxVariance = Math.max(maxVariance, population(column(x, j, y, -1)));
        }
        double eps = 1e-9 * maxVariance;
        double[] priors = priors(y, k);
        double[][] means = new double[k][d];
        double[][] variances = new double[k][d];
        double[][] unbiased = new double[k][d];
        boolean single = false;
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                double[] values = column(x, j, y, c);
                means[c][j] = Mean.of(values).getAsDouble();
                variances[c][j] = population(values) + eps;
                single |= values.length == 1;
                unbiased[c][j] = values.length == 1 ? 0 : Variance.of(values).getAsDouble() + eps;
            }
        }
        return new Oracle(priors, means, variances, single ? null : unbiased, eps);
    }

    private static double[][] gaussianJll(Oracle model, double[][] x) {
        int k = model.priors.length;
        double[][] jll = new double[x.length][k];
        for (int c = 0; c < k; c++) {
            NormalDistribution[] normals = new NormalDistribution[model.means[c].length];
            for (int j = 0; j < normals.length; j++) {
                normals[j] = NormalDistribution.of(model.means[c][j], Math.sqrt(model.variances[c][j]));
            }
            for (int i = 0; i < x.length; i++) {
                double sum = Math.log(model.priors[c]);
                for (int j = 0; j < normals.length; j++) {
                    sum += normals[j].logDensity(x[i][j]);
                }
                jll[i][c] = sum;
            }
        }
        return jll;
    }

    /** log theta_kj; {@code denominatorOnce} builds in the mistake N_k + alpha. */
    private static double[][] logTheta(double[][] counts, int[] y, int k, double alpha, boolean denominatorOnce) {
        int d = counts[0].length;
        double[][] theta = new double[k][d];
        for (int c = 0; c < k; c++) {
            double total = 0;
            double[] perWord = new double[d];
            for (int j = 0; j < d; j++) {
                perWord[j] = Arrays.stream(column(counts, j, y, c)).sum();
                total += perWord[j];
            }
            for (int j = 0; j < d; j++) {
                theta[c][j] = Math.log((perWord[j] + alpha) / (total + alpha * (denominatorOnce ? 1 : d)));
            }
        }
        return theta;
    }

    private static double[][] multinomialJll(double[] logPriors, double[][] logTheta, double[][] x) {
        double[][] jll = new double[x.length][logPriors.length];
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < logPriors.length; c++) {
                double sum = logPriors[c];
                for (int j = 0; j < x[i].length; j++) {
                    sum += x[i][j] == 0 ? 0 : x[i][j] * logTheta[c][j];
                }
                jll[i][c] = sum;
            }
        }
        return jll;
    }

    /** p_k = 1 / sum_c exp(jll_c - jll_k): no maximum subtracted, and it never overflows into NaN. */
    private static double[][] softmax(double[][] jll) {
        double[][] p = new double[jll.length][];
        for (int i = 0; i < jll.length; i++) {
            p[i] = new double[jll[i].length];
            for (int k = 0; k < p[i].length; k++) {
                if (jll[i][k] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                double sum = 0;
                for (double v : jll[i]) {
                    sum += Math.exp(v - jll[i][k]);
                }
                p[i][k] = 1 / sum;
            }
        }
        return p;
    }

    private static double[][] naiveSoftmax(double[][] jll) {
        double[][] p = new double[jll.length][];
        for (int i = 0; i < jll.length; i++) {
            double sum = Arrays.stream(jll[i]).map(Math::exp).sum();
            p[i] = Arrays.stream(jll[i]).map(v -> Math.exp(v) / sum).toArray();
        }
        return p;
    }

    /**
     * Two wrong log-sum-exps: nothing subtracted (exp(v - log sum exp v)), or the running maximum
     * started at 0, which is wrong only for rows whose entries are all far below 0.
     */
    private static double[][] logSumExp(double[][] jll, boolean maxFromZero) {
        double[][] p = new double[jll.length][];
        for (int i = 0; i < jll.length; i++) {
            double max = maxFromZero ? Math.max(0, Arrays.stream(jll[i]).max().orElse(0)) : 0;
            double logSum = max + Math.log(Arrays.stream(jll[i]).map(v -> Math.exp(v - max)).sum());
            p[i] = Arrays.stream(jll[i]).map(v -> Math.exp(v - logSum)).toArray();
        }
        return p;
    }

    private static int[] argmax(double[][] jll, boolean largestOnTie) {
        int[] out = new int[jll.length];
        for (int i = 0; i < jll.length; i++) {
            for (int c = 1; c < jll[i].length; c++) {
                if (jll[i][c] > jll[i][out[i]] || (largestOnTie && jll[i][c] == jll[i][out[i]])) {
                    out[i] = c;
                }
            }
        }
        return out;
    }

    private static double[] priors(int[] y, int k) {
        double[] p = new double[k];
        for (int label : y) {
            p[label]++;
        }
        for (int c = 0; c < k; c++) {
            p[c] /= y.length;
        }
        return p;
    }

    private static double population(double[] values) {
        return values.length == 1 ? 0 : Variance.of(values).getAsDouble() * (values.length - 1) / values.length;
    }

    /** Column j of the rows of class {@code c} (every row when c is -1). */
    private static double[] column(double[][] x, int j, int[] y, int c) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (c < 0 || y[i] == c) {
                values.add(x[i][j]);
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // ---- comparison ------------------------------------------------------------------------------

    private static void compare(String what, double[][] expected, double[][] actual, List<Mistake<double[][]>> mistakes) {
        if (actual == null || actual.length != expected.length) {
            throw new AssertionFailedError(what + ": expected " + expected.length + " rows, got "
                    + (actual == null ? "null" : actual.length));
        }
        for (int i = 0; i < expected.length; i++) {
            if (actual[i] == null || actual[i].length != expected[i].length) {
                throw new AssertionFailedError(what + ": expected row " + i + " of length " + expected[i].length + ", got "
                        + (actual[i] == null ? "null" : actual[i].length));
            }
        }
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                if (!TOLERANCE.accepts(expected[i][j], actual[i][j])) {
                    String diagnosis = Mistake.matching(wrong -> close(wrong, actual), mistakes);
                    String where = expected.length == 1 ? "[" + j + "]" : "[" + i + "][" + j + "]";
                    throw new AssertionFailedError(diagnosis + what + where + ": expected " + fmt(expected[i][j]) + ", got "
                            + fmt(actual[i][j]) + String.format(Locale.ROOT, " (tolerance %.0e + %.0e * |expected|)",
                            TOLERANCE.abs(), TOLERANCE.rel()));
                }
            }
        }
    }

    private static boolean close(double[][] wrong, double[][] actual) {
        for (int i = 0; i < wrong.length; i++) {
            for (int j = 0; j < wrong[i].length; j++) {
                if (!TOLERANCE.accepts(wrong[i][j], actual[i][j])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void rejected(String what, Runnable call) {
        Rejection.expectRejected(what, "check the data first: samples of one finite width matching the labels, every "
                + "class 0 .. numClasses-1 present, counts >= 0, alpha >= 0, a model, jll rows with a finite entry", call);
    }

    // ---- inputs and words ------------------------------------------------------------------------

    private static double[][] normal(Random random, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = 3 * j + (1 + j) * random.nextGaussian();
            }
        }
        return x;
    }

    /** Random labels in which every class occurs at least once (n >= k). */
    private static int[] everyClass(Random random, int n, int k) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i < k ? i : random.nextInt(k);
        }
        return y;
    }

    private static double[] filled(int k, double v) {
        double[] a = new double[k];
        Arrays.fill(a, v);
        return a;
    }

    private static double[][] plus(double[][] a, double delta) {
        return map(a, v -> v + delta);
    }

    private static double[][] map(double[][] a, java.util.function.DoubleUnaryOperator f) {
        return Arrays.stream(a).map(row -> map(row, f)).toArray(double[][]::new);
    }

    private static double[] map(double[] a, java.util.function.DoubleUnaryOperator f) {
        return Arrays.stream(a).map(f).toArray();
    }

    private static String show(int[] y) {
        return y.length > 12 ? "(" + y.length + " labels)" : Arrays.toString(y).replace('[', '{').replace(']', '}');
    }

    private static String show(double[][] x) {
        if (x.length > 5 || (x.length > 0 && x[0].length > 6)) {
            return "(" + x.length + " x " + (x.length == 0 ? 0 : x[0].length) + " values)";
        }
        List<String> rows = new ArrayList<>();
        for (double[] row : x) {
            List<String> cells = new ArrayList<>();
            for (double v : row) {
                cells.add(fmt(v));
            }
            rows.add("{" + String.join(", ", cells) + "}");
        }
        return "{" + String.join(", ", rows) + "}";
    }

    private static String fmt(double v) {
        return Double.isInfinite(v) ? (v > 0 ? "+infinity" : "-infinity")
                : String.format(Locale.ROOT, "%.10g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
