package deepdrill.grader.runner;

/** A task's status with the message a learner reads. */
public record Verdict(Status status, String message) {
}
