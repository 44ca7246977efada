package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareGradient;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.Word2vec;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@code word2vec} against PyTorch autograd through DJL: the scores are {@code U.matMul(v_c)},
 * the loss is {@code nls(s)[o] + sum_v count[v] * nls(-s)[v]} with the constant count vector of
 * the negatives (so repeats count twice) and {@code nls(z) = -log sigma(z) = max(-z, 0) +
 * log(1 + e^-|z|)} written from DJL primitives; both gradients come from autograd and from float64
 * centred differences of an independent double loop.
 *
 * <p>Covered: K = 1, d = 1, V = 2; a negative drawn twice and three times (its row's gradient
 * accumulates); a negative equal to the context; dot products of about +-800 (past where float64
 * exp overflows: the loss must stay finite); rows untouched by the triple (their gradient is 0);
 * float32 kept; rejected arguments: no negatives, a context or negative outside [0, V), center of
 * the wrong length. The inputs must come back unchanged and the gradients be new arrays. Not
 * covered: NaN and infinities (no convention to check), a dot product of exactly 0 (autograd's
 * max(-z, 0) has no gradient convention there).
 */
@ExerciseCheck
class Word2vecCheck {

    private static final String SIGN = "used log sigma(+u_k . v_c) for the negatives: the sampled words should "
            + "score low, so their term is -log sigma(-u_k . v_c).";
    private static final String OVERWRITTEN = "overwrote the gradient row of a negative drawn more than once: "
            + "each occurrence adds sigma(u_k . v_c) v_c to dOutside[k] (+=, not =).";
    private static final String UNSTABLE = "computed log sigma unstably: for a dot product of about 800, "
            + "sigma underflows to 0 (or e^800 overflows) and the log is infinite or NaN; use log sigma(z) = "
            + "-(max(-z, 0) + log(1 + e^-|z|)).";
    private static final String NO_NEG_IN_CENTER = "left the negatives out of dCenter: it is (sigma(s_o) - 1) u_o "
            + "+ sum_k sigma(s_k) u_k.";

