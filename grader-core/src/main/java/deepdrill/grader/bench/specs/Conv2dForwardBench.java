package deepdrill.grader.bench.specs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.bench.BenchData;
import deepdrill.grader.bench.BenchSize;
import deepdrill.grader.bench.BenchSpec;
import deepdrill.grader.bench.Call;
import deepdrill.week3.Conv2d;
import deepdrill.week3.Conv2dLoops;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code conv2d-forward}: 3x3 kernels, stride 1, padding 1 (output as large as the input), float32,
 * F = C filters. The largest size, N = 8, C = F = 64, 56x56, is a ResNet-18 stage-1 layer at
 * batch 8, the size the model solution is held to (at least half PyTorch's CPU throughput). Next to
 * the solution: its naive loops, and its GEMM alone, the ceiling for any im2col solution on ND4J.
 */
public final class Conv2dForwardBench implements BenchSpec {

    private static final int KERNEL = 3;
    private static final String GEMM_ONLY = "gemm-only";

    @Override
    public String exercise() {
        return "conv2d-forward";
    }

    @Override
    public String description() {
        return "Conv2d.forward, float32, 3x3 kernels, stride 1, padding 1, F = C filters";
    }

    @Override
    public List<BenchSize> sizes() {
        return List.of(size("1", 1, 16, 28), size("2", 2, 32, 28), size("3", 4, 64, 28), size("4", 8, 64, 56));
    }

    private static BenchSize size(String label, int n, int c, int hw) {
        return new BenchSize(label, "x (" + n + ", " + c + ", " + hw + ", " + hw + "), w (" + c + ", " + c + ", 3, 3)",
                n, c, hw);
    }

    /** 2 FLOP per multiply-add, N * F * H' * W' * C * 3 * 3 of them. */
    @Override
    public double flops(BenchSize s) {
        double n = s.dim(0);
        double c = s.dim(1);
        double hw = s.dim(2);
        return 2 * n * c * hw * hw * c * KERNEL * KERNEL;
    }

    @Override
    public Call code(BenchSize s) {
        INDArray[] in = inputs(s);
        return () -> Conv2d.forward(in[0], in[1], in[2], 1, 1, 1);
    }

    @Override
    public List<String> variants() {
        return List.of("loops", GEMM_ONLY);
    }

    @Override
    public Set<String> partialVariants() {
        return Set.of(GEMM_ONLY);
    }

    @Override
    public Call variant(String name, BenchSize s) {
        if (name.equals(GEMM_ONLY)) {
            return gemmOnly(s);
        }
        if (!name.equals("loops")) {
            return BenchSpec.super.variant(name, s);
        }
        INDArray[] in = inputs(s);
        return () -> Conv2dLoops.forward(in[0], in[1], in[2], 1, 1, 1);
    }

    /**
     * The model solution's matrix product alone, called as the solution calls it: per image, the
     * (H' W', 9 C + 1) im2col rows (one window per output pixel, a 1 for the bias) times the
     * (9 C + 1, F) kernels into a column-major (H' W', F) product. Nothing else is timed, so no
     * im2col solution built on ND4J's GEMM can beat this row: its ratio to PyTorch is the ceiling
     * for the approach on this machine.
     */
    private static Call gemmOnly(BenchSize s) {
        int n = (int) s.dim(0);
        long c = s.dim(1);
        long pixels = s.dim(2) * s.dim(2);
        long taps = c * KERNEL * KERNEL + 1;
        INDArray rows = BenchData.nd4j(4, pixels, taps);
        INDArray kernels = BenchData.nd4j(5, taps, c).dup('f');
        INDArray product = BenchData.scratch('f', pixels, c);
        return () -> {
            for (int image = 0; image < n; image++) {
                rows.mmuli(kernels, product);
            }
            return product;
        };
    }

    @Override
    public NdCall torch(BenchSize s, NDManager manager) {
        long[][] shapes = shapes(s);
        NDArray x = BenchData.torch(manager, 1, shapes[0]);
        NDArray w = BenchData.torch(manager, 2, shapes[1]);
        NDArray b = BenchData.torch(manager, 3, shapes[2]);
        Shape one = new Shape(1, 1);
        return () -> ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, one, one, one).singletonOrThrow();
    }

    private static INDArray[] inputs(BenchSize s) {
        long[][] shapes = shapes(s);
        return new INDArray[] {BenchData.nd4j(1, shapes[0]), BenchData.nd4j(2, shapes[1]), BenchData.nd4j(3, shapes[2])};
    }

    private static long[][] shapes(BenchSize s) {
        long n = s.dim(0);
        long c = s.dim(1);
        long hw = s.dim(2);
        return new long[][] {{n, c, hw, hw}, {c, c, KERNEL, KERNEL}, {c}};
    }
}
