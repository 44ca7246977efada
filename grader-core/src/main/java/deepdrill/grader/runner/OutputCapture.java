package deepdrill.grader.runner;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects what the learner's code prints during one task: the first {@link #keptBytes} bytes are
 * kept for the report, the rest is only counted, so that a loop printing megabytes costs neither
 * memory nor a flooded terminal.
 */
final class OutputCapture extends OutputStream {

    private final int keptBytes;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long total;

    OutputCapture(int keptBytes) {
        this.keptBytes = keptBytes;
    }

    @Override
    public synchronized void write(int b) {
        if (kept.size() < keptBytes) {
            kept.write(b);
        }
        total++;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = Math.max(0, Math.min(len, keptBytes - kept.size()));
        kept.write(b, off, room);
        total += len;
    }

    /** Everything printed since the last call, truncated, then forgets it. */
    synchronized String drain() {
        String text = kept.toString(StandardCharsets.UTF_8);
        if (total > kept.size()) {
            text += "\n[... " + Bytes.describe(total - kept.size()) + " more not shown]";
        }
        kept.reset();
        total = 0;
        return text;
    }

    synchronized long totalBytes() {
        return total;
    }
}
