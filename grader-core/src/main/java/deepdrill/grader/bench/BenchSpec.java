package deepdrill.grader.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Set;

/**
 * What an exercise declares to join {@code grader bench}: its sizes, the work and floating-point
 * operations of one call at each size, and how each contender is called on inputs of that size.
 * Register the spec in {@link BenchSpecs}; the JMH benchmark, the report and the plot need nothing
 * else.
 *
 * <p>The contenders are {@link #code} (whichever implementation is on the class path: the
 * learner's or the model solution), the engine's own op ({@link #torch}, on the device of the
 * manager it is given) and, for the model solution only, any {@link #variants}.
 */
public interface BenchSpec {

    /** The exercise id, as in the catalog. */
    String exercise();

    /** What is measured, in words: dtype, fixed parameters. */
    String description();

    /** The sizes, smallest work first. */
    List<BenchSize> sizes();

    /** How many of the smallest sizes {@code --quick} measures (at least 2, for the exponent). */
    default int quickSizes() {
        return Math.min(3, sizes().size());
    }

    /** Floating-point operations of one call (a multiply-add counts 2), or 0 where none are worth counting (a copy). */
    double flops(BenchSize size);

    /** The work that the scaling exponent is fitted against: the FLOPs, or the elements touched. */
    default double work(BenchSize size) {
        return flops(size);
    }

    /** What {@link #work} counts, for the report ("FLOP", "elements"). */
    default String workUnit() {
        return "FLOP";
    }

    /** The implementation on the class path, on float32 inputs of this size. */
    Call code(BenchSize size);

    /** The engine op on the same inputs, made with {@code manager} (on its device). */
    NdCall torch(BenchSize size, NDManager manager);

    /**
     * Names of further model-solution variants (e.g. the naive loops next to im2col). Their source
     * files are the exercise's {@code variants} in the catalog, compiled with the solution.
     */
    default List<String> variants() {
        return List.of();
    }

    /**
     * The variants that time only part of the model solution's work (conv2d's GEMM alone, without
     * im2col), to show the floor under it. Their results are not the exercise's, so nothing compares
     * them with the others.
     */
    default Set<String> partialVariants() {
        return Set.of();
    }

    /** The variant called {@code name}; only called in the model solution's JVM. */
    default Call variant(String name, BenchSize size) {
        throw new IllegalArgumentException(exercise() + " has no variant " + name);
    }

    /** The size labelled {@code label}. */
    default BenchSize size(String label) {
        return sizes().stream().filter(s -> s.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(exercise() + " has no size " + label));
    }

    /** An engine call: returns the op's result, which the benchmark synchronises on and frees. */
    @FunctionalInterface
    interface NdCall {
        NDArray run();
    }
}
