package deepdrill.grader.bench.specs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import deepdrill.grader.bench.BenchData;
import deepdrill.grader.bench.BenchSize;
import deepdrill.grader.bench.BenchSpec;
import deepdrill.grader.bench.Call;
import deepdrill.week3.AvgPool2d;
import deepdrill.week3.MaxPool2d;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code max-pool-forward} and {@code avg-pool-forward}: 2x2 windows, stride 2, float32, over
 * growing feature maps. Work is the number of input elements, each read once; average pooling
 * counts one FLOP per element read (the sums) plus one per output (the division), max pooling none
 * (comparisons are not floating-point arithmetic worth a GFLOP/s figure).
 */
public final class PoolingBench implements BenchSpec {

    private final boolean max;

    private PoolingBench(boolean max) {
        this.max = max;
    }

    public static PoolingBench maxPool() {
        return new PoolingBench(true);
    }

    public static PoolingBench avgPool() {
        return new PoolingBench(false);
    }

    @Override
    public String exercise() {
        return max ? "max-pool-forward" : "avg-pool-forward";
    }

    @Override
    public String description() {
        return (max ? "MaxPool2d" : "AvgPool2d") + ".forward, float32, 2x2 windows, stride 2";
    }

    @Override
    public List<BenchSize> sizes() {
        return FeatureMaps.sizes();
    }


    @Override
    public double flops(BenchSize s) {
        return max ? 0 : FeatureMaps.elements(s) * 1.25;
    }

    @Override
    public double work(BenchSize s) {
        return FeatureMaps.elements(s);
    }

    @Override
    public String workUnit() {
        return "elements";
    }

    @Override
    public Call code(BenchSize s) {
        INDArray x = BenchData.nd4j(1, FeatureMaps.shape(s));
        return max ? () -> MaxPool2d.forward(x, 2, 2, 2) : () -> AvgPool2d.forward(x, 2, 2, 2, 0);
    }

    @Override
    public NdCall torch(BenchSize s, NDManager manager) {
        NDArray x = BenchData.torch(manager, 1, FeatureMaps.shape(s));
        Shape two = new Shape(2, 2);
        Shape zero = new Shape(0, 0);
        return max ? () -> Pool.maxPool2d(x, two, two, zero, false) : () -> Pool.avgPool2d(x, two, two, zero, false, true);
    }
}
