package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.Rejection;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.PositionalEncoding;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code positional-encoding} against PyTorch operations through DJL: the angles are
 * {@code arange} positions times {@code 10000^(arange(0, d/2) * -2/d)} in float64, the table is
 * {@code stack([sin, cos], -1)} flattened (interleaved pairs), and RoPE views x as
 * {@code (N, T, d/2, 2)} and rotates each last-axis pair. Independently of the oracle, RoPE must
 * have the property it exists for: the scores {@code rope(q) . rope(k)} are unchanged when every
 * position shifts by the same amount (they depend only on m - n), and each vector keeps its norm.
 * Two hand values pin the convention: PE[0] is (0, 1, 0, 1, ...) and PE[1, 0..1] is (sin 1, cos 1).
 *
 * <p>Covered: T = 1, d = 2 (one pair), batch 1; a start offset (positions start .. start + T - 1);
 * large positions (start 100000, where a float32 angle is off by ~0.004 rad); NaN in x (it stays in
 * its own pair); a fresh result every time (never x or a view of it); float32 kept for the table
 * and for RoPE; rejected arguments: odd d, d = 0, T = 0, negative start, x of rank 2 or 4, x with
 * an odd last axis. Not covered: infinities in x (inf * sin(0) is NaN or 0 depending on how the
 * rotation is written; the Javadoc promises neither), empty arrays.
 */
@ExerciseCheck
class PositionalEncodingCheck {

    private static final String SWAPPED = "swapped sin and cos: PE[pos, 2i] = sin(pos * theta_i) at the even "
            + "feature and PE[pos, 2i+1] = cos(pos * theta_i) at the odd one (PE[0] is 0, 1, 0, 1, ...).";
    private static final String CONCATENATED = "put all the sines first and all the cosines after (the "
            + "tensor2tensor layout): this exercise interleaves them, sin at feature 2i and cos at 2i + 1.";
    private static final String EXPONENT = "used the exponent i/d instead of 2i/d: pair i (features 2i and "
            + "2i + 1) has theta_i = 10000^(-2i/d), so the frequencies reach 1/10000 only at the last pair.";
    private static final String NO_START = "ignored start: row t is position start + t, not t.";
    private static final String HALF_SPLIT = "rotated the half-split pairs (i, i + d/2), the rotate_half of "
            + "GPT-NeoX / Hugging Face Llama: this exercise rotates adjacent pairs (2i, 2i + 1), as in the RoFormer "
            + "paper.";
    private static final String MINUS_THETA = "rotated by -theta: out[2i] = x[2i] cos - x[2i+1] sin and "
            + "out[2i+1] = x[2i] sin + x[2i+1] cos (multiply the pair, as a complex number, by e^(+i pos theta)).";
    private static final String FLOAT32_ANGLE = "computed the angles in float32: pos * theta_i for a large pos "
            + "loses its fraction there (at 100000 the float32 spacing is 0.008), so compute the angles in double "
            + "and round only the result.";

    @Test
    @DisplayName("sinusoidal table: sin at even features, cos at odd ones")
    void sinusoidal(NDManager manager, Random random) {
        INDArray first = callSinusoidal(0, 2, 4, DataType.DOUBLE);
        // Hand values that pin the convention before any oracle: position 0 is (0, 1, 0, 1), and
        // position 1's first pair has theta_0 = 1.
        double[] pinned = {0, 1, 0, 1, Math.sin(1), Math.cos(1)};
        INDArray got = first == null || first.length() < 6 ? null
                : Nd4j.create(new double[] {first.getDouble(0, 0), first.getDouble(0, 1), first.getDouble(0, 2),
                        first.getDouble(0, 3), first.getDouble(1, 0), first.getDouble(1, 1)}, new long[] {6}, DataType.DOUBLE);
        Compare.assertClose("PE[0, 0..3] and PE[1, 0..1] of sinusoidal(0, 2, 4, float64)",
                Nd4j.create(pinned, new long[] {6}, DataType.DOUBLE), got,
                new Mistake<>(SWAPPED, () -> Nd4j.create(new double[] {1, 0, 1, 0, Math.cos(1), Math.sin(1)},
                        new long[] {6}, DataType.DOUBLE)),
                new Mistake<>(CONCATENATED, () -> Nd4j.create(new double[] {0, 0, 1, 1, Math.sin(1), Math.sin(0.01)},
                        new long[] {6}, DataType.DOUBLE)));
        checkSinusoidal(manager, 0, 2, 4, DataType.DOUBLE);
        checkSinusoidal(manager, 0, 7, 8, DataType.DOUBLE);
        checkSinusoidal(manager, 0, 1, 6, DataType.DOUBLE);   // T = 1: only position 0
        checkSinusoidal(manager, 0, 5, 2, DataType.DOUBLE);   // d = 2: one pair, theta_0 = 1
        checkSinusoidal(manager, Inputs.between(random, 1, 50), Inputs.between(random, 2, 9),
                2 * Inputs.between(random, 2, 10), DataType.DOUBLE);
    }

