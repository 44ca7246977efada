package deepdrill.grader.catalog;

import java.util.List;

/**
 * One entry of the curriculum manifest ({@code exercises/catalog.json}).
 *
 * @param id         stable kebab-case id used on the command line, for example {@code conv2d-forward}
 * @param week       the week of the four-week plan it belongs to (1 to 4)
 * @param title      a short title a learner recognises
 * @param difficulty {@code easy}, {@code medium} or {@code hard}
 * @param file       the source file to edit, relative to {@code exercises/src/main/java}
 *                   (its twin under {@code solutions/src/main/java} has the same path)
 * @param check      fully qualified name of the hidden JUnit check class
 * @param tasks      the check's {@code @Test} method names, in the order they are graded
 * @param hints      at least two hints, from gentle to nearly the answer
 */
public record Exercise(
        String id,
        int week,
        String title,
        String difficulty,
        String file,
        String check,
        List<String> tasks,
        List<String> hints) {

    public Exercise {
        tasks = List.copyOf(tasks);
        hints = List.copyOf(hints);
    }

    /** The week as the command line names it, for example {@code week3}. */
    public String weekName() {
        return "week" + week;
    }
}
