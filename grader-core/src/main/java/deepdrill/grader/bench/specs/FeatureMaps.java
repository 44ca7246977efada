package deepdrill.grader.bench.specs;

import deepdrill.grader.bench.BenchSize;
import java.util.List;

/**
 * The feature-map sizes shared by the single-input spatial benchmarks (padding, pooling): a
 * float32 {@code (N, C, HW, HW)} map growing from a 32x32 toy to a ResNet stage-1 batch of 8 at
 * 112x112. Dims are {@code {N, C, HW}}.
 */
final class FeatureMaps {

    private FeatureMaps() {
    }

    static List<BenchSize> sizes() {
        return List.of(size("1", 1, 16, 32), size("2", 4, 32, 56), size("3", 8, 64, 56), size("4", 8, 64, 112));
    }

    static long[] shape(BenchSize s) {
        return new long[] {s.dim(0), s.dim(1), s.dim(2), s.dim(2)};
    }

    static long elements(BenchSize s) {
        return (long) s.dim(0) * s.dim(1) * s.dim(2) * s.dim(2);
    }

    private static BenchSize size(String label, int n, int c, int hw) {
        return new BenchSize(label, "x (" + n + ", " + c + ", " + hw + ", " + hw + ")", n, c, hw);
    }
}
