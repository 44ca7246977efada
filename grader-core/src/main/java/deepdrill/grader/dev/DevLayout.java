package deepdrill.grader.dev;

import deepdrill.grader.Implementation;
import deepdrill.grader.Workspace;
import deepdrill.grader.catalog.Exercise;
import java.nio.file.Path;

/** Where an exercise's files are, for the author's tools: its two twins, its check, its mutants. */
record DevLayout(Workspace workspace) {

    /** The folders of mutant files, relative to the workspace: realistic wrong answers, then runaway code. */
    static final String MUTANTS = "grader-core/src/test/resources/mutants";
    static final String PLANTED = "grader-core/src/test/resources/planted";

    Path root() {
        return workspace.root();
    }

    Path stub(String file) {
        return workspace.sourceRoot(Implementation.EXERCISES).resolve(file);
    }

    Path solution(String file) {
        return workspace.sourceRoot(Implementation.SOLUTIONS).resolve(file);
    }

    /** The source of the grader's own classes, where the checks are. */
    Path graderSources() {
        return root().resolve("grader-core/src/main/java");
    }

    /** The check's source file: the class {@link Exercise#check()} names, under the grader's sources. */
    Path check(Exercise exercise) {
        return graderSources().resolve(exercise.check().replace('.', '/') + ".java");
    }

    Path checksPackage() {
        return graderSources().resolve(Exercise.CHECKS_PACKAGE.replace('.', '/'));
    }

    Path mutants(String id) {
        return root().resolve(MUTANTS).resolve(id + ".json");
    }

    Path readme() {
        return root().resolve("README.md");
    }

    /** A path as the author reads it: relative to the workspace root. */
    String show(Path file) {
        return workspace.display(file);
    }
}
