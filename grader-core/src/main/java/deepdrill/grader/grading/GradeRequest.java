package deepdrill.grader.grading;

import deepdrill.grader.Device;
import deepdrill.grader.catalog.Exercise;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * What to grade and how.
 *
 * @param targets   the targets as the learner typed them ({@code [week3]}), for the report
 * @param exercises the exercises they resolve to, in catalog order
 * @param subject   whose code, and where it is
 * @param seed      the seed of every random input; the report prints it and {@code --seed} replays it
 * @param device    where PyTorch computes the expected values
 * @param timeout   how long one task may run
 */
public record GradeRequest(List<String> targets, List<Exercise> exercises, Subject subject, long seed, Device device,
                           Duration timeout) {

    /** The time limit per task unless the learner sets one (a task is small: seconds are plenty). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The time limit as {@code --timeout} shows its default, in seconds. */
    public static final String DEFAULT_TIMEOUT_SECONDS = "10";

    public GradeRequest {
        targets = List.copyOf(targets);
        exercises = List.copyOf(exercises);
    }

    /** A fresh seed, small enough to type after {@code --seed}. */
    public static long newSeed() {
        return new SecureRandom().nextInt(1_000_000);
    }
}
