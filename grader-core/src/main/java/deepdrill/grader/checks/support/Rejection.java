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

    /**
     * As {@link #expectRejected(String, String, Runnable)}, and the exception's message must also
     * contain {@code message} (where the Javadoc promises what it says, for example "zero").
     *
     * @param what    the call in words, with its arguments, as the learner would write it
     * @param message words the message must contain, or {@code null} to accept any message
     */
    public static void expectRejectedSaying(String what, String message, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            if (message != null && (e.getMessage() == null || !e.getMessage().contains(message))) {
                throw new AssertionFailedError(what + ": the IllegalArgumentException's message should say \"" + message
                        + "\", got \"" + e.getMessage() + "\"");
            }
            return;
        } catch (UnsupportedOperationException notImplemented) {
            throw notImplemented;
        } catch (RuntimeException e) {
            throw new AssertionFailedError(what + ": expected IllegalArgumentException, got " + e
                    + " (validate the arguments before using them)", e);
        }
        throw new AssertionFailedError(what + ": expected IllegalArgumentException, nothing was thrown");
    }
}
