package deepdrill.grader.checks.week4;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inputs with NaN and infinities planted in them, for the tensor checks of week 4: a layer must
 * let them through as PyTorch does (a NaN pixel makes every output that reads it NaN, an infinite
 * one gives infinities, or NaN where +inf and -inf meet), not skip them, clamp them or throw.
 */
final class NonFiniteCases {

    private NonFiniteCases() {
    }

    /**
     * A copy of {@code x} with one NaN, one +inf and one -inf at seeded distinct positions (fewer when
     * {@code x} has fewer than three values), so that some outputs read none of them and stay finite.
     */
    static INDArray planted(Random random, INDArray x) {
        INDArray y = x.dup('c');
        long n = y.length();
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        long start = random.nextInt((int) n);
        // Spread the three over the array (a third apart), so that they fall in different windows.
        for (int k = 0; k < Math.min(3, n); k++) {
            y.putScalar((start + k * Math.max(1, n / 3)) % n, specials[k]);
        }
        return y;
    }
}
