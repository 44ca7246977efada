package deepdrill.grader.checks.support;

import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/**
 * Checks that bad arguments are refused the documented way, with an
 * {@link IllegalArgumentException}, rather than by whatever the code happens to throw later (an
 * index out of bounds deep in a loop tells the caller nothing).
 */
public final class Rejection {

    private Rejection() {
    }

    /**
     * Runs {@code call}, which must throw {@link IllegalArgumentException}. The stub's
     * {@link UnsupportedOperationException} passes through, so that an untouched stub is reported
     * as not implemented; any other exception, or none, fails the task with {@code advice}.
     *
     * @param what   the call in words, with its arguments, as the learner would write it
     * @param advice what to check first, e.g. "check the shapes and lengths before using them"
     */
    public static void expectRejected(String what, String advice, Runnable call) {
        expectRejected(what, advice, () -> {
            call.run();
            return null;
        });
    }

    /**
     * The same for a call that returns an array: when nothing is thrown, the message says what
     * shape came back instead.
     */
    public static void expectRejected(String what, String advice, Supplier<INDArray> call) {
        INDArray answer;
        try {
            answer = call.get();
        } catch (IllegalArgumentException expected) {
            return;
        } catch (UnsupportedOperationException notImplemented) {
            throw notImplemented;
        } catch (RuntimeException e) {
            throw new AssertionFailedError(what + ": expected IllegalArgumentException, got " + e + " (" + advice + ")", e);
        }
        String returned = answer == null ? "nothing was thrown" : "it returned an array of shape " + Nchw.shape(answer);
        throw new AssertionFailedError(what + ": expected IllegalArgumentException, " + returned + " (" + advice + ")");
    }
}
