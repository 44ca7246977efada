package deepdrill.grader.checks.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives one task of a check a longer time limit than the run's {@code --timeout} (10 s unless
 * given), for the rare task that does real work by design: {@code train-mnist}'s training run.
 * The check JVM reads it when the task starts and tells the grader with the task's start
 * ({@code TaskStarted}); the grader then allows the longer of the two. Such a task should watch
 * its own time and fail with a message that says what is slow long before this limit is reached.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface TaskTimeLimit {

    /** The task's time limit, in seconds. */
    int seconds();
}
