package deepdrill.grader.bench.specs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.bench.BenchData;
import deepdrill.grader.bench.BenchSize;
import deepdrill.grader.bench.BenchSpec;
import deepdrill.grader.bench.Call;
import deepdrill.week3.LstmStep;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code lstm-step}: one LSTM step forward, float32, batch N, D inputs, hidden size H; the engine
 * op is {@code torch::lstm} run for one time step (one layer, one direction, both biases).
 */
public final class LstmStepBench implements BenchSpec {

    @Override
    public String exercise() {
        return "lstm-step";
    }

    @Override
    public String description() {
        return "LstmStep.forward, float32, x (N, D), h and c (N, H), weightIh (4H, D), weightHh (4H, H), both biases";
    }

    @Override
    public List<BenchSize> sizes() {
        return List.of(size("1", 16, 128, 128), size("2", 32, 256, 256), size("3", 64, 512, 512),
                size("4", 128, 1024, 1024));
    }

    private static BenchSize size(String label, int n, int d, int h) {
        return new BenchSize(label, "x (" + n + ", " + d + "), H " + h, n, d, h);
    }

    /**
     * 2 N (D + H) 4H for the two products; then, per element of the (N, 4H) pre-activations, the
     * sum of the products and the two biases (3 N 4H); per (N, H) element, four gate
     * nonlinearities, 3 for c' = f c + i g and 2 for h' = o tanh(c') (9 N H), each counted as one.
     */
    @Override
    public double flops(BenchSize s) {
        double n = s.dim(0);
        double d = s.dim(1);
        double h = s.dim(2);
        return 2 * n * (d + h) * 4 * h + 3 * n * 4 * h + 9 * n * h;
    }

    @Override
    public Call code(BenchSize s) {
        long n = s.dim(0);
        long d = s.dim(1);
        long h = s.dim(2);
        INDArray x = BenchData.nd4j(1, n, d);
        INDArray h0 = BenchData.nd4j(2, n, h);
        INDArray c0 = BenchData.nd4j(3, n, h);
        INDArray wIh = BenchData.nd4j(4, 4 * h, d);
        INDArray wHh = BenchData.nd4j(5, 4 * h, h);
        INDArray bIh = BenchData.nd4j(6, 4 * h);
        INDArray bHh = BenchData.nd4j(7, 4 * h);
        return () -> LstmStep.forward(x, h0, c0, wIh, wHh, bIh, bHh).h();
    }

    /** {@code torch::lstm} with T = 1: x as (1, N, D), the states as (1, N, H); h_n (N, H) is
     * returned (h', as the code's contender returns), the rest freed. */
    @Override
    public NdCall torch(BenchSize s, NDManager manager) {
        long n = s.dim(0);
        long d = s.dim(1);
        long h = s.dim(2);
        NDArray x = BenchData.torch(manager, 1, 1, n, d);
        NDList states = new NDList(BenchData.torch(manager, 2, 1, n, h), BenchData.torch(manager, 3, 1, n, h));
        NDList params = new NDList(BenchData.torch(manager, 4, 4 * h, d), BenchData.torch(manager, 5, 4 * h, h),
                BenchData.torch(manager, 6, 4 * h), BenchData.torch(manager, 7, 4 * h));
        return () -> {
            NDList out = x.getNDArrayInternal().lstm(x, states, params, true, 1, 0.0, false, false, false);
            NDArray hn = out.get(1).squeeze(0);
            out.close();
            return hn;
        };
    }
}
