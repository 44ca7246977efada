package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.CompareGradient;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.checks.support.NumericalGradient;
import deepdrill.grader.oracle.Autograd;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.Dropout;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code dropout}. PyTorch's own dropout draws from its own generator, so the expected
 * mask comes from replaying the documented draw order on a copy of the learner's random source
 * (one {@code nextDouble()} per element in row-major order, kept iff it is {@code >= p}); that
 * is the exercise's contract, not its solution. The output {@code x * mask / (1 - p)} and the
 * backward are then computed with DJL (autograd with the mask held constant) and centred
 * differences. A large input checks the keep rate statistically, whatever the draw order.
 *
 * <p>Covered: p = 0, p = 0.99 (scale 100), one element, batch 1; a draw of exactly p (kept: the
 * rule is {@code >= p}), fed by a scripted random source; NaN and +-infinity in x in train mode
 * (a dropped one is NaN, {@code x * 0}, as in PyTorch) and in eval mode (passed through); eval
 * mode returning x itself or drawing from the random source; float32. The inputs must come back
 * unchanged and out must be a new array.
 */
@ExerciseCheck
class DropoutCheck {

    private static final String P_IS_KEEP = "used p as the keep probability: here p is the probability to DROP an "
            + "element (PyTorch's convention), so an element is kept iff random.nextDouble() >= p, with probability "
            + "1 - p.";
    private static final String SCALED_MASK = "returned the scaled mask: the mask here holds 1 where an element is "
            + "kept and 0 where it is dropped; the 1 / (1 - p) goes into out only.";
    private static final String NOT_SCALED = "did not scale the kept values by 1 / (1 - p) at train time: inverted "
            + "dropout scales at train time, so that E[out] = x and test time is the identity.";
    private static final String SCALED_BY_KEEP = "scaled the kept values by (1 - p) instead of 1 / (1 - p): dividing "
            + "by the keep probability is what keeps E[out] = x.";
    private static final String SCALED_AT_TEST = "scaled the output at test time: with inverted dropout the scaling "
            + "happened at train time, so eval mode returns x unchanged (multiplying by 1 - p at test time is the "
            + "non-inverted, 'vanilla' dropout).";
    private static final String DROPPED_AT_TEST = "dropped elements at test time: in eval mode dropout is the "
            + "identity, with no random draws.";
    private static final String STRICT_DRAW = "dropped an element whose draw is exactly p (kept only when "
            + "random.nextDouble() > p): the rule is keep iff random.nextDouble() >= p.";
    private static final String DROPPED_AS_ZERO = "set a dropped element to 0 without multiplying: out = x * mask / "
            + "(1 - p), so a dropped infinity or NaN gives NaN (x * 0), as PyTorch's dropout does.";
    private static final String BACKWARD_NOT_SCALED = "forgot the 1 / (1 - p) in the backward: out = x * mask / "
            + "(1 - p), so dx = dout * mask / (1 - p).";

    @Test
    @DisplayName("train mode: the mask replays the documented draws, kept values scaled by 1 / (1 - p)")
    void trainMode(NDManager manager, Random random) {
        train(manager, Inputs.normal(random, 4, 5), 0.5, random.nextLong());
        train(manager, Inputs.normal(random, 2, 3, 4), 0.3, random.nextLong());
        train(manager, Inputs.normal(random, 2, 2, 3, 3), 0.2, random.nextLong());
        train(manager, Inputs.normal(random, 7), 0.6, random.nextLong());
    }

