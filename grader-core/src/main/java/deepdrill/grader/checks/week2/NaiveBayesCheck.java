package deepdrill.grader.checks.week2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import deepdrill.grader.checks.support.Compare;
import deepdrill.grader.checks.support.ExerciseCheck;
import deepdrill.grader.checks.support.Guarded;
import deepdrill.grader.checks.support.Inputs;
import deepdrill.grader.checks.support.Mistake;
import deepdrill.grader.checks.support.Nchw;
import deepdrill.grader.oracle.TorchOracle;
import deepdrill.week2.NaiveBayes;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Checks {@code naive-bayes}. FILL IN: the oracle (a PyTorch operation through DJL whose convention
 * matches the exercise, or the formula in NDArray operations; never the model solution).
 */
@ExerciseCheck
class NaiveBayesCheck {

    /** FILL IN: a mistake learners make, as a sentence that follows "Looks like you ". */
    private static final String MISTAKE = "FILL IN: what the learner did wrong, and what is right.";

    // One @Test per task, easy cases first; the method name is the task's name.
    @Test
    @DisplayName("FILL IN: what this task checks, as a learner reads it")
    void basics(NDManager manager, Random random) {
        check(manager, Inputs.normal(random, 2, 3));
        check(manager, Inputs.normal(random, 1, 1));
    }

    private static void check(NDManager manager, INDArray x) {
        // The learner's code runs first, on copies: an untouched stub ends the task here, as not
        // implemented. (Guarded.call where the exercise need not return a new array.)
        INDArray actual = Guarded.fresh(in -> NaiveBayes.naiveBayes(in.copy("x", x)));

        NDArray tx = TorchOracle.toTorch(manager, x);
        Compare.assertClose("naiveBayes(x " + Nchw.shape(x) + ")", oracle(tx, x), actual,
                new Mistake<>(MISTAKE, () -> null));
    }

    /** The expected answer, computed by PyTorch. */
    private static INDArray oracle(NDArray tx, INDArray x) {
        throw new AssertionFailedError("NaiveBayesCheck is still the scaffold of ./grader dev new: write its "
                + "oracle and its tasks in grader-core/src/main/java/deepdrill/grader/checks/week2/NaiveBayesCheck.java");
    }
}
