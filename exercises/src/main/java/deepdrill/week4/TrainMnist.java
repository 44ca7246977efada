package deepdrill.week4;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Capstone: train your own CNN on MNIST: FILL IN what it computes, in one sentence.
 *
 * <h2>The idea</h2>
 * FILL IN: why it exists and where a network uses it, in a short paragraph.
 *
 * <h2>Formula</h2>
 * <pre>
 *   FILL IN: out = ...
 * </pre>
 *
 * <h2>Symbols and shapes</h2>
 * <pre>
 *   N  batch size          D  features
 *
 *   x    (N, D)       FILL IN: the input, in any data type
 *   out  (N, D)       the same data type as x
 * </pre>
 *
 * <h2>The convention</h2>
 * FILL IN: where libraries differ, the convention this exercise follows (the check's oracle
 * follows exactly this one). The input must not change; return a new array.
 *
 * <h2>What interviewers ask</h2>
 * FILL IN: the questions, each with its short answer in parentheses.
 *
 * @see <a href="https://FILL.IN">FILL IN: the paper or the reference page</a>
 */
public final class TrainMnist {

    private TrainMnist() {
    }

    /**
     * FILL IN: what it returns.
     *
     * @param x input of shape (N, D); not modified
     * @return a new array of the shape and data type of {@code x}
     */
    public static INDArray trainMnist(INDArray x) {
        // TODO: FILL IN the steps, in a line or two.
        throw new UnsupportedOperationException("Not implemented yet: TrainMnist.trainMnist");
    }
}
