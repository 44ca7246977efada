package deepdrill.grader.grading;

import deepdrill.grader.Implementation;
import deepdrill.grader.Workspace;
import java.nio.file.Path;

/**
 * Whose code is graded, and where its sources and compiled classes are.
 *
 * @param implementation  the learner's exercises or the model solutions
 * @param sources         the source root ({@code exercises/src/main/java}, or a copy in a test)
 * @param classes         where the grader compiles them
 * @param recordsProgress whether the results go into the learner's progress file: only the
 *                        learner's own checkout does
 */
public record Subject(Implementation implementation, Path sources, Path classes, boolean recordsProgress) {

    /** One implementation of a checkout, compiled into {@code .deepdrill/classes}. */
    public static Subject of(Workspace workspace, Implementation implementation) {
        return new Subject(implementation, workspace.sourceRoot(implementation), workspace.classesDir(implementation),
                implementation == Implementation.EXERCISES);
    }

    /** Sources elsewhere (a mutant, a planted runaway), never recorded as progress. */
    public static Subject at(Implementation implementation, Path sources, Path classes) {
        return new Subject(implementation, sources, classes, false);
    }
}
