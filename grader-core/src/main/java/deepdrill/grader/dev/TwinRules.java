package deepdrill.grader.dev;

import deepdrill.grader.LearnerCode;
import deepdrill.grader.catalog.Exercise;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A stub and its solution are twins: the same fully qualified class, the same Javadoc and the same
 * non-private signatures (the checks compile against the solution and run against either); the
 * stub leaves every method the learner writes as the stub's throw, and the solution has none left.
 */
final class TwinRules {

    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*.*?\\*/", Pattern.DOTALL);
    private static final String SAME_API = "give the stub and the solution the same classes, methods and signatures";

    private TwinRules() {
    }

    static void check(DevCheck.Context context) {
        for (Exercise e : CatalogRules.withUsableFiles(context.exercises())) {
            Path stubFile = context.layout().stub(e.file());
            Path solutionFile = context.layout().solution(e.file());
            boolean stubThere = exists(context, e, stubFile, "the stub");
            boolean solutionThere = exists(context, e, solutionFile, "the model solution");
            if (!stubThere || !solutionThere) {
                continue;
            }
            JavaSource stub = context.source(stubFile);
            JavaSource solution = context.source(solutionFile);
            if (stub == null || solution == null) {
                continue;
            }
            String expected = e.exerciseClass();
            boolean named = named(context, stubFile, stub, expected) & named(context, solutionFile, solution, expected);
            if (!named) {
                continue;
            }
            sameApi(context, stubFile, stub, solutionFile, solution);
            sameJavadoc(context, stubFile, solutionFile);
            stubBodies(context, e, stubFile, stub, solution);
            if (solution.methods().stream().anyMatch(JavaSource.Method::isStub)) {
                context.problem(context.show(solutionFile), "still has a stub body (it throws \"" + LearnerCode.STUB_MARKER + "\")",
                        "write the model answer there: every check must pass on the solutions");
            }
        }
    }

    private static boolean exists(DevCheck.Context context, Exercise e, Path file, String what) {
        if (Files.isRegularFile(file)) {
            return true;
        }
        context.problem(context.show(file), "is missing: " + what + " of '" + e.id() + "'",
                "write it (./grader dev new scaffolds a new exercise's files), or correct \"file\" in exercises/catalog.json");
        return false;
    }

    private static boolean named(DevCheck.Context context, Path file, JavaSource source, String expected) {
        Optional<String> declared = source.qualifiedName();
        if (declared.isPresent() && declared.get().equals(expected)) {
            return true;
        }
        context.problem(context.show(file), "declares " + declared.orElse("no class") + ", where its path makes it " + expected,
                "make the package line and the class name match the file's path");
        return false;
    }

    private static void sameApi(DevCheck.Context context, Path stubFile, JavaSource stub, Path solutionFile, JavaSource solution) {
        List<String> onlyInStub = new ArrayList<>(stub.api());
        onlyInStub.removeAll(solution.api());
        List<String> onlyInSolution = new ArrayList<>(solution.api());
        onlyInSolution.removeAll(stub.api());
        for (String declaration : onlyInStub) {
            context.problem(context.show(stubFile), "declares `" + declaration + "`, which the solution does not", SAME_API);
        }
        for (String declaration : onlyInSolution) {
            context.problem(context.show(solutionFile), "declares `" + declaration + "`, which the stub does not",
                    SAME_API + " (a helper the learner should not see can be private)");
        }
    }

    private static void sameJavadoc(DevCheck.Context context, Path stubFile, Path solutionFile) {
        List<String> stubDocs = javadoc(stubFile);
        List<String> solutionDocs = javadoc(solutionFile);
        if (stubDocs.equals(solutionDocs)) {
            return;
        }
        int i = 0;
        while (i < Math.min(stubDocs.size(), solutionDocs.size()) && stubDocs.get(i).equals(solutionDocs.get(i))) {
            i++;
        }
        String which = i < stubDocs.size() ? "the stub's Javadoc comment " + (i + 1) + " (" + firstLine(stubDocs.get(i)) + ")"
                : "the solution's Javadoc comment " + (i + 1) + " (" + firstLine(solutionDocs.get(i)) + ")";
        context.problem(context.show(solutionFile), "its Javadoc differs from the stub's, from " + which + " on",
                "copy the stub's Javadoc into the solution: the learner reads one, grader solution shows the other");
    }

    private static void stubBodies(DevCheck.Context context, Exercise e, Path stubFile, JavaSource stub, JavaSource solution) {
        Map<String, JavaSource.Method> solved = solution.methods().stream()
                .collect(Collectors.toMap(m -> m.owner() + "." + m.key(), Function.identity(), (a, b) -> a));
        boolean anyStub = false;
        for (JavaSource.Method m : stub.methods()) {
            if (m.isStub()) {
                anyStub = true;
                continue;
            }
            JavaSource.Method twin = solved.get(m.owner() + "." + m.key());
            // A body the solution has too is given to the learner (a constructor, a helper); any
            // other is an answer the stub should not contain.
            if (twin == null || !twin.body().equals(m.body())) {
                context.problem(context.show(stubFile), m.label() + " is neither the stub's throw nor the same as "
                        + "the solution's", "give it back its stub body, throw new UnsupportedOperationException(\""
                        + LearnerCode.STUB_MARKER + ": " + m.owner() + "." + m.name() + "\"), or give the solution the same code");
            }
        }
        if (!anyStub) {
            context.problem(context.show(stubFile), "has no stub body: nothing is left for the learner of '" + e.id() + "'",
                    "make each method the learner writes throw new UnsupportedOperationException(\""
                            + LearnerCode.STUB_MARKER + ": Class.method\")");
        }
    }

    private static List<String> javadoc(Path file) {
        try {
            List<String> found = new ArrayList<>();
            Matcher m = JAVADOC.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                found.add(m.group().strip());
            }
            return found;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String firstLine(String javadoc) {
        String text = javadoc.replaceFirst("^/\\*\\*\\s*\\*?\\s*", "").strip();
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
    }
}