    @Test
    @DisplayName("sinusoidal table: large positions, and float32 kept")
    void sinusoidalLargeAndFloat32(NDManager manager, Random random) {
        checkSinusoidal(manager, 100_000, 3, 16, DataType.DOUBLE);
        checkSinusoidal(manager, 3, 6, 10, DataType.FLOAT);
        checkSinusoidal(manager, 100_000 + random.nextInt(1000), 4, 8, DataType.FLOAT);
    }

    @Test
    @DisplayName("RoPE: adjacent pairs (2i, 2i+1) rotated by position * theta_i")
    void rope(NDManager manager, Random random) {
        checkRope(manager, Inputs.normal(random, 2, 5, 8), 0);
        checkRope(manager, Inputs.normal(random, 1, 1, 4), 0);   // T = 1 at position 0: the identity
        checkRope(manager, Inputs.normal(random, 1, 1, 6), 7);   // T = 1 at position 7
        checkRope(manager, Inputs.normal(random, 3, 4, 2), 2);   // d = 2: one pair
        checkRope(manager, Inputs.normal(random, 1, 6, 12), Inputs.between(random, 1, 40));
        INDArray nan = Inputs.normal(random, 2, 3, 6);
        nan.putScalar(new long[] {1, 2, 3}, Double.NaN);        // only the pair (2, 3) of that row is NaN
        checkRope(manager, nan, 1);
    }

