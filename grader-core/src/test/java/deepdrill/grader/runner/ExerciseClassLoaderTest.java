package deepdrill.grader.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which classes a warm child loads afresh for every run, and which it shares. */
class ExerciseClassLoaderTest {

    @Test
    void exercisesAndChecksAreLoadedPerRun() {
        assertTrue(ExerciseClassLoader.loadedPerRun("deepdrill.week4.Iou"));
        assertTrue(ExerciseClassLoader.loadedPerRun("deepdrill.week3.Conv2d$Gradients"));
        assertTrue(ExerciseClassLoader.loadedPerRun("deepdrill.grader.checks.week4.IouCheck"));
    }

    @Test
    void supportCodeAndDataSetsAreShared() {
        assertFalse(ExerciseClassLoader.loadedPerRun("deepdrill.grader.oracle.BoxIou"));
        assertFalse(ExerciseClassLoader.loadedPerRun("deepdrill.grader.checks.support.SceneInputs"));
        // The data sets are in their own jar, which only the parent loader sees.
        assertFalse(ExerciseClassLoader.loadedPerRun("deepdrill.datasets.SyntheticScenes$Config"));
    }
}