    @Test
    @DisplayName("train mode keeps a fraction 1 - p of a large input (within 4 standard deviations)")
    void keepRate(Random random) {
        for (double p : new double[] {0.1, 0.5, 0.8}) {
            INDArray x = Nd4j.ones(DataType.DOUBLE, 200, 500);
            Dropout.Result result = forward(x, p, true, new Random(random.nextLong()));
            double n = x.length();
            double kept = result.mask().castTo(DataType.DOUBLE).sumNumber().doubleValue();
            double sd = Math.sqrt(n * p * (1 - p));
            if (Math.abs(kept - n * (1 - p)) > 4 * sd) {
                String diagnosis = Math.abs(kept - n * p) <= 4 * sd ? "Looks like you " + P_IS_KEEP + "\n" : "";
                throw new AssertionFailedError(String.format(Locale.ROOT, "%sforward(x (200, 500) of ones, p %s, "
                        + "train) kept %.0f of %.0f elements (%.2f%%); expected %.2f%% +- %.2f%% (4 standard "
                        + "deviations)", diagnosis, p, kept, n, 100 * kept / n, 100 * (1 - p), 400 * sd / n));
            }
            // Inverted dropout keeps the mean: E[out] = x = 1, with a standard deviation of sqrt(p / (1 - p) / n).
            double mean = result.out().castTo(DataType.DOUBLE).meanNumber().doubleValue();
            double sdMean = Math.sqrt(p / (1 - p) / n);
            if (Math.abs(mean - 1) > 4 * sdMean) {
                throw new AssertionFailedError(String.format(Locale.ROOT, "forward(x (200, 500) of ones, p %s, "
                        + "train): the mean of out is %.4f; inverted dropout keeps it at 1 (+- %.4f)", p, mean,
                        4 * sdMean));
            }
        }
    }

    @Test
    @DisplayName("eval mode: the identity, a mask of ones, no random draws")
    void evalMode(NDManager manager, Random random) {
        eval(manager, Inputs.normal(random, 3, 4), 0.5, random.nextLong());
        eval(manager, Inputs.normal(random, 2, 3, 2), 0.2, random.nextLong());
        eval(manager, Inputs.normal(random, 5), 0.9, random.nextLong());
    }

