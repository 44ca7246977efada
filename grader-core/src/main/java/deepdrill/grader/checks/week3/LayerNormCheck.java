package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.BatchNormStatistics;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.LayerNorm;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code layernorm} against PyTorch's {@code layer_norm} over the last axis (DJL's
 * built-in, whose convention matches: biased variance, eps inside the square root), and the
 * backward pass against autograd and a float64 numerical gradient of the same operation. DJL passes
 * eps as a float, so the eps values used are exact in float.
 *
 * <p>Covered: a batch of one, a single feature (xhat is 0, out is beta), two features; a constant
 * row (variance 0: only eps keeps 0 / 0 away); a row offset by 1e8 (where mean(x^2) - mean(x)^2
 * cancels catastrophically in float64); a row holding NaN or an infinity (only that row is NaN:
 * no statistic crosses examples); a large eps (small variances); float32. The inputs must come
 * back unchanged.
 */
@ExerciseCheck
class LayerNormCheck {

    private static final String WRONG_AXIS = "normalised over the wrong axis: layer norm takes the mean and variance "
            + "of each example (row, axis 1) over its D features, not of each feature over the batch (that is "
            + "batch norm).";
    private static final String EPS_OUTSIDE = "added eps outside the square root: divide by sqrt(var + eps), not "
            + "by sqrt(var) + eps.";
    private static final String UNBIASED = "normalised with the unbiased variance (divided by D - 1): layer norm "
            + "uses the biased one, sum((x - mu)^2) / D (ND4J's x.var(1) is the unbiased one; x.var(false, 1) "
            + "divides by D).";
    private static final String NO_EPS = "left eps out of the square root: a constant row has variance 0, and "
            + "(x - mu) / sqrt(0) is 0 / 0 = NaN; divide by sqrt(var + eps).";
    private static final String ONE_PASS = "lost the variance of the row far from 0 (row %d, values near %.3g): "
            + "every other row is right, and mean(x^2) - mean(x)^2 cancels catastrophically there, since x^2 is "
            + "beyond float64's exact integers. Take the mean of (x - mu)^2 instead.";
    private static final String NO_AFFINE = "left out gamma and beta: out = gamma * xhat + beta.";
    private static final String CONSTANT_STATS = "treated each row's mean and variance as constants in dx: "
            + "dout * gamma / sqrt(var + eps) misses the terms that flow through the mean and the variance.";
    private static final String NO_ONE_OVER_D = "left out the 1 / D in dx: dx = invStd / D * (D * dxhat - "
            + "sum(dxhat) - xhat * sum(dxhat * xhat)), sums along each row, so yours is D times too large.";
    private static final String PARAM_OVER_FEATURES = "summed over the features (axis 1) instead of over the batch "
            + "(axis 0): gamma and beta have one value per feature, so their gradients are sums over the N examples.";
    private static final String DGAMMA_NO_XHAT = "left xhat out of dgamma: dgamma = sum over the batch of dout * xhat.";

    /** The inputs of one call. */
    private record Data(INDArray x, INDArray gamma, INDArray beta, double eps) {
        @Override
        public String toString() {
            return "forward(x " + Nchw.shape(x) + (x.dataType() == DataType.DOUBLE ? "" : " " + x.dataType())
                    + ", gamma (" + x.size(1) + "), beta (" + x.size(1) + "), eps " + eps + ")";
        }
    }

    @Test
    @DisplayName("forward: every example normalised over its features")
    void forward(NDManager manager, Random random) {
        checkForward(manager, data(random, 4, 5, 1e-5, 1, DataType.DOUBLE));
        checkForward(manager, data(random, 3, 8, 1e-5, 1, DataType.DOUBLE));
        checkForward(manager, data(random, 6, 2, 1e-5, 1, DataType.DOUBLE));    // two features
        checkForward(manager, data(random, 5, 4, 0.0625, 0.2, DataType.DOUBLE)); // small variances: eps matters
        checkForward(manager, data(random, Inputs.between(random, 2, 6), Inputs.between(random, 2, 9), 1e-3, 1, DataType.DOUBLE));
    }

