package deepdrill.grader.checks.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * The one way a check calls the learner's code: every input goes in as a copy, and once the call
 * has returned, each copy must still equal its original, since an exercise must only read its
 * inputs.
 *
 * <pre>{@code
 * INDArray out = Guarded.call(in -> Conv2d.forward(in.copy("x", x), in.copy("w", w), in.copy("b", b), 1, 0, 1));
 * }</pre>
 *
 * <p>Records (a layer's parameters, running statistics) are copied and compared component by
 * component, and a record answer's arrays must each be new for {@link #fresh}. Lists are copied
 * into new mutable lists of copies and compared element by element.
 *
 * <p>An exception from the call (the stub's {@link UnsupportedOperationException} above all) passes
 * through unchanged, so that an untouched stub is reported as not implemented.
 */
public final class Guarded {

    private Guarded() {
    }

    /** Calls the learner's code with copies handed out by {@code in}; returns its answer. */
    public static <T> T call(Function<Copies, T> call) {
        Copies in = new Copies();
        T answer = call.apply(in);
        in.assertUnchanged();
        return answer;
    }

    /**
     * As {@link #call}, for an exercise whose Javadoc promises a new array: the answer must not be
     * one of the inputs handed over, nor share memory with one (a view of it), or the caller who
     * changes the result would change the input too.
     */
    public static <T> T fresh(Function<Copies, T> call) {
        Copies in = new Copies();
        T answer = call.apply(in);
        in.assertUnchanged();
        in.assertNotAliased(answer);
        return answer;
    }

    /** The same for a call that returns nothing. */
    public static void run(Consumer<Copies> call) {
        call(in -> {
            call.accept(in);
            return null;
        });
    }

    /** Hands out copies of a call's inputs and remembers the originals. */
    public static final class Copies {

        private final List<Input> inputs = new ArrayList<>();

        private Copies() {
        }

        /**
         * A copy of {@code value} for the learner's code: an {@link INDArray} (duplicated), a Java
         * array of any rank (cloned deeply), a {@link List} (a new mutable list of copies), or an immutable value (a number, a string), which is
         * passed as it is.
         *
         * @param name the parameter's name, as in the exercise's signature
         */
        public <T> T copy(String name, T value) {
            T passed = duplicate(value);
            inputs.add(new Input(name, value, passed));
            return passed;
        }

        /**
         * As {@link #copy}, but the learner's code gets the values of {@code value} laid out in
         * memory as {@code layout} says (column-major, or a view into a larger array), to catch
         * code that reads the array's buffer as if it were always C-ordered and contiguous.
         */
        public INDArray copy(String name, INDArray value, MemoryLayout layout) {
            INDArray passed = layout.lay(value);
            inputs.add(new Input(name, value, passed));
            return passed;
        }

        private void assertNotAliased(Object answer) {
            if (answer instanceof Record record) {
                // A record of results (gradients, new running statistics): each array in it is new.
                for (Object part : components(record)) {
                    assertNotAliased(part);
                }
                return;
            }
            if (!(answer instanceof INDArray result) || result.isEmpty()) {
                return;
            }
            for (Input input : inputs) {
                for (INDArray passed : arrays(input.passed())) {
                    if (!passed.isEmpty() && sharesMemory(result, passed)) {
                        String how = result == passed ? "the input '" + input.name() + "' itself"
                                : "a view of the input '" + input.name() + "' (it shares its memory)";
                        throw new AssertionFailedError(Mistake.PREFIX + "returned " + how + " where a new array is "
                                + "promised: a caller who changes the result would change " + input.name() + " too. "
                                + "Return a copy (" + input.name() + ".dup()) even when nothing needs computing.");
                    }
                }
            }
        }

        private void assertUnchanged() {
            for (Input input : inputs) {
                if (changed(input.original(), input.passed())) {
                    boolean array = input.original() instanceof INDArray;
                    throw new AssertionFailedError("your code modified its input '" + input.name() + "'; it must only "
                            + "read it (work on a copy, e.g. " + input.name() + (array ? ".dup()" : ".clone()")
                            + ", if you need to change values).");
                }
            }
        }
    }

    private record Input(String name, Object original, Object passed) {
    }

    @SuppressWarnings("unchecked")
    private static <T> T duplicate(T value) {
        if (value instanceof INDArray array) {
            return (T) array.dup();
        }
        if (value instanceof Record record) {
            // A record of inputs (parameters, running statistics): a new record of copies.
            Object[] parts = components(record).stream().map(Guarded::duplicate).toArray();
            try {
                Class<?>[] types = Arrays.stream(record.getClass().getRecordComponents())
                        .map(java.lang.reflect.RecordComponent::getType).toArray(Class<?>[]::new);
                java.lang.reflect.Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
                canonical.setAccessible(true);
                return (T) canonical.newInstance(parts);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot copy the record " + record.getClass().getName(), e);
            }
        }
        if (value instanceof List<?> list) {
            // A mutable list of copies, even of an immutable list: code that sorts or edits its
            // input list is then caught by name rather than failing on List.of's exception.
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(duplicate(element));
            }
            return (T) copy;
        }
        if (value instanceof Object[] rows) {
            Object[] copy = rows.clone();
            for (int i = 0; i < copy.length; i++) {
                copy[i] = duplicate(copy[i]);
            }
            return (T) copy;
        }
        if (value != null && value.getClass().isArray()) {
            return (T) cloneArray(value);
        }
        return value;
    }

    private static Object cloneArray(Object array) {
        if (array instanceof double[] a) {
            return a.clone();
        }
        if (array instanceof float[] a) {
            return a.clone();
        }
        if (array instanceof long[] a) {
            return a.clone();
        }
        if (array instanceof int[] a) {
            return a.clone();
        }
        if (array instanceof short[] a) {
            return a.clone();
        }
        if (array instanceof byte[] a) {
            return a.clone();
        }
        if (array instanceof char[] a) {
            return a.clone();
        }
        return ((boolean[]) array).clone();
    }

    /** Whether two arrays' native buffers overlap. */
    private static boolean sharesMemory(INDArray a, INDArray b) {
        if (a == b) {
            return true;
        }
        long aStart = a.data().address();
        long bStart = b.data().address();
        long aEnd = aStart + a.data().length() * a.data().getElementSize();
        long bEnd = bStart + b.data().length() * b.data().getElementSize();
        return aStart < bEnd && bStart < aEnd;
    }

    private static double[] values(INDArray array) {
        return array.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** The arrays in an input: itself, or those of a record's components. */
    private static List<INDArray> arrays(Object value) {
        List<INDArray> found = new ArrayList<>();
        if (value instanceof INDArray array) {
            found.add(array);
        } else if (value instanceof Record record) {
            components(record).forEach(part -> found.addAll(arrays(part)));
        }
        return found;
    }

    /** A record's component values, in declaration order. */
    private static List<Object> components(Record record) {
        List<Object> values = new ArrayList<>();
        for (java.lang.reflect.RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                java.lang.reflect.Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                values.add(accessor.invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + record.getClass().getName() + "." + component.getName(), e);
            }
        }
        return values;
    }

    static boolean changed(Object original, Object passed) {
        if (original instanceof Record o) {
            if (!(passed instanceof Record p) || p.getClass() != o.getClass()) {
                return true;
            }
            List<Object> a = components(o);
            List<Object> b = components(p);
            for (int i = 0; i < a.size(); i++) {
                if (changed(a.get(i), b.get(i))) {
                    return true;
                }
            }
            return false;
        }
        if (original instanceof INDArray o) {
            // Exact, NaN included: code that only reads its input cannot change a single bit of it.
            return !(passed instanceof INDArray p) || !Arrays.equals(o.shape(), p.shape()) || o.dataType() != p.dataType()
                    || !Arrays.equals(values(o), values(p));
        }
        if (original instanceof List<?> list) {
            if (!(passed instanceof List<?> p) || p.size() != list.size()) {
                return true;
            }
            for (int i = 0; i < list.size(); i++) {
                if (changed(list.get(i), p.get(i))) {
                    return true;
                }
            }
            return false;
        }
        if (original instanceof Object[] rows) {
            if (!(passed instanceof Object[] p) || p.length != rows.length) {
                return true;
            }
            for (int i = 0; i < rows.length; i++) {
                if (changed(rows[i], p[i])) {
                    return true;
                }
            }
            return false;
        }
        return !Objects.deepEquals(original, passed);
    }
}
