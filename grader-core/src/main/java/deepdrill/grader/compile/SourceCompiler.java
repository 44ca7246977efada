package deepdrill.grader.compile;

import deepdrill.grader.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles an implementation's sources in-process with {@code javax.tools}, into a directory of the
 * grader's own, and only when something changed.
 *
 * <p>Only the files of the selected exercises are named; {@code -sourcepath} lets javac pull in
 * whatever they use, so a half-edited file of another exercise does not block this one. A stamp
 * (a hash of every source under the root, the selection and the class path) decides whether the
 * last output is still good.
 */
public final class SourceCompiler {

    private static final String STAMP = ".deepdrill-stamp";

    private final Workspace workspace;

    public SourceCompiler(Workspace workspace) {
        this.workspace = workspace;
    }

    /**
     * @param sourceRoot the implementation's source root
     * @param files      the files to compile, relative to {@code sourceRoot}
     * @param outputDir  where the classes go; emptied before a real compilation
     * @param classPath  what the sources compile against (ND4J and friends)
     */
    public CompileResult compile(Path sourceRoot, List<String> files, Path outputDir, List<String> classPath) {
        long started = System.nanoTime();
        String stamp = stamp(sourceRoot, files, classPath);
        Path stampFile = outputDir.resolve(STAMP);
        if (stamp.equals(readQuietly(stampFile))) {
            return new CompileResult(List.of(), Set.of(), true, elapsed(started));
        }
        List<String> intruders = graderPackages(sourceRoot);
        if (!intruders.isEmpty()) {
            return new CompileResult(intruders, Set.of(""), false, elapsed(started));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new MissingCompilerException("this Java (" + System.getProperty("java.home") + ") has no compiler. "
                    + "DeepDrill compiles your exercises and needs a full JDK 17 or newer: install one "
                    + "(for example 'apt install openjdk-17-jdk') or set JAVA_HOME to it.");
        }
        recreate(outputDir);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok;
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(
                    files.stream().map(sourceRoot::resolve).toList());
            List<String> options = List.of(
                    "-d", outputDir.toString(),
                    "-sourcepath", sourceRoot.toString(),
                    "-classpath", String.join(java.io.File.pathSeparator, classPath),
                    "-encoding", "UTF-8",
                    "--release", "17",
                    "-g",
                    "-implicit:class",
                    "-Xlint:none",
                    "-proc:none");
            ok = javac.getTask(null, fileManager, diagnostics, options, null, units).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> errors = new ArrayList<>();
        Set<String> broken = new TreeSet<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(format(d));
                broken.add(relativeFile(sourceRoot, d));
            }
        }
        if (!ok && errors.isEmpty()) {
            errors.add("javac failed without a message");
            broken.add("");
        }
        if (errors.isEmpty()) {
            writeQuietly(stampFile, stamp);
        }
        return new CompileResult(errors, broken, false, elapsed(started));
    }

    private static String relativeFile(Path sourceRoot, Diagnostic<? extends JavaFileObject> d) {
        if (d.getSource() == null) {
            return "";
        }
        Path file = Path.of(d.getSource().toUri()).toAbsolutePath().normalize();
        Path root = sourceRoot.toAbsolutePath().normalize();
        return file.startsWith(root) ? root.relativize(file).toString().replace('\\', '/') : "";
    }

    /**
     * Sources in the grader's packages ({@code deepdrill.grader}, {@code deepdrill.datasets}): an
     * exercise tree may not define them, since a class of the same name as a grader class would
     * stand in for it. Each is a compile error with what to do.
     */
    private List<String> graderPackages(Path sourceRoot) {
        List<String> errors = new ArrayList<>();
        for (String reserved : List.of("grader", "datasets")) {
            Path dir = sourceRoot.resolve("deepdrill").resolve(reserved);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> errors.add(workspace.display(p)
                        + ":1: the package deepdrill." + reserved + " belongs to DeepDrill itself; exercise code may not "
                        + "define classes in it. Delete or move this file (your exercises live in deepdrill.weekN)."));
            } catch (IOException e) {
                errors.add(workspace.display(dir) + ": cannot be read: " + e.getMessage());
            }
        }
        return errors;
    }

    private String format(Diagnostic<? extends JavaFileObject> d) {
        String file = d.getSource() == null ? "?" : workspace.display(Path.of(d.getSource().toUri()));
        StringBuilder text = new StringBuilder(file + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
        if (d.getSource() != null && d.getLineNumber() > 0) {
            try {
                List<String> lines = Files.readAllLines(Path.of(d.getSource().toUri()), StandardCharsets.UTF_8);
                String line = lines.get((int) d.getLineNumber() - 1);
                text.append("\n    ").append(line.stripTrailing());
                if (d.getColumnNumber() > 0) {
                    text.append("\n    ").append(" ".repeat((int) d.getColumnNumber() - 1)).append('^');
                }
            } catch (IOException | IndexOutOfBoundsException e) {
                // The message alone is still useful; the source line is a courtesy.
            }
        }
        return text.toString();
    }

    private static String stamp(Path sourceRoot, List<String> files, List<String> classPath) {
        try (Stream<Path> walk = Files.walk(sourceRoot)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.join("\n", files).getBytes(StandardCharsets.UTF_8));
            digest.update(String.join("\n", classPath).getBytes(StandardCharsets.UTF_8));
            for (Path p : walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
                digest.update(sourceRoot.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(p));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sources under " + sourceRoot, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void recreate(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void writeQuietly(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Without a stamp the next run simply compiles again.
        }
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
