package deepdrill.grader.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notices processes that a task starts, even short-lived ones: while a task runs, a daemon thread
 * of the grader's (started before any task, so {@link ThreadWatch} does not count it) looks at the
 * check JVM's descendants every few milliseconds. When the task ends, everything it started is
 * killed, detached processes included ({@link ProcessSweep}).
 *
 * <p>An exercise computes its answer itself: starting a process (a compiler, a Python with
 * PyTorch, a shell that outlives the grader) is never part of a right answer.
 */
final class ProcessWatch {

    private static final long POLL_MILLIS = 5;

    private final String mark;
    private final Map<Long, String> seen = new ConcurrentHashMap<>();
    private volatile boolean watching;

    private ProcessWatch(String mark) {
        this.mark = mark;
    }

    /** Starts the watching thread; {@code mark} is the JVM's process mark (may be empty). */
    static ProcessWatch start(String mark) {
        ProcessWatch watch = new ProcessWatch(mark);
        Thread poller = new Thread(watch::poll, "deepdrill-process-watch");
        poller.setDaemon(true);
        poller.start();
        return watch;
    }

    private void poll() {
        while (true) {
            if (watching) {
                look();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void look() {
        ProcessHandle.current().descendants().forEach(p -> seen.putIfAbsent(p.pid(), ProcessSweep.describe(p)));
    }

    void taskStarted() {
        seen.clear();
        watching = true;
    }

    /** Stops watching, kills what the task started, and says what that was (empty: nothing). */
    List<String> taskEnded() {
        look();
        watching = false;
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        List<String> started = new ArrayList<>(seen.values());
        if (!mark.isEmpty()) {
            for (String detached : ProcessSweep.killMarked(mark)) {
                if (!started.contains(detached)) {
                    started.add(detached);
                }
            }
        }
        return started;
    }
}
