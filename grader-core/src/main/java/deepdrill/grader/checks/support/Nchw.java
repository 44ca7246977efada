package deepdrill.grader.checks.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import deepdrill.grader.oracle.TorchOracle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Helpers for checks whose oracle works on NCHW batches (conv, pooling, padding). */
public final class Nchw {

    private Nchw() {
    }

    /**
     * The oracle's answer in the learner's data type. The oracle always computes in float64; for a
     * float32 input the expected float32 answer is that result rounded once. Null stays null, so
     * that a {@link Mistake} that does not apply to a case can say so.
     */
    public static INDArray expected(NDArray oracle, DataType type) {
        return oracle == null ? null : TorchOracle.toNd4j(oracle).castTo(type);
    }

    /**
     * The first {@code h} rows and {@code w} columns of every image of {@code y}, or null when
     * {@code y} has fewer. Models a loop that sized its output right but walked the wrong windows
     * (a stride or dilation left out of the index), which yields the top-left corner of the output
     * of the mistaken configuration.
     */
    public static NDArray topLeft(NDArray y, long h, long w) {
        long[] shape = y.getShape().getShape();
        if (shape[2] < h || shape[3] < w) {
            return null;
        }
        return y.get(new NDIndex(":, :, :{}, :{}", h, w));
    }

    /** {@code (2, 3, 7, 5)}: a shape as the learner writes it. */
    public static String shape(INDArray x) {
        return Compare.shape(x.shape());
    }
}
