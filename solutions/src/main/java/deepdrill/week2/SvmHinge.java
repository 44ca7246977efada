package deepdrill.week2;

/**
 * A linear support vector machine trained by subgradient descent on the regularised hinge loss
 * (full-batch Pegasos): the objective, its subgradient, the fit, the decision function and the
 * predicted classes.
 *
 * <h2>The idea</h2>
 * A linear classifier sign(w . x + b) whose training asks for more than the right side: every
 * example should sit at a functional margin y (w . x + b) of at least 1. The hinge loss
 * max(0, 1 - margin) charges linearly for falling short and nothing beyond it, so only the points
 * on or inside the margin (the support vectors) shape the answer. The penalty (lambda/2) ||w||^2
 * trades training errors against a wide margin: the geometric margin is 1 / ||w||. The hinge is not
 * differentiable at margin 1, so the method steps along a subgradient; Pegasos's step 1 / (lambda t)
 * makes that converge, since the objective is lambda-strongly convex in w. The same loss is the
 * "multi-class SVM loss" of CS231n and a cousin of the margin losses used in metric learning.
 *
 * <h2>Formula</h2>
 * <pre>
 *   m_i     = y_i (w . x_i + b)                                   the margin of row i
 *   J(w, b) = (1/n) sum_i max(0, 1 - m_i)  +  (lambda/2) ||w||^2    (b is not penalised)
 *
 *   subgradient, with active rows A = { i : m_i &lt; 1 }   (a margin of exactly 1 is NOT active):
 *     g_w = lambda w - (1/n) sum_{i in A} y_i x_i
 *     g_b =          - (1/n) sum_{i in A} y_i
 *
 *   fit:  w = 0 (d zeros), b = 0; then for t = 1, 2, ..., iterations:
 *           eta_t = 1 / (lambda t)
 *           g = subgradient at (w, b);  w = w - eta_t g_w;  b = b - eta_t g_b
 *         (every row in every step, in no particular order: full batch, no randomness)
 *
 *   decision:  f(x) = w . x + b;   predict: +1 where f(x) &gt;= 0, else -1  (f = 0 is +1)
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   n  rows (examples), at least 1      d  features, at least 1
 *
 *   x        double[n][d]   features, finite; every row of length d
 *   y        int[n]         labels, each -1 or +1 (never 0 and 1)
 *   model    Model          weights double[d] and bias b
 *   lambda   the L2 strength: at least 0 for the objective and the subgradient, above 0 for fit
 *   iterations &gt;= 0       (0 returns the zero model)
 * </pre>
 *
 * <h2>The convention</h2>
 * At a margin of exactly 1 the hinge has a kink, and any value between the two one-sided slopes
 * is a valid subgradient; this exercise takes the right-hand one, 0 (the row is not active), as
 * PyTorch's ReLU does at 0. The loss is the <b>mean</b> over rows and the bias is not penalised.
 * The step size decreases as 1 / (lambda t) with t counted from 1. A decision value of exactly 0
 * predicts +1. Labels are -1 and +1: bad input throws an {@link IllegalArgumentException}, with the
 * message "labels must be -1 or +1" for any other label (0/1 labels above all, the convention of
 * logistic regression), and likewise for x with no rows or an empty row, rows of different
 * lengths, NaN or infinite features, weights or bias, y of another length than x, a model whose
 * weights are not of length d, lambda negative, infinite or NaN (or 0 for fit), negative
 * iterations. Inputs are never modified; every returned array is new.
 *
 * <h2>What interviewers ask</h2>
 * <ul>
 *   <li>What are the support vectors? (The rows with margin at most 1: only they enter the
 *       subgradient, and the solution is a combination of them.)</li>
 *   <li>Hinge against logistic loss? (The hinge is exactly 0 past the margin, giving sparse support
 *       and no probabilities; the logistic loss is smooth, never 0, and gives calibrated-ish
 *       probabilities.)</li>
 *   <li>What does lambda (or C = 1 / (n lambda)) control? (Large lambda: wide margin, more
 *       training errors; small lambda: close to the hard-margin SVM on separable data.)</li>
 *   <li>Why 1 / (lambda t)? (For a lambda-strongly convex objective it gives an O(log T / (lambda T))
 *       error; a fixed step keeps bouncing around the kink.)</li>
 *   <li>How do you get a non-linear boundary? (The kernel trick on the dual, or explicit features.)</li>
 * </ul>
 *
 * @see <a href="https://home.ttic.edu/~nati/Publications/PegasosMPB.pdf">Shalev-Shwartz, Singer,
 *      Srebro and Cotter, Pegasos: primal estimated sub-gradient solver for SVM (2011)</a>
 */
public final class SvmHinge {

    private SvmHinge() {
    }

    /**
     * A linear SVM.
     *
     * @param weights w, one per feature
     * @param bias    b
     */
    public record Model(double[] weights, double bias) {
    }

    /**
     * A subgradient of the objective.
     *
     * @param weights g_w, one per feature
     * @param bias    g_b
     */
    public record Subgradient(double[] weights, double bias) {
    }

