package deepdrill.grader;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What counts as the learner's code, written once: the class loader that loads it afresh for every
 * run, the classifier that points at the learner's line in a stack trace, and the tools that tell
 * an untouched stub from work in progress all ask here.
 */
public final class LearnerCode {

    /**
     * The message every stub method throws, as {@code UnsupportedOperationException("Not implemented
     * yet: ...")}: how an untouched stub is recognised, in a stack trace and in a source file.
     */
    public static final String STUB_MARKER = "Not implemented yet";

    /**
     * Libraries that only the grader uses, by their Maven group path: the oracle's engine (PyTorch
     * through DJL), the oracles' libraries (Commons Statistics, Numbers, RNG and Text, Tribuo and what it needs), the test
     * framework, and the command line's own. Learner code is compiled and run without them, so that
     * it cannot ask PyTorch, an oracle, or a check, for the answer.
     */
    private static final List<String> GRADER_ONLY_GROUPS = List.of("ai/djl/", "org/junit/", "org/opentest4j/",
            "org/apiguardian/", "info/picocli/", "org/openjdk/jmh/", "net/sf/jopt-simple/", "org/jfree/", "org/jline/",
            "com/google/code/gson/", "org/jspecify/", "com/google/errorprone/",
            "org/apache/commons/commons-statistics-", "org/apache/commons/commons-numbers-",
            "org/apache/commons/commons-rng-", "org/apache/commons/commons-text/",
            "org/tribuo/", "com/oracle/labs/", "com/google/protobuf/", "com/opencsv/", "commons-beanutils/",
            "commons-logging/", "commons-collections/");

    private LearnerCode() {
    }

    /**
     * The libraries learner code may use (ND4J and what it needs), out of the grader's class path:
     * no class directories (the grader's own classes), no DeepDrill module and no grader-only
     * library.
     */
    public static List<String> libraries(List<String> graderClassPath) {
        return graderClassPath.stream()
                .filter(entry -> entry.endsWith(".jar"))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("deepdrill-"))
                .filter(entry -> GRADER_ONLY_GROUPS.stream().noneMatch(g -> entry.replace('\\', '/').contains("/" + g)))
                .toList();
    }

    /**
     * An exercise class (stub or model solution): anything under {@code deepdrill.} except the grader
     * and the data sets, which are DeepDrill's own.
     */
    public static boolean isExerciseClass(String className) {
        return className.startsWith("deepdrill.") && !className.startsWith("deepdrill.grader.")
                && !className.startsWith("deepdrill.datasets.");
    }

    /** The stub's own exception, thrown by a method the learner has not written yet. */
    public static boolean isStubException(Throwable t) {
        return t instanceof UnsupportedOperationException && t.getMessage() != null
                && t.getMessage().toLowerCase(Locale.ROOT).startsWith(STUB_MARKER.toLowerCase(Locale.ROOT));
    }

    /** Whether a source file still has a stub body in it. */
    public static boolean hasStubBody(String source) {
        return source.contains("throw new UnsupportedOperationException(\"" + STUB_MARKER);
    }
}
