package deepdrill.grader.dev;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import deepdrill.grader.LearnerCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A Java source file as javac's parser sees it: its package, its types, the members other code can
 * call, and the methods with their bodies. Only parsed, never compiled, so it needs no class path
 * and answers for a file that does not build yet (a check written before the grader is rebuilt).
 *
 * @param packageName the package, "" for none
 * @param typeNames   the simple names of the top-level types, in order
 * @param api         every non-private type and member as a one-line declaration without bodies
 *                    ({@code "public static INDArray zeroPad(INDArray x, int padH, int padW)"}), nested
 *                    types prefixed with their owner ({@code "Conv2dBackward.Gradients: ..."})
 * @param methods     every method and constructor, private ones included
 */
record JavaSource(String packageName, List<String> typeNames, List<String> api, List<Method> methods) {

    /**
     * A method or constructor.
     *
     * @param owner       the simple name of the type that declares it (nested types as {@code Outer.Inner})
     * @param name        its name ({@code <init>} for a constructor)
     * @param key         its declaration without modifiers, the same in both twins ({@code "INDArray zeroPad(INDArray x, int padH, int padW)"})
     * @param body        the body as javac prints it (formatting and comments gone), "" for none
     * @param annotations the simple names of its annotations ({@code Test}, {@code DisplayName})
     */
    record Method(String owner, String name, String key, String body, List<String> annotations) {

        /** Whether the body is the stub's: it throws {@link LearnerCode#STUB_MARKER}. */
        boolean isStub() {
            return LearnerCode.hasStubBody(body);
        }

        /** How the author finds it: {@code ZeroPad.zeroPad(INDArray x, int padH, int padW)}. */
        String label() {
            int at = key.indexOf(name + "(");
            return owner + "." + (at < 0 ? key : key.substring(at));
        }

        boolean annotatedWith(String simpleName) {
            return annotations.contains(simpleName);
        }
    }

    /** The first top-level type, the one the file is named after. */
    Optional<String> mainType() {
        return typeNames.stream().findFirst();
    }

    /** The fully qualified name of the file's main type. */
    Optional<String> qualifiedName() {
        return mainType().map(t -> packageName.isEmpty() ? t : packageName + "." + t);
    }

    List<Method> annotated(String simpleName) {
        return methods.stream().filter(m -> m.annotatedWith(simpleName)).toList();
    }

