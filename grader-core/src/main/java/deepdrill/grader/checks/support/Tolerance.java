package deepdrill.grader.checks.support;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * How close is close enough, by data type: {@code |actual - expected| <= abs + rel * |expected|}.
 * float64 leaves room for a different summation order over a few thousand terms; float32 and
 * float16 for their shorter mantissas.
 */
public record Tolerance(double abs, double rel) {

    public static Tolerance of(DataType type) {
        return switch (type) {
            case DOUBLE -> new Tolerance(1e-9, 1e-7);
            case FLOAT -> new Tolerance(1e-5, 1e-4);
            case HALF, BFLOAT16 -> new Tolerance(1e-2, 1e-2);
            default -> new Tolerance(0, 0);
        };
    }

    public boolean accepts(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        return Math.abs(actual - expected) <= abs + rel * Math.abs(expected);
    }
}
