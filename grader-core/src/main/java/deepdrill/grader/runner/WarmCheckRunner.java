package deepdrill.grader.runner;

import deepdrill.grader.catalog.Exercise;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs checks again and again in one warm child JVM (for {@code grader watch}): the engines start
 * once, and every run loads the freshly compiled exercise classes in a new class loader. The
 * learner's code stays isolated: a run that hangs or kills the child costs only that child, and
 * the next run starts a new one.
 */
public final class WarmCheckRunner implements AutoCloseable {

    private final List<String> graderClassPath;
    private final RunOptions options;
    private ChildSession session;

    public WarmCheckRunner(List<String> graderClassPath, RunOptions options) {
        this.graderClassPath = List.copyOf(graderClassPath);
        this.options = options;
    }

    /** Starts the child ahead of the first run, so that the first result comes as fast as the rest. */
    public void warmUp() {
        if (session == null) {
            session = new ChildSession(ChildJvm.start(null, graderClassPath, options, List.of(), true), options);
        }
    }

    /**
     * Checks the exercises against the classes in {@code classesDir}.
     *
     * @param seed the seed of this run's inputs
     */
    public RunResult run(List<Exercise> exercises, Path classesDir, long seed) throws InterruptedException {
        RunTally tally = new RunTally(exercises);
        List<TaskRef> pending = tally.pending;
        int children = 0;
        while (!pending.isEmpty()) {
            if (session == null) {
                warmUp();
                children++;
            }
            session.send(ServeCommand.of(classesDir.toString(), seed, pending).toJson());
            boolean alive;
            try {
                alive = session.drive(pending, tally::record);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            if (!alive) {
                close();
            }
        }
        String device = session != null ? session.device() : options.device();
        String engine = session != null ? session.engine() : "";
        return new RunResult(device, engine, tally.exerciseResults(), 0, 0, tally.checksMillis(), children);
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
