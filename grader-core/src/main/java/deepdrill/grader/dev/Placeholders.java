package deepdrill.grader.dev;

import deepdrill.grader.catalog.Exercise;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code grader dev new} left for the author: every {@value Scaffold#PLACEHOLDER} in an
 * exercise's files and catalog entry, so that a half-written exercise cannot pass for a finished one.
 */
final class Placeholders {

    private Placeholders() {
    }

    static void check(DevCheck.Context context) {
        for (Exercise e : context.exercises()) {
            String where = context.show(context.layout().workspace().catalogFile()) + " (" + e.id() + ")";
            if (contains(e.title()) || e.hints().stream().anyMatch(Placeholders::contains)) {
                context.problem(where, "the title or a hint still says " + Scaffold.PLACEHOLDER,
                        "write the hints: at least two, from a gentle nudge to nearly the answer");
            }
            if (e.id() == null || !CatalogRules.hasUsableFile(e)) {
                continue;
            }
            List<Path> files = List.of(context.layout().stub(e.file()), context.layout().solution(e.file()),
                    context.layout().check(e), context.layout().mutants(e.id()));
            for (Path f : files) {
                List<Integer> lines = lines(f);
                if (!lines.isEmpty()) {
                    context.problem(context.show(f), Scaffold.PLACEHOLDER + " on line" + (lines.size() == 1 ? " " : "s ")
                            + join(lines), "write what each " + Scaffold.PLACEHOLDER + " asks for, then delete the marker");
                }
            }
        }
    }

    private static boolean contains(String text) {
        return text != null && text.contains(Scaffold.PLACEHOLDER);
    }

    /** The numbers of the lines that have a placeholder; none for a file that is not there (reported elsewhere). */
    private static List<Integer> lines(Path file) {
        List<Integer> found = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return found;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (contains(lines.get(i))) {
                    found.add(i + 1);
                }
            }
        } catch (IOException e) {
            found.add(0);
        }
        return found;
    }

    private static String join(List<Integer> lines) {
        List<String> shown = lines.stream().limit(8).map(String::valueOf).toList();
        return String.join(", ", shown) + (lines.size() > shown.size() ? ", ..." : "");
    }
}
