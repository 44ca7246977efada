package deepdrill.grader;

/** Which twin of every exercise class is under test. */
public enum Implementation {
    /** The learner's code under {@code exercises/}. */
    EXERCISES("exercises"),
    /** The model answers under {@code solutions/}. */
    SOLUTIONS("solutions");

    private final String directory;

    Implementation(String directory) {
        this.directory = directory;
    }

    /** The module directory, which is also the name used in reports and JSON. */
    public String directory() {
        return directory;
    }
}