    /**
     * The objective J(w, b): the mean hinge loss plus (lambda/2) ||w||^2.
     *
     * @param x      features (n, d); not modified
     * @param y      labels, each -1 or +1; not modified
     * @param model  the weights and bias; not modified
     * @param lambda the L2 strength, at least 0
     */
    public static double objective(double[][] x, int[] y, Model model, double lambda) {
        int d = checkData(x, y);
        checkModel(model, d);
        checkLambda(lambda);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.max(0, 1 - y[i] * decision(x[i], model.weights(), model.bias()));
        }
        return sum / x.length + lambda / 2 * squaredNorm(model.weights());
    }

    /**
     * The subgradient of {@link #objective} stated in the class Javadoc (a margin of exactly 1
     * contributes nothing).
     *
     * @param x      features (n, d); not modified
     * @param y      labels, each -1 or +1; not modified
     * @param model  the point; not modified
     * @param lambda the L2 strength, at least 0
     * @return a new subgradient: weights of length d, and the bias's
     */
    public static Subgradient subgradient(double[][] x, int[] y, Model model, double lambda) {
        int d = checkData(x, y);
        checkModel(model, d);
        checkLambda(lambda);
        return subgradientOf(x, y, model.weights(), model.bias(), lambda);
    }

    /**
     * Full-batch subgradient descent from the zero model with the step 1 / (lambda t), exactly as in
     * the class Javadoc.
     *
     * @param x          features (n, d); not modified
     * @param y          labels, each -1 or +1; not modified
     * @param lambda     the L2 strength, above 0
     * @param iterations the number of steps, at least 0
     * @return the model after the last step
     */
    public static Model fit(double[][] x, int[] y, double lambda, int iterations) {
        int d = checkData(x, y);
        checkLambda(lambda);
        if (lambda == 0) {
            throw new IllegalArgumentException("lambda must be above 0 for fit: the step is 1 / (lambda t)");
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be at least 0, got " + iterations);
        }
        double[] w = new double[d];
        double b = 0;
        for (int t = 1; t <= iterations; t++) {
            double eta = 1 / (lambda * t);
            Subgradient g = subgradientOf(x, y, w, b, lambda);
            for (int j = 0; j < d; j++) {
                w[j] -= eta * g.weights()[j];
            }
            b -= eta * g.bias();
        }
        return new Model(w, b);
    }

    /**
     * The decision value w . x_i + b of each row.
     *
     * @param x     features (n, d); not modified
     * @param model the weights and bias; not modified
     * @return a new array of n values
     */
    public static double[] decisionFunction(double[][] x, Model model) {
        int d = checkFeatures(x);
        checkModel(model, d);
        double[] f = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = decision(x[i], model.weights(), model.bias());
        }
        return f;
    }

    /**
     * The class of each row: +1 where the decision value is at least 0, else -1.
     *
     * @param x     features (n, d); not modified
     * @param model the weights and bias; not modified
     * @return a new array of n labels, each -1 or +1
     */
    public static int[] predict(double[][] x, Model model) {
        double[] f = decisionFunction(x, model);
        int[] labels = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            labels[i] = f[i] >= 0 ? 1 : -1;
        }
        return labels;
    }

    private static Subgradient subgradientOf(double[][] x, int[] y, double[] w, double b, double lambda) {
        int n = x.length;
        int d = w.length;
        double[] gw = new double[d];
        double gb = 0;
        for (int i = 0; i < n; i++) {
            double margin = y[i] * decision(x[i], w, b);
            if (margin < 1) {
                for (int j = 0; j < d; j++) {
                    gw[j] -= y[i] * x[i][j];
                }
                gb -= y[i];
            }
        }
        for (int j = 0; j < d; j++) {
            gw[j] = gw[j] / n + lambda * w[j];
        }
        return new Subgradient(gw, gb / n);
    }

    private static double decision(double[] row, double[] w, double b) {
        double f = b;
        for (int j = 0; j < row.length; j++) {
            f += w[j] * row[j];
        }
        return f;
    }

    private static double squaredNorm(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v * v;
        }
        return s;
    }

    // Validates x and y together; returns d.
    private static int checkData(double[][] x, int[] y) {
        int d = checkFeatures(x);
        if (y == null || y.length != x.length) {
            throw new IllegalArgumentException("y must have one label per row of x (" + x.length + "), got "
                    + (y == null ? "null" : y.length));
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] != -1 && y[i] != 1) {
                throw new IllegalArgumentException("labels must be -1 or +1, got " + y[i] + " at index " + i);
            }
        }
        return d;
    }

    // Validates x; returns d.
    private static int checkFeatures(double[][] x) {
        if (x == null || x.length == 0 || x[0] == null || x[0].length == 0) {
            throw new IllegalArgumentException("x must have at least one row and one feature");
        }
        int d = x[0].length;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || x[i].length != d) {
                throw new IllegalArgumentException("every row of x must have " + d + " features; row " + i
                        + " differs");
            }
            for (double v : x[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("x must be finite, got " + v + " in row " + i);
                }
            }
        }
        return d;
    }

    private static void checkModel(Model model, int d) {
        if (model == null || model.weights() == null || model.weights().length != d) {
            throw new IllegalArgumentException("the model must have " + d + " weights, one per feature");
        }
        for (double v : model.weights()) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("the weights must be finite, got " + v);
            }
        }
        if (!Double.isFinite(model.bias())) {
            throw new IllegalArgumentException("the bias must be finite, got " + model.bias());
        }
    }

    private static void checkLambda(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be at least 0 and finite, got " + lambda);
        }
    }
}
