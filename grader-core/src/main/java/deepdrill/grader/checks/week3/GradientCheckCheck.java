package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.LossOracles;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.GradientCheck;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code gradient-check} against PyTorch's autograd of functions evaluated by DJL:
 * {@code sum(x^3)}, {@code sum(sin(x) * x)} and softmax cross-entropy. On the cubic the centred
 * difference is known exactly, {@code 3 x^2 + h^2}, so a large {@code h} separates it cleanly from
 * the forward difference ({@code 3 x^2 + 3 x h + h^2}) and from a division by {@code h}
 * ({@code 2 (3 x^2 + h^2)}). The relative error is compared with the same formula in DJL.
 *
 * <p>Covered: rank 1 to 3 and a single element; a step large enough to tell centred from forward
 * differences; f must get float64 arrays and the gradient must be float64 for a float32 x, and f
 * must be called exactly twice per element; x must come back unchanged and the gradient must be
 * a new array; relative errors of equal arrays (0), of zeros against zeros, and at the 1e-8 floor.
 */
@ExerciseCheck
class GradientCheckCheck {

    private static final String FORWARD = "used a forward difference (f(x + h) - f(x)) / h: its error is O(h) (3 x h "
            + "on sum(x^3)), against O(h^2) for the centred difference (f(x + h e_i) - f(x - h e_i)) / (2h).";
    private static final String BACKWARD = "used a backward difference (f(x) - f(x - h)) / h: its error is O(h); "
            + "the centred difference (f(x + h e_i) - f(x - h e_i)) / (2h) is O(h^2).";
    private static final String HALF = "divided by h instead of 2h: every value is off by a factor of 2; the two "
            + "points x + h and x - h are 2h apart.";
    private static final String NO_FLOOR = "left out the 1e-8 floor of the denominator: where a_i and b_i are both "
            + "0 the ratio is 0 / 0 = NaN, and tiny values give huge errors; divide by max(1e-8, |a_i| + |b_i|).";
    private static final String MEAN = "took the mean over the elements: the relative error is the maximum, so that "
            + "one wrong element cannot hide among many right ones.";
    private static final String MAX_DENOMINATOR = "divided by max(|a_i|, |b_i|): CS231n's definition divides by "
            + "|a_i| + |b_i| (floored at 1e-8).";

    @Test
    @DisplayName("centred differences on sum(x^3): exactly 3x^2 + h^2")
    void cubic(NDManager manager, Random random) {
        cubic(manager, Inputs.normal(random, 5), 1e-2);
        cubic(manager, Inputs.normal(random, 2, 3), 1e-2);
        cubic(manager, Inputs.normal(random, 1, 1), 1e-3);
        cubic(manager, Inputs.normal(random, 2, 2, 2), 1e-3);
    }

    @Test
    @DisplayName("sum(sin(x) * x) and softmax cross-entropy with h = 1e-5, against autograd")
    void smoothFunctions(NDManager manager, Random random) {
        smooth(manager, "sum(sin(x) * x)", v -> v.sin().mul(v).sum(), Inputs.normal(random, 3, 4));
        smooth(manager, "sum(sin(x) * x)", v -> v.sin().mul(v).sum(), Inputs.normal(random, 2, 1, 3).mul(2));
        int[] labels = {2, 0, 3};
        NDArray oneHot = LossOracles.oneHot(manager, labels, 4);
        smooth(manager, "softmax cross-entropy with labels (2, 0, 3)", v -> LossOracles.softmaxCrossEntropy(v, oneHot),
                Inputs.normal(random, 3, 4).mul(2));
    }

    @Test
    @DisplayName("a float32 x: f gets float64 arrays and the gradient is float64")
    void float32Input(NDManager manager, Random random) {
        cubic(manager, Inputs.normal(random, 2, 3).castTo(DataType.FLOAT), 1e-2);
        smooth(manager, "sum(sin(x) * x)", v -> v.sin().mul(v).sum(), Inputs.normal(random, 4).castTo(DataType.FLOAT));
    }

    @Test
    @DisplayName("relative error: max |a - b| / max(1e-8, |a| + |b|), zeros included")
    void relativeError(NDManager manager, Random random) {
        INDArray a = Inputs.normal(random, 3, 4);
        relativeError(manager, a, a.add(Inputs.normal(random, 3, 4).mul(1e-6)));
        relativeError(manager, a, a.dup());   // equal: 0
        relativeError(manager, Inputs.normal(random, 6), Inputs.normal(random, 6));
        relativeError(manager, Nd4j.create(new double[] {0, 1, 0, 2}, new long[] {4}, DataType.DOUBLE),
                Nd4j.create(new double[] {0, 1.001, 0, 2}, new long[] {4}, DataType.DOUBLE));   // 0 and 0
        relativeError(manager, Nd4j.create(new double[] {0, 1e-9, 3}, new long[] {3}, DataType.DOUBLE),
                Nd4j.create(new double[] {1e-9, 0, 3}, new long[] {3}, DataType.DOUBLE));      // the floor decides
        relativeError(manager, Inputs.normal(random, 2, 2, 3).castTo(DataType.FLOAT), Inputs.normal(random, 2, 2, 3));
    }