    @Test
    @DisplayName("edge cases: p = 0 keeps everything, p = 0.99 keeps few and scales by 100, one element")
    void edgeCases(NDManager manager, Random random) {
        train(manager, Inputs.normal(random, 3, 4), 0.0, random.nextLong());
        train(manager, Inputs.normal(random, 10, 30), 0.99, random.nextLong());
        train(manager, Inputs.normal(random, 1), 0.5, random.nextLong());
        train(manager, Inputs.normal(random, 1, 1), 0.5, random.nextLong());
        eval(manager, Inputs.normal(random, 2, 2), 0.0, random.nextLong());
        // Draws of exactly p (and just below it): an element is kept iff its draw is >= p.
        double p = 0.25;
        double[] draws = {p, Math.nextDown(p), 0.5, p, 0.0, Math.nextUp(p)};
        train(manager, Inputs.normal(random, 2, 3), p, () -> new Scripted(draws), "a Random whose draws are "
                + Arrays.toString(draws));
        // Non-finite inputs: the mask decides where they go, and x * 0 is NaN for them.
        INDArray special = Nd4j.create(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -2}, new long[] {2, 4},
                DataType.DOUBLE);
        double[] halves = {0.75, 0.75, 0.75, 0.75, 0.25, 0.25, 0.25, 0.25};   // keep the first row, drop the second
        train(manager, special, 0.5, () -> new Scripted(halves), "a Random whose draws are "
                + Arrays.toString(halves) + " (NaN and infinities in x)");
        eval(manager, special, 0.5, random.nextLong());
    }

    @Test
    @DisplayName("backward: dx = dout * mask / (1 - p), against autograd and centred differences")
    void backward(NDManager manager, Random random) {
        backward(manager, random, Inputs.normal(random, 4, 5), 0.5);
        backward(manager, random, Inputs.normal(random, 2, 3, 2), 0.25);
        backward(manager, random, Inputs.normal(random, 6), 0.0);
        backward(manager, random, Inputs.normal(random, 3, 3), 0.9);
    }

    @Test
    @DisplayName("a float32 input gives a float32 output, mask and gradient")
    void float32(NDManager manager, Random random) {
        train(manager, Inputs.normal(random, 3, 5).castTo(DataType.FLOAT), 0.4, random.nextLong());
        eval(manager, Inputs.normal(random, 3, 5).castTo(DataType.FLOAT), 0.4, random.nextLong());
        backward(manager, random, Inputs.normal(random, 3, 5).castTo(DataType.FLOAT), 0.4);
    }

    private static void train(NDManager manager, INDArray x, double p, long seed) {
        train(manager, x, p, () -> new Random(seed), "new Random(" + seed + ")");
    }

    /**
     * @param source makes the learner's random source, and the same again for each replay
     * @param shown  how the source is shown in a failure message
     */
    private static void train(NDManager manager, INDArray x, double p, Supplier<Random> source, String shown) {
        DataType type = x.dataType();
        Random learner = source.get();
        Dropout.Result actual = forward(x, p, true, learner);
        String call = "forward(x " + Nchw.shape(x) + (type == DataType.DOUBLE ? "" : " " + type) + ", p " + p
                + ", train, " + shown + ")";
        if (actual == null) {
            throw new AssertionFailedError(call + " returned null instead of Result(out, mask)");
        }
        Random replay = source.get();
        INDArray mask = replayMask(x, p, replay, true);
        if (learner.nextDouble() != replay.nextDouble()) {
            throw new AssertionFailedError(call + ": the random source was not used as documented: draw exactly one "
                    + "random.nextDouble() per element (" + x.length() + " in all), in row-major order.");
        }
        INDArray keepMask = replayMask(x, p, source.get(), false);
        INDArray strictMask = strictMask(x, p, source.get());
        Compare.assertClose("mask of " + call, mask.castTo(type), actual.mask(),
                new Mistake<>(P_IS_KEEP, () -> keepMask.castTo(type)),
                new Mistake<>(STRICT_DRAW, () -> strictMask.castTo(type)),
                new Mistake<>(SCALED_MASK, () -> p == 0 ? null : mask.div(1 - p).castTo(type)));

        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tmask = TorchOracle.toTorch(manager, mask);
        Compare.assertClose("out of " + call, Nchw.expected(tx.mul(tmask).div(1 - p), type), actual.out(),
                new Mistake<>(DROPPED_AS_ZERO, () -> Nchw.expected(NDArrays.where(tmask.eq(0), tmask,
                        tx.mul(tmask).div(1 - p)), type)),
                new Mistake<>(NOT_SCALED, () -> p == 0 ? null : Nchw.expected(tx.mul(tmask), type)),
                new Mistake<>(SCALED_BY_KEEP, () -> p == 0 ? null : Nchw.expected(tx.mul(tmask).mul(1 - p), type)));
    }

    private static void eval(NDManager manager, INDArray x, double p, long seed) {
        DataType type = x.dataType();
        Random learner = new Random(seed);
        Dropout.Result actual = forward(x, p, false, learner);
        String call = "forward(x " + Nchw.shape(x) + (type == DataType.DOUBLE ? "" : " " + type) + ", p " + p
                + ", eval)";
        if (actual == null) {
            throw new AssertionFailedError(call + " returned null instead of Result(out, mask)");
        }
        NDArray tx = TorchOracle.toTorch(manager, x);
        INDArray dropped = replayMask(x, p, new Random(seed), true);
        Compare.assertClose("out of " + call, x, actual.out(),
                new Mistake<>(SCALED_AT_TEST, () -> p == 0 ? null : Nchw.expected(tx.mul(1 - p), type)),
                new Mistake<>(DROPPED_AT_TEST, () -> Nchw.expected(
                        tx.mul(TorchOracle.toTorch(manager, dropped)).div(1 - p), type)),
                new Mistake<>(DROPPED_AT_TEST, () -> Nchw.expected(tx.mul(TorchOracle.toTorch(manager, dropped)), type)));
        Compare.assertClose("mask of " + call, Nd4j.ones(type, x.shape()), actual.mask());
        if (learner.nextDouble() != new Random(seed).nextDouble()) {
            throw new AssertionFailedError("Looks like you " + DROPPED_AT_TEST + "\n" + call + " drew from the random "
                    + "source; eval mode must not.");
        }
    }

    private static void backward(NDManager manager, Random random, INDArray x, double p) {
        DataType type = x.dataType();
        INDArray mask = replayMask(x, p, new Random(random.nextLong()), true).castTo(type);
        INDArray dout = Inputs.normal(random, x.shape()).castTo(type);
        INDArray actual = Guarded.fresh(in -> Dropout.backward(in.copy("dout", dout), in.copy("mask", mask), p));

        NDArray tx = TorchOracle.toTorch(manager, x);
        NDArray tmask = TorchOracle.toTorch(manager, mask);
        NDArray tdout = TorchOracle.toTorch(manager, dout);
        NDArray grad = Autograd.gradients(in -> in.singletonOrThrow().mul(tmask).div(1 - p), tdout, tx)[0];
        boolean exact = type == DataType.DOUBLE;
        CompareGradient.assertClose("dx for backward(dout " + Nchw.shape(dout) + (exact ? "" : " " + type) + ", mask, p "
                        + p + ")", Nchw.expected(grad, type),
                exact ? NumericalGradient.of(v -> TorchOracle.toNd4j(TorchOracle.toTorch(manager, v).mul(tmask)
                        .div(1 - p)), x, dout) : null,
                actual,
                new Mistake<>(BACKWARD_NOT_SCALED, () -> p == 0 ? null : Nchw.expected(tdout.mul(tmask), type)),
                new Mistake<>(SCALED_BY_KEEP, () -> p == 0 ? null : Nchw.expected(tdout.mul(tmask).mul(1 - p), type)));
    }

    /**
     * The learner's forward pass on a copy of x. Its out is promised as a new array: in eval mode
     * above all, returning x itself is the tempting shortcut, and {@link Guarded#fresh} names it.
     */
    private static Dropout.Result forward(INDArray x, double p, boolean train, Random learner) {
        Dropout.Result[] result = new Dropout.Result[1];
        Guarded.fresh(in -> {
            result[0] = Dropout.forward(in.copy("x", x), p, train, learner);
            return result[0] == null ? null : result[0].out();
        });
        return result[0];
    }

    /** The mask of a rule that drops a draw of exactly p (keeps iff the draw is {@code > p}). */
    private static INDArray strictMask(INDArray x, double p, Random random) {
        double[] mask = new double[(int) x.length()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextDouble() > p ? 1 : 0;
        }
        return Nd4j.create(mask, x.shape(), DataType.DOUBLE);
    }

    /**
     * A random source that hands out the given draws from {@link #nextDouble()}, in order, then
     * starts over: an input that no seed can be relied on to produce (a draw of exactly p).
     */
    private static final class Scripted extends Random {
        private final double[] draws;
        private int next;

        Scripted(double[] draws) {
            this.draws = draws.clone();
        }

        @Override
        public double nextDouble() {
            return draws[next++ % draws.length];
        }
    }

    /**
     * The documented draws, replayed: one {@code nextDouble()} per element in row-major order; an
     * element is kept iff the draw is {@code >= p} ({@code < p} when {@code pIsDrop} is false, the
     * mistake of reading p as the keep probability). Float64, x's shape.
     */
    private static INDArray replayMask(INDArray x, double p, Random random, boolean pIsDrop) {
        double[] mask = new double[(int) x.length()];
        for (int i = 0; i < mask.length; i++) {
            double r = random.nextDouble();
            mask[i] = (pIsDrop ? r >= p : r < p) ? 1 : 0;
        }
        return Nd4j.create(mask, x.shape(), DataType.DOUBLE);
    }
}
