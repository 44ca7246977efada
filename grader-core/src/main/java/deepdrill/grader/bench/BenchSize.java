package deepdrill.grader.bench;

/**
 * One input size of a benchmark.
 *
 * @param label  what the user types after {@code --sizes} and reads in the table ("1", "2", ...)
 * @param shapes the input shapes in words, e.g. {@code x (8, 64, 56, 56), w (64, 64, 3, 3)}
 * @param dims   the numbers the spec builds its inputs from (their meaning is the spec's)
 */
public record BenchSize(String label, String shapes, int... dims) {

    public int dim(int i) {
        return dims[i];
    }
}
