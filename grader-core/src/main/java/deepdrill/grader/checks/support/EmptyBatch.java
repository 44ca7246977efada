package deepdrill.grader.checks.support;

import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * Calls learner code on an empty batch ({@code N = 0}, which PyTorch layers accept). Code that
 * reads the data, divides by {@code N} or reduces over the batch usually throws there; that is a
 * named failure of the task, not a crash of the check, and the message says what to do instead.
 */
public final class EmptyBatch {

    private EmptyBatch() {
    }

    /**
     * Runs {@code call} (which calls the learner's code through {@link Guarded}); an exception
     * from it, other than the stub's {@link UnsupportedOperationException}, fails the task.
     *
     * @param what the call in words, with its shapes, as the learner would write it
     */
    public static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (UnsupportedOperationException notImplemented) {
            throw notImplemented;
        } catch (RuntimeException e) {
            throw new AssertionFailedError(what + ": your code threw " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + " on an empty batch.\n"
                    + Mistake.PREFIX + "did not handle an empty batch (N = 0): it is valid input, as in PyTorch. "
                    + "Return a result of the right shape before touching the data (ND4J cannot read, multiply or "
                    + "reduce an empty array), and take sizes from the shapes, never as x.length() / N.", e);
        }
    }
}
