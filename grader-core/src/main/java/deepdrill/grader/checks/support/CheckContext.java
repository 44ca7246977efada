package deepdrill.grader.checks.support;

import java.util.Random;

/**
 * What a check knows about the run it is part of: the seed of its random inputs. The child JVM
 * sets it once per run ({@link #startRun}), from the seed the parent sent down.
 */
public final class CheckContext {

    /**
     * The system property that seeds a JVM that runs checks outside a grading run: the mutation
     * profile ({@code ./mvnw -Pmutation}) runs the checks straight under PIT's JUnit runner, where no
     * child JVM calls {@link #startRun}. Only an explicit property starts such a run, so that a
     * grading run that forgot its seed still fails loudly instead of quietly using some default.
     */
    public static final String SEED_PROPERTY = "deepdrill.seed";

    private static volatile Long seed;

    private CheckContext() {
    }

    /** Called by the check JVM before the first task of every run. */
    public static void startRun(long runSeed) {
        seed = runSeed;
    }

    /** The run's seed; a check that runs outside a run (no seed set) is a bug in the grader, not a seed of 0. */
    public static long seed() {
        Long current = seed;
        if (current == null) {
            current = seedFromProperty();
        }
        if (current == null) {
            throw new IllegalStateException("no seed: checks run only inside a grading run, which sets it first");
        }
        return current;
    }

    // The run seeded by -Ddeepdrill.seed=N, started on first use; null when the property is not set.
    private static synchronized Long seedFromProperty() {
        String value = System.getProperty(SEED_PROPERTY);
        if (value == null) {
            return null;
        }
        if (seed == null) {
            try {
                seed = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException(SEED_PROPERTY + " must be a whole number, got '" + value + "'", e);
            }
        }
        return seed;
    }

    /**
     * A random source for one task. Each task gets its own stream, so adding a case to one task
     * does not change the inputs of another, and the same seed replays the same inputs.
     */
    public static Random random(String task) {
        return new Random(seed() * 0x9E3779B97F4A7C15L + task.hashCode());
    }
}
