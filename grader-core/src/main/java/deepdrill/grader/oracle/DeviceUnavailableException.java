package deepdrill.grader.oracle;

/** The requested device cannot be used; the message says why and what to do. */
public final class DeviceUnavailableException extends RuntimeException {
    public DeviceUnavailableException(String message) {
        super(message);
    }
}