    @Test
    @DisplayName("loss and gradients of one (centre, context, negatives) triple")
    void basics(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 4), 1, new int[] {3, 0, 2}, Inputs.normal(random, 5, 4));
        check(manager, Inputs.normal(random, 3), 0, new int[] {1}, Inputs.normal(random, 2, 3));      // K = 1, V = 2
        check(manager, Inputs.normal(random, 1), 2, new int[] {0, 1}, Inputs.normal(random, 4, 1));   // d = 1
        int vocabulary = Inputs.between(random, 3, 9);
        int[] negatives = new int[Inputs.between(random, 1, 6)];
        for (int i = 0; i < negatives.length; i++) {
            negatives[i] = random.nextInt(vocabulary);
        }
        int d = Inputs.between(random, 2, 6);
        check(manager, Inputs.normal(random, d), random.nextInt(vocabulary), negatives, Inputs.normal(random, vocabulary, d));
    }

    @Test
    @DisplayName("a negative drawn twice, and a negative equal to the context")
    void repeatedNegatives(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 4), 0, new int[] {2, 2, 1}, Inputs.normal(random, 4, 4));
        check(manager, Inputs.normal(random, 3), 1, new int[] {3, 0, 3, 3}, Inputs.normal(random, 5, 3));
        check(manager, Inputs.normal(random, 3), 2, new int[] {2, 0}, Inputs.normal(random, 3, 3));
    }

    @Test
    @DisplayName("dot products of about 800: the loss stays finite")
    void largeDotProducts(NDManager manager, Random random) {
        // u_o . v_c = -800 (the true context scores very low) and u_k . v_c = +800 for a negative.
        INDArray center = Nd4j.create(new double[] {20, 20}, new long[] {2}, DataType.DOUBLE);
        INDArray outside = Nd4j.create(new double[] {-20.5, -19.5, 19.5, 20.5, 0.3, -0.1}, new long[] {3, 2}, DataType.DOUBLE);
        check(manager, center, 0, new int[] {1, 2}, outside);
        check(manager, center, 1, new int[] {0}, outside);   // both terms near 0
    }

    @Test
    @DisplayName("float32 vectors give float32 gradients")
    void float32(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 4).castTo(DataType.FLOAT), 1, new int[] {0, 3, 3},
                Inputs.normal(random, 5, 4).castTo(DataType.FLOAT));
    }

    @Test
    @DisplayName("no negatives, an index outside the vocabulary, or a centre of the wrong size are rejected")
    void rejectsBadArguments(NDManager manager, Random random) {
        INDArray center = Inputs.normal(random, 3);
        INDArray outside = Inputs.normal(random, 4, 3);
        String advice = "check negatives is not empty, every index is in [0, V) and center has d values first";
        Rejection.expectRejected("negativeSampling(center (3), 1, {}, outside (4, 3))", advice,
                () -> call(center, 1, new int[0], outside));
        Rejection.expectRejected("negativeSampling(center (3), 4, {0}, outside (4, 3)) (context = V)", advice,
                () -> call(center, 4, new int[] {0}, outside));
        Rejection.expectRejected("negativeSampling(center (3), 0, {1, -1}, outside (4, 3)) (negative -1)", advice,
                () -> call(center, 0, new int[] {1, -1}, outside));
        Rejection.expectRejected("negativeSampling(center (3), 0, {4}, outside (4, 3)) (negative = V)", advice,
                () -> call(center, 0, new int[] {4}, outside));
        Rejection.expectRejected("negativeSampling(center (2), 0, {1}, outside (4, 3))", advice,
                () -> call(Inputs.normal(random, 2), 0, new int[] {1}, outside));
    }

    private static Word2vec.Result call(INDArray center, int context, int[] negatives, INDArray outside) {
        return Guarded.fresh(in -> Word2vec.negativeSampling(in.copy("center", center), context,
                in.copy("negatives", negatives), in.copy("outside", outside)));
    }

    private static void check(NDManager manager, INDArray center, int context, int[] negatives, INDArray outside) {
        Word2vec.Result r = call(center, context, negatives, outside);
        DataType type = outside.dataType();
        String what = " of negativeSampling(center " + Nchw.shape(center) + ", " + context + ", "
                + Arrays.toString(negatives) + ", outside " + Nchw.shape(outside)
                + (type == DataType.DOUBLE ? "" : " " + type) + ")";
        int vocabulary = (int) outside.size(0);
        double[] counts = new double[vocabulary];
        for (int k : negatives) {
            counts[k]++;
        }
        double[] once = new double[vocabulary];
        for (int k : negatives) {
            once[k] = 1;
        }
        NDArray vc = TorchOracle.toTorch(manager, center.castTo(DataType.DOUBLE));
        NDArray u = TorchOracle.toTorch(manager, outside.castTo(DataType.DOUBLE));
        NDArray pick = manager.zeros(new ai.djl.ndarray.types.Shape(vocabulary), ai.djl.ndarray.types.DataType.FLOAT64);
        pick.set(new ai.djl.ndarray.index.NDIndex("{}", context), 1.0);
        NDArray count = manager.create(counts);
        NDArray[] auto = Autograd.gradients(in -> loss(in.get(0), in.get(1), pick, count, 1), manager.create(1.0), vc, u);
        double expectedLoss = loss(vc, u, pick, count, 1).getDouble();

        Tolerance tol = Tolerance.of(type);
        double[] v = center.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] uu = outside.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        Compare.assertClose("loss" + what, Compare.scalar(expectedLoss), r == null ? null : Compare.scalar(r.loss()), tol,
                java.util.List.of(new Mistake<>(SIGN, () -> Compare.scalar(loss(vc, u, pick, count, -1).getDouble())),
                        new Mistake<>(UNSTABLE, () -> r == null || Double.isFinite(naiveLoss(v, uu, context, negatives)) ? null
                                : Compare.scalar(r.loss()))));
        NDArray[] flipped = Autograd.gradients(in -> loss(in.get(0), in.get(1), pick, count, -1), manager.create(1.0), vc, u);
        NDArray[] single = Autograd.gradients(in -> loss(in.get(0), in.get(1), pick, manager.create(once), 1),
                manager.create(1.0), vc, u);
        boolean float64 = type == DataType.DOUBLE;
        INDArray numCenter = float64 ? NumericalGradient.ofScalar(x -> plainLoss(x.data().asDouble(), uu, context, negatives), center) : null;
        INDArray numOutside = float64 ? NumericalGradient.ofScalar(x -> plainLoss(v, x.data().asDouble(), context, negatives), outside) : null;
        CompareGradient.assertClose("dCenter" + what, Nchw.expected(auto[0], type), numCenter, r.dCenter(),
                new Mistake<>(SIGN, () -> Nchw.expected(flipped[0], type)),
                new Mistake<>(NO_NEG_IN_CENTER, () -> Nchw.expected(Autograd.gradients(in -> loss(in.get(0), u, pick,
                        count.zerosLike(), 1), manager.create(1.0), vc)[0], type)));
        CompareGradient.assertClose("dOutside" + what, Nchw.expected(auto[1], type), numOutside, r.dOutside(),
                new Mistake<>(SIGN, () -> Nchw.expected(flipped[1], type)),
                new Mistake<>(OVERWRITTEN, () -> Arrays.equals(counts, once) ? null : Nchw.expected(single[1], type)));
    }

    /**
     * The loss in DJL: nls(s)[o] + sum_v count[v] nls(sign * s)[v], with s = U v_c and nls(z) =
     * -log sigma(z) = max(-z, 0) + log(1 + e^-|z|); sign -1 is the exercise's, +1 the sign mistake.
     */
    private static NDArray loss(NDArray vc, NDArray u, NDArray pick, NDArray count, int sign) {
        NDArray s = u.matMul(vc.reshape(-1, 1)).reshape(-1);
        return pick.mul(nls(s)).sum().add(count.mul(nls(s.mul(-sign))).sum());
    }

    private static NDArray nls(NDArray z) {
        return z.neg().maximum(0).add(z.abs().neg().exp().add(1).log());
    }

    /** The loss as a plain double loop, for the centred differences. */
    private static double plainLoss(double[] vc, double[] u, int context, int[] negatives) {
        double loss = softplus(-dot(u, context, vc));
        for (int k : negatives) {
            loss += softplus(dot(u, k, vc));
        }
        return loss;
    }

    /** The naive -log(1 / (1 + e^-z)) route: infinite where the stable one is not. */
    private static double naiveLoss(double[] vc, double[] u, int context, int[] negatives) {
        double loss = -Math.log(1 / (1 + Math.exp(-dot(u, context, vc))));
        for (int k : negatives) {
            loss -= Math.log(1 / (1 + Math.exp(dot(u, k, vc))));
        }
        return loss;
    }

    private static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    private static double dot(double[] u, int row, double[] v) {
        double sum = 0;
        for (int j = 0; j < v.length; j++) {
            sum += u[row * v.length + j] * v[j];
        }
        return sum;
    }
}
