package deepdrill.grader.runner;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Comparator;
import java.util.function.LongConsumer;
import javax.management.NotificationEmitter;

/**
 * Notices a heap that is nearly full even after a garbage collection: code that allocates a
 * little at a time does not run out of memory at once, it slows down as the collector works ever
 * harder, and would otherwise be reported as an endless loop when its time runs out. The JVM's
 * largest heap pool (the old generation) reports a collection that leaves it above
 * {@link #FULL_FRACTION} of its maximum, and the watch hands over the bytes still in use.
 */
final class MemoryWatch {

    /** How full the old generation may stay after a collection before the heap counts as exhausted. */
    static final double FULL_FRACTION = 0.92;

    private MemoryWatch() {
    }

    /** Calls {@code exhausted} (on a JVM thread) with the bytes in use once the heap stays nearly full. */
    static void start(LongConsumer exhausted) {
        MemoryPoolMXBean pool = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
                .filter(p -> p.getUsage().getMax() > 0)
                .max(Comparator.comparingLong(p -> p.getUsage().getMax()))
                .orElse(null);
        if (pool == null) {
            return; // a collector without usage thresholds: the exit on OutOfMemoryError remains
        }
        pool.setCollectionUsageThreshold((long) (pool.getUsage().getMax() * FULL_FRACTION));
        NotificationEmitter emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
        emitter.addNotificationListener((notification, handback) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                exhausted.accept(pool.getCollectionUsage().getUsed());
            }
        }, null, null);
    }
}
