package deepdrill.grader.bench.specs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.bench.BenchData;
import deepdrill.grader.bench.BenchSize;
import deepdrill.grader.bench.BenchSpec;
import deepdrill.grader.bench.Call;
import deepdrill.week3.Affine;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code affine}: the forward pass {@code x w + b}, float32, batch N, D inputs, M outputs. */
public final class AffineBench implements BenchSpec {

    @Override
    public String exercise() {
        return "affine";
    }

    @Override
    public String description() {
        return "Affine.forward, float32, x (N, D) times w (D, M) plus b (M)";
    }

    @Override
    public List<BenchSize> sizes() {
        return List.of(size("1", 32, 256, 128), size("2", 64, 512, 256), size("3", 128, 1024, 512),
                size("4", 256, 2048, 1024));
    }

    private static BenchSize size(String label, int n, int d, int m) {
        return new BenchSize(label, "x (" + n + ", " + d + "), w (" + d + ", " + m + ")", n, d, m);
    }

    /** 2 N D M for the product, N M for the bias. */
    @Override
    public double flops(BenchSize s) {
        double n = s.dim(0);
        double d = s.dim(1);
        double m = s.dim(2);
        return 2 * n * d * m + n * m;
    }

    @Override
    public Call code(BenchSize s) {
        INDArray x = BenchData.nd4j(1, s.dim(0), s.dim(1));
        INDArray w = BenchData.nd4j(2, s.dim(1), s.dim(2));
        INDArray b = BenchData.nd4j(3, s.dim(2));
        return () -> Affine.forward(x, w, b);
    }

    @Override
    public NdCall torch(BenchSize s, NDManager manager) {
        NDArray x = BenchData.torch(manager, 1, s.dim(0), s.dim(1));
        NDArray w = BenchData.torch(manager, 2, s.dim(1), s.dim(2));
        NDArray b = BenchData.torch(manager, 3, s.dim(2));
        return () -> x.matMul(w).add(b);
    }
}
