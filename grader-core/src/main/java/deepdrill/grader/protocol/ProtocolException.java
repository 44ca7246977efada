package deepdrill.grader.protocol;

/** A line on the protocol that is not what the other side must send: a bug, never the learner's doing. */
public final class ProtocolException extends RuntimeException {

    public ProtocolException(String message) {
        super(message);
    }
}
