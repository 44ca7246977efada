package deepdrill.grader.checks.week3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week3.WeightInit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code weight-init} statistically. Random weights cannot be compared value by value, so
 * each initialiser draws a few large weights and their statistics, computed with PyTorch
 * reductions, must match the distribution's: the mean within 5 standard errors of 0, the standard
 * deviation within 5 standard errors of the target, and the distribution's shape (uniform: every
 * value inside the bound and the largest close to it; normal: 68.3% of the values within one
 * standard deviation). The target standard deviation is the closed form from the papers, written
 * here from the fans, which this check also computes on its own. The same seed must give the same
 * weights, so the learner's code has to draw from the {@link Random} it is given.
 *
 * <p>Covered: linear and conv shapes, 1x1 and non-square kernels ({@code (4, 2, 7, 1)}), a 1x1
 * layer; shapes that are neither rank 2 nor 4 (rank 0, 1, 3 and 5), or have a size of 0 or a
 * negative one, rejected; the same seed gives the same weights and another seed other weights;
 * the shape array must come back unchanged and the weights must be a new array.
 */
@ExerciseCheck
class WeightInitCheck {

    private static final String SWAPPED = "swapped fan_in and fan_out: for a weight (fanOut, fanIn) or "
            + "(F, C, HH, WW), fan_in = fanIn or C * HH * WW.";
    private static final String NO_RECEPTIVE_FIELD = "forgot the kernel size in the fans: each conv output reads "
            + "C * HH * WW inputs, so fan_in = C * HH * WW and fan_out = F * HH * WW.";
    private static final String HE_WITHOUT_TWO = "used He without the factor 2: std = sqrt(2 / fan_in), the ReLU "
            + "gain sqrt(2) squared (sqrt(1 / fan_in) is LeCun's initialisation).";
    private static final String XAVIER_FOR_HE = "used Xavier's formula for He: He uses fan_in only, "
            + "std = sqrt(2 / fan_in).";
    private static final String HE_FOR_XAVIER = "used He's formula for Xavier: Xavier averages both fans, "
            + "std = sqrt(2 / (fan_in + fan_out)).";
    private static final String NO_SQRT = "forgot the square root: the formulas give the variance, "
            + "std = sqrt(2 / ...).";
    private static final String STD_AS_BOUND = "used the std as the bound: a uniform on [-b, b] has std b / sqrt(3), "
            + "so bound = sqrt(3) * std.";
    private static final String BOUND_AS_STD = "used the uniform bound as the normal's std: std = bound / sqrt(3).";
    private static final String NOT_CENTRED = "drew from [0, bound) instead of [-bound, bound): use "
            + "(2 * random.nextDouble() - 1) * bound.";

    /** Linear and conv shapes with fan_in and fan_out far apart in both directions. */
    private static final List<long[]> SHAPES = List.of(
            new long[] {256, 1024},
            new long[] {128, 64, 3, 3},
            new long[] {32, 16, 5, 3},
            new long[] {10, 784},
            new long[] {1000, 50});

    @Test
    @DisplayName("fan_in and fan_out of linear and conv weights")
    void fans() {
        List<long[]> shapes = new ArrayList<>(SHAPES);
        shapes.add(new long[] {1, 1});
        shapes.add(new long[] {6, 3, 1, 1});
        shapes.add(new long[] {4, 2, 7, 1});
        for (long[] shape : shapes) {
            long[] expected = {fanIn(shape), fanOut(shape)};
            long[] actual = Guarded.call(in -> WeightInit.fans(in.copy("shape", shape)));
            String call = "fans" + Compare.shape(shape);
            if (actual == null || actual.length != 2) {
                throw new AssertionFailedError(call + ": expected {fan_in, fan_out} = " + Arrays.toString(expected)
                        + ", got " + (actual == null ? "null" : actual.length + " values"));
            }
            if (!Arrays.equals(expected, actual)) {
                String diagnosis = Mistake.matching(wrong -> Arrays.equals(wrong, actual),
                        Mistake.giving(SWAPPED, new long[] {expected[1], expected[0]}),
                        Mistake.giving(NO_RECEPTIVE_FIELD, shape.length == 4 ? new long[] {shape[1], shape[0]} : null));
                throw new AssertionFailedError(diagnosis + call + ": expected {fan_in, fan_out} = "
                        + Arrays.toString(expected) + ", got " + Arrays.toString(actual));
            }
        }
        for (long[] bad : List.of(new long[] {5}, new long[] {2, 3, 4}, new long[] {0, 3}, new long[] {4, 3, 0, 3},
                new long[] {3, -2}, new long[] {-4, 3, 3, 3}, new long[0], new long[] {2, 3, 3, 3, 1})) {
            long[] answer;
            try {
                answer = WeightInit.fans(bad);
            } catch (IllegalArgumentException expected) {
                continue;
            } catch (RuntimeException e) {
                // The cause keeps an untouched stub recognisable as "not implemented".
                throw new AssertionFailedError("fans" + Compare.shape(bad) + " threw " + e.getClass().getSimpleName()
                        + "; a shape that is not (fanOut, fanIn) or (F, C, HH, WW) with sizes >= 1 must throw an "
                        + "IllegalArgumentException.", e);
            }
            throw new AssertionFailedError("fans" + Compare.shape(bad) + " returned " + Arrays.toString(answer)
                    + "; a shape that is not (fanOut, fanIn) or (F, C, HH, WW) with sizes >= 1 must throw an "
                    + "IllegalArgumentException.");
        }
    }

