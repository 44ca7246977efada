package deepdrill.grader.protocol;

/** A task to run in the check JVM: the exercise it belongs to, the check class and its test method. */
public record TaskRef(String exercise, String checkClass, String method) {
}
