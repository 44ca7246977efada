package deepdrill.grader.dev;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.lang.model.SourceVersion;

/**
 * The names a new exercise gets from its id, by convention: {@code smooth-l1} in week 4 is the class
 * {@code deepdrill.week4.SmoothL1} with the method {@code smoothL1}, checked by
 * {@code deepdrill.grader.checks.week4.SmoothL1Check}.
 */
final class ExerciseNames {

    /**
     * The ids dev new accepts: the catalog's kebab-case ({@code [a-z0-9]+(-[a-z0-9]+)*}), starting with
     * a letter, since the id's first word starts the class name.
     */
    static final Pattern NEW_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    /** The weeks of the curriculum (../shared/CURRICULUM.md), which the catalog also allows. */
    static final List<Integer> WEEKS = IntStream.rangeClosed(1, 4).boxed().toList();
    static final List<String> DIFFICULTIES = List.of("easy", "medium", "hard");

    private ExerciseNames() {
    }

    /** {@code smooth-l1} becomes {@code SmoothL1}. */
    static String className(String id) {
        StringBuilder s = new StringBuilder();
        for (String word : id.split("-")) {
            s.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
        }
        return s.toString();
    }

    /** {@code smooth-l1} becomes {@code smoothL1}; an id that makes a keyword ({@code new}) gets {@code compute}. */
    static String methodName(String id) {
        String name = className(id);
        name = name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
        return SourceVersion.isName(name) ? name : "compute";
    }

    /** {@code deepdrill/week4/SmoothL1.java}: the catalog's {@code file}. */
    static String file(String id, int week) {
        return "deepdrill/week" + week + "/" + className(id) + ".java";
    }
}
