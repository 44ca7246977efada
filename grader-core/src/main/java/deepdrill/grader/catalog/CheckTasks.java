package deepdrill.grader.catalog;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tasks of a check: its {@code @Test} methods, in the order they are declared, read from the
 * compiled class file. javac writes methods in source order, so the file keeps the order the check's
 * author chose (easy cases first), which reflection does not promise. The class is read as bytes,
 * never loaded: a check links against the exercise classes, which the grader's own JVM does not have.
 *
 * @see <a href="https://docs.oracle.com/javase/specs/jvms/se17/html/jvms-4.html">The class file format (JVMS 4)</a>
 */
public final class CheckTasks {

    private static final String TEST = "Lorg/junit/jupiter/api/Test;";
    private static final String DISPLAY_NAME = "Lorg/junit/jupiter/api/DisplayName;";

    private CheckTasks() {
    }

    /** A task: the {@code @Test} method's name and its {@code @DisplayName}, if it has one. */
    public record Task(String name, Optional<String> title) {
    }

    /**
     * @param checkClass the check's fully qualified class name
     * @return its tasks in declaration order, or empty when the class is not on {@code loader}'s class path
     */
    public static Optional<List<Task>> of(String checkClass, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(checkClass.replace('.', '/') + ".class")) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(read(new DataInputStream(in)));
        } catch (IOException e) {
            throw new CatalogException("cannot read the check class " + checkClass + ": " + e.getMessage());
        }
    }

    private static List<Task> read(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        Object[] pool = constantPool(in);
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.skipNBytes(2L * in.readUnsignedShort());
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            member(in, pool);
        }
        List<Task> tasks = new ArrayList<>();
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            Member method = member(in, pool);
            if (method.test()) {
                tasks.add(new Task(method.name(), Optional.ofNullable(method.displayName())));
            }
        }
        return tasks;
    }

    /** The constant pool; only its UTF-8 entries are kept (as Strings), the rest are skipped. */
    private static Object[] constantPool(DataInputStream in) throws IOException {
        Object[] pool = new Object[in.readUnsignedShort()];
        for (int i = 1; i < pool.length; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> pool[i] = in.readUTF();
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;   // longs and doubles take two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return pool;
    }

    private record Member(String name, boolean test, String displayName) {
    }

    private static Member member(DataInputStream in, Object[] pool) throws IOException {
        in.readUnsignedShort();
        String name = (String) pool[in.readUnsignedShort()];
        in.readUnsignedShort();
        boolean test = false;
        String displayName = null;
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            String attribute = (String) pool[in.readUnsignedShort()];
            int length = in.readInt();
            if (!attribute.equals("RuntimeVisibleAnnotations")) {
                in.skipNBytes(length);
                continue;
            }
            int annotations = in.readUnsignedShort();
            for (int k = 0; k < annotations; k++) {
                String type = (String) pool[in.readUnsignedShort()];
                int pairs = in.readUnsignedShort();
                for (int p = 0; p < pairs; p++) {
                    in.readUnsignedShort();
                    String value = elementValue(in, pool);
                    if (type.equals(DISPLAY_NAME)) {
                        displayName = value;
                    }
                }
                test |= type.equals(TEST);
            }
        }
        return new Member(name, test, displayName);
    }

    /** Skips one annotation element value; returns it when it is a string constant. */
    private static String elementValue(DataInputStream in, Object[] pool) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case 's' -> {
                return (String) pool[in.readUnsignedShort()];
            }
            case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 'c' -> in.skipNBytes(2);
            case 'e' -> in.skipNBytes(4);
            case '@' -> {
                in.readUnsignedShort();
                int pairs = in.readUnsignedShort();
                for (int p = 0; p < pairs; p++) {
                    in.readUnsignedShort();
                    elementValue(in, pool);
                }
            }
            case '[' -> {
                int values = in.readUnsignedShort();
                for (int v = 0; v < values; v++) {
                    elementValue(in, pool);
                }
            }
            default -> throw new IOException("unknown annotation element tag " + (char) tag);
        }
        return null;
    }
}