    /**
     * Parses files in one javac task, which is much faster than one task each.
     *
     * @return per file, its source or the reason it does not parse
     */
    static Map<Path, Parsed> parse(List<Path> files) {
        Map<Path, Parsed> result = new LinkedHashMap<>();
        if (files.isEmpty()) {
            return result;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new DevException(DevException.Kind.INTERNAL, "this Java has no compiler (javax.tools); "
                    + "run the grader with a JDK 17 or newer, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files0 = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            Map<String, Path> byUri = new LinkedHashMap<>();
            List<JavaFileObject> units = new ArrayList<>();
            for (Path file : files) {
                for (JavaFileObject unit : files0.getJavaFileObjects(file)) {
                    units.add(unit);
                    byUri.put(unit.toUri().toString(), file);
                }
            }
            JavacTask task = (JavacTask) javac.getTask(null, files0, diagnostics, List.of("-proc:none"), null, units);
            Map<Path, CompilationUnitTree> trees = new LinkedHashMap<>();
            for (CompilationUnitTree unit : task.parse()) {
                trees.put(byUri.get(unit.getSourceFile().toUri().toString()), unit);
            }
            Map<Path, List<String>> errors = new LinkedHashMap<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR && d.getSource() != null) {
                    errors.computeIfAbsent(byUri.get(d.getSource().toUri().toString()), k -> new ArrayList<>())
                            .add("line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
                }
            }
            for (Path file : files) {
                if (errors.containsKey(file)) {
                    result.put(file, new Parsed(null, String.join("; ", errors.get(file))));
                } else if (trees.containsKey(file)) {
                    result.put(file, new Parsed(of(trees.get(file)), null));
                } else {
                    result.put(file, new Parsed(null, "javac did not read it"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** A parsed file, or why it could not be parsed. */
    record Parsed(JavaSource source, String error) {
    }

    private static JavaSource of(CompilationUnitTree unit) {
        String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
        List<String> types = new ArrayList<>();
        List<String> api = new ArrayList<>();
        List<Method> methods = new ArrayList<>();
        for (Tree decl : unit.getTypeDecls()) {
            if (decl instanceof ClassTree type) {
                types.add(type.getSimpleName().toString());
                collect(type, "", api, methods);
            }
        }
        return new JavaSource(pkg, List.copyOf(types), List.copyOf(api), List.copyOf(methods));
    }

    private static void collect(ClassTree type, String outer, List<String> api, List<Method> methods) {
        String owner = outer.isEmpty() ? type.getSimpleName().toString() : outer + "." + type.getSimpleName();
        String prefix = outer.isEmpty() ? "" : outer + ": ";
        if (!isPrivate(type.getModifiers())) {
            api.add(prefix + typeDeclaration(type));
        }
        for (Tree member : type.getMembers()) {
            if (member instanceof ClassTree nested) {
                if (!isPrivate(nested.getModifiers())) {
                    collect(nested, owner, api, methods);
                }
            } else if (member instanceof MethodTree method) {
                String key = methodKey(method, type);
                if (!isPrivate(method.getModifiers())) {
                    api.add(owner + ": " + flags(method.getModifiers()) + key);
                }
                methods.add(new Method(owner, method.getName().toString(), key, method.getBody() == null ? "" : method.getBody().toString(),
                        annotations(method.getModifiers())));
            } else if (member instanceof VariableTree field && !isPrivate(field.getModifiers())) {
                api.add(owner + ": " + flags(field.getModifiers()) + field.getType() + " " + field.getName());
            }
        }
    }

    private static String typeDeclaration(ClassTree type) {
        StringBuilder s = new StringBuilder(flags(type.getModifiers()))
                .append(type.getKind().name().toLowerCase(Locale.ROOT)).append(' ').append(type.getSimpleName());
        if (!type.getTypeParameters().isEmpty()) {
            s.append(type.getTypeParameters().stream().map(Object::toString).collect(Collectors.joining(", ", "<", ">")));
        }
        if (type.getKind() == Tree.Kind.RECORD) {
            // javac's parser turns the record header into private fields; a record can declare no
            // other instance fields, so its non-static fields are exactly its components.
            s.append(type.getMembers().stream().filter(m -> m instanceof VariableTree v
                            && !v.getModifiers().getFlags().contains(Modifier.STATIC))
                    .map(m -> ((VariableTree) m).getType() + " " + ((VariableTree) m).getName())
                    .collect(Collectors.joining(", ", "(", ")")));
        }
        if (type.getExtendsClause() != null) {
            s.append(" extends ").append(type.getExtendsClause());
        }
        if (!type.getImplementsClause().isEmpty()) {
            s.append(" implements ").append(type.getImplementsClause().stream().map(Object::toString)
                    .collect(Collectors.joining(", ")));
        }
        return s.toString();
    }

    private static String methodKey(MethodTree method, ClassTree owner) {
        StringBuilder s = new StringBuilder();
        if (!method.getTypeParameters().isEmpty()) {
            s.append(method.getTypeParameters().stream().map(Object::toString).collect(Collectors.joining(", ", "<", "> ")));
        }
        boolean constructor = method.getReturnType() == null;
        s.append(constructor ? owner.getSimpleName().toString() : method.getReturnType() + " " + method.getName());
        s.append(method.getParameters().stream().map(p -> p.getType() + " " + p.getName())
                .collect(Collectors.joining(", ", "(", ")")));
        if (!method.getThrows().isEmpty()) {
            s.append(" throws ").append(method.getThrows().stream().map(Object::toString).collect(Collectors.joining(", ")));
        }
        return s.toString();
    }

    private static boolean isPrivate(ModifiersTree modifiers) {
        return modifiers.getFlags().contains(Modifier.PRIVATE);
    }

    /** The modifiers as keywords, annotations left out ({@code "public static "}). */
    private static String flags(ModifiersTree modifiers) {
        return modifiers.getFlags().stream().map(f -> f.toString() + " ").collect(Collectors.joining());
    }

    private static List<String> annotations(ModifiersTree modifiers) {
        return modifiers.getAnnotations().stream().map(a -> {
            String name = a.getAnnotationType().toString();
            return name.substring(name.lastIndexOf('.') + 1);
        }).toList();
    }
}
