package deepdrill.grader.checks.week3;

import static deepdrill.grader.checks.week3.BatchNormDiagnoses.*;

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
import deepdrill.week3.BatchNorm;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code batchnorm} against PyTorch: the output of {@code batch_norm} (DJL's built-in, in
 * train and eval mode), the running statistics from {@link BatchNormStatistics} (NDArray primitives,
 * since DJL passes momentum as {@code 1 - m}, and as a float), and the backward pass against
 * autograd and a float64 numerical gradient of the same operation. The eps values used are exact in
 * float, because DJL passes eps as a float too.
 *
 * <p>Covered: the smallest train batch (N = 2, where unbiased is twice biased), one feature, one
 * example in eval mode, momentum 0.9 and 1 (the running values become the batch's), a large eps,
 * a constant feature (variance 0: only eps keeps 0 / 0 away);
 * spatial inputs with one channel, batch 1 and 1x1 images (where reshaping without the permute is
 * harmless, so that mistake is only named where it shows); float32. Every input must come back
 * unchanged, out must be a new array, and so must the running statistics, in eval mode too.
 */
@ExerciseCheck
class BatchNormCheck {

    /** One call: the shape of x, the momentum, eps, and the mode. */
    private record Case(long[] x, double momentum, double eps, boolean train) {
        boolean spatial() {
            return x.length == 4;
        }

        @Override
        public String toString() {
            String f = "(" + x[1] + ")";
            return (spatial() ? "forwardSpatial" : "forward") + "(x " + Compare.shape(x) + ", gamma " + f + ", beta "
                    + f + ", running " + f + ", momentum " + momentum + ", eps " + eps + ", train " + train + ")";
        }
    }

    /** The inputs of one call, in the case's data type. */
    private record Data(INDArray x, INDArray gamma, INDArray beta, INDArray mean, INDArray var) {
    }

    @Test
    @DisplayName("train mode: the output, normalised with the batch's mean and biased variance")
    void trainForward(NDManager manager, Random random) {
        checkOutput(manager, random, new Case(new long[] {4, 5}, 0.1, 1e-5, true));
        checkOutput(manager, random, new Case(new long[] {2, 3}, 0.1, 1e-5, true));   // the smallest batch
        checkOutput(manager, random, new Case(new long[] {8, 1}, 0.1, 1e-5, true));   // one feature
        checkOutput(manager, random, new Case(new long[] {5, 4}, 0.1, 0.0625, true)); // a large eps
        checkOutput(manager, random, new Case(new long[] {Inputs.between(random, 2, 9), Inputs.between(random, 1, 7)}, 0.1,
                1e-3, true));
        // A feature with the same value in every example: variance 0, and only eps keeps 0 / 0 away.
        Case constant = new Case(new long[] {4, 3}, 0.1, 1e-5, true);
        Data d = data(random, constant.x(), DataType.DOUBLE);
        d.x().getColumn(1).assign(1.5);
        checkOutput(manager, constant, d, DataType.DOUBLE);
    }

    @Test
    @DisplayName("train mode: the running mean and unbiased variance, momentum as in PyTorch")
    void runningStatistics(NDManager manager, Random random) {
        checkRunning(manager, random, new Case(new long[] {4, 5}, 0.1, 1e-5, true));
        checkRunning(manager, random, new Case(new long[] {2, 3}, 0.1, 1e-5, true));   // N - 1 = 1: unbiased is twice biased
        checkRunning(manager, random, new Case(new long[] {6, 2}, 0.3, 1e-5, true));
        checkRunning(manager, random, new Case(new long[] {3, 4}, 0.9, 1e-5, true));
        checkRunning(manager, random, new Case(new long[] {5, 1}, 1.0, 1e-5, true));   // the running values become the batch's
    }

    @Test
    @DisplayName("eval mode: normalised with the running statistics, which stay unchanged")
    void evalMode(NDManager manager, Random random) {
        for (Case k : new Case[] {new Case(new long[] {4, 5}, 0.1, 1e-5, false),
                new Case(new long[] {1, 3}, 0.1, 1e-5, false),        // one example: fine in eval mode
                new Case(new long[] {6, 2}, 0.1, 0.0625, false),
                new Case(new long[] {3, 1}, 0.2, 1e-5, false)}) {
            checkOutput(manager, random, k);
            checkRunning(manager, random, k);
        }
    }

    @Test
    @DisplayName("backward: dx, dgamma, dbeta against autograd and a numerical gradient")
    void backward(NDManager manager, Random random) {
        // The numerical gradient costs two forward passes per input value: only on the smaller cases.
        checkBackward(manager, random, new Case(new long[] {4, 5}, 0.1, 1e-5, true), DataType.DOUBLE, true);
        checkBackward(manager, random, new Case(new long[] {2, 3}, 0.1, 1e-5, true), DataType.DOUBLE, true);
        checkBackward(manager, random, new Case(new long[] {6, 1}, 0.1, 1e-5, true), DataType.DOUBLE, false);
        checkBackward(manager, random, new Case(new long[] {3, 4}, 0.1, 0.0625, true), DataType.DOUBLE, false);
    }

    @Test
    @DisplayName("spatial (NCHW): statistics per channel over N, H and W, train and eval")
    void spatialForward(NDManager manager, Random random) {
        for (long[] x : new long[][] {{2, 3, 4, 5}, {1, 2, 3, 3}, {3, 1, 2, 4}, {4, 2, 1, 1}, {2, 4, 3, 2}}) {
            Case train = new Case(x, 0.1, 1e-5, true);
            checkOutput(manager, random, train);
            checkRunning(manager, random, train);
            checkOutput(manager, random, new Case(x, 0.1, 1e-5, false));
        }
    }

    @Test
    @DisplayName("spatial backward: dx, dgamma, dbeta against autograd and a numerical gradient")
    void spatialBackward(NDManager manager, Random random) {
        checkBackward(manager, random, new Case(new long[] {2, 2, 3, 2}, 0.1, 1e-5, true), DataType.DOUBLE, true);
        checkBackward(manager, random, new Case(new long[] {1, 2, 2, 3}, 0.1, 1e-5, true), DataType.DOUBLE, true);
        checkBackward(manager, random, new Case(new long[] {2, 3, 3, 2}, 0.1, 1e-5, true), DataType.DOUBLE, false);
        checkBackward(manager, random, new Case(new long[] {2, 1, 3, 2}, 0.1, 0.0625, true), DataType.DOUBLE, false);
    }

    @Test
    @DisplayName("float32 inputs give float32 outputs, statistics and gradients")
    void float32(NDManager manager, Random random) {
        Case train = new Case(new long[] {5, 4}, 0.1, 1e-5, true);
        Case spatial = new Case(new long[] {2, 3, 3, 4}, 0.1, 1e-5, true);
        checkOutput(manager, random, train, DataType.FLOAT);
        checkRunning(manager, random, train, DataType.FLOAT);
        checkOutput(manager, random, new Case(new long[] {5, 4}, 0.1, 1e-5, false), DataType.FLOAT);
        checkBackward(manager, random, train, DataType.FLOAT, false);
        checkOutput(manager, random, spatial, DataType.FLOAT);
        checkBackward(manager, random, spatial, DataType.FLOAT, false);
    }

    private static void checkOutput(NDManager manager, Random random, Case k) {
        checkOutput(manager, random, k, DataType.DOUBLE);
    }

    private static void checkRunning(NDManager manager, Random random, Case k) {
        checkRunning(manager, random, k, DataType.DOUBLE);
    }

    private static void checkOutput(NDManager manager, Random random, Case k, DataType type) {
        checkOutput(manager, k, data(random, k.x(), type), type);
    }

    private static void checkOutput(NDManager manager, Case k, Data d, DataType type) {
        BatchNorm.ForwardResult r = callForward(k, d);
        NDArray x = TorchOracle.toTorch(manager, d.x());
        NDArray g = TorchOracle.toTorch(manager, d.gamma());
        NDArray b = TorchOracle.toTorch(manager, d.beta());
        NDArray rm = TorchOracle.toTorch(manager, d.mean());
        NDArray rv = TorchOracle.toTorch(manager, d.var());
        double eps = k.eps();
        NDArray mean = BatchNormStatistics.mean(x);
        NDArray var = BatchNormStatistics.variance(x, false);
        String what = "out of " + k + typeSuffix(type);
        if (k.train()) {
            Compare.assertClose(what, Nchw.expected(batchNorm(x, g, b, rm, rv, eps, true), type), r.out(),
                    new Mistake<>(UNBIASED_NORM, () -> Nchw.expected(BatchNormStatistics.normalize(x, mean,
                            BatchNormStatistics.variance(x, true), g, b, eps), type)),
                    new Mistake<>(RUNNING_IN_TRAIN, () -> Nchw.expected(batchNorm(x, g, b, rm, rv, eps, false), type)),
                    new Mistake<>(EPS_OUTSIDE, () -> Nchw.expected(epsOutside(x, mean, var, g, b, eps), type)),
                    new Mistake<>(NO_EPS, () -> Nchw.expected(BatchNormStatistics.normalize(x, mean, var, g, b, 0), type)),
                    new Mistake<>(PER_EXAMPLE, () -> k.spatial() || k.x()[1] < 2 ? null : Nchw.expected(
                            batchNorm(manager, x.transpose(), manager.ones(new Shape(k.x()[0]), x.getDataType()),
                                    manager.zeros(new Shape(k.x()[0]), x.getDataType()), eps)
                                    .transpose().mul(g).add(b), type)),
                    new Mistake<>(NO_PERMUTE, () -> !k.spatial() || k.x()[2] * k.x()[3] == 1 ? null
                            : Nchw.expected(batchNorm(manager, x.reshape(-1, k.x()[1]), g, b, eps).reshape(x.getShape()),
                                    type)));
        } else {
            Compare.assertClose(what, Nchw.expected(batchNorm(x, g, b, rm, rv, eps, false), type), r.out(),
                    new Mistake<>(BATCH_IN_EVAL, () -> k.x()[0] * (k.spatial() ? k.x()[2] * k.x()[3] : 1) < 2 ? null
                            : Nchw.expected(batchNorm(x, g, b, rm, rv, eps, true), type)),
                    new Mistake<>(EPS_OUTSIDE, () -> Nchw.expected(epsOutside(x, rm, rv, g, b, eps), type)));
        }
    }

    private static void checkRunning(NDManager manager, Random random, Case k, DataType type) {
        Data d = data(random, k.x(), type);
        BatchNorm.ForwardResult r = callForward(k, d);
        INDArray actualMean = r.running() == null ? null : r.running().mean();
        INDArray actualVar = r.running() == null ? null : r.running().var();
        NDArray x = TorchOracle.toTorch(manager, d.x());
        NDArray rm = TorchOracle.toTorch(manager, d.mean());
        NDArray rv = TorchOracle.toTorch(manager, d.var());
        double m = k.momentum();
        String of = " of " + k + typeSuffix(type);
        if (!k.train()) {
            Compare.assertClose("running.mean" + of, d.mean(), actualMean, new Mistake<>(UPDATED_IN_EVAL,
                    () -> Nchw.expected(BatchNormStatistics.runningUpdate(rm, BatchNormStatistics.mean(x), m), type)));
            Compare.assertClose("running.var" + of, d.var(), actualVar, new Mistake<>(UPDATED_IN_EVAL,
                    () -> Nchw.expected(BatchNormStatistics.runningUpdate(rv, BatchNormStatistics.variance(x, true), m),
                            type)));
            return;
        }
        NDArray mean = BatchNormStatistics.mean(x);
        NDArray unbiased = BatchNormStatistics.variance(x, true);
        NDArray biased = BatchNormStatistics.variance(x, false);
        long n = k.x()[0];
        Compare.assertClose("running.mean" + of, Nchw.expected(BatchNormStatistics.runningUpdate(rm, mean, m), type),
                actualMean,
                new Mistake<>(MOMENTUM_SWAPPED, () -> Nchw.expected(
                        BatchNormStatistics.runningUpdate(rm, mean, 1 - m), type)),
                new Mistake<>(NOT_UPDATED, () -> d.mean()));
        Compare.assertClose("running.var" + of, Nchw.expected(BatchNormStatistics.runningUpdate(rv, unbiased, m), type),
                actualVar,
                new Mistake<>(BIASED_RUNNING, () -> Nchw.expected(
                        BatchNormStatistics.runningUpdate(rv, biased, m), type)),
                new Mistake<>(N_NOT_M, () -> !k.spatial() || n < 2 ? null : Nchw.expected(
                        BatchNormStatistics.runningUpdate(rv, biased.mul((double) n / (n - 1)), m), type)),
                new Mistake<>(MOMENTUM_SWAPPED, () -> Nchw.expected(
                        BatchNormStatistics.runningUpdate(rv, unbiased, 1 - m), type)),
                new Mistake<>(MOMENTUM_SWAPPED + " Also, " + BIASED_RUNNING, () -> Nchw.expected(
                        BatchNormStatistics.runningUpdate(rv, biased, 1 - m), type)),
                new Mistake<>(NOT_UPDATED, () -> d.var()));
    }

    /** The learner's gradients against autograd and, when {@code numerical}, a float64 numerical gradient. */
    private static void checkBackward(NDManager manager, Random random, Case k, DataType type, boolean numerical) {
        Data d = data(random, k.x(), type);
        BatchNorm.ForwardResult r = callForward(k, d);
        INDArray dout = Inputs.normal(random, k.x()).castTo(type);
        BatchNorm.Gradients grads = Guarded.call(in -> k.spatial()
                ? BatchNorm.backwardSpatial(in.copy("dout", dout), r.cache()) : BatchNorm.backward(in.copy("dout", dout), r.cache()));

        NDArray x = TorchOracle.toTorch(manager, d.x());
        NDArray g = TorchOracle.toTorch(manager, d.gamma());
        NDArray b = TorchOracle.toTorch(manager, d.beta());
        NDArray tdout = TorchOracle.toTorch(manager, dout);
        double eps = k.eps();
        NDArray[] auto = Autograd.gradients(in -> batchNorm(manager, in.get(0), in.get(1), in.get(2), eps), tdout, x, g, b);

        // The known wrong dx, from the formula's pieces: dxhat = dout * gamma, xhat, invStd.
        Shape along = BatchNormStatistics.alongAxis1(x);
        NDArray invStd = BatchNormStatistics.variance(x, false).add(eps).sqrt().reshape(along).pow(-1);
        NDArray xhat = x.sub(BatchNormStatistics.mean(x).reshape(along)).mul(invStd);
        NDArray dxhat = tdout.mul(g.reshape(along));
        NDArray sumDxhat = BatchNormStatistics.sum(dxhat).reshape(along);
        NDArray sumDxhatXhat = BatchNormStatistics.sum(dxhat.mul(xhat)).reshape(along);
        double count = x.getShape().size() / (double) x.getShape().get(1);

        String of = " of backward(dout " + Compare.shape(k.x()) + ", cache) after " + k + typeSuffix(type);
        Tolerance tol = Tolerance.of(type);
        Compare.assertClose("dx" + of + ", against autograd", Nchw.expected(auto[0], type), grads.dx(), tol,
                new Mistake<>(CONSTANT_STATS, () -> Nchw.expected(dxhat.mul(invStd), type)),
                new Mistake<>(NO_ONE_OVER_N, () -> Nchw.expected(auto[0].mul(count), type)),
                new Mistake<>(NO_VAR_TERM, () -> Nchw.expected(dxhat.sub(sumDxhat.div(count)).mul(invStd), type)),
                new Mistake<>(NO_MEAN_TERM, () -> Nchw.expected(
                        dxhat.sub(xhat.mul(sumDxhatXhat).div(count)).mul(invStd), type)));
        Compare.assertClose("dgamma" + of + ", against autograd", Nchw.expected(auto[1], type), grads.dgamma(), tol,
                new Mistake<>(X_NOT_XHAT, () -> Nchw.expected(BatchNormStatistics.sum(tdout.mul(x)), type)),
                new Mistake<>(MEAN_NOT_SUM, () -> Nchw.expected(auto[1].div(count), type)));
        Compare.assertClose("dbeta" + of + ", against autograd", Nchw.expected(auto[2], type), grads.dbeta(), tol,
                new Mistake<>(MEAN_NOT_SUM, () -> Nchw.expected(auto[2].div(count), type)));
        if (!numerical) {
            return;
        }
        Compare.assertClose("dx" + of + ", against a numerical gradient",
                NumericalGradient.of(v -> forwardOf(manager, TorchOracle.toTorch(manager, v), g, b, eps), d.x(), dout),
                grads.dx(), NumericalGradient.TOLERANCE);
        Compare.assertClose("dgamma" + of + ", against a numerical gradient",
                NumericalGradient.of(v -> forwardOf(manager, x, TorchOracle.toTorch(manager, v), b, eps), d.gamma(), dout),
                grads.dgamma(), NumericalGradient.TOLERANCE);
        Compare.assertClose("dbeta" + of + ", against a numerical gradient",
                NumericalGradient.of(v -> forwardOf(manager, x, g, TorchOracle.toTorch(manager, v), eps), d.beta(), dout),
                grads.dbeta(), NumericalGradient.TOLERANCE);
    }

    /**
     * Calls the learner's forward (or forwardSpatial) on copies, and checks that no input was
     * changed and that out is a new array. The running statistics it returns must be new arrays too
     * (in eval mode, returning the given ones is the shortcut a caller would be bitten by).
     */
    private static BatchNorm.ForwardResult callForward(Case k, Data d) {
        BatchNorm.ForwardResult[] result = new BatchNorm.ForwardResult[1];
        BatchNorm.RunningStats[] passed = new BatchNorm.RunningStats[1];
        Guarded.fresh(in -> {
            INDArray x = in.copy("x", d.x());
            INDArray gamma = in.copy("gamma", d.gamma());
            INDArray beta = in.copy("beta", d.beta());
            passed[0] = new BatchNorm.RunningStats(in.copy("running.mean", d.mean()), in.copy("running.var", d.var()));
            result[0] = k.spatial()
                    ? BatchNorm.forwardSpatial(x, gamma, beta, passed[0], k.momentum(), k.eps(), k.train())
                    : BatchNorm.forward(x, gamma, beta, passed[0], k.momentum(), k.eps(), k.train());
            return result[0] == null ? null : result[0].out();
        });
        BatchNorm.RunningStats running = result[0] == null ? null : result[0].running();
        if (running != null && (running == passed[0] || running.mean() == passed[0].mean()
                || running.var() == passed[0].var())) {
            throw new AssertionFailedError(Mistake.PREFIX + "returned the running statistics you were given where new "
                    + "arrays are promised: a caller who updates the result would change their input too. Return "
                    + "copies (running.mean().dup()) even when nothing changes (eval mode).\n" + k);
        }
        return result[0];
    }

    /**
     * Inputs with a different offset and scale per feature, so that a statistic taken over the wrong
     * axis shows; a positive running variance.
     */
    private static Data data(Random random, long[] shape, DataType type) {
        int f = (int) shape[1];
        double[] offset = new double[f];
        double[] scale = new double[f];
        for (int j = 0; j < f; j++) {
            offset[j] = 2 * random.nextGaussian();
            scale[j] = 0.5 + 2 * random.nextDouble();
        }
        double[] x = Inputs.normal(random, shape).data().asDouble();
        int inner = x.length / (int) shape[0] / f;   // H * W for NCHW, 1 for (N, D)
        for (int i = 0; i < x.length; i++) {
            int j = (i / inner) % f;
            x[i] = offset[j] + scale[j] * x[i];
        }
        INDArray var = Nd4j.create(Inputs.normal(random, f).data().asDouble(), new long[] {f}, DataType.DOUBLE);
        return new Data(Nd4j.create(x, shape, DataType.DOUBLE).castTo(type),
                Inputs.normal(random, f).castTo(type), Inputs.normal(random, f).castTo(type),
                Inputs.normal(random, f).castTo(type), Transforms.abs(var, false).addi(0.5).castTo(type));
    }

    /** PyTorch's {@code batch_norm} along axis 1; the momentum does not affect the output. */
    private static NDArray batchNorm(NDArray x, NDArray gamma, NDArray beta, NDArray runningMean, NDArray runningVar,
                                     double eps, boolean train) {
        return ai.djl.nn.norm.BatchNorm.batchNorm(x, runningMean.duplicate(), runningVar.duplicate(), gamma, beta, 1,
                0.9f, (float) eps, train).singletonOrThrow();
    }

    /** Train-mode {@code batch_norm}, with throw-away running statistics. */
    private static NDArray batchNorm(NDManager manager, NDArray x, NDArray gamma, NDArray beta, double eps) {
        long f = x.getShape().get(1);
        return batchNorm(x, gamma, beta, manager.zeros(new Shape(f), x.getDataType()),
                manager.ones(new Shape(f), x.getDataType()), eps, true);
    }

    /** The train-mode output as a float64 ND4J array, for numerical differentiation. */
    private static INDArray forwardOf(NDManager manager, NDArray x, NDArray gamma, NDArray beta, double eps) {
        return TorchOracle.toNd4j(batchNorm(manager, x, gamma, beta, eps));
    }

    private static NDArray epsOutside(NDArray x, NDArray mean, NDArray var, NDArray g, NDArray b, double eps) {
        Shape along = BatchNormStatistics.alongAxis1(x);
        return x.sub(mean.reshape(along)).div(var.sqrt().add(eps).reshape(along)).mul(g.reshape(along))
                .add(b.reshape(along));
    }

    private static String typeSuffix(DataType type) {
        return type == DataType.DOUBLE ? "" : ", " + type;
    }
}