    @Test
    @DisplayName("a batch of one, and a single feature")
    void edgeCases(NDManager manager, Random random) {
        checkForward(manager, data(random, 1, 6, 1e-5, 1, DataType.DOUBLE));   // no statistics cross examples
        checkForward(manager, data(random, 4, 1, 1e-5, 1, DataType.DOUBLE));   // xhat is 0: out = beta
        checkBackward(manager, random, data(random, 1, 5, 1e-5, 1, DataType.DOUBLE));
        // A constant row, a row far from 0 (a one-pass variance loses its digits there) and rows
        // holding NaN and infinity, which must stay in their own row.
        // (x^2 near 1e16 is beyond float64's exact integers, so mean(x^2) - mean(x)^2 loses the variance.)
        double[] rows = {2.5, 2.5, 2.5, 2.5, 1e8 + 0.1, 1e8 + 1.3, 1e8 - 0.7, 1e8 + 2.9, 1, Double.NaN, 3, 4,
                Double.POSITIVE_INFINITY, 1, 2, 3, 0.5, -1, 2, 0.25};
        INDArray x = Nd4j.create(rows, new long[] {5, 4}, DataType.DOUBLE);
        checkForward(manager, new Data(x, Inputs.normal(random, 4), Inputs.normal(random, 4), 1e-5));
        checkBackward(manager, random, new Data(Nd4j.create(new double[] {2.5, 2.5, 2.5, 2.5, 0.5, -1, 2, 0.25},
                new long[] {2, 4}, DataType.DOUBLE), Inputs.normal(random, 4), Inputs.normal(random, 4), 1e-5));
    }

    @Test
    @DisplayName("backward: dx, dgamma, dbeta against autograd and a numerical gradient")
    void backward(NDManager manager, Random random) {
        checkBackward(manager, random, data(random, 4, 5, 1e-5, 1, DataType.DOUBLE));
        checkBackward(manager, random, data(random, 3, 2, 1e-5, 1, DataType.DOUBLE));
        checkBackward(manager, random, data(random, 2, 6, 0.0625, 0.3, DataType.DOUBLE));
    }

    @Test
    @DisplayName("float32 inputs give float32 outputs and gradients")
    void float32(NDManager manager, Random random) {
        checkForward(manager, data(random, 4, 6, 1e-5, 1, DataType.FLOAT));
        checkBackward(manager, random, data(random, 3, 5, 1e-5, 1, DataType.FLOAT));
    }

    private static void checkForward(NDManager manager, Data d) {
        LayerNorm.ForwardResult r = callForward(d);
        NDArray x = TorchOracle.toTorch(manager, d.x());
        NDArray g = TorchOracle.toTorch(manager, d.gamma());
        NDArray b = TorchOracle.toTorch(manager, d.beta());
        DataType type = d.x().dataType();
        double eps = d.eps();
        long features = d.x().size(1);
        Compare.assertClose("out of " + d, Nchw.expected(layerNorm(x, g, b, eps), type), r == null ? null : r.out(),
                tolerance(d),
                new Mistake<>(WRONG_AXIS, () -> Nchw.expected(BatchNormStatistics.normalize(x,
                        BatchNormStatistics.mean(x), BatchNormStatistics.variance(x, false), g, b, eps), type)),
                new Mistake<>(EPS_OUTSIDE, () -> Nchw.expected(byRow(x, false, eps, true).mul(g).add(b), type)),
                new Mistake<>(UNBIASED, () -> features < 2 ? null
                        : Nchw.expected(byRow(x, true, eps, false).mul(g).add(b), type)),
                new Mistake<>(NO_EPS, () -> Nchw.expected(byRow(x, false, 0, false).mul(g).add(b), type)),
                new Mistake<>(NO_AFFINE, () -> Nchw.expected(byRow(x, false, eps, false), type)),
                farRowOnly(d, r == null ? null : r.out(), Nchw.expected(layerNorm(x, g, b, eps), type)));
    }

