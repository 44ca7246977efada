package deepdrill.grader.checks.support;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * How an input array is laid out in memory, for the cases that hand the learner's code the same
 * values in an unusual layout. An ND4J array is a view on a buffer: {@code x.data()} is that
 * buffer, which holds the values in C order only for a contiguous C-ordered array of its own.
 * Code that reads or writes {@code x.data()} directly (a common shortcut for speed) gets other
 * values for a column-major array or a view; {@code x.getDouble(n, c, h, w)} or {@code x.dup('c')}
 * are right for every layout.
 */
public enum MemoryLayout {

    /** Column-major: the first index varies fastest ({@code x.dup('f')}). */
    FORTRAN("a column-major ('f' order) array"),

    /**
     * The interior of a larger array (its last axis two longer, zeros around the values): the
     * buffer holds more than the view's elements, and the view starts one element in. (Zeros, not
     * NaN: a misread then gives finite wrong values, which the diagnosis can recognise.)
     */
    VIEW("a view into a larger array");

    /** The mistake {@link #misread} stands for, as a sentence that follows "Looks like you ". */
    public static final String MISREAD = "read the input's buffer (x.data()) as if every array were C-ordered and "
            + "contiguous; this one is not, so its buffer holds the values in another order. Read elements by index "
            + "(x.getDouble(n, c, h, w)), or take x.dup('c') first, whose buffer is in C order.";

    private final String description;

    MemoryLayout(String description) {
        this.description = description;
    }

    /** How a case's description names the layout: "a view into a larger array". */
    public String description() {
        return description;
    }

    /** A new array with {@code x}'s values, data type and shape, laid out this way. */
    public INDArray lay(INDArray x) {
        if (this == FORTRAN) {
            return x.dup('f');
        }
        INDArray larger = larger(x);
        return larger.get(interior(x));
    }

    /**
     * What code that reads x's buffer as C-ordered and contiguous, x's length of it, sees when x is
     * laid out this way: the values it would compute with, one array per way of going wrong. For a
     * column-major array, the values in column-major order; for a view, the larger array's values
     * from its start (a buffer read from position 0) and from the view's offset ({@code asDouble()}).
     */
    public List<INDArray> misreadings(INDArray x) {
        if (this == FORTRAN) {
            double[] buffer = x.dup('f').data().asDouble();
            return List.of(Nd4j.create(buffer, x.shape(), 'c').castTo(x.dataType()));
        }
        double[] flat = larger(x).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int n = (int) x.length();
        return List.of(Nd4j.create(Arrays.copyOfRange(flat, 0, n), x.shape(), 'c').castTo(x.dataType()),
                Nd4j.create(Arrays.copyOfRange(flat, 1, n + 1), x.shape(), 'c').castTo(x.dataType()));
    }

    /**
     * The {@code i}-th of {@link #misreadings} of x laid out as {@code layout}, or null when the case
     * uses no special layout or there is no such misreading (a {@link Mistake} then stands aside).
     */
    public static INDArray misreading(MemoryLayout layout, INDArray x, int i) {
        if (layout == null) {
            return null;
        }
        List<INDArray> all = layout.misreadings(x);
        return i < all.size() ? all.get(i) : null;
    }

    /** x inside zeros: a C-ordered array whose last axis is two longer, x in its interior. */
    private static INDArray larger(INDArray x) {
        long[] shape = x.shape().clone();
        shape[shape.length - 1] += 2;
        INDArray larger = Nd4j.zeros(x.dataType(), shape);
        larger.get(interior(x)).assign(x);
        return larger;
    }

    private static INDArrayIndex[] interior(INDArray x) {
        INDArrayIndex[] interior = new INDArrayIndex[x.rank()];
        Arrays.fill(interior, NDArrayIndex.all());
        interior[x.rank() - 1] = NDArrayIndex.interval(1, x.size(x.rank() - 1) + 1);
        return interior;
    }
}
