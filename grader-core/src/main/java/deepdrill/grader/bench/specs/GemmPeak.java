package deepdrill.grader.bench.specs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.bench.BenchData;
import deepdrill.grader.bench.BenchSize;
import deepdrill.grader.bench.BenchSpec;
import deepdrill.grader.bench.Call;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The machine's peak, as the report uses it: a square float32 matrix product, the best-tuned
 * kernel either library has, measured in the same run as the contenders. {@code code} is ND4J's
 * {@code mmul} (OpenBLAS, with the run's {@code OPENBLAS_CORETYPE}), {@code torch} PyTorch's
 * {@code matmul}; the peak is the faster of the two. Not an exercise.
 */
public final class GemmPeak implements BenchSpec {

    public static final String ID = "gemm-peak";

    @Override
    public String exercise() {
        return ID;
    }

    @Override
    public String description() {
        return "float32 GEMM, square";
    }

    @Override
    public List<BenchSize> sizes() {
        return List.of(new BenchSize("1024", "1024 x 1024 times 1024 x 1024", 1024),
                new BenchSize("2048", "2048 x 2048 times 2048 x 2048", 2048));
    }

    @Override
    public double flops(BenchSize s) {
        double n = s.dim(0);
        return 2 * n * n * n;
    }

    @Override
    public Call code(BenchSize s) {
        INDArray a = BenchData.nd4j(1, s.dim(0), s.dim(0));
        INDArray b = BenchData.nd4j(2, s.dim(0), s.dim(0));
        // BLAS is column-major: a column-major product is its native layout, about twice as fast
        // here as ND4J's default row-major result (which costs a transposing copy).
        return () -> a.mmul(b, 'f');
    }

    @Override
    public NdCall torch(BenchSize s, NDManager manager) {
        NDArray a = BenchData.torch(manager, 1, s.dim(0), s.dim(0));
        NDArray b = BenchData.torch(manager, 2, s.dim(0), s.dim(0));
        return () -> a.matMul(b);
    }
}