    /**
     * The data type's tolerance, with an absolute term scaled to the output's terms: out = gamma *
     * xhat + beta with |xhat| about 1, so an output near 0 is a difference of terms of size
     * |gamma| + |beta| and carries their rounding (seen: 2.7e-9 on an output of -0.005). A row far
     * from 0 adds the rounding of its inputs, stored only to ~1e-8 near 1e8. The mistakes the check
     * names are off by far more.
     */
    private static Tolerance tolerance(Data d) {
        Tolerance base = Tolerance.of(d.x().dataType());
        double scale = d.gamma().amaxNumber().doubleValue() + d.beta().amaxNumber().doubleValue();
        double abs = Math.max(base.abs(), base.rel() * scale);
        for (int i = 0; i < d.x().rows(); i++) {
            if (Math.abs(d.x().getRow(i).meanNumber().doubleValue()) > 1e7) {
                abs = Math.max(abs, 1e-7 * Math.max(1, scale));
            }
        }
        return new Tolerance(abs, base.rel());
    }

    /**
     * The mistake that shows only in a row whose values are far from 0 (its mean above 1e7): the
     * expected output with that row taken from the learner's, who then got every other row right.
     */
    private static Mistake<INDArray> farRowOnly(Data d, INDArray actual, INDArray expected) {
        int far = -1;
        for (int i = 0; i < d.x().rows() && far < 0; i++) {
            far = Math.abs(d.x().getRow(i).meanNumber().doubleValue()) > 1e7 ? i : -1;
        }
        int row = far;
        return new Mistake<>(String.format(Locale.ROOT, ONE_PASS, row, row < 0 ? 0 : d.x().getDouble(row, 0)),
                () -> row < 0 || actual == null || !Arrays.equals(actual.shape(), expected.shape()) ? null
                        : withRow(expected, row, actual));
    }

    private static INDArray withRow(INDArray expected, int row, INDArray actual) {
        INDArray patched = expected.dup();
        patched.getRow(row).assign(actual.getRow(row).castTo(expected.dataType()));
        return patched;
    }

    private static void checkBackward(NDManager manager, Random random, Data d) {
        LayerNorm.ForwardResult r = callForward(d);
        DataType type = d.x().dataType();
        INDArray dout = Inputs.normal(random, d.x().shape()).castTo(type);
        LayerNorm.Gradients grads = Guarded.call(in -> LayerNorm.backward(in.copy("dout", dout), r.cache()));

        NDArray x = TorchOracle.toTorch(manager, d.x());
        NDArray g = TorchOracle.toTorch(manager, d.gamma());
        NDArray b = TorchOracle.toTorch(manager, d.beta());
        NDArray tdout = TorchOracle.toTorch(manager, dout);
        double eps = d.eps();
        NDArray[] auto = Autograd.gradients(in -> layerNorm(in.get(0), in.get(1), in.get(2), eps), tdout, x, g, b);
        NDArray xhat = byRow(x, false, eps, false);
        long features = d.x().size(1);

        String of = " of backward(dout " + Nchw.shape(dout) + ", cache) after " + d;
        Tolerance tol = Tolerance.of(type);
        Compare.assertClose("dx" + of + ", against autograd", Nchw.expected(auto[0], type), grads.dx(), tol,
                new Mistake<>(CONSTANT_STATS, () -> Nchw.expected(tdout.mul(g).mul(invStd(x, eps)), type)),
                new Mistake<>(NO_ONE_OVER_D, () -> Nchw.expected(auto[0].mul(features), type)));
        Compare.assertClose("dgamma" + of + ", against autograd", Nchw.expected(auto[1], type), grads.dgamma(), tol,
                new Mistake<>(PARAM_OVER_FEATURES, () -> Nchw.expected(tdout.mul(xhat).sum(new int[] {1}), type)),
                new Mistake<>(DGAMMA_NO_XHAT, () -> Nchw.expected(auto[2], type)));
        Compare.assertClose("dbeta" + of + ", against autograd", Nchw.expected(auto[2], type), grads.dbeta(), tol,
                new Mistake<>(PARAM_OVER_FEATURES, () -> Nchw.expected(tdout.sum(new int[] {1}), type)));
        if (type != DataType.DOUBLE) {
            return;
        }
        Compare.assertClose("dx" + of + ", against a numerical gradient",
                NumericalGradient.of(v -> forwardOf(TorchOracle.toTorch(manager, v), g, b, eps), d.x(), dout),
                grads.dx(), NumericalGradient.TOLERANCE);
        Compare.assertClose("dgamma" + of + ", against a numerical gradient",
                NumericalGradient.of(v -> forwardOf(x, TorchOracle.toTorch(manager, v), b, eps), d.gamma(), dout),
                grads.dgamma(), NumericalGradient.TOLERANCE);
        Compare.assertClose("dbeta" + of + ", against a numerical gradient",
                NumericalGradient.of(v -> forwardOf(x, g, TorchOracle.toTorch(manager, v), eps), d.beta(), dout),
                grads.dbeta(), NumericalGradient.TOLERANCE);
    }