    private static void cubic(NDManager manager, INDArray x, double h) {
        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray exact = Autograd.gradients(in -> in.singletonOrThrow().pow(3).sum(), manager.create(1.0), tx)[0];
        NDArray centred = exact.add(h * h);
        String call = "numericalGradient(sum(x^3), x " + Nchw.shape(x) + typeNote(x) + ", h " + h + ")";
        INDArray actual = learnerGradient(manager, call, v -> v.pow(3).sum(), x, h);
        Compare.assertClose(call, TorchOracle.toNd4j(centred), actual, new Tolerance(1e-8, 1e-8),
                new Mistake<>(FORWARD, () -> TorchOracle.toNd4j(exact.add(tx.mul(3 * h)).add(h * h))),
                new Mistake<>(BACKWARD, () -> TorchOracle.toNd4j(exact.sub(tx.mul(3 * h)).add(h * h))),
                new Mistake<>(HALF, () -> TorchOracle.toNd4j(centred.mul(2))));
    }

    private static void smooth(NDManager manager, String name, Function<NDArray, NDArray> f, INDArray x) {
        double h = 1e-5;
        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray exact = Autograd.gradients(in -> f.apply(in.singletonOrThrow()), manager.create(1.0), tx)[0];
        String call = "numericalGradient(" + name + ", x " + Nchw.shape(x) + typeNote(x) + ", h " + h + ")";
        INDArray actual = learnerGradient(manager, call, f, x, h);
        Compare.assertClose(call + " against PyTorch autograd", TorchOracle.toNd4j(exact), actual,
                NumericalGradient.TOLERANCE, new Mistake<>(HALF, () -> TorchOracle.toNd4j(exact.mul(2))));
    }

    /**
     * Runs the learner's numerical gradient of {@code f} (evaluated by DJL) and checks what the
     * contract promises besides the values: x untouched, float64 arrays handed to f, exactly two
     * evaluations per element, a float64 result.
     */
    private static INDArray learnerGradient(NDManager manager, String call, Function<NDArray, NDArray> f, INDArray x, double h) {
        AtomicLong calls = new AtomicLong();
        StringBuilder wrongType = new StringBuilder();
        Function<INDArray, Double> learnerF = v -> {
            calls.incrementAndGet();
            if (v.dataType() != DataType.DOUBLE && wrongType.length() == 0) {
                wrongType.append(v.dataType());
            }
            return f.apply(TorchOracle.toTorch(manager, v)).getDouble();
        };
        INDArray actual = Guarded.fresh(in -> GradientCheck.numericalGradient(learnerF, in.copy("x", x), h));
        if (wrongType.length() > 0) {
            throw new AssertionFailedError(call + ": f was called with a " + wrongType + " array; evaluate f on "
                    + "float64 arrays (x.castTo(DataType.DOUBLE)), because float32 cannot resolve a step of " + h + ".");
        }
        if (actual != null && actual.dataType() != DataType.DOUBLE) {
            throw new AssertionFailedError(call + ": the gradient is " + actual.dataType() + "; return a float64 "
                    + "array whatever x's data type (the step is too small for float32).");
        }
        if (actual != null && calls.get() != 2 * x.length()) {
            throw new AssertionFailedError(String.format(Locale.ROOT, "%s: f was evaluated %d times; centred "
                    + "differences evaluate it exactly twice per element of x, %d times in all.", call, calls.get(),
                    2 * x.length()));
        }
        return actual;
    }

    private static void relativeError(NDManager manager, INDArray a, INDArray b) {
        double actual = Guarded.call(in -> GradientCheck.relativeError(in.copy("a", a), in.copy("b", b)));
        NDArray ta = TorchOracle.toTorch(manager, a);
        NDArray tb = TorchOracle.toTorch(manager, b);
        NDArray difference = ta.sub(tb).abs();
        NDArray sum = ta.abs().add(tb.abs());
        double expected = difference.div(sum.maximum(1e-8)).max().getDouble();
        String call = String.format(Locale.ROOT, "relativeError(a %s%s, b %s%s) with a = %s, b = %s", Nchw.shape(a),
                typeNote(a), Nchw.shape(b), typeNote(b), brief(a), brief(b));
        Compare.assertClose(call, Nd4j.scalar(expected), Nd4j.scalar(actual),
                new Mistake<>(NO_FLOOR, () -> Nd4j.scalar(difference.div(sum).max().getDouble())),
                new Mistake<>(MEAN, () -> Nd4j.scalar(difference.div(sum.maximum(1e-8)).mean().getDouble())),
                new Mistake<>(MAX_DENOMINATOR, () -> Nd4j.scalar(difference.div(ta.abs().maximum(tb.abs())
                        .maximum(1e-8)).max().getDouble())));
    }

    private static String typeNote(INDArray x) {
        return x.dataType() == DataType.DOUBLE ? "" : " " + x.dataType();
    }

    /** The values of a small array, so that the learner can reproduce a case by hand. */
    private static String brief(INDArray x) {
        double[] v = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < Math.min(v.length, 6); i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", v[i]));
        }
        return s.append(v.length > 6 ? ", ...]" : "]").toString();
    }
}
