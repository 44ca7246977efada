package deepdrill.grader.bench.specs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.bench.BenchData;
import deepdrill.grader.bench.BenchSize;
import deepdrill.grader.bench.BenchSpec;
import deepdrill.grader.bench.Call;
import deepdrill.week3.Attention;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code attention}: {@code Attention.scaledDotProduct} without a mask, float32, self-attention
 * shapes: q, k, v each (N, T, d), so Tq = Tk = T and d_k = d_v = d.
 */
public final class AttentionBench implements BenchSpec {

    @Override
    public String exercise() {
        return "attention";
    }

    @Override
    public String description() {
        return "Attention.scaledDotProduct, float32, q, k, v (N, T, d), no mask, not causal";
    }

    @Override
    public List<BenchSize> sizes() {
        return List.of(size("1", 8, 64, 64), size("2", 8, 128, 64), size("3", 8, 256, 64), size("4", 8, 512, 64),
                size("5", 8, 1024, 64));
    }

    private static BenchSize size(String label, int n, int t, int d) {
        return new BenchSize(label, "q, k, v (" + n + ", " + t + ", " + d + ")", n, t, d);
    }

    /**
     * 2 N T T d for Q K^T and 2 N T T d for the weights times V (4 N T^2 d), plus the scaling and the
     * softmax: 5 N T^2 (scale, max, subtract, exp, divide; the row sums are in the divide's count).
     */
    @Override
    public double flops(BenchSize s) {
        double n = s.dim(0);
        double t = s.dim(1);
        double d = s.dim(2);
        return 4 * n * t * t * d + 5 * n * t * t;
    }

    @Override
    public Call code(BenchSize s) {
        INDArray q = BenchData.nd4j(1, s.dim(0), s.dim(1), s.dim(2));
        INDArray k = BenchData.nd4j(2, s.dim(0), s.dim(1), s.dim(2));
        INDArray v = BenchData.nd4j(3, s.dim(0), s.dim(1), s.dim(2));
        return () -> Attention.scaledDotProduct(q, k, v, null, false).out();
    }

    @Override
    public NdCall torch(BenchSize s, NDManager manager) {
        NDArray q = BenchData.torch(manager, 1, s.dim(0), s.dim(1), s.dim(2));
        NDArray k = BenchData.torch(manager, 2, s.dim(0), s.dim(1), s.dim(2));
        NDArray v = BenchData.torch(manager, 3, s.dim(0), s.dim(1), s.dim(2));
        double scale = 1 / Math.sqrt(s.dim(2));
        return () -> q.matMul(k.transpose(0, 2, 1)).mul(scale).softmax(-1).matMul(v);
    }
}