    /** Calls the learner's forward on copies, and checks that no input was changed. */
    private static LayerNorm.ForwardResult callForward(Data d) {
        return Guarded.call(in -> LayerNorm.forward(in.copy("x", d.x()), in.copy("gamma", d.gamma()),
                in.copy("beta", d.beta()), d.eps()));
    }

    /**
     * Rows with different offsets and scales, so that statistics taken down the columns differ from
     * those along the rows.
     */
    private static Data data(Random random, int n, int d, double eps, double scale, DataType type) {
        double[] x = Inputs.normal(random, n, d).data().asDouble();
        for (int i = 0; i < n; i++) {
            double offset = 2 * random.nextGaussian();
            double rowScale = scale * (0.5 + random.nextDouble());
            for (int j = 0; j < d; j++) {
                x[i * d + j] = offset + rowScale * x[i * d + j];
            }
        }
        return new Data(Nd4j.create(x, new long[] {n, d}, DataType.DOUBLE).castTo(type),
                Inputs.normal(random, d).castTo(type), Inputs.normal(random, d).castTo(type), eps);
    }

    /** PyTorch's {@code layer_norm} over the last axis. */
    private static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, double eps) {
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(x.getShape().get(1)), gamma, beta, (float) eps)
                .singletonOrThrow();
    }

    private static INDArray forwardOf(NDArray x, NDArray gamma, NDArray beta, double eps) {
        return TorchOracle.toNd4j(layerNorm(x, gamma, beta, eps));
    }

    private static NDArray rowMean(NDArray x) {
        return x.mean(new int[] {1}, true);
    }

    /** xhat from primitives, with the mistakes a row-wise normalisation can make built in on request. */
    private static NDArray byRow(NDArray x, boolean unbiased, double eps, boolean epsOutside) {
        NDArray var = rowVariance(x, unbiased);
        return x.sub(rowMean(x)).div(epsOutside ? var.sqrt().add(eps) : var.add(eps).sqrt());
    }

    /** {@code 1 / sqrt(var + eps)} of every row, as a column (N, 1). */
    private static NDArray invStd(NDArray x, double eps) {
        return rowVariance(x, false).add(eps).sqrt().pow(-1);
    }

    private static NDArray rowVariance(NDArray x, boolean unbiased) {
        NDArray centred = x.sub(rowMean(x));
        long d = x.getShape().get(1);
        return centred.mul(centred).sum(new int[] {1}, true).div(unbiased ? d - 1 : d);
    }
}
