package deepdrill.grader.bench;

import deepdrill.grader.bench.specs.AffineBench;
import deepdrill.grader.bench.specs.AttentionBench;
import deepdrill.grader.bench.specs.Conv2dForwardBench;
import deepdrill.grader.bench.specs.GemmPeak;
import deepdrill.grader.bench.specs.KMeansBench;
import deepdrill.grader.bench.specs.KnnBench;
import deepdrill.grader.bench.specs.LinearRegressionBench;
import deepdrill.grader.bench.specs.LstmStepBench;
import deepdrill.grader.bench.specs.PoolingBench;
import deepdrill.grader.bench.specs.ZeroPadBench;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exercises that {@code grader bench} can time. An exercise joins by adding its
 * {@link BenchSpec} here. Exercises that are formulas on a few integers (conv-output-size, say)
 * have nothing that grows with an input, so nothing to time.
 */
public final class BenchSpecs {

    private static final Map<String, BenchSpec> SPECS = new LinkedHashMap<>();

    static {
        // In curriculum order, as ./grader list shows the exercises.
        for (BenchSpec spec : List.of(new LinearRegressionBench(), new KnnBench(), new KMeansBench(),
                new ZeroPadBench(), new Conv2dForwardBench(), PoolingBench.maxPool(), PoolingBench.avgPool(),
                new AffineBench(), new LstmStepBench(), new AttentionBench(), new GemmPeak())) {
            SPECS.put(spec.exercise(), spec);
        }
    }

    private BenchSpecs() {
    }

    public static Optional<BenchSpec> find(String id) {
        return Optional.ofNullable(SPECS.get(id));
    }

    public static BenchSpec get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no benchmark for " + id));
    }

    /** The exercises with a benchmark, in curriculum order (the machine's peak left out). */
    public static List<String> exercises() {
        return SPECS.keySet().stream().filter(id -> !id.equals(GemmPeak.ID)).toList();
    }
}
