package deepdrill.grader.catalog;

import java.util.List;

/**
 * One exercise of the curriculum: an entry of the manifest ({@code exercises/catalog.json}) and the
 * tasks of its check.
 *
 * @param id         stable kebab-case id used on the command line, for example {@code conv2d-forward};
 *                   written once, in the manifest
 * @param week       the week of the four-week plan it belongs to (1 to 4)
 * @param title      a short title a learner recognises
 * @param difficulty {@code easy}, {@code medium} or {@code hard}
 * @param section    the part of its week it belongs to, as the curriculum groups them (for example
 *                   {@code Sequences and NLP}); optional, and {@code grader list} starts a sub-heading
 *                   wherever it changes
 * @param file       the source file to edit, relative to {@code exercises/src/main/java}
 *                   (its twin under {@code solutions/src/main/java} has the same path)
 * @param variants   further model answers that the stub's Javadoc asks for (the naive loops before
 *                   im2col, say), relative to {@code solutions/src/main/java}; shown by
 *                   {@code grader solution} and timed by {@code grader bench}
 * @param hints      at least two hints, from gentle to nearly the answer
 * @param tasks      the check's {@code @Test} methods, in the order they are declared and graded
 *                   (not in the manifest: {@link Catalog#load} reads them from the check)
 */
public record Exercise(
        String id,
        int week,
        String title,
        String difficulty,
        String section,
        String file,
        List<String> variants,
        List<String> hints,
        List<String> tasks) {

    /** Where checks live: {@code deepdrill/week3/ZeroPad.java} is checked by {@code deepdrill.grader.checks.week3.ZeroPadCheck}. */
    public static final String CHECKS_PACKAGE = "deepdrill.grader.checks";

    public Exercise {
        section = section == null || section.isBlank() ? null : section;
        variants = variants == null ? List.of() : List.copyOf(variants);
        hints = hints == null ? List.of() : List.copyOf(hints);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /** The week as the command line names it, for example {@code week3}. */
    public String weekName() {
        return "week" + week;
    }

    /** The exercise's class, for example {@code deepdrill.week3.ZeroPad}. */
    public String exerciseClass() {
        return file.replaceAll("\\.java$", "").replace('/', '.');
    }

    /**
     * The hidden check's class, by convention: the exercise class's simple name plus {@code Check},
     * in {@value #CHECKS_PACKAGE} and the exercise's week package.
     */
    public String check() {
        String cls = exerciseClass();
        int dot = cls.lastIndexOf('.');
        String week = cls.substring(0, Math.max(dot, 0)).replaceFirst("^deepdrill\\.?", "");
        return CHECKS_PACKAGE + (week.isEmpty() ? "" : "." + week) + "." + cls.substring(dot + 1) + "Check";
    }

    /** The same exercise with its check's tasks. */
    public Exercise withTasks(List<String> checkTasks) {
        return new Exercise(id, week, title, difficulty, section, file, variants, hints, checkTasks);
    }
}
