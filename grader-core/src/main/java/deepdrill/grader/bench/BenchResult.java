package deepdrill.grader.bench;

import deepdrill.grader.jvm.OpenBlasVerification;
import java.util.List;
import java.util.Map;

/**
 * Everything a bench run found, ready for the report, the JSON and the plot.
 *
 * @param exercise    the exercise id
 * @param description what was measured
 * @param device      {@code cpu} or {@code gpu}
 * @param quick       a {@code --quick} run (rough figures)
 * @param workUnit    what the work column counts
 * @param sizes       the sizes measured
 * @param contenders  every contender, timed or not, with the reason when not
 * @param rows        one row per contender and size, timed contenders only
 * @param exponents   the fitted scaling exponent per timed contender (NaN with fewer than 2 sizes)
 * @param peak        the machine's float32 GEMM peak measured in this run
 * @param openBlas    ND4J's GEMM with and without the chosen {@code OPENBLAS_CORETYPE}
 */
public record BenchResult(String exercise, String description, String device, boolean quick, String workUnit,
                          List<Size> sizes, List<Contender> contenders, List<Row> rows, Map<String, Double> exponents,
                          Peak peak, OpenBlasVerification openBlas) {

    /** A size with its work and FLOPs (0 when the exercise counts none). */
    public record Size(String label, String shapes, double work, double flops) {
    }

    /**
     * @param name   as shown: {@code yours}, {@code solution}, {@code solution (loops)}, {@code pytorch-cpu}, {@code pytorch-gpu}
     * @param timed  whether it was measured
     * @param reason why it was not (its check's verdict), or null
     */
    public record Contender(String name, boolean timed, String reason) {
    }

    /**
     * @param medianNs    median time per call
     * @param errorNs     99.9% confidence half-width (JMH)
     * @param gflops      FLOPs per second / 1e9, NaN without a FLOP count
     * @param vsPytorch   PyTorch's time on the same device over this one: 0.5 = half PyTorch's speed
     * @param shareOfPeak GFLOP/s over the run's GEMM peak, NaN without a FLOP count or on a GPU
     * @param allocBytes  Java heap bytes allocated per call
     */
    public record Row(String contender, String size, String status, double medianNs, double errorNs, double gflops,
                      double vsPytorch, double shareOfPeak, double allocBytes, String note) {
    }

    /** The GEMM rates of both libraries at {@code n^3}, and the faster one, which is the peak. */
    public record Peak(int n, double pytorchGflops, double nd4jGflops) {
        public double gflops() {
            return Double.isNaN(nd4jGflops) ? pytorchGflops : Double.isNaN(pytorchGflops) ? nd4jGflops
                    : Math.max(pytorchGflops, nd4jGflops);
        }
    }
}