    @Test
    @DisplayName("Xavier normal: N(0, 2 / (fan_in + fan_out))")
    void xavierNormal(NDManager manager, Random random) {
        checkInit(manager, random.nextLong(), "xavierNormal", WeightInit::xavierNormal, false, false);
    }

    @Test
    @DisplayName("Xavier uniform: U(-sqrt(6 / (fan_in + fan_out)), +sqrt(...))")
    void xavierUniform(NDManager manager, Random random) {
        checkInit(manager, random.nextLong(), "xavierUniform", WeightInit::xavierUniform, false, true);
    }

    @Test
    @DisplayName("He normal: N(0, 2 / fan_in)")
    void heNormal(NDManager manager, Random random) {
        checkInit(manager, random.nextLong(), "heNormal", WeightInit::heNormal, true, false);
    }

    @Test
    @DisplayName("He uniform: U(-sqrt(6 / fan_in), +sqrt(6 / fan_in))")
    void heUniform(NDManager manager, Random random) {
        checkInit(manager, random.nextLong(), "heUniform", WeightInit::heUniform, true, true);
    }

    private static long receptiveField(long[] shape) {
        return shape.length == 4 ? shape[2] * shape[3] : 1;
    }

    private static long fanIn(long[] shape) {
        return shape[1] * receptiveField(shape);
    }

    private static long fanOut(long[] shape) {
        return shape[0] * receptiveField(shape);
    }

    /** @param seed the seed of every draw the learner makes, from the task's own seeded stream */
    private static void checkInit(NDManager manager, long seed, String method, BiFunction<Random, long[], INDArray> init,
                                  boolean he, boolean uniform) {
        for (long[] shape : SHAPES) {
            INDArray w = Guarded.fresh(in -> init.apply(new Random(seed), in.copy("shape", shape)));
            checkStatistics(manager, call(method, seed, shape), w, shape, he, uniform);
        }
        long[] small = SHAPES.get(2);
        String call = call(method, seed, small);
        INDArray first = init.apply(new Random(seed), small.clone());
        INDArray again = init.apply(new Random(seed), small.clone());
        INDArray other = init.apply(new Random(seed + 1), small.clone());
        if (!first.equals(again)) {
            throw new AssertionFailedError(call + " twice with the same seed gave different weights: draw every "
                    + "value from the Random you are given (random.nextGaussian(), random.nextDouble()), not from "
                    + "Math.random(), Nd4j.rand or a new Random.");
        }
        if (first.equals(other)) {
            throw new AssertionFailedError(call + " gave the same weights for seeds " + seed + " and " + (seed + 1)
                    + ": draw every value from the Random you are given.");
        }
    }

    private static String call(String method, long seed, long[] shape) {
        StringBuilder s = new StringBuilder(method).append("(new Random(").append(seed).append("L)");
        for (long size : shape) {
            s.append(", ").append(size);
        }
        return s.append(")").toString();
    }

