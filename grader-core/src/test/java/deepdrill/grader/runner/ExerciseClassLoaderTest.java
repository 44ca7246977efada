package deepdrill.grader.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.LearnerCode;
import org.junit.jupiter.api.Test;

/**
 * Which classes a check JVM loads afresh for every run, and where. (That learner code cannot load
 * grader classes by name is shown end to end by the planted attacks, {@code IntegrityTest}: only
 * a check JVM has the class paths split that way.)
 */
class ExerciseClassLoaderTest {

    @Test
    void checksAreLoadedPerRunWithTheGrader() {
        assertTrue(ExerciseClassLoader.isCheckClass("deepdrill.grader.checks.week4.IouCheck"));
        assertTrue(ExerciseClassLoader.isCheckClass("deepdrill.grader.checks.week4.NmsScenes"));
        assertFalse(ExerciseClassLoader.isCheckClass("deepdrill.grader.checks.support.Compare"));
        assertFalse(ExerciseClassLoader.isCheckClass("deepdrill.grader.oracle.BoxIou"));
    }

    @Test
    void exercisesAreTheLearnersAndNothingOfDeepDrillsOwnIs() {
        assertTrue(LearnerCode.isExerciseClass("deepdrill.week4.Iou"));
        assertTrue(LearnerCode.isExerciseClass("deepdrill.week3.Conv2d$Gradients"));
        assertFalse(LearnerCode.isExerciseClass("deepdrill.grader.checks.week4.IouCheck"));
        assertFalse(LearnerCode.isExerciseClass("deepdrill.datasets.SyntheticScenes$Config"));
    }
}
