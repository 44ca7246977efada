package deepdrill.grader.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.catalog.Catalog;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.Tolerance;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.grader.verify.Repo;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every benchmark is well formed, and its contenders compute the same thing: at the smallest size,
 * the model solution, each variant and the engine op agree (float32 tolerance), so that the bench
 * compares like with like. Partial variants (a part of the work, timed alone) only have to run.
 */
class BenchSpecsTest {

    private static List<BenchSpec> specs() {
        List<BenchSpec> specs = new ArrayList<>();
        for (String id : BenchSpecs.exercises()) {
            specs.add(BenchSpecs.get(id));
        }
        return specs;
    }

    @Test
    void everyBenchmarkBelongsToAnExerciseAndGrows() throws Exception {
        Catalog catalog = Catalog.load(Repo.workspace().root().resolve("exercises/catalog.json"));
        for (BenchSpec spec : specs()) {
            assertTrue(catalog.find(spec.exercise()).isPresent(), spec.exercise() + " is not in the catalog");
            assertTrue(spec.quickSizes() >= 2 && spec.quickSizes() <= spec.sizes().size(), spec.exercise());
            double previous = 0;
            for (BenchSize size : spec.sizes()) {
                assertTrue(spec.work(size) > previous, spec.exercise() + ": sizes must grow in work, at " + size.label());
                previous = spec.work(size);
            }
            assertTrue(spec.variants().containsAll(spec.partialVariants()), spec.exercise() + ": partial variants are variants");
            for (String file : catalog.find(spec.exercise()).orElseThrow().variants()) {
                assertTrue(Files.exists(Repo.workspace().root().resolve("solutions/src/main/java").resolve(file)), file);
            }
        }
    }

    @Test
    void contendersComputeTheSameResult() {
        for (BenchSpec spec : specs()) {
            BenchSize smallest = spec.sizes().get(0);
            INDArray solution = (INDArray) spec.code(smallest).run();
            assertEquals(DataType.FLOAT, solution.dataType(), spec.exercise());
            try (NDManager manager = TorchOracle.newManager()) {
                NDArray torch = spec.torch(smallest, manager).run();
                Compare.assertClose(spec.exercise() + " solution vs engine", TorchOracle.toNd4j(torch),
                        solution.castTo(DataType.DOUBLE), Tolerance.of(DataType.FLOAT));
            }
            for (String variant : spec.variants()) {
                Object result = spec.variant(variant, smallest).run();
                assertNotNull(result, spec.exercise() + " variant " + variant);
                if (spec.partialVariants().contains(variant)) {
                    continue;   // part of the work only: nothing to compare
                }
                INDArray other = (INDArray) result;
                Compare.assertClose(spec.exercise() + " variant " + variant, solution.castTo(DataType.DOUBLE),
                        other.castTo(DataType.DOUBLE), Tolerance.of(DataType.FLOAT));
            }
        }
    }
}
