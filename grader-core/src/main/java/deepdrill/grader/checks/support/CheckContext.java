package deepdrill.grader.checks.support;

import java.util.Random;

/**
 * What a check knows about the run it is part of: the seed (from {@code --seed}, passed to the
 * child JVM as {@code -Ddeepdrill.seed}).
 */
public final class CheckContext {

    private CheckContext() {
    }

    public static long seed() {
        return Long.getLong("deepdrill.seed", 0L);
    }

    /**
     * A random source for one task. Each task gets its own stream, so adding a case to one task
     * does not change the inputs of another, and the same seed replays the same inputs.
     */
    public static Random random(String task) {
        return new Random(seed() * 0x9E3779B97F4A7C15L + task.hashCode());
    }
}
