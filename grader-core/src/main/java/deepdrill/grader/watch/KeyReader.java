package deepdrill.grader.watch;

import java.io.IOException;
import java.util.function.IntConsumer;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;

/**
 * Reads single key presses for watch mode. On a real terminal it switches to raw mode (JLine), so
 * a key acts without Enter; elsewhere (a pipe, an IDE console) it reads characters as they come,
 * which means a key followed by Enter.
 */
public final class KeyReader implements AutoCloseable {

    private final Terminal terminal;
    private final Attributes saved;
    private final Thread thread;

    public KeyReader(IntConsumer onKey) throws IOException {
        terminal = TerminalBuilder.builder().system(true).dumb(true).build();
        saved = terminal.enterRawMode();
        thread = new Thread(() -> loop(onKey), "deepdrill-keys");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(IntConsumer onKey) {
        NonBlockingReader reader = terminal.reader();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                int c = reader.read(200);
                if (c == NonBlockingReader.EOF) {
                    return; // No keyboard (input closed): keep watching files; Ctrl-C ends the watch.
                }
                if (c >= 0 && !Character.isWhitespace(c)) {
                    onKey.accept(c);
                }
            }
        } catch (IOException e) {
            // The terminal went away; the file watch goes on.
        }
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        terminal.setAttributes(saved);
        terminal.close();
    }
}
