package deepdrill.grader.runner;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.stream.Collectors;

/**
 * Notices threads that a task started and left running. A non-daemon thread left running fails
 * the task (it would keep a program alive). A daemon thread, or work still running in the common
 * fork-join pool, does not fail it, but could still print into, or crash, the next task: the check
 * JVM is then retired, and the next exercise gets a fresh one.
 */
final class ThreadWatch {

    private static final long GRACE_MILLIS = 200;
    private final Set<Thread> before;

    private ThreadWatch(Set<Thread> before) {
        this.before = before;
    }

    static ThreadWatch start() {
        return new ThreadWatch(Thread.getAllStackTraces().keySet());
    }

    /** Names of the new non-daemon threads still alive after a short grace period. */
    List<String> survivors() {
        long deadline = System.currentTimeMillis() + GRACE_MILLIS;
        List<Thread> alive = fresh(false);
        while (!alive.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            alive = fresh(false);
        }
        return alive.stream().map(Thread::getName).collect(Collectors.toList());
    }

    /**
     * What the task left running in the background, after {@link #survivors()}: new daemon threads
     * (the common pool's idle workers aside), and the common pool still busy. Empty when nothing.
     */
    List<String> background() {
        List<String> left = fresh(true).stream().map(Thread::getName).collect(Collectors.toList());
        // Polled, not awaitQuiescence: that would have this thread run the queued work itself.
        long deadline = System.currentTimeMillis() + GRACE_MILLIS;
        while (!ForkJoinPool.commonPool().isQuiescent() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!ForkJoinPool.commonPool().isQuiescent()) {
            left.add("work still running in the common fork-join pool");
        }
        return left;
    }

    private List<Thread> fresh(boolean daemons) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t.isDaemon() == daemons)
                .filter(t -> !(t instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool()))
                .toList();
    }
}