    private static void checkStatistics(NDManager manager, String call, INDArray w, long[] shape, boolean he,
                                        boolean uniform) {
        if (w == null) {
            throw new AssertionFailedError(call + ": got null, expected an array of shape " + Compare.shape(shape));
        }
        if (!Arrays.equals(shape, w.shape())) {
            throw new AssertionFailedError(call + ": wrong shape: expected " + Compare.shape(shape) + ", got "
                    + Compare.shape(w.shape()));
        }
        if (w.dataType() != org.nd4j.linalg.api.buffer.DataType.DOUBLE) {
            throw new AssertionFailedError(call + ": wrong data type: expected DOUBLE (float64), got " + w.dataType());
        }
        double fi = fanIn(shape);
        double fo = fanOut(shape);
        double std = he ? Math.sqrt(2 / fi) : Math.sqrt(2 / (fi + fo));
        double bound = Math.sqrt(3) * std;
        long n = w.length();

        NDArray x = TorchOracle.toTorch(manager, w);
        double mean = x.mean().getDouble();
        double measuredStd = x.sub(mean).square().mean().sqrt().getDouble();
        double maxAbs = x.abs().max().getDouble();
        double withinOneStd = x.abs().lte(std).toType(DataType.FLOAT64, false).mean().getDouble();

        // Five standard errors: a right answer fails about once in two million runs.
        double meanTolerance = 5 * std / Math.sqrt(n);
        double stdTolerance = 5 * Math.sqrt(0.5 / n);
        if (Math.abs(mean) > meanTolerance) {
            String diagnosis = Mistake.matching(wrong -> Math.abs(mean - wrong) <= meanTolerance,
                    Mistake.giving(NOT_CENTRED, uniform ? bound / 2 : null));
            throw new AssertionFailedError(diagnosis + call + ": the mean of the " + n + " weights is "
                    + fmt(mean) + ", expected 0 (within " + fmt(meanTolerance) + ")");
        }
        if (Math.abs(measuredStd / std - 1) > stdTolerance) {
            List<Mistake<Double>> wrong = new ArrayList<>();
            double fiConv = shape[1];
            double foConv = shape[0];
            if (he) {
                wrong.add(Mistake.giving(SWAPPED, Math.sqrt(2 / fo)));
                wrong.add(Mistake.giving(HE_WITHOUT_TWO, Math.sqrt(1 / fi)));
                wrong.add(Mistake.giving(XAVIER_FOR_HE, Math.sqrt(2 / (fi + fo))));
                wrong.add(Mistake.giving(NO_SQRT, 2 / fi));
                wrong.add(Mistake.giving(NO_RECEPTIVE_FIELD, Math.sqrt(2 / fiConv)));
            } else {
                wrong.add(Mistake.giving(HE_FOR_XAVIER, Math.sqrt(2 / fi)));
                wrong.add(Mistake.giving(NO_SQRT, 2 / (fi + fo)));
                wrong.add(Mistake.giving(NO_RECEPTIVE_FIELD, Math.sqrt(2 / (fiConv + foConv))));
            }
            wrong.add(Mistake.giving(uniform ? STD_AS_BOUND : BOUND_AS_STD, uniform ? std / Math.sqrt(3) : bound));
            // A mistake too close to the right std to tell apart from sampling noise is not named.
            String diagnosis = Mistake.matching(wrongStd -> Math.abs(wrongStd / std - 1) > 2 * stdTolerance
                    && Math.abs(measuredStd / wrongStd - 1) <= stdTolerance, wrong);
            throw new AssertionFailedError(diagnosis + call + ": the standard deviation of the " + n + " weights is "
                    + fmt(measuredStd) + ", expected " + fmt(std) + " (fan_in " + (long) fi + ", fan_out " + (long) fo
                    + "; within " + String.format(Locale.ROOT, "%.2f", 100 * stdTolerance) + "%)");
        }
        if (uniform) {
            if (maxAbs > bound * (1 + 1e-12)) {
                throw new AssertionFailedError(call + ": a weight of magnitude " + fmt(maxAbs) + " lies outside the "
                        + "bound " + fmt(bound) + " = sqrt(3) * std: expected a uniform distribution on [-bound, bound]");
            }
            if (maxAbs < bound * (1 - 20.0 / n)) {
                throw new AssertionFailedError(call + ": the largest of " + n + " weights has magnitude " + fmt(maxAbs)
                        + ", but a uniform distribution on [-" + fmt(bound) + ", " + fmt(bound) + "] reaches close to the "
                        + "bound: is it uniform?");
            }
        } else {
            double expectedShare = 0.682689492137;   // P(|Z| <= 1) for a standard normal
            double shareTolerance = 5 * Math.sqrt(expectedShare * (1 - expectedShare) / n);
            if (Math.abs(withinOneStd - expectedShare) > shareTolerance) {
                throw new AssertionFailedError(call + ": " + fmt(100 * withinOneStd) + "% of the weights lie within one "
                        + "standard deviation of 0; a normal distribution has " + fmt(100 * expectedShare) + "% there "
                        + "(use random.nextGaussian(), not a uniform draw).");
            }
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.5g", v);
    }
}
