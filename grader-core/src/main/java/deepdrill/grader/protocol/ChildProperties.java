package deepdrill.grader.protocol;

/**
 * The system properties and environment the grader sets on a check JVM: the one place their names
 * are written. Nothing here is a secret: learner code can read all of it, and none of it lets that
 * code speak for the grader (the event channel is a socket that accepts one connection, made before
 * any learner class is loaded). Everything that changes from run to run (the seed, the tasks)
 * travels in a {@link RunRequest} instead.
 */
public final class ChildProperties {

    /**
     * The path of the Unix-domain socket the check JVM connects to at start-up, for requests and
     * events. The grader deletes it once the one connection it accepts is made.
     */
    public static final String CHANNEL = "deepdrill.channel";
    /** The {@link deepdrill.grader.Device} asked for, by its wire name. */
    public static final String DEVICE = "deepdrill.device";
    /**
     * An environment variable that every process started from the check JVM inherits: its value
     * names the JVM, so that the grader can find and stop whatever learner code left running, even
     * a process that detached itself from the JVM.
     */
    public static final String PROCESS_MARK = "DEEPDRILL_CHECK_JVM";

    private ChildProperties() {
    }
}
