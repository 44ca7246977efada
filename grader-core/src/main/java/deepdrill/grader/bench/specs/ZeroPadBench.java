package deepdrill.grader.bench.specs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import deepdrill.grader.bench.BenchData;
import deepdrill.grader.bench.BenchSize;
import deepdrill.grader.bench.BenchSpec;
import deepdrill.grader.bench.Call;
import deepdrill.week3.ZeroPad;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code zero-pad}: 2 zeros on every side of float32 feature maps. A pure copy: no FLOPs, the work
 * is the number of output elements written, so time per element shows memory bandwidth.
 */
public final class ZeroPadBench implements BenchSpec {

    private static final int PAD = 2;

    @Override
    public String exercise() {
        return "zero-pad";
    }

    @Override
    public String description() {
        return "ZeroPad.zeroPad, float32, 2 zeros on every side";
    }

    @Override
    public List<BenchSize> sizes() {
        return FeatureMaps.sizes();
    }

    @Override
    public double flops(BenchSize s) {
        return 0;
    }

    @Override
    public double work(BenchSize s) {
        double side = s.dim(2) + 2 * PAD;
        return (double) s.dim(0) * s.dim(1) * side * side;
    }

    @Override
    public String workUnit() {
        return "elements";
    }

    @Override
    public Call code(BenchSize s) {
        INDArray x = BenchData.nd4j(1, FeatureMaps.shape(s));
        return () -> ZeroPad.zeroPad(x, PAD, PAD);
    }

    @Override
    public NdCall torch(BenchSize s, NDManager manager) {
        NDArray x = BenchData.torch(manager, 1, FeatureMaps.shape(s));
        Shape pad = new Shape(PAD, PAD, PAD, PAD);
        return () -> x.pad(pad, 0);
    }
}
