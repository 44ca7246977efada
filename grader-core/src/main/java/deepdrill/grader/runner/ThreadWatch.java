package deepdrill.grader.runner;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Notices non-daemon threads that a task started and left running. Daemon threads (a parallel
 * stream's pool, for example) are fine: they cannot keep a program alive.
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
        List<Thread> alive = fresh();
        while (!alive.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            alive = fresh();
        }
        return alive.stream().map(Thread::getName).collect(Collectors.toList());
    }

    private List<Thread> fresh() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                .toList();
    }
}
