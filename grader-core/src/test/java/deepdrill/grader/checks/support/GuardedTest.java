package deepdrill.grader.checks.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.opentest4j.AssertionFailedError;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GuardedTest {

    private static INDArray array(double... values) {
        return Nd4j.create(values, new long[] {values.length}, DataType.DOUBLE);
    }

    @Test
    void theLearnerGetsCopiesAndTheAnswerComesBack() {
        INDArray x = array(1, 2, 3);
        double[] v = {1, 2};
        double answer = Guarded.call(in -> {
            INDArray passed = in.copy("x", x);
            double[] passedV = in.copy("v", v);
            assertNotSame(x, passed);
            assertNotSame(v, passedV);
            return passed.sumNumber().doubleValue() + passedV[1];
        });
        assertEquals(8.0, answer);
    }

    @Test
    void aModifiedArrayIsReportedByName() {
        INDArray x = array(1, 2, 3, Double.NaN);
        AssertionError e = assertThrows(AssertionError.class, () -> Guarded.run(in -> in.copy("x", x).putScalar(0, 1.0 + 1e-12)));
        assertTrue(e.getMessage().contains("modified its input 'x'") && e.getMessage().contains("x.dup()"), e.getMessage());
        Guarded.run(in -> in.copy("x", x).dup().putScalar(0, 5));
    }

    @Test
    void nestedJavaArraysAreCopiedDeeply() {
        double[][] rows = {{1, 2}, {3, 4}};
        AssertionError e = assertThrows(AssertionError.class, () -> Guarded.run(in -> in.copy("rows", rows)[1][0] = 7));
        assertTrue(e.getMessage().contains("modified its input 'rows'") && e.getMessage().contains("rows.clone()"), e.getMessage());
        assertEquals(3, rows[1][0]);
        int[] labels = {1, 2};
        assertThrows(AssertionError.class, () -> Guarded.run(in -> in.copy("labels", labels)[0] = 0));
    }

    @Test
    void aListIsCopiedIntoAMutableListAndASortedInputIsCaught() {
        List<double[]> rows = List.of(new double[] {3}, new double[] {1});
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Guarded.run(in -> {
            List<double[]> passed = in.copy("rows", rows);
            passed.sort((a, b) -> Double.compare(a[0], b[0]));
        }));
        assertTrue(e.getMessage().contains("modified its input 'rows'"), e.getMessage());
        assertThrows(AssertionFailedError.class, () -> Guarded.run(in -> in.copy("rows", rows).get(0)[0] = 7));
        assertEquals(3, rows.get(0)[0]);
        Guarded.run(in -> in.copy("rows", rows).get(1));
    }

    @Test
    void immutableValuesPassAsTheyAre() {
        String name = "relu";
        assertSame(name, Guarded.call(in -> in.copy("name", name)));
    }

    @Test
    void theStubsExceptionPassesThrough() {
        INDArray x = array(1);
        assertThrows(UnsupportedOperationException.class, () -> Guarded.run(in -> {
            in.copy("x", x);
            throw new UnsupportedOperationException("Not implemented yet: forward");
        }));
    }

    @Test
    void aPromisedNewArrayMustNotBeTheInputOrAViewOfIt() {
        INDArray x = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, DataType.DOUBLE);
        AssertionError itself = assertThrows(AssertionError.class, () -> Guarded.fresh(in -> in.copy("x", x)));
        assertTrue(itself.getMessage().startsWith("Looks like you returned the input 'x' itself where a new array is promised"),
                itself.getMessage());
        AssertionError view = assertThrows(AssertionError.class,
                () -> Guarded.fresh(in -> in.copy("x", x).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1))));
        assertTrue(view.getMessage().contains("a view of the input 'x'"), view.getMessage());
        assertEquals(x, Guarded.fresh(in -> in.copy("x", x).dup()));
        assertSame(x, Guarded.call(in -> x), "call() itself promises nothing about aliasing");
    }

    /** A record as exercises use them: parameters in, gradients or statistics out. */
    public record Pair(INDArray first, INDArray second) {
    }

    @Test
    void recordsAreCopiedComparedAndTheirArraysMustBeNew() {
        Pair p = new Pair(array(1, 2), array(3, 4));
        AssertionError modified = assertThrows(AssertionError.class,
                () -> Guarded.run(in -> in.copy("params", p).second().putScalar(0, 9)));
        assertTrue(modified.getMessage().contains("modified its input 'params'"), modified.getMessage());
        assertEquals(array(3, 4), p.second(), "the original record is untouched");

        AssertionError aliased = assertThrows(AssertionError.class, () -> Guarded.fresh(in -> {
            Pair passed = in.copy("params", p);
            return new Pair(passed.first().dup(), passed.second());
        }));
        assertTrue(aliased.getMessage().contains("the input 'params'") || aliased.getMessage().contains("itself"),
                aliased.getMessage());
        Pair fresh = Guarded.fresh(in -> {
            Pair passed = in.copy("params", p);
            return new Pair(passed.first().dup(), passed.second().dup());
        });
        assertEquals(p, fresh);
    }
}
