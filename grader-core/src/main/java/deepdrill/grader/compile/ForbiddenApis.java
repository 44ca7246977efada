package deepdrill.grader.compile;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The APIs that exercise code may not use, found in its compiled classes: reflection, class
 * loading, stack walking, {@code sun.misc.Unsafe}, the JDK's internals, the compiler and scripting
 * APIs, and the reflective helpers of the libraries on the exercises' class path. None of them is
 * needed to compute an answer, and each is a way to reach the grader's objects from inside the
 * check JVM (a check found on the stack, its private expected values, the event channel, a
 * solution compiled at run time), which class loaders alone cannot close. Nor may it use the
 * libraries on that class path that would answer an exercise in one call (Commons Math's
 * statistics, distributions and fractions; ND4J's PCA): the exercises ask for the computation.
 *
 * <p>The scan reads the constant pool of each class file: every class and member that the code
 * refers to is listed there, whatever the source looked like. (A string that names a class is not
 * a reference; turning it into one needs {@code Class.forName} or a class loader, both refused.)
 */
public final class ForbiddenApis {

    /** Classes (internal names) and packages (ending in '/') that may not be referred to at all. */
    private static final List<String> CLASSES = List.of(
            "sun/", "jdk/", "com/sun/",
            "java/lang/StackWalker",
            "java/lang/reflect/Method", "java/lang/reflect/Field", "java/lang/reflect/Constructor",
            "java/lang/reflect/AccessibleObject", "java/lang/reflect/Executable",
            "java/lang/ClassLoader", "java/net/URLClassLoader", "java/security/SecureClassLoader",
            "java/lang/ModuleLayer", "java/lang/Module", "java/lang/instrument/", "java/lang/management/",
            "javax/tools/", "javax/script/", "javax/management/",
            "org/apache/commons/lang3/reflect/", "org/apache/commons/lang3/ClassUtils",
            "org/nd4j/shade/guava/reflect/", "org/nd4j/common/io/ReflectionUtils", "org/nd4j/shade/jackson/",
            "org/bytedeco/javacpp/Loader", "org/bytedeco/javacpp/tools/",
            "org/apache/commons/math3/", "org/nd4j/linalg/dimensionalityreduction/");

    /**
     * Classes whose members may not be used, though the class itself may be named: javac names
     * {@code MethodHandles$Lookup} in every class with a lambda (its bootstrap method takes one).
     */
    private static final Set<String> MEMBER_OWNERS = Set.of(
            "java/lang/invoke/MethodHandles", "java/lang/invoke/MethodHandles$Lookup", "java/lang/invoke/MethodHandle",
            "java/lang/invoke/VarHandle");

    /** Members (owner.name) that may not be called, on classes that are otherwise fine. */
    private static final Set<String> MEMBERS = Set.of(
            "java/lang/Class.forName", "java/lang/Class.getClassLoader", "java/lang/Class.getModule",
            "java/lang/Class.getDeclaredMethod", "java/lang/Class.getDeclaredMethods",
            "java/lang/Class.getDeclaredField", "java/lang/Class.getDeclaredFields",
            "java/lang/Class.getDeclaredConstructor", "java/lang/Class.getDeclaredConstructors",
            "java/lang/Class.getMethod", "java/lang/Class.getMethods", "java/lang/Class.getField",
            "java/lang/Class.getFields", "java/lang/Class.getConstructor", "java/lang/Class.getConstructors",
            "java/lang/Class.getEnclosingMethod", "java/lang/Class.getNestHost",
            "java/lang/Thread.getContextClassLoader", "java/lang/Thread.setContextClassLoader",
            "java/lang/Thread.getAllStackTraces",
            "java/lang/System.load", "java/lang/System.loadLibrary", "java/lang/System.setSecurityManager",
            "java/lang/Runtime.load", "java/lang/Runtime.loadLibrary");

    private ForbiddenApis() {
    }

    /** What the class refers to that exercise code may not use, as Java names ("java.lang.StackWalker"). */
    public static Set<String> uses(Path classFile) throws IOException {
        Set<String> found = new TreeSet<>();
        ConstantPool pool = ConstantPool.read(Files.readAllBytes(classFile));
        for (String name : pool.classNames()) {
            String type = elementType(name);
            if (CLASSES.stream().anyMatch(c -> c.endsWith("/") ? type.startsWith(c) : type.equals(c)
                    || type.startsWith(c + "$"))) {
                found.add(type.replace('/', '.'));
            }
        }
        for (String member : pool.members()) {
            if (MEMBERS.contains(member) || MEMBER_OWNERS.contains(member.substring(0, member.lastIndexOf('.')))) {
                found.add(member.replace('/', '.'));
            }
        }
        return found;
    }

    /** {@code [Ljava/lang/reflect/Method;} is an array of a forbidden class: its element type counts. */
    private static String elementType(String name) {
        String type = name;
        while (type.startsWith("[")) {
            type = type.substring(1);
        }
        return type.startsWith("L") && type.endsWith(";") ? type.substring(1, type.length() - 1) : type;
    }

    /** The class and member references of a class file's constant pool (JVM spec, section 4.4). */
    private record ConstantPool(List<String> classNames, List<String> members) {

        static ConstantPool read(byte[] bytes) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classIndex = new int[count];
            int[][] refs = new int[count][];
            int[] nameAndTypeName = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classIndex[i] = in.readUnsignedShort();
                    case 9, 10, 11 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                    case 12 -> {
                        nameAndTypeName[i] = in.readUnsignedShort();
                        in.readUnsignedShort();
                    }
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // eight-byte constants take two slots
                    }
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    case 17, 18 -> {
                        in.readUnsignedShort();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            List<String> classes = new ArrayList<>();
            List<String> members = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                if (classIndex[i] != 0) {
                    classes.add(utf8[classIndex[i]]);
                }
            }
            for (int i = 1; i < count; i++) {
                if (refs[i] != null) {
                    String owner = utf8[classIndex[refs[i][0]]];
                    members.add(owner + "." + utf8[nameAndTypeName[refs[i][1]]]);
                }
            }
            return new ConstantPool(classes, members);
        }
    }
}
