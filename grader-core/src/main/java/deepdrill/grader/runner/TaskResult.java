package deepdrill.grader.runner;

import deepdrill.grader.Status;

/**
 * How one task ended.
 *
 * @param name    the check method's name
 * @param title   what the task checks, in words (the check's display name)
 * @param status  the verdict
 * @param message what the learner reads ("" when passed)
 * @param output  what the learner's code printed during the task, truncated
 * @param millis  how long the task ran
 */
public record TaskResult(String name, String title, Status status, String message, String output, long millis) {
}