    @Test
    @DisplayName("RoPE: q . k depends only on the relative position, and norms are kept")
    void ropeRelative(NDManager manager, Random random) {
        int length = 5;
        int d = 8;
        INDArray q = Inputs.normal(random, 1, length, d);
        INDArray k = Inputs.normal(random, 1, length, d);
        int shift = Inputs.between(random, 3, 500);
        INDArray q0 = callRope(q, 0);
        INDArray k0 = callRope(k, 0);
        INDArray qs = callRope(q, shift);
        INDArray ks = callRope(k, shift);
        for (INDArray r : new INDArray[] {q0, k0, qs, ks}) {
            if (r == null || !java.util.Arrays.equals(r.shape(), q.shape())) {
                throw new AssertionFailedError("rope(x (1, 5, 8), start) must return an array of shape (1, 5, 8), got "
                        + (r == null ? "null" : Nchw.shape(r)));
            }
        }
        // scores[m, n] = rope(q)[m] . rope(k)[n], for positions m, n and for m + shift, n + shift.
        INDArray scores0 = q0.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).mmul(
                k0.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).transpose());
        INDArray scoresShifted = qs.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).mmul(
                ks.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).transpose());
        Compare.assertClose("the scores rope(q, " + shift + ")[m] . rope(k, " + shift + ")[n] (each position shifted by "
                + shift + ") against rope(q, 0)[m] . rope(k, 0)[n]: a rotation by position * theta makes them depend on "
                + "m - n only", scores0, scoresShifted, new Tolerance(1e-8, 1e-7));
        Compare.assertClose("the norms of rope(q, " + shift + ")[t] against those of q[t]: a rotation keeps lengths",
                q.norm2(2), qs.norm2(2), new Tolerance(1e-9, 1e-9));
        checkRope(manager, q, shift);
    }

    @Test
    @DisplayName("RoPE: large positions, and float32 kept")
    void ropeLargeAndFloat32(NDManager manager, Random random) {
        checkRope(manager, Inputs.normal(random, 2, 3, 16), 100_000);
        checkRope(manager, Inputs.normal(random, 2, 4, 6).castTo(DataType.FLOAT), 3);
        checkRope(manager, Inputs.normal(random, 1, 3, 8).castTo(DataType.FLOAT), 100_000 + random.nextInt(1000));
    }

    @Test
    @DisplayName("an odd d, T = 0, a negative start or an x not (N, T, d) are rejected")
    void rejectsBadArguments(NDManager manager, Random random) {
        String advice = "check d (even, at least 2), T (at least 1), start (at least 0) and x's rank before computing";
        Rejection.expectRejected("sinusoidal(0, 4, 5, float64) (odd d)", advice,
                () -> PositionalEncoding.sinusoidal(0, 4, 5, DataType.DOUBLE));
        Rejection.expectRejected("sinusoidal(0, 4, 0, float64) (d = 0)", advice,
                () -> PositionalEncoding.sinusoidal(0, 4, 0, DataType.DOUBLE));
        Rejection.expectRejected("sinusoidal(0, 0, 4, float64) (T = 0)", advice,
                () -> PositionalEncoding.sinusoidal(0, 0, 4, DataType.DOUBLE));
        Rejection.expectRejected("sinusoidal(-1, 3, 4, float64) (negative start)", advice,
                () -> PositionalEncoding.sinusoidal(-1, 3, 4, DataType.DOUBLE));
        INDArray odd = Inputs.normal(random, 1, 2, 3);
        Rejection.expectRejected("rope(x (1, 2, 3), 0) (odd d)", advice,
                () -> Guarded.call(in -> PositionalEncoding.rope(in.copy("x", odd), 0)));
        INDArray flat = Inputs.normal(random, 3, 4);
        Rejection.expectRejected("rope(x (3, 4), 0) (rank 2)", advice,
                () -> Guarded.call(in -> PositionalEncoding.rope(in.copy("x", flat), 0)));
        INDArray deep = Inputs.normal(random, 2, 3, 4, 4);
        Rejection.expectRejected("rope(x (2, 3, 4, 4), 0) (rank 4)", advice,
                () -> Guarded.call(in -> PositionalEncoding.rope(in.copy("x", deep), 0)));
        INDArray x = Inputs.normal(random, 1, 2, 4);
        Rejection.expectRejected("rope(x (1, 2, 4), -1) (negative start)", advice,
                () -> Guarded.call(in -> PositionalEncoding.rope(in.copy("x", x), -1)));
    }

    private static INDArray callSinusoidal(int start, int length, int d, DataType type) {
        return PositionalEncoding.sinusoidal(start, length, d, type);
    }

    private static INDArray callRope(INDArray x, int start) {
        return Guarded.fresh(in -> PositionalEncoding.rope(in.copy("x", x), start));
    }

    private static void checkSinusoidal(NDManager manager, int start, int length, int d, DataType type) {
        INDArray actual = callSinusoidal(start, length, d, type);
        String what = "sinusoidal(" + start + ", " + length + ", " + d + ", " + name(type) + ")";
        NDArray angles = angles(manager, start, length, d, 2.0);
        Compare.assertClose(what, Nchw.expected(interleave(angles.sin(), angles.cos()), type), actual,
                new Mistake<>(SWAPPED, () -> Nchw.expected(interleave(angles.cos(), angles.sin()), type)),
                new Mistake<>(CONCATENATED, () -> Nchw.expected(
                        NDArrays.concat(new NDList(angles.sin(), angles.cos()), -1), type)),
                new Mistake<>(EXPONENT, () -> {
                    NDArray wrong = angles(manager, start, length, d, 1.0);
                    return Nchw.expected(interleave(wrong.sin(), wrong.cos()), type);
                }),
                new Mistake<>(NO_START, () -> {
                    if (start == 0) {
                        return null;
                    }
                    NDArray wrong = angles(manager, 0, length, d, 2.0);
                    return Nchw.expected(interleave(wrong.sin(), wrong.cos()), type);
                }),
                new Mistake<>(FLOAT32_ANGLE, () -> {
                    NDArray wrong = angles32(manager, start, length, d);
                    return Nchw.expected(interleave(wrong.sin(), wrong.cos()), type);
                }));
    }

    private static void checkRope(NDManager manager, INDArray x, int start) {
        INDArray actual = callRope(x, start);
        DataType type = x.dataType();
        long d = x.size(2);
        String what = "rope(x " + Nchw.shape(x) + (type == DataType.DOUBLE ? "" : " " + name(type)) + ", " + start + ")";
        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray angles = angles(manager, start, (int) x.size(1), (int) d, 2.0);
        Compare.assertClose(what, Nchw.expected(ropeAdjacent(tx, angles.cos(), angles.sin()), type), actual,
                new Mistake<>(HALF_SPLIT, () -> d < 4 ? null
                        : Nchw.expected(ropeHalfSplit(tx, angles.cos(), angles.sin()), type)),
                new Mistake<>(MINUS_THETA, () -> Nchw.expected(ropeAdjacent(tx, angles.cos(), angles.sin().neg()), type)),
                new Mistake<>(EXPONENT, () -> {
                    NDArray wrong = angles(manager, start, (int) x.size(1), (int) d, 1.0);
                    return Nchw.expected(ropeAdjacent(tx, wrong.cos(), wrong.sin()), type);
                }),
                new Mistake<>(NO_START, () -> {
                    if (start == 0) {
                        return null;
                    }
                    NDArray wrong = angles(manager, 0, (int) x.size(1), (int) d, 2.0);
                    return Nchw.expected(ropeAdjacent(tx, wrong.cos(), wrong.sin()), type);
                }),
                new Mistake<>(FLOAT32_ANGLE, () -> {
                    NDArray wrong = angles32(manager, start, (int) x.size(1), (int) d);
                    return Nchw.expected(ropeAdjacent(tx, wrong.cos(), wrong.sin()), type);
                }));
    }

    /**
     * The (T, d/2) angles (start + t) * 10000^(-pairScale * i / d) in float64: pairScale 2 is the
     * exercise's exponent 2i/d, 1 the mistaken i/d.
     */
    private static NDArray angles(NDManager manager, int start, int length, int d, double pairScale) {
        NDArray positions = manager.arange(start, start + length, 1, ai.djl.ndarray.types.DataType.FLOAT64)
                .reshape(length, 1);
        NDArray pairs = manager.arange(0, d / 2, 1, ai.djl.ndarray.types.DataType.FLOAT64);
        NDArray theta = manager.create(10000.0).pow(pairs.mul(-pairScale / d));
        return positions.mul(theta.reshape(1, d / 2));
    }

    /**
     * The angles as a float32 product of float32 positions and frequencies, widened to float64
     * for the sine and cosine: the float32 mistake, which shows at large positions.
     */
    private static NDArray angles32(NDManager manager, int start, int length, int d) {
        NDArray positions = manager.arange(start, start + length, 1, ai.djl.ndarray.types.DataType.FLOAT32)
                .reshape(length, 1);
        NDArray pairs = manager.arange(0, d / 2, 1, ai.djl.ndarray.types.DataType.FLOAT64);
        NDArray theta = manager.create(10000.0).pow(pairs.mul(-2.0 / d)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        return positions.mul(theta.reshape(1, d / 2)).toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
    }

    /** (..., d/2) even and odd values into (..., d), interleaved: even at 2i, odd at 2i + 1. */
    private static NDArray interleave(NDArray even, NDArray odd) {
        long[] shape = even.getShape().getShape();
        long[] flat = shape.clone();
        flat[flat.length - 1] *= 2;
        return NDArrays.stack(new NDList(even, odd), -1).reshape(flat);
    }

    /** RoPE on x (N, T, d) viewed as (N, T, d/2, 2): each adjacent pair rotated. */
    private static NDArray ropeAdjacent(NDArray x, NDArray cos, NDArray sin) {
        long[] s = x.getShape().getShape();
        NDArray pairs = x.reshape(s[0], s[1], s[2] / 2, 2);
        NDArray even = pairs.get(new NDIndex("..., 0"));
        NDArray odd = pairs.get(new NDIndex("..., 1"));
        return interleave(even.mul(cos).sub(odd.mul(sin)), even.mul(sin).add(odd.mul(cos)));
    }

    /** RoPE with GPT-NeoX's rotate_half: feature i paired with feature i + d/2. */
    private static NDArray ropeHalfSplit(NDArray x, NDArray cos, NDArray sin) {
        long half = x.getShape().getShape()[2] / 2;
        NDArray first = x.get(new NDIndex("..., :{}", half));
        NDArray second = x.get(new NDIndex("..., {}:", half));
        return NDArrays.concat(new NDList(first.mul(cos).sub(second.mul(sin)), first.mul(sin).add(second.mul(cos))), -1);
    }

    private static String name(DataType type) {
        return type == DataType.DOUBLE ? "float64" : type == DataType.FLOAT ? "float32" : type.toString();
    }
}
