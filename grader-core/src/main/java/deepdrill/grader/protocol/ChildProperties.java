package deepdrill.grader.protocol;

/**
 * The system properties the grader sets on a check JVM: the one place their names are written.
 * Everything that changes from run to run (the seed, the tasks) travels in a {@link RunRequest}
 * instead.
 */
public final class ChildProperties {

    /** The per-JVM marker in front of every event line, so that nothing else printed is taken for one. */
    public static final String NONCE = "deepdrill.nonce";
    /** The {@link deepdrill.grader.Device} asked for, by its wire name. */
    public static final String DEVICE = "deepdrill.device";

    private ChildProperties() {
    }
}
