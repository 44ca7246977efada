package deepdrill.grader.checks.support;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two comparisons every backward pass gets: with PyTorch's autograd (to the data type's
 * tolerance) and, in float64, with centred differences (to {@link NumericalGradient#TOLERANCE}).
 * Both messages name the gradient and the case, so a wrong {@code dw} is pointed at by name.
 */
public final class CompareGradient {

    private CompareGradient() {
    }

    /**
     * @param what      names the gradient and the case, for example {@code "dw for x (2, 3, 4, 4), w (48, 5)"}
     * @param autograd  the gradient from {@link deepdrill.grader.oracle.Autograd}, in the learner's data type
     * @param numerical the float64 centred-difference gradient, or null where there is none (float32 cases)
     * @param actual    the learner's gradient
     * @param mistakes  known wrong gradients to recognise, tried in order
     */
    @SafeVarargs
    public static void assertClose(String what, INDArray autograd, INDArray numerical, INDArray actual,
                                   Mistake<INDArray>... mistakes) {
        Compare.assertClose(what + " (against PyTorch autograd)", autograd, actual, mistakes);
        if (numerical != null) {
            Compare.assertClose(what + " (against centred differences)", numerical, actual,
                    NumericalGradient.TOLERANCE, mistakes);
        }
    }
}
