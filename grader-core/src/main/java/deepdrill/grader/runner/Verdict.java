package deepdrill.grader.runner;

import deepdrill.grader.Status;

/** A task's status with the message a learner reads. */
public record Verdict(Status status, String message) {
}
